"""The handover slip (phiếu bàn giao): one batch of paper originals between a service point
and a unit, with each dossier's papers and both sides' signatures. Read from the batch the
handover services recorded (dossiers.models.handover)."""

from motcua.dossiers.models import HandoverBatch
from motcua.printing import wording as w
from motcua.printing.contexts import A5, FormSource, header
from motcua.printing.models import FormKind

TITLE = "PHIẾU BÀN GIAO HỒ SƠ"


def _place(point, unit) -> str:
    return point.name if point is not None else (unit.name if unit is not None else "")


def _papers(papers: list) -> str:
    return "; ".join(
        f"{p.get('name', '')} ({w.PAPER_FORMS.get(p.get('form'), p.get('form', ''))}, "
        f"{int(p.get('quantity') or 0):02d})"
        for p in papers or []
    )


def handover_slip(batch: HandoverBatch) -> FormSource:
    unit = batch.from_point.agency if batch.from_point_id else batch.from_unit
    items = (
        batch.items.filter(removed_at__isnull=True)
        .select_related("dossier__procedure_version")
        .order_by("id")
    )
    rows = [
        {
            "number": n,
            "code": item.dossier.code or "",
            "applicant": item.dossier.applicant_name,
            "procedure": item.dossier.procedure_version.name,
            "papers": _papers(item.papers),
            "outcome": w.HANDOVER_OUTCOMES.get(item.outcome, ""),
            "note": item.receipt_note,
        }
        for n, item in enumerate(items, 1)
    ]
    return FormSource(
        form=FormKind.HANDOVER_SLIP,
        unit=unit,
        page=A5,
        context={
            "form": FormKind.HANDOVER_SLIP,
            "title": TITLE,
            "header": header(unit, at=batch.sent_at or batch.created_at),
            "batch": {
                "number": batch.number,
                "from": _place(batch.from_point, batch.from_unit),
                "to": _place(batch.to_point, batch.to_unit),
                "created_at": w.datetime_vn(batch.created_at),
                "sent_at": w.datetime_vn(batch.sent_at),
                "received_at": w.datetime_vn(batch.received_at),
                "sent_by": str(batch.sent_by) if batch.sent_by_id else "",
                "received_by": str(batch.received_by) if batch.received_by_id else "",
                "note": batch.note,
                "receipt_note": batch.receipt_note,
            },
            "items": rows,
        },
        title=TITLE,
        filename=f"handover_slip-{batch.number}.pdf",
    )
