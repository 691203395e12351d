"""How a dossier ends: the result is recorded and returned, or the citizen withdraws it, or an
administrator cancels it. Every end stops the clocks that were still running."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.calendars.services import close_deadline
from motcua.catalog.models import StepAction
from motcua.dossiers.models import (
    Decision,
    Dossier,
    RefusalReason,
    ResultReturn,
    ReturnChannel,
    StepStatus,
)
from motcua.dossiers.processing_rules import officer_at
from motcua.dossiers.services.acting import now_or, require_text, start_action
from motcua.dossiers.services.clock import close_all_deadlines, finish_step, open_steps, outcome_of
from motcua.dossiers.services.recording import apply_transition
from motcua.dossiers.signals import result_returned
from motcua.dossiers.transitions import Action


def _unfinished_work(dossier: Dossier) -> list[str]:
    """Steps other than returning the result that are not done yet."""
    return list(
        dossier.steps.filter(status__in=[StepStatus.WAITING, StepStatus.IN_PROGRESS])
        .exclude(action=StepAction.RETURN)
        .values_list("name", flat=True)
    )


@transaction.atomic
def record_result(
    *, actor, dossier: Dossier, granted: bool, text: str = "", reason_code: str = "", at=None
) -> Decision:
    """The leader signs the result: granted, or refused with written reasons. The legal clock
    stops here; the counter's return step (if any) keeps its own."""
    at = now_or(at)
    dossier, target = start_action(Action.RECORD_RESULT, dossier, actor)
    text = (text or "").strip()
    if not granted:
        text = require_text(text, "text", _("A refusal must give its reasons in writing."))
    if reason_code and reason_code not in RefusalReason.values:
        raise ValidationError({"reason_code": _("Choose a reason from the list.")})
    unfinished = _unfinished_work(dossier)
    if unfinished:
        raise ValidationError(
            {"steps": _("Finish these steps first: %(steps)s.") % {"steps": ", ".join(unfinished)}}
        )
    decision = Decision.objects.create(
        dossier=dossier,
        kind=Decision.Kind.RESULT_GRANTED if granted else Decision.Kind.RESULT_REFUSED,
        reason_code=reason_code,
        text=text or str(dossier.procedure_version.name),
        decided_at=at,
        decided_by=actor,
    )
    if dossier.due_deadline_id and dossier.due_deadline.closed_at is None:
        close_deadline(deadline=dossier.due_deadline, closed_at=at)
    dossier.finished_at = at
    apply_transition(
        dossier,
        target,
        action=Action.RECORD_RESULT,
        also_save=["finished_at"],
        actor=actor,
        unit=dossier.competent_unit,
        at=at,
        note=text,
        data={
            "kind": decision.kind,
            "outcome": outcome_of(due_at=dossier.due_at, finished_at=at) if dossier.due_at else "",
        },
    )
    return decision


def _check_returner(actor, dossier: Dossier) -> None:
    """A paper result is handed over by an officer of the point the citizen chose; only an
    electronic result may be delivered by the system itself."""
    channel = dossier.return_channel
    if actor is None and channel != ReturnChannel.ELECTRONIC:
        raise PermissionDenied(_("Only an officer can hand over or post a paper result."))
    if (
        actor is not None
        and channel == ReturnChannel.COUNTER
        and dossier.return_point_id
        and not officer_at(actor, dossier.return_point_id)
    ):
        raise PermissionDenied(_("The result is returned at the point the applicant chose."))


@transaction.atomic
def return_result(
    *,
    actor,
    dossier: Dossier,
    collected_by_name: str = "",
    collected_by_identity: str = "",
    originals_kept: bool = False,
    waybill: str = "",
    at=None,
) -> ResultReturn:
    """Hand the result over at the counter (who collected it, with which identity), post it
    (the waybill) or deliver it electronically; the counter's return step ends here."""
    at = now_or(at)
    dossier, target = start_action(Action.RETURN_RESULT, dossier, actor)
    _check_returner(actor, dossier)
    channel = dossier.return_channel
    errors = {}
    if channel == ReturnChannel.COUNTER:
        if not collected_by_name.strip():
            errors["collected_by_name"] = _("Enter the name of the person collecting the result.")
        if not collected_by_identity.strip():
            errors["collected_by_identity"] = _("Enter the identity number of the collector.")
    if channel == ReturnChannel.POST and not waybill.strip():
        errors["waybill"] = _("Enter the postal waybill number.")
    if errors:
        raise ValidationError(errors)
    result_return = ResultReturn.objects.create(
        dossier=dossier,
        channel=channel,
        returned_at=at,
        returned_by=actor,
        point=dossier.return_point if channel == ReturnChannel.COUNTER else None,
        collected_by_name=collected_by_name.strip(),
        collected_by_identity=collected_by_identity.strip(),
        originals_kept=originals_kept,
        waybill=waybill.strip(),
    )
    finished = [finish_step(step, at=at, actor=actor) for step in open_steps(dossier)]
    dossier.returned_at = at
    apply_transition(
        dossier,
        target,
        action=Action.RETURN_RESULT,
        also_save=["returned_at"],
        actor=actor,
        unit=dossier.return_point.agency if dossier.return_point_id else None,
        at=at,
        data={
            "channel": channel,
            "waybill": result_return.waybill,
            "steps": [{"order": s.order, "outcome": s.outcome} for s in finished],
        },
    )
    result_returned.send(sender=Dossier, dossier=dossier, actor=actor, at=at)
    return result_return


def _end(action: str, *, actor, dossier: Dossier, reason: str, at, reason_required=False):
    dossier, target = start_action(action, dossier, actor)
    reason = (reason or "").strip()
    if reason_required:
        reason = require_text(reason, "reason", _("Give the reason for the cancellation."))
    closed = close_all_deadlines(dossier, at=at) if target != dossier.status else []
    apply_transition(
        dossier,
        target,
        action=action,
        actor=actor,
        unit=dossier.competent_unit,
        at=at,
        note=reason,
        data={"closed_deadlines": closed},
    )
    return dossier


@transaction.atomic
def request_withdrawal(*, actor, dossier: Dossier, reason: str = "", at=None) -> Dossier:
    """The applicant asks to withdraw. The clock still runs until an officer withdraws it."""
    at = now_or(at)
    dossier, target = start_action(Action.REQUEST_WITHDRAWAL, dossier, actor)
    apply_transition(
        dossier,
        target,
        action=Action.REQUEST_WITHDRAWAL,
        actor=actor,
        unit=dossier.competent_unit,
        at=at,
        note=(reason or "").strip(),
    )
    return dossier


@transaction.atomic
def withdraw(*, actor, dossier: Dossier, reason: str = "", at=None) -> Dossier:
    """An officer or the leader withdraws the dossier at the applicant's request."""
    return _end(Action.WITHDRAW, actor=actor, dossier=dossier, reason=reason, at=now_or(at))


@transaction.atomic
def cancel(*, actor, dossier: Dossier, reason: str, at=None) -> Dossier:
    """A system administrator cancels a dossier (e.g. recorded twice); the reason is kept."""
    return _end(
        Action.CANCEL,
        actor=actor,
        dossier=dossier,
        reason=reason,
        at=now_or(at),
        reason_required=True,
    )
