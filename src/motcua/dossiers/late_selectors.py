"""Reads for late management (DOMAIN §3.5): the open dossiers of a leader's units that are at
risk of lateness, and whether each may still be rescheduled with an apology (Form 04).

"At risk" is measured in WORKING time on the calendar of the unit that decides: a dossier due
in two office days is at risk, whatever the weekend or holiday between. The law wants the
apology at least one working day before the due date and allows one reschedule per dossier;
the reschedule service enforces both, this read only tells the leader in advance which
dossiers it will accept, so the list does not offer what the service would refuse.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from motcua.calendars.selectors import effective_calendar
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.processing import APOLOGY_NOTICE
from motcua.dossiers.transitions import CLOCK_RUNNING, Action, transition_for

#: Why a dossier at risk cannot be rescheduled (the page says it in words).
ALREADY_RESCHEDULED = "already_rescheduled"
TOO_LATE = "too_late"
WRONG_STATE = "wrong_state"

_LIST_RELATIONS = ("procedure_version", "competent_unit", "receiving_point", "handler")


@dataclass(frozen=True)
class Watched:
    dossier: Dossier
    #: Working time left until the due instant; negative once overdue.
    left: datetime.timedelta
    #: Empty when the leader may draft the apology now; else one of the constants above.
    blocker: str

    @property
    def may_apologise(self) -> bool:
        return not self.blocker


@dataclass(frozen=True)
class LateWatch:
    at_risk: list[Watched]
    overdue: list[Watched]
    #: True when more dossiers matched than `limit`: the page asks to narrow by unit.
    truncated: bool


def _blocker(dossier: Dossier, left: datetime.timedelta) -> str:
    if dossier.rescheduled:
        return ALREADY_RESCHEDULED
    if dossier.status not in transition_for(Action.RESCHEDULE).sources:
        return WRONG_STATE
    if left < APOLOGY_NOTICE:
        return TOO_LATE
    return ""


def apology_blocker(dossier: Dossier, *, now: datetime.datetime | None = None) -> str:
    """Why the reschedule service would refuse an apology for `dossier` now ("" if it would
    not, as far as the dossier's own facts go: the reason and the new date are still checked)."""
    if dossier.due_at is None:
        return WRONG_STATE
    left = effective_calendar(dossier.competent_unit).remaining(
        now or timezone.now(), dossier.due_at
    )
    return _blocker(dossier, left)


def _horizon(now: datetime.datetime, window: datetime.timedelta) -> datetime.datetime:
    """A wall-clock bound that every dossier due within `window` of working time falls under,
    on any unit's office hours: the default calendar's instant plus a margin of two working
    days (a unit with shorter hours reaches the same working time later). The exact working
    time of each candidate is then computed on its own unit's calendar."""
    hours = window.total_seconds() / 3600 + 16
    return effective_calendar(None).add(now, hours=hours)


def late_watch(
    units=None,
    *,
    window: datetime.timedelta,
    now: datetime.datetime | None = None,
    limit: int = 300,
) -> LateWatch:
    """The running dossiers of `units` and the units below them (None: every unit), due within
    `window` of working time (at risk) or already past due (overdue), the soonest first."""
    now = now or timezone.now()
    dossiers = Dossier.objects.filter(
        status__in=list(CLOCK_RUNNING),
        due_at__isnull=False,
        due_at__lte=_horizon(now, window),
    )
    if units is not None:
        subtree = Q(pk__in=[])
        for path in {unit.path for unit in units}:
            subtree |= Q(competent_unit__path__startswith=path)
        dossiers = dossiers.filter(subtree)
    rows = list(dossiers.select_related(*_LIST_RELATIONS).order_by("due_at", "id")[: limit + 1])
    truncated = len(rows) > limit
    at_risk, overdue = [], []
    for dossier in rows[:limit]:
        left = effective_calendar(dossier.competent_unit).remaining(now, dossier.due_at)
        if left < datetime.timedelta(0):
            overdue.append(Watched(dossier, left, _blocker(dossier, left)))
        elif left <= window:
            at_risk.append(Watched(dossier, left, _blocker(dossier, left)))
    return LateWatch(at_risk=at_risk, overdue=overdue, truncated=truncated)
