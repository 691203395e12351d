"""Calendar corrections kept as data: what an administrator changes when a decision comes out.

Official decisions on Tết, National Day and swapped Saturdays are published late and differ
from any algorithm (DOMAIN.md §5), so the computed calendar is only a starting point. Each
correction is one ``CalendarOverride`` record with its legal reference, applied in order, so
that a later record can undo an earlier one (add a day, then cancel it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

ADD_NON_WORKING = "add_non_working"
CANCEL_NON_WORKING = "cancel_non_working"
ADD_WORKING = "add_working"
OVERRIDE_KINDS = (ADD_NON_WORKING, CANCEL_NON_WORKING, ADD_WORKING)

OverrideKind = Literal["add_non_working", "cancel_non_working", "add_working"]


@dataclass(frozen=True)
class CalendarOverride:
    """One correction to the computed calendar.

    Attributes:
        date: the day concerned.
        kind: ``"add_non_working"`` (a day off: holiday, swapped day), ``"cancel_non_working"``
            (the computed calendar wrongly has a day off here) or ``"add_working"`` (a day
            normally off that is worked, e.g. a make-up Saturday).
        reason: shown to staff and citizens, in Vietnamese.
        legal_reference: the document that decides it (e.g. "Công văn 12729/VPCP-KGVX").
        note: provenance; anything not confirmed says so.
        reason_en: the English reason, when the calendar is built in English.
    """

    date: date
    kind: OverrideKind
    reason: str
    legal_reference: str = ""
    note: str = ""
    reason_en: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.date, datetime) or not isinstance(self.date, date):
            raise TypeError(f"CalendarOverride.date must be a datetime.date; got {self.date!r}")
        if self.kind not in OVERRIDE_KINDS:
            raise ValueError(
                f"CalendarOverride.kind must be one of {', '.join(OVERRIDE_KINDS)}; "
                f"got {self.kind!r}"
            )
        if not isinstance(self.reason, str) or not self.reason.strip():
            raise ValueError(f"CalendarOverride for {self.date:%d/%m/%Y} needs a reason")

    def reason_in(self, language: str) -> str:
        """The reason in ``language`` ("vi" or "en"), falling back to Vietnamese."""
        return self.reason_en if language == "en" and self.reason_en else self.reason


def apply_overrides(
    non_working: Mapping[date, str],
    extra_working: Mapping[date, str],
    overrides: Iterable[CalendarOverride],
    *,
    has_office_hours: Callable[[date], bool],
    language: str = "vi",
) -> tuple[dict[date, str], dict[date, str]]:
    """Return new (non-working, extra-working) mappings with ``overrides`` applied in order.

    ``has_office_hours(day)`` tells whether the day's weekday is normally worked: "add_working"
    on such a day only removes a day off, while on a Saturday it makes an extra working day.

    Cancelling a day that is not off is a no-op rather than an error, so a correction stays
    valid after a newer ``holidays`` release starts agreeing with it.
    """
    non_working = dict(non_working)
    extra_working = dict(extra_working)
    for override in overrides:
        day = override.date
        if override.kind == ADD_NON_WORKING:
            extra_working.pop(day, None)
            non_working[day] = override.reason_in(language)
        elif override.kind == CANCEL_NON_WORKING:
            non_working.pop(day, None)
        else:  # ADD_WORKING
            non_working.pop(day, None)
            if not has_office_hours(day):
                extra_working[day] = override.reason_in(language)
    return non_working, extra_working
