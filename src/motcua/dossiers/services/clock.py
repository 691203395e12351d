"""The clocks of a dossier after reception: each step's adjustable deadline, the outcome of a
step (Form 05: early / on time / late), the expected arrival of the paper file, and the moves
of deadlines when the clock was stopped (suspension) — each move recorded."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.calendars.models import Deadline, DeadlineChange, DeadlineChangeCause
from motcua.calendars.selectors import current_revision, effective_calendar
from motcua.calendars.services import close_deadline, open_deadline
from motcua.dossiers.models import DossierChannel, DossierStep, StepOutcome, StepStatus

#: Paper received after this local hour travels the next working morning (DOMAIN §3.3).
PAPER_CUTOFF = datetime.time(15, 0)


def start_step(step: DossierStep, *, at, handler=None) -> DossierStep:
    """Hand the step over now: it runs from `at` for its allotted share of time, on the
    calendar of the unit that does it (units may keep different office hours)."""
    deadline = open_deadline(
        started_at=at, working_hours=step.allotted_hours, unit=step.unit, frozen=False
    )
    step.status = StepStatus.IN_PROGRESS
    step.handed_over_at = at
    # Electronic data arrives at once; the paper file's arrival is noted apart (route).
    step.received_at = at
    step.deadline = deadline
    step.due_at = deadline.due_at
    if handler is not None and step.handler_id is None:
        step.handler = handler
    step.save()
    return step


def outcome_of(*, due_at, finished_at) -> str:
    """Late after the due instant; on time on the due day; early on an earlier day. Counted in
    days as the counters and the national portal do: finishing an hour early is "on time"."""
    if finished_at > due_at:
        return StepOutcome.LATE
    if timezone.localdate(finished_at) == timezone.localdate(due_at):
        return StepOutcome.ON_TIME
    return StepOutcome.EARLY


def finish_step(step: DossierStep, *, at, actor=None, note: str = "") -> DossierStep:
    step.status = StepStatus.DONE
    step.finished_at = at
    if step.due_at is not None:
        step.outcome = outcome_of(due_at=step.due_at, finished_at=at)
    if actor is not None and getattr(actor, "pk", None) and step.handler_id is None:
        step.handler = actor
    if note:
        step.note = f"{step.note}\n{note}".strip()
    if step.deadline_id and step.deadline.closed_at is None:
        close_deadline(deadline=step.deadline, closed_at=at)
    step.save()
    return step


def paper_expected_at(dossier, *, handed_over_at, unit) -> datetime.datetime | None:
    """When the paper file should reach the next unit: the same working day, or the next
    working morning when handed over after 15:00. None for an online dossier (no paper)."""
    if dossier.channel == DossierChannel.ONLINE:
        return None
    calendar = effective_calendar(unit)
    local = timezone.localtime(handed_over_at)
    next_day = datetime.datetime.combine(
        local.date() + datetime.timedelta(days=1), datetime.time(0), tzinfo=local.tzinfo
    )
    next_morning = calendar.next_working_instant(next_day)
    if local.time() >= PAPER_CUTOFF:
        return next_morning
    # The end of today's office hours: the earliest instant with tomorrow morning's working
    # position (the calendar reports 17:00, not 08:00 next day).
    left_today = calendar.elapsed(handed_over_at, next_morning)
    if left_today <= datetime.timedelta(0):
        return next_morning
    return calendar.add(handed_over_at, hours=hours_of(left_today))


def hours_of(duration: datetime.timedelta) -> Decimal:
    return Decimal(int(duration.total_seconds())) / Decimal(3600)


def shift_by_pause(deadline: Deadline, *, paused_from, resumed_at, reason: str, actor=None):
    """Move `deadline` later by the WORKING time between `paused_from` and `resumed_at`, on
    its own unit's calendar, and record the move. The deadline also gets those hours added to
    its length, so that a later recomputation after a calendar correction keeps the move.
    """
    calendar = effective_calendar(deadline.unit)
    paused = calendar.elapsed(paused_from, resumed_at)
    if paused <= datetime.timedelta(0):
        return Decimal(0)
    hours = hours_of(paused)
    new_due = calendar.add(deadline.due_at, hours=hours)
    revision = current_revision()
    DeadlineChange.objects.create(
        deadline=deadline,
        cause=DeadlineChangeCause.SUSPENSION,
        old_due_at=deadline.due_at,
        new_due_at=new_due,
        calendar_revision=revision,
        reason=reason[:500],
        actor=actor if getattr(actor, "pk", None) else None,
    )
    deadline.due_at = new_due
    deadline.working_hours = (deadline.working_hours + hours).quantize(Decimal("0.01"))
    deadline.computed_with_revision = revision
    deadline.save(update_fields=["due_at", "working_hours", "computed_with_revision"])
    return hours


def suspension_reason(*, paused_from, resumed_at) -> str:
    return _("Clock suspended for the financial obligation from %(start)s to %(end)s") % {
        "start": timezone.localtime(paused_from).strftime("%H:%M %d/%m/%Y"),
        "end": timezone.localtime(resumed_at).strftime("%H:%M %d/%m/%Y"),
    }


def open_steps(dossier):
    return dossier.steps.filter(status=StepStatus.IN_PROGRESS).select_related("deadline", "unit")


def close_all_deadlines(dossier, *, at) -> list[str]:
    """Stop every running clock of a dossier that ends without a result (withdrawn,
    cancelled): the legal deadline and the open steps' deadlines, and stop its open and
    waiting steps so that they leave every work queue. Returns what was closed."""
    closed = []
    if dossier.due_deadline_id and dossier.due_deadline.closed_at is None:
        close_deadline(deadline=dossier.due_deadline, closed_at=at)
        closed.append("legal")
    for step in open_steps(dossier):
        if step.deadline_id and step.deadline.closed_at is None:
            close_deadline(deadline=step.deadline, closed_at=at)
            closed.append(f"step:{step.order}")
    dossier.steps.filter(status__in=[StepStatus.WAITING, StepStatus.IN_PROGRESS]).update(
        status=StepStatus.STOPPED, finished_at=at
    )
    return closed
