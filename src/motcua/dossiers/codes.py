"""Dossier codes: `<agency code>-<YYMMDD>-<NNNN>` (DOMAIN §4), e.g. `000.00.06.H56-231027-0361`.

The agency code is the receiving agency's QCVN 102 code, YYMMDD the reception date in Vietnam
time, NNNN the agency's sequence number within that day. Numbers are allocated in the reception
transaction under a row lock (ADR 0005), so they are unique and without gaps: a reception that
rolls back hands its number back. Past 9,999 in one day the sequence simply grows a digit
(`…-10000`) rather than refusing the citizen at the counter.

`format_code` and `parse_code` are pure; only `allocate_code` touches the database.
"""

import datetime
import logging
import re
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.organizations.validators import AGENCY_CODE_PATTERN

logger = logging.getLogger(__name__)

# The law counts the reception day in Vietnam, whatever TIME_ZONE the server runs with.
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

# Four digits as the law prints them; a wider number is written in full (ADR 0005).
SEQUENCE_WIDTH = 4
LAST_FOUR_DIGIT_NUMBER = 10**SEQUENCE_WIDTH - 1

_DATE_PART = re.compile(r"^[0-9]{6}$")
# Exactly four digits (zero-padded), or more digits without a leading zero: one number has
# one spelling, so a code typed with an extra zero is not a second name for the same dossier.
_SEQUENCE_PART = re.compile(r"^(?:[0-9]{4}|[1-9][0-9]{4,})$")


def start_of_local_day(day: datetime.date) -> datetime.datetime:
    """Midnight in Vietnam at the start of `day`: the bound of a reception day."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=VIETNAM)


class DossierCode(NamedTuple):
    agency_code: str
    day: datetime.date
    number: int

    def __str__(self) -> str:
        return format_code(self.agency_code, self.day, self.number)


class MalformedDossierCode(ValueError):
    """The text is not a dossier code; the message says which part is wrong.

    `reason` names the part for machines (an API's error body): "empty", "shape", "agency",
    "date" or "sequence".
    """

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.message = message
        self.reason = reason


class CodeAllocationOutsideTransaction(RuntimeError):
    """allocate_code was called in autocommit mode, where its number could not be handed back."""


def format_code(agency_code: str, day: datetime.date, number: int) -> str:
    if not AGENCY_CODE_PATTERN.match(agency_code):
        raise ValueError(f"{agency_code!r} is not a QCVN 102 agency code.")
    if not 2000 <= day.year <= 2099:
        # YY cannot tell centuries apart; refuse rather than print an ambiguous code.
        raise ValueError(f"{day} is outside 2000-2099, which YYMMDD cannot express.")
    if number < 1:
        raise ValueError(f"Sequence numbers start at 1, not {number}.")
    return f"{agency_code}-{day:%y%m%d}-{number:0{SEQUENCE_WIDTH}d}"


def parse_code(text: str) -> DossierCode:
    """Read a code as a citizen might type it: surrounding spaces and lower case are forgiven,
    anything else wrong is named precisely."""
    cleaned = (text or "").strip().upper()
    if not cleaned:
        raise MalformedDossierCode(_("Enter a dossier code."), "empty")
    # The agency code contains dots but no hyphen, so the last two hyphens split the parts.
    parts = cleaned.rsplit("-", 2)
    if len(parts) != 3:
        raise MalformedDossierCode(
            _(
                "A dossier code has three parts separated by hyphens: the agency code, the "
                "reception date (YYMMDD) and the sequence number, like 000.00.06.H56-231027-0361."
            ),
            "shape",
        )
    agency_part, date_part, sequence_part = parts
    if not AGENCY_CODE_PATTERN.match(agency_part):
        raise MalformedDossierCode(
            _(
                "The agency part %(part)s is not a QCVN 102 agency code: expected four groups "
                "separated by dots, like 000.00.06.H56 or 000.A0.01.H26."
            )
            % {"part": agency_part},
            "agency",
        )
    if not _DATE_PART.match(date_part):
        raise MalformedDossierCode(
            _("The date part %(part)s must be six digits, YYMMDD, like 231027.")
            % {"part": date_part},
            "date",
        )
    try:
        day = datetime.date(2000 + int(date_part[:2]), int(date_part[2:4]), int(date_part[4:]))
    except ValueError:
        raise MalformedDossierCode(
            _("The date part %(part)s is not a real date (YYMMDD).") % {"part": date_part},
            "date",
        ) from None
    if not _SEQUENCE_PART.match(sequence_part):
        raise MalformedDossierCode(
            _(
                "The sequence part %(part)s must be four digits, like 0361, or a number from "
                "10000 up without a leading zero."
            )
            % {"part": sequence_part},
            "sequence",
        )
    number = int(sequence_part)
    if number == 0:
        raise MalformedDossierCode(
            _("The sequence part cannot be 0000: numbering starts at 0001."), "sequence"
        )
    return DossierCode(agency_part, day, number)


def reception_day(received_at: datetime.datetime) -> datetime.date:
    """The date a reception belongs to: its date in Vietnam, not in UTC."""
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError("received_at must be an aware datetime: a naive one has no date.")
    return received_at.astimezone(VIETNAM).date()


def allocate_code(*, agency, received_at: datetime.datetime) -> str:
    """Give the next code of `agency` for the day of `received_at`.

    Must run inside the reception's `transaction.atomic()`: the counter row stays locked until
    that transaction ends, so receptions at one agency queue here for the rest of theirs (keep
    what follows short), and a rollback returns the number, leaving no gap.
    """
    # Imported here so the pure helpers above can be used without the app registry.
    from motcua.dossiers.models import DossierCodeCounter

    if not transaction.get_connection().in_atomic_block:
        raise CodeAllocationOutsideTransaction(
            "allocate_code must run inside the reception's transaction.atomic(): in autocommit "
            "the number would be spent even if the reception then failed, leaving a gap."
        )
    day = reception_day(received_at)
    number = _next_number(DossierCodeCounter, agency, day)
    if number is None:
        # The first reception of the day. Several may race to create the row: the insert skips
        # on conflict (ON CONFLICT DO NOTHING on PostgreSQL, where a racer waits for the
        # winner's commit), then everyone takes the row lock the same way.
        DossierCodeCounter.objects.bulk_create(
            [DossierCodeCounter(agency=agency, day=day)], ignore_conflicts=True
        )
        number = _next_number(DossierCodeCounter, agency, day)
    if number == LAST_FOUR_DIGIT_NUMBER + 1:
        logger.warning(
            "Agency %s passed %d dossiers on %s: codes now have a five-digit sequence.",
            agency.code,
            LAST_FOUR_DIGIT_NUMBER,
            day,
        )
    return format_code(agency.code, day, number)


def _next_number(counter_model, agency, day: datetime.date) -> int | None:
    """Add one to the agency's counter of `day` and return the new number, or None when the
    day has no counter row yet. One statement (UPDATE … RETURNING, on PostgreSQL and on
    SQLite ≥ 3.35) both locks the row until commit and reads the number: what a locked read
    and a write did in two round trips, in one."""
    connection = transaction.get_connection()
    table = connection.ops.quote_name(counter_model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_number = last_number + 1 "  # noqa: S608 - names only
            "WHERE agency_id = %s AND day = %s RETURNING last_number",
            [agency.pk, connection.ops.adapt_datefield_value(day)],
        )
        row = cursor.fetchone()
    return row[0] if row else None
