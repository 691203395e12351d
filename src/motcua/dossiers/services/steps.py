"""The hand-offs of a dossier (Form 05): routing it into the steps of its internal process,
assigning the handler, completing steps, consulting other agencies in parallel.

A stage is one step, or all the steps of one parallel group (electronic inter-agency work under
a lead agency): the next stage starts only when every step of the current one is done — the
lead finishing its own part does not end the consultation of the others.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import PerformerKind, StepAction
from motcua.dossiers.models import Dossier, DossierStep, StepStatus
from motcua.dossiers.processing_rules import actors_for, may_handle
from motcua.dossiers.services.acting import (
    lock,
    now_or,
    refuse_unless_allowed,
    start_action,
)
from motcua.dossiers.services.clock import finish_step, paper_expected_at, start_step
from motcua.dossiers.services.recording import apply_transition, record_action
from motcua.dossiers.transitions import Action, Actor

#: Steps that are the counter's own work: a reception officer may complete them.
COUNTER_STEPS = frozenset({StepAction.RECEIVE, StepAction.RETURN})


def _performer(dossier: Dossier, process_step):
    """The unit that does a step of the internal process, for this dossier."""
    kind = process_step.performer_kind
    if kind == PerformerKind.RECEIVING_POINT:
        return dossier.receiving_agency
    if kind == PerformerKind.FIXED_UNIT and process_step.performer_unit_id:
        return process_step.performer_unit
    # competent_unit, and role_in_unit (a role inside the competent unit).
    return dossier.competent_unit


def _plan(dossier: Dossier) -> list[DossierStep]:
    process = list(dossier.procedure_version.steps.select_related("performer_unit"))
    if not process:
        # A version without an approved internal process still gets one owner and one clock.
        return [
            DossierStep(
                dossier=dossier,
                order=1,
                name=_("Resolution"),
                action=StepAction.APPRAISE,
                unit=dossier.competent_unit,
                allotted_hours=dossier.legal_hours,
            )
        ]
    steps = []
    for process_step in process:
        unit = _performer(dossier, process_step)
        if unit is None:
            raise ValidationError(
                {"steps": _("No unit performs the step “%(name)s”.") % {"name": process_step.name}}
            )
        steps.append(
            DossierStep(
                dossier=dossier,
                process_step=process_step,
                order=process_step.order,
                name=process_step.name,
                action=process_step.action,
                unit=unit,
                parallel_group=process_step.parallel_group,
                is_lead=process_step.is_lead,
                allotted_hours=process_step.allotted_hours,
            )
        )
    return steps


def _handler_for(dossier: Dossier, step: DossierStep):
    return dossier.handler if step.unit_id == dossier.competent_unit_id else None


def start_next_stage(dossier: Dossier, *, at) -> list[DossierStep]:
    """Start the first waiting step, with the rest of its parallel group. Each started step
    notes when the paper file should reach it."""
    waiting = dossier.steps.filter(status=StepStatus.WAITING).order_by("order", "id")
    first = waiting.select_related("unit").first()
    if first is None:
        return []
    stage = (
        list(waiting.filter(parallel_group=first.parallel_group))
        if first.parallel_group
        else [first]
    )
    for step in stage:
        expected = paper_expected_at(dossier, handed_over_at=at, unit=step.unit)
        if expected is not None:
            step.note = _("Paper file expected by %(when)s") % {
                "when": timezone.localtime(expected).strftime("%H:%M %d/%m/%Y")
            }
        start_step(step, at=at, handler=_handler_for(dossier, step))
    return stage


def _stage_done(step: DossierStep) -> bool:
    if not step.parallel_group:
        return True
    return not DossierStep.objects.filter(
        dossier_id=step.dossier_id,
        parallel_group=step.parallel_group,
        status__in=[StepStatus.WAITING, StepStatus.IN_PROGRESS],
    ).exists()


def _describe(steps) -> list[dict]:
    return [
        {
            "order": s.order,
            "name": s.name,
            "unit": s.unit.code,
            "due_at": s.due_at.isoformat() if s.due_at else None,
        }
        for s in steps
    ]


@transaction.atomic
def route(*, actor, dossier: Dossier, at=None, note: str = "") -> Dossier:
    """Send the received dossier into its internal process. The counter's own reception step
    ends now (this IS its hand-over); the next stage starts with its own adjustable deadline."""
    at = now_or(at)
    dossier, target = start_action(Action.ROUTE, dossier, actor)
    if dossier.steps.exists():
        raise ValidationError({"steps": _("This dossier has already been sent on.")})
    DossierStep.objects.bulk_create(_plan(dossier))
    steps = dossier.steps.select_related("unit").order_by("order", "id")
    finished = []
    for step in steps:
        if step.action != StepAction.RECEIVE or step.status != StepStatus.WAITING:
            break
        start_step(step, at=dossier.received_at or at)
        finished.append(finish_step(step, at=at, actor=actor))
    started = start_next_stage(dossier, at=at)
    apply_transition(
        dossier,
        target,
        action=Action.ROUTE,
        actor=actor,
        unit=dossier.competent_unit,
        at=at,
        note=note,
        data={
            "finished": [{"order": s.order, "outcome": s.outcome} for s in finished],
            "started": _describe(started),
            "paper_expected": [s.note for s in started if s.note],
        },
    )
    return dossier


@transaction.atomic
def assign(*, actor, dossier: Dossier, handler, at=None, note: str = "") -> Dossier:
    """The competent unit's leader names the handler; the dossier is then in progress."""
    at = now_or(at)
    dossier, target = start_action(Action.ASSIGN, dossier, actor)
    if (
        handler is None
        or not getattr(handler, "is_active", False)
        or not may_handle(handler, dossier.competent_unit)
    ):
        raise ValidationError(
            {"handler": _("The handler must be a specialist or leader of the competent unit.")}
        )
    steps = dossier.steps.filter(
        status=StepStatus.IN_PROGRESS, unit=dossier.competent_unit, handler__isnull=True
    )
    return hand_to(
        dossier,
        handler=handler,
        target=target,
        steps=steps,
        actor=actor,
        at=at,
        note=note,
        data={"handler": handler.get_username()},
    )


def hand_to(dossier: Dossier, *, handler, target, steps, actor, at, note, data) -> Dossier:
    """The end of every (re)assignment, after its checks: the dossier's handler and state,
    its running `steps` taken over by the handler, the history entry with `data`."""
    from_status = dossier.status
    dossier.handler, dossier.status = handler, target
    dossier.save(update_fields=["handler", "status", "updated_at"])
    steps.update(handler=handler)
    record_action(
        dossier=dossier,
        action=Action.ASSIGN,
        from_status=from_status,
        actor=actor,
        unit=dossier.competent_unit,
        at=at,
        note=note,
        data=data,
    )
    return dossier


def _locked_step(dossier: Dossier, step) -> DossierStep:
    """The step, locked, checked to belong to the dossier and to be running."""
    found = (
        DossierStep.objects.select_for_update(of=("self",))
        .select_related("unit", "deadline")
        .filter(pk=getattr(step, "pk", step), dossier=dossier)
        .first()
    )
    if found is None or found.status != StepStatus.IN_PROGRESS:
        raise ValidationError({"step": _("This step is not in progress on this dossier.")})
    return found


def _step_actors(actor, dossier: Dossier, step: DossierStep) -> frozenset:
    """Staff of the unit doing the step; the counter only for its own steps."""
    actors = set(actors_for(actor, dossier, unit=step.unit))
    if step.action not in COUNTER_STEPS:
        actors.discard(Actor.RECEPTION_OFFICER)
    return frozenset(actors)


@transaction.atomic
def complete_step(*, actor, dossier: Dossier, step, at=None, note: str = "") -> DossierStep:
    """Finish a running step (outcome against its due time) and, when its stage is complete,
    hand the dossier over to the next stage."""
    at = now_or(at)
    dossier = lock(dossier)
    step = _locked_step(dossier, step)
    target = refuse_unless_allowed(
        Action.COMPLETE_STEP, dossier, _step_actors(actor, dossier, step)
    )
    finish_step(step, at=at, actor=actor, note=note)
    started = start_next_stage(dossier, at=at) if _stage_done(step) else []
    apply_transition(
        dossier,
        target,
        action=Action.COMPLETE_STEP,
        actor=actor,
        unit=step.unit,
        at=at,
        note=note,
        data={
            "step": {"order": step.order, "name": step.name, "outcome": step.outcome},
            "started": _describe(started),
        },
    )
    return step


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError):
        hours = Decimal(0)
    if not hours.is_finite() or hours <= 0:
        raise ValidationError({"allotted_hours": _("Give the working hours of the consultation.")})
    return hours


@transaction.atomic
def consult(
    *, actor, dossier: Dossier, units, allotted_hours, step=None, at=None, note: str = ""
) -> list[DossierStep]:
    """Ask other agencies at once, in parallel, under the lead: the unit whose step is running.
    The stage ends when every consulted agency and the lead have finished."""
    at = now_or(at)
    dossier = lock(dossier)
    if step is None:
        step = (
            dossier.steps.filter(status=StepStatus.IN_PROGRESS, unit=dossier.competent_unit)
            .order_by("order", "id")
            .first()
        )
        if step is None:
            raise ValidationError({"step": _("The competent unit has no step in progress.")})
    lead = _locked_step(dossier, step)
    target = refuse_unless_allowed(Action.CONSULT, dossier, _step_actors(actor, dossier, lead))
    units = list(dict.fromkeys(units or ()))
    if not units:
        raise ValidationError({"units": _("Choose the agencies to consult.")})
    if any(unit.pk == lead.unit_id for unit in units):
        raise ValidationError({"units": _("The lead unit does not consult itself.")})
    hours = _hours(allotted_hours)
    if not lead.parallel_group:
        lead.parallel_group = f"consult-{lead.pk}"
        lead.is_lead = True
        lead.save(update_fields=["parallel_group", "is_lead"])
    created = []
    for unit in units:
        consultation = DossierStep.objects.create(
            dossier=dossier,
            order=lead.order,
            name=_("Consultation: %(unit)s") % {"unit": unit.name},
            action=StepAction.CONSULT,
            unit=unit,
            parallel_group=lead.parallel_group,
            allotted_hours=hours,
            note=note,
        )
        created.append(start_step(consultation, at=at))
    apply_transition(
        dossier,
        target,
        action=Action.CONSULT,
        actor=actor,
        unit=lead.unit,
        at=at,
        note=note,
        data={
            "lead": lead.unit.code,
            "group": lead.parallel_group,
            "consulted": _describe(created),
        },
    )
    return created
