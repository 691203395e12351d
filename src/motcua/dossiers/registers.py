"""The two registers the law asks for, as reads of what the services recorded:

- the process control sheet (Form 05): one row per hand-off of a dossier, with its unit,
  handler, hand-over and reception times, the step's due date and its outcome;
- the tracking book (Form 06): one row per dossier received at a service point on a day.

Nothing is stored twice: both are queries on the dossier, its steps and its return.
"""

import datetime
from dataclasses import dataclass

from motcua.dossiers.codes import start_of_local_day
from motcua.dossiers.models import Dossier, DossierStep


@dataclass(frozen=True)
class ControlSheetRow:
    order: int
    step: str
    unit_code: str
    unit_name: str
    handler: str
    handed_over_at: datetime.datetime | None
    received_at: datetime.datetime | None
    due_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    outcome: str
    note: str


def process_control_sheet(dossier: Dossier) -> list[ControlSheetRow]:
    steps = DossierStep.objects.filter(dossier=dossier).select_related("unit", "handler")
    return [
        ControlSheetRow(
            order=step.order,
            step=step.name,
            unit_code=step.unit.code,
            unit_name=step.unit.name,
            handler=str(step.handler) if step.handler_id else "",
            handed_over_at=step.handed_over_at,
            received_at=step.received_at,
            due_at=step.due_at,
            finished_at=step.finished_at,
            outcome=step.outcome,
            note=step.note,
        )
        for step in steps.order_by("order", "id")
    ]


@dataclass(frozen=True)
class TrackingBookRow:
    number: int
    code: str
    procedure: str
    sets: int
    applicant: str
    contact: str
    received_at: datetime.datetime
    due_at: datetime.datetime | None
    returned_at: datetime.datetime | None
    note: str


def tracking_book(point, day: datetime.date) -> list[TrackingBookRow]:
    """Dossiers received at `point` on `day` (Vietnam time), in the order of their codes."""
    start = start_of_local_day(day)
    received = (
        Dossier.objects.filter(
            receiving_point=point,
            received_at__gte=start,
            received_at__lt=start + datetime.timedelta(days=1),
        )
        .exclude(code__isnull=True)
        .select_related("procedure_version")
        .order_by("code")
    )
    rows = []
    for number, dossier in enumerate(received, 1):
        contact = ", ".join(
            part for part in (dossier.applicant_address, dossier.applicant_phone) if part
        )
        rows.append(
            TrackingBookRow(
                number=number,
                code=dossier.code,
                procedure=dossier.procedure_version.name,
                sets=1,
                applicant=dossier.applicant_name,
                contact=contact,
                received_at=dossier.received_at,
                due_at=dossier.due_at,
                returned_at=dossier.returned_at,
                note=dossier.get_status_display(),
            )
        )
    return rows
