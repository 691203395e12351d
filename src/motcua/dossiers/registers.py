"""The two registers the law asks for, as reads of what the services recorded:

- the process control sheet (Form 05): one row per hand-off of a dossier, with its unit,
  handler, hand-over and reception times, the step's due date and its outcome;
- the tracking book (Form 06): one row per dossier received at a service point on a day, and
  per inter-agency request taken there that day.

Nothing is stored twice: both are queries on the dossier, its steps and its return.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from motcua.dossiers.codes import start_of_local_day
from motcua.dossiers.models import Dossier, DossierGroup, DossierStep


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
    """Dossiers received at `point` on `day` (Vietnam time), with the inter-agency requests
    taken there that day (their tracking code is a number of the same day counter, so the book
    shows every number given), in the order of their codes."""
    start = start_of_local_day(day)
    that_day = {"gte": start, "lt": start + datetime.timedelta(days=1)}
    received = (
        Dossier.objects.filter(
            receiving_point=point,
            received_at__gte=that_day["gte"],
            received_at__lt=that_day["lt"],
        )
        .exclude(code__isnull=True)
        .select_related("procedure_version")
    )
    requests = DossierGroup.objects.filter(
        receiving_point=point,
        requested_at__gte=that_day["gte"],
        requested_at__lt=that_day["lt"],
    ).select_related("procedure_group")
    lines = [_dossier_line(d) for d in received] + [_request_line(g) for g in requests]
    # A code past 9,999 in a day is one digit longer (ADR 0005): shorter codes come first.
    lines.sort(key=lambda line: (len(line["code"]), line["code"]))
    return [TrackingBookRow(number=number, **line) for number, line in enumerate(lines, 1)]


def _contact(dossier: Dossier | None) -> str:
    if dossier is None:
        return ""
    return ", ".join(part for part in (dossier.applicant_address, dossier.applicant_phone) if part)


def _dossier_line(dossier: Dossier) -> dict:
    return {
        "code": dossier.code,
        "procedure": dossier.procedure_version.name,
        "sets": 1,
        "applicant": dossier.applicant_name,
        "contact": _contact(dossier),
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "returned_at": dossier.returned_at,
        "note": dossier.get_status_display(),
    }


def _request_line(request: DossierGroup) -> dict:
    """An inter-agency request: its own line, naming the dossiers it is made of."""
    dossiers = list(request.dossiers.order_by("id"))
    # The dossiers' numbers of the same day stand in the book's own lines: their last part
    # names them in the narrow note column.
    codes = ", ".join(
        d.code.rsplit("-", 1)[-1] if d.code else _("not received yet") for d in dossiers
    )
    return {
        "code": request.code,
        "procedure": request.procedure_group.name,
        "sets": 1,
        "applicant": request.applicant_name,
        "contact": _contact(dossiers[0] if dossiers else None),
        "received_at": request.requested_at,
        "due_at": max((d.due_at for d in dossiers if d.due_at), default=None),
        "returned_at": None,
        "note": _("Inter-agency request: %(codes)s") % {"codes": codes},
    }
