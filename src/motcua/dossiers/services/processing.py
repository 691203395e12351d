"""Actions that stop, restart or move the legal clock while a dossier is being handled:
returning it as insufficient (Form 02 after appraisal) and receiving the supplement, the
financial obligation (suspension), and the apology with a new date (Form 04).

The hand-offs (route, assign, complete_step, consult) live in `steps`, the ends (result,
return, withdrawal, cancellation) in `closing`; they are re-exported here so that callers have
one module for the processing of a dossier.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.calendars.selectors import effective_calendar
from motcua.calendars.services import reschedule_deadline, restart_deadline
from motcua.dossiers.models import (
    Apology,
    Dossier,
    SupplementItem,
    SupplementRequest,
    SupplementStage,
)
from motcua.dossiers.services.acting import now_or, require_text, start_action
from motcua.dossiers.services.clock import (
    open_steps,
    shift_by_pause,
    suspension_reason,
)
from motcua.dossiers.services.closing import (
    cancel,
    record_result,
    request_withdrawal,
    return_result,
    withdraw,
)
from motcua.dossiers.services.recording import apply_transition, record_action
from motcua.dossiers.services.steps import assign, complete_step, consult, route
from motcua.dossiers.transitions import Action

__all__ = [
    "MissingItem",
    "assign",
    "cancel",
    "complete_step",
    "confirm_payment",
    "consult",
    "receive_supplement",
    "record_result",
    "request_payment",
    "request_withdrawal",
    "reschedule",
    "return_insufficient",
    "return_result",
    "route",
    "withdraw",
]

#: Appraisal may send a dossier back only within 3 working days of reception (Decree 61).
INSUFFICIENCY_WINDOW = datetime.timedelta(hours=24)
#: Form 04 must reach the citizen at least one working day before the due date.
APOLOGY_NOTICE = datetime.timedelta(hours=8)


@dataclass(frozen=True)
class MissingItem:
    """One line of Form 02: the paper to add or correct, and why."""

    name: str
    reason: str
    component_id: int | None = None


def _clean_items(items) -> list[MissingItem]:
    items = list(items or ())
    if not items:
        raise ValidationError({"items": _("List every paper to add or correct, with its reason.")})
    errors = []
    for number, item in enumerate(items, 1):
        if not (item.name or "").strip():
            errors.append(_("Line %(n)s: name the paper.") % {"n": number})
        if not (item.reason or "").strip():
            errors.append(_("Line %(n)s: give the reason.") % {"n": number})
    if errors:
        raise ValidationError({"items": errors})
    return items


@transaction.atomic
def return_insufficient(
    *, actor, dossier: Dossier, items, note: str = "", at=None
) -> SupplementRequest:
    """Send the dossier back after appraisal with everything missing at once (Form 02). Only
    within 3 working days of the start of the legal clock (the reception, or the return of
    the completed dossier after an earlier request); the clock stops until the supplement."""
    at = now_or(at)
    dossier, target = start_action(Action.RETURN_INSUFFICIENT, dossier, actor)
    items = _clean_items(items)
    clock_start = dossier.due_deadline.started_at if dossier.due_deadline_id else None
    clock_start = clock_start or dossier.received_at
    calendar = effective_calendar(dossier.competent_unit)
    if clock_start is not None and calendar.elapsed(clock_start, at) > INSUFFICIENCY_WINDOW:
        raise ValidationError(
            {
                "received_at": _(
                    "More than 3 working days have passed since reception: the dossier can "
                    "no longer be returned as insufficient."
                )
            }
        )
    request = SupplementRequest.objects.create(
        dossier=dossier,
        stage=SupplementStage.APPRAISAL,
        requested_at=at,
        requested_by=actor,
        note=note.strip(),
    )
    SupplementItem.objects.bulk_create(
        [
            SupplementItem(
                request=request,
                component_id=item.component_id,
                name=item.name.strip(),
                reason=item.reason.strip(),
            )
            for item in items
        ]
    )
    apply_transition(
        dossier,
        target,
        action=Action.RETURN_INSUFFICIENT,
        actor=actor,
        unit=dossier.competent_unit,
        at=at,
        note=note,
        data={
            "supplement_request": request.pk,
            "items": [{"name": i.name.strip(), "reason": i.reason.strip()} for i in items],
        },
    )
    return request


@transaction.atomic
def receive_supplement(*, actor, dossier: Dossier, note: str = "", at=None) -> Dossier:
    """The completed dossier is back at the counter: the request is fulfilled and the legal
    time runs again IN FULL from now (Decree 61), as do the running steps' shares."""
    at = now_or(at)
    dossier, target = start_action(Action.RECEIVE_SUPPLEMENT, dossier, actor)
    request = (
        dossier.supplement_requests.filter(
            stage=SupplementStage.APPRAISAL, fulfilled_at__isnull=True
        )
        .order_by("-requested_at")
        .first()
    )
    if request is None:
        raise ValidationError({"supplement": _("No supplement was requested for this dossier.")})
    request.fulfilled_at = at
    request.save(update_fields=["fulfilled_at"])
    reason = _("Completed dossier received after the supplement request")
    old_due = dossier.due_at
    if dossier.due_deadline_id:
        deadline = restart_deadline(
            actor=actor, deadline=dossier.due_deadline, restarted_at=at, reason=reason
        )
        dossier.due_at = deadline.due_at
    replanned = []
    for step in open_steps(dossier):
        if step.deadline_id:
            # A suspension may have lengthened the step's deadline: restart its own share.
            step.deadline.working_hours = step.allotted_hours
            restart_deadline(actor=actor, deadline=step.deadline, restarted_at=at, reason=reason)
            step.due_at = step.deadline.due_at
            step.save(update_fields=["due_at"])
            replanned.append({"order": step.order, "due_at": step.due_at.isoformat()})
    apply_transition(
        dossier,
        target,
        action=Action.RECEIVE_SUPPLEMENT,
        also_save=["due_at"],
        actor=actor,
        unit=dossier.receiving_agency,
        at=at,
        note=note,
        data={
            "supplement_request": request.pk,
            "old_due_at": old_due.isoformat() if old_due else None,
            "due_at": dossier.due_at.isoformat() if dossier.due_at else None,
            "steps": replanned,
        },
    )
    return dossier


@transaction.atomic
def request_payment(
    *, actor, dossier: Dossier, amount_vnd: int | None = None, note: str = "", at=None
) -> Dossier:
    """Ask the citizen to meet the financial obligation (tax, fees): the clock stops now."""
    at = now_or(at)
    dossier, target = start_action(Action.REQUEST_PAYMENT, dossier, actor)
    if amount_vnd is not None and (not isinstance(amount_vnd, int) or amount_vnd <= 0):
        raise ValidationError({"amount_vnd": _("The amount must be a positive number of đồng.")})
    apply_transition(
        dossier,
        target,
        action=Action.REQUEST_PAYMENT,
        actor=actor,
        unit=dossier.competent_unit,
        at=at,
        note=note,
        data={"suspended_at": at.isoformat(), "amount_vnd": amount_vnd},
    )
    return dossier


def _suspended_since(dossier: Dossier):
    entry = (
        dossier.history.filter(action=Action.REQUEST_PAYMENT)
        .order_by("-occurred_at", "-id")
        .first()
    )
    return entry.occurred_at if entry else None


@transaction.atomic
def confirm_payment(*, actor, dossier: Dossier, note: str = "", at=None) -> Dossier:
    """The obligation is met (an officer saw the receipt, or the payment gateway called
    back): the clock runs again, and every running deadline moves later by the working time
    it was stopped, each move recorded."""
    at = now_or(at)
    dossier, target = start_action(Action.CONFIRM_PAYMENT, dossier, actor)
    since = _suspended_since(dossier) or at
    reason = suspension_reason(paused_from=since, resumed_at=at)
    moves = {}
    if dossier.due_deadline_id and dossier.due_deadline.closed_at is None:
        hours = shift_by_pause(
            dossier.due_deadline, paused_from=since, resumed_at=at, reason=reason, actor=actor
        )
        dossier.due_at = dossier.due_deadline.due_at
        moves["legal"] = str(hours)
    for step in open_steps(dossier):
        if step.deadline_id:
            hours = shift_by_pause(
                step.deadline, paused_from=since, resumed_at=at, reason=reason, actor=actor
            )
            step.due_at = step.deadline.due_at
            step.save(update_fields=["due_at"])
            moves[f"step:{step.order}:{step.unit.code}"] = str(hours)
    apply_transition(
        dossier,
        target,
        action=Action.CONFIRM_PAYMENT,
        also_save=["due_at"],
        actor=actor,
        unit=dossier.competent_unit,
        at=at,
        note=note,
        data={
            "suspended_at": since.isoformat(),
            "resumed_at": at.isoformat(),
            "paused_hours": moves,
            "due_at": dossier.due_at.isoformat() if dossier.due_at else None,
        },
    )
    return dossier


@transaction.atomic
def reschedule(*, actor, dossier: Dossier, new_due_at, reason: str, at=None) -> Apology:
    """Form 04: the leader apologises and gives a later date, at least one working day before
    the due date, and only once in the life of a dossier."""
    at = now_or(at)
    dossier, target = start_action(Action.RESCHEDULE, dossier, actor)
    reason = require_text(reason, "reason", _("Give the reason for the delay."))
    if dossier.rescheduled or Apology.objects.filter(dossier=dossier).exists():
        raise ValidationError({"rescheduled": _("This dossier has already been rescheduled once.")})
    if dossier.due_deadline_id is None or dossier.due_at is None:
        raise ValidationError({"due_at": _("This dossier has no due date to move.")})
    if new_due_at is None or timezone.is_naive(new_due_at) or new_due_at <= dossier.due_at:
        raise ValidationError(
            {"new_due_at": _("The new date must be later than the current due date.")}
        )
    calendar = effective_calendar(dossier.competent_unit)
    if calendar.remaining(at, dossier.due_at) < APOLOGY_NOTICE:
        raise ValidationError(
            {
                "new_due_at": _(
                    "Too late: the apology must be sent at least one working day before the "
                    "due date."
                )
            }
        )
    old_due = dossier.due_at
    apology = Apology.objects.create(
        dossier=dossier,
        reason=reason,
        old_due_at=old_due,
        new_due_at=new_due_at,
        issued_at=at,
        issued_by=actor,
    )
    reschedule_deadline(
        actor=actor, deadline=dossier.due_deadline, new_due_at=new_due_at, reason=reason
    )
    from_status, dossier.status = dossier.status, target
    dossier.due_at, dossier.rescheduled = new_due_at, True
    dossier.save(update_fields=["status", "due_at", "rescheduled", "updated_at"])
    record_action(
        dossier=dossier,
        action=Action.RESCHEDULE,
        from_status=from_status,
        actor=actor,
        unit=dossier.competent_unit,
        at=at,
        note=reason,
        data={"old_due_at": old_due.isoformat(), "new_due_at": new_due_at.isoformat()},
    )
    return apology
