"""Watching the clocks: overdue marks and the "hanging dossier" check (DOMAIN §9).

Users complain of dossiers that get a code but are never routed, with no alert. Here: a sweep
marks dossiers and steps whose due instant passed while their clock ran, once, and notifies the
responsible unit through the outbox; a check lists every accepted dossier without an owner
(competent unit) or without a clock, and those received or submitted more than a working day
ago that nobody moved. Both read stored due dates through indexes, never computing per row.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from motcua.calendars.selectors import effective_calendar
from motcua.dossiers.models import Dossier, DossierStep, StepStatus
from motcua.dossiers.transitions import CLOCK_RUNNING, FINAL_STATES, State
from motcua.notifications.services import publish

#: Accepted and not finished: such a dossier must have an owner and a clock.
HANDLED = frozenset(State) - FINAL_STATES - {State.SUBMITTED, State.AWAITING_COMPLETION}
#: How long a received or submitted dossier may wait untouched (working hours).
IDLE_LIMIT_HOURS = 8


@dataclass(frozen=True)
class Sweep:
    dossiers: int
    steps: int


@dataclass(frozen=True)
class HangingDossier:
    reference: str
    status: str
    problem: str


def sweep_overdue(now: datetime.datetime | None = None) -> Sweep:
    """Mark what became overdue since the last sweep and tell the responsible unit, once."""
    now = now or timezone.now()
    marked_dossiers = marked_steps = 0
    late = Dossier.objects.filter(
        status__in=list(CLOCK_RUNNING), due_at__lt=now, overdue_since__isnull=True
    )
    for dossier in late.select_related("competent_unit").iterator(chunk_size=500):
        with transaction.atomic():
            # The update is the claim: a concurrent sweep marks (and notifies) nothing twice.
            if not Dossier.objects.filter(pk=dossier.pk, overdue_since__isnull=True).update(
                overdue_since=now
            ):
                continue
            publish(
                topic="dossier.overdue",
                aggregate_type="dossier",
                aggregate_id=dossier.code or str(dossier.uuid),
                payload={
                    "code": dossier.code,
                    "due_at": dossier.due_at.isoformat(),
                    "unit": getattr(dossier.competent_unit, "code", None),
                },
            )
            marked_dossiers += 1
    steps = DossierStep.objects.filter(
        status=StepStatus.IN_PROGRESS,
        due_at__lt=now,
        overdue_since__isnull=True,
        dossier__status__in=list(CLOCK_RUNNING),
    )
    for step in steps.select_related("dossier", "unit").iterator(chunk_size=500):
        with transaction.atomic():
            if not DossierStep.objects.filter(pk=step.pk, overdue_since__isnull=True).update(
                overdue_since=now
            ):
                continue
            publish(
                topic="dossier.step_overdue",
                aggregate_type="dossier",
                aggregate_id=step.dossier.code or str(step.dossier.uuid),
                payload={
                    "code": step.dossier.code,
                    "step": step.order,
                    "name": step.name,
                    "due_at": step.due_at.isoformat(),
                    "unit": step.unit.code,
                },
            )
            marked_steps += 1
    return Sweep(dossiers=marked_dossiers, steps=marked_steps)


def _idle(dossier: Dossier, since: datetime.datetime | None, now) -> bool:
    if since is None:
        return False
    unit = dossier.receiving_agency or dossier.competent_unit
    return effective_calendar(unit).elapsed(since, now) > datetime.timedelta(hours=IDLE_LIMIT_HOURS)


def hanging_dossiers(now: datetime.datetime | None = None) -> list[HangingDossier]:
    now = now or timezone.now()
    found = []
    without_owner_or_clock = Dossier.objects.filter(status__in=list(HANDLED)).filter(
        Q(competent_unit__isnull=True) | Q(due_at__isnull=True) | Q(due_deadline__isnull=True)
    )
    for dossier in without_owner_or_clock:
        problem = "no owner (competent unit)" if dossier.competent_unit_id is None else "no clock"
        found.append(HangingDossier(dossier.code or str(dossier.uuid), dossier.status, problem))
    started = DossierStep.objects.filter(dossier=OuterRef("pk")).exclude(status=StepStatus.WAITING)
    never_routed = Dossier.objects.filter(status=State.RECEIVED).exclude(Exists(started))
    for dossier in never_routed.select_related("receiving_agency", "competent_unit"):
        if _idle(dossier, dossier.received_at, now):
            found.append(
                HangingDossier(
                    dossier.code,
                    dossier.status,
                    "received more than a working day ago, never routed",
                )
            )
    waiting_online = Dossier.objects.filter(status=State.SUBMITTED).select_related(
        "receiving_agency", "competent_unit", "receiving_point__agency"
    )
    for dossier in waiting_online:
        if dossier.receiving_agency is None and dossier.receiving_point_id:
            dossier.receiving_agency = dossier.receiving_point.agency
        if _idle(dossier, dossier.submitted_at, now):
            found.append(
                HangingDossier(
                    str(dossier.uuid),
                    dossier.status,
                    "submitted online more than a working day ago, not received",
                )
            )
    return found
