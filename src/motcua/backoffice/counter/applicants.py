"""Finding a known applicant by ID number, so the officer types their details only once.

Two sources, the better first: the details of the latest dossier with this ID number that the
officer may see (their own point's dossiers: the selector decides), which carry an address and
a commune; then the citizen's own account, which carries a name, a phone and an e-mail. Nothing
is filled in from a dossier the officer may not see.
"""

from dataclasses import dataclass, field

from motcua.accounts.counter_selectors import citizen_with_identity
from motcua.dossiers.models import DossierChannel
from motcua.dossiers.selectors import dossiers_visible_to
from motcua.dossiers.transitions import State

FIELDS = (
    "applicant_kind",
    "applicant_name",
    "applicant_address",
    "applicant_area",
    "applicant_phone",
    "applicant_email",
)


@dataclass
class KnownApplicant:
    found: bool = False
    initial: dict = field(default_factory=dict)
    #: Their counter dossiers waiting for the papers of a Form 02: they may have come back
    #: with them (completion.py receives such a dossier).
    waiting: list = field(default_factory=list)


def known_applicant(user, identity_number: str) -> KnownApplicant:
    number = (identity_number or "").strip()
    if not number:
        return KnownApplicant()
    theirs = dossiers_visible_to(user).filter(applicant_identity_number=number)
    latest = theirs.order_by("-listed_at", "-id").first()
    waiting = list(
        theirs.filter(status=State.AWAITING_COMPLETION, channel=DossierChannel.COUNTER)
        .select_related("procedure_version")
        .order_by("-listed_at", "-id")[:5]
    )
    initial: dict = {}
    if latest is not None:
        initial = {name: getattr(latest, name) for name in FIELDS}
        initial["applicant_area"] = latest.applicant_area_id
    account = citizen_with_identity(number)
    if account is not None:
        initial.setdefault("applicant_name", account.full_name)
        for name, value in (
            ("applicant_name", account.full_name),
            ("applicant_phone", account.phone),
            ("applicant_email", account.email),
        ):
            if value and not initial.get(name):
                initial[name] = value
    initial = {name: value for name, value in initial.items() if value not in (None, "")}
    return KnownApplicant(found=bool(initial), initial=initial, waiting=waiting)
