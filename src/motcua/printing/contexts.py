"""What each form shows, read from the records the services wrote: one function per form.

Nothing is recomputed: the due date is the one frozen on the dossier, the outcome of a step is
the one recorded when it finished, the book's rows are the register's. Each function returns a
`FormSource`: the issuing unit (whose header the form carries and whose certificate signs it),
the template name, the page size and a context of PLAIN data (strings, numbers, lists, dicts),
so that a template — an administrator's override included — can reach nothing but what the form
prints (no model instance, no related manager, no method).
"""

import datetime
import functools
from dataclasses import dataclass

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers import registers
from motcua.dossiers.models import Decision, Dossier, SupplementStage
from motcua.printing import wording as w
from motcua.printing.models import FormKind

A5 = "A5"
A4_LANDSCAPE = "A4 landscape"
A4 = "A4"


class FormNotAvailable(LookupError):
    """The dossier has no such form (no apology was issued, it was never refused, …)."""


@dataclass
class FormSource:
    form: str
    unit: object  # organizations.Unit: header and signature
    page: str
    context: dict
    procedure: object = None  # catalog.Procedure, for template overrides
    field: object = None  # catalog.Field
    title: str = ""
    filename: str = ""


def header(unit, *, at=None) -> dict:
    """The unit's header (superior body above the unit, in capitals) and the place-and-date
    line of the national header."""
    parent = unit.parent if unit is not None and unit.parent_id else None
    day = w.local(at).date() if at is not None else timezone.localdate()
    return {
        "superior": parent.name.upper() if parent is not None else "",
        "unit": unit.name.upper() if unit is not None else "",
        "unit_name": unit.name if unit is not None else "",
        "national_name": w.NATIONAL_NAME,
        "national_motto": w.NATIONAL_MOTTO,
        "place_date": f"{w.place_name(unit.area) if unit is not None else ''}, "
        f"{w.long_date_vn(day)}".lstrip(", "),
    }


def lookup_url(code: str) -> str:
    """The public lookup page of a dossier, the QR payload of Forms 01 and 04."""
    return settings.PUBLIC_BASE_URL + reverse("public_lookup_code", kwargs={"code": code})


@functools.lru_cache(maxsize=512)
def qr_data_uri(payload: str) -> str:
    """The QR code as an SVG data URI (vector: sharp at any printer resolution). Choosing the
    mask takes segno ~10 ms, so a reprint reuses the code."""
    return segno.make(payload, error="m").svg_data_uri(scale=4, border=2)


def _person(user) -> str:
    return str(user) if user is not None else ""


def _applicant(dossier: Dossier) -> dict:
    contact = ", ".join(p for p in (dossier.applicant_phone, dossier.applicant_email) if p)
    return {
        "name": dossier.applicant_name,
        "identity_number": dossier.applicant_identity_number,
        "address": dossier.applicant_address,
        "phone": dossier.applicant_phone,
        "email": dossier.applicant_email,
        "contact": contact,
        "representative": dossier.representative_name,
        "representative_identity_number": dossier.representative_identity_number,
    }


def _request(dossier: Dossier) -> dict:
    version = dossier.procedure_version
    return {
        "procedure": version.name,
        "procedure_code": version.procedure.code,
        "field": version.field.name if version.field_id else "",
        "summary": dossier.summary or version.name,
    }


def _reception_unit(dossier: Dossier):
    if dossier.receiving_agency_id:
        return dossier.receiving_agency
    if dossier.receiving_point_id:
        return dossier.receiving_point.agency
    return dossier.competent_unit


def _point(point) -> dict:
    if point is None:
        return {"name": "", "address": "", "code": ""}
    return {"name": point.name, "address": point.address, "code": point.code}


def _source(form, dossier, unit, page, context, *, at, title) -> FormSource:
    version = dossier.procedure_version
    context = {
        "form": form,
        "title": title,
        "header": header(unit, at=at),
        "dossier": {
            "code": dossier.code or "",
            "received_at": w.datetime_vn(dossier.received_at),
            "due_at": w.datetime_vn(dossier.due_at),
        },
        "applicant": _applicant(dossier),
        "request": _request(dossier),
        **context,
    }
    reference = dossier.code or str(dossier.uuid)
    return FormSource(
        form=form,
        unit=unit,
        page=page,
        context=context,
        procedure=version.procedure,
        field=version.field if version.field_id else None,
        title=title,
        filename=f"{form}-{reference}.pdf",
    )


# --- Form 01 --------------------------------------------------------------------------------


def receipt(dossier: Dossier) -> FormSource:
    if not dossier.code or dossier.received_at is None:
        raise FormNotAvailable(FormKind.RECEIPT)
    components = [
        {
            "number": number,
            "name": paper.name,
            "paper_form": w.PAPER_FORMS.get(paper.form, paper.form),
            "quantity": paper.quantity,
        }
        for number, paper in enumerate(dossier.components.order_by("id"), 1)
    ]
    fees = [
        {"name": fee.name, "amount": w.money_vn(fee.amount_vnd)}
        for fee in dossier.fees.order_by("id")
    ]
    total = sum(fee.amount_vnd for fee in dossier.fees.all())
    book_entry = ""
    if dossier.receiving_point_id:
        day = w.local(dossier.received_at).date()
        for row in registers.tracking_book(dossier.receiving_point, day):
            if row.code == dossier.code:
                book_entry = str(row.number)
                break
    if dossier.return_channel == "post":
        collect = f"{w.RETURN_CHANNELS['post']}: {dossier.return_address}".rstrip(": ")
    elif dossier.return_channel == "counter" and dossier.return_point_id:
        point = dossier.return_point
        collect = f"{point.name}, {point.address}"
    else:
        collect = w.RETURN_CHANNELS.get(dossier.return_channel, "")
    url = lookup_url(dossier.code)
    unit = _reception_unit(dossier)
    return _source(
        FormKind.RECEIPT,
        dossier,
        unit,
        A5,
        {
            "point": _point(dossier.receiving_point),
            "components": components,
            "sets": 1,
            "legal_time": w.working_days_vn(dossier.legal_hours),
            "collect_at": collect,
            "fees": fees,
            "fees_total": w.money_vn(total) if fees else "",
            "book": {
                "day": w.date_vn(dossier.received_at),
                "entry": book_entry,
            },
            "officer": _person(dossier.received_by),
            "lookup_url": url,
            "qr": qr_data_uri(url),
        },
        at=dossier.received_at,
        title="GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    )


# --- Form 02 --------------------------------------------------------------------------------


def supplement_request(dossier: Dossier) -> FormSource:
    requests = list(dossier.supplement_requests.order_by("requested_at", "id"))
    if not requests:
        raise FormNotAvailable(FormKind.SUPPLEMENT_REQUEST)
    form = requests[-1]
    if form.stage == SupplementStage.APPRAISAL and dossier.competent_unit_id:
        unit = dossier.competent_unit
    else:
        unit = _reception_unit(dossier)
    point = dossier.receiving_point
    help_contact = ", ".join(p for p in (point.name, point.address) if p) if point else ""
    return _source(
        FormKind.SUPPLEMENT_REQUEST,
        dossier,
        unit,
        A5,
        {
            "number": f"{len(requests):02d}",
            "requested_at": w.datetime_vn(form.requested_at),
            "stage": form.stage,
            "items": [
                {"number": n, "name": item.name, "reason": item.reason}
                for n, item in enumerate(form.items.order_by("id"), 1)
            ],
            "note": form.note,
            "help_contact": help_contact,
            "officer": _person(form.requested_by),
            "point": _point(point),
        },
        at=form.requested_at,
        title="PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    )


# --- Form 03 and the guidance note ----------------------------------------------------------


def _decision(dossier: Dossier, kind: str) -> Decision:
    decision = dossier.decisions.filter(kind=kind).order_by("-decided_at", "-id").first()
    if decision is None:
        raise FormNotAvailable(kind)
    return decision


def refusal(dossier: Dossier) -> FormSource:
    decision = _decision(dossier, Decision.Kind.REFUSAL)
    return _source(
        FormKind.REFUSAL,
        dossier,
        _reception_unit(dossier),
        A5,
        {
            "decided_at": w.datetime_vn(decision.decided_at),
            "reason": w.REFUSAL_REASONS.get(decision.reason_code, ""),
            "reason_text": decision.text,
            "officer": _person(decision.decided_by),
            "point": _point(dossier.receiving_point),
        },
        at=decision.decided_at,
        title="PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    )


def guidance(dossier: Dossier) -> FormSource:
    decision = _decision(dossier, Decision.Kind.GUIDANCE)
    components = [
        {
            "number": n,
            "name": c.name,
            "originals": c.originals,
            "copies": c.copies,
            "condition": c.condition,
            "required": c.required,
        }
        for n, c in enumerate(dossier.procedure_version.components.order_by("order", "id"), 1)
    ]
    return _source(
        FormKind.GUIDANCE,
        dossier,
        _reception_unit(dossier),
        A5,
        {
            "decided_at": w.datetime_vn(decision.decided_at),
            "text": decision.text,
            "components": components,
            "officer": _person(decision.decided_by),
            "point": _point(dossier.receiving_point),
        },
        at=decision.decided_at,
        title="PHIẾU HƯỚNG DẪN HOÀN THIỆN HỒ SƠ",
    )


# --- Form 04 --------------------------------------------------------------------------------


def apology(dossier: Dossier) -> FormSource:
    try:
        form = dossier.apology
    except Dossier.apology.RelatedObjectDoesNotExist as error:
        raise FormNotAvailable(FormKind.APOLOGY) from error
    unit = dossier.competent_unit or _reception_unit(dossier)
    url = lookup_url(dossier.code)
    return _source(
        FormKind.APOLOGY,
        dossier,
        unit,
        A5,
        {
            "issued_at": w.datetime_vn(form.issued_at),
            "received_on": w.date_vn(dossier.received_at),
            "old_due_at": w.datetime_vn(form.old_due_at),
            "new_due_at": w.datetime_vn(form.new_due_at),
            "reason": form.reason,
            "signer": _person(form.issued_by),
            "lookup_url": url,
            "qr": qr_data_uri(url),
        },
        at=form.issued_at,
        title="PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    )


# --- Form 05 --------------------------------------------------------------------------------


def control_sheet(dossier: Dossier) -> FormSource:
    if not dossier.code:
        raise FormNotAvailable(FormKind.CONTROL_SHEET)
    rows = registers.process_control_sheet(dossier)
    reception = _reception_unit(dossier)
    lead = dossier.competent_unit.name if dossier.competent_unit_id else ""
    others = {lead, reception.name if reception is not None else ""}
    cooperating = list(dict.fromkeys(r.unit_name for r in rows if r.unit_name not in others))
    return _source(
        FormKind.CONTROL_SHEET,
        dossier,
        reception,
        A5,
        {
            "lead_unit": lead,
            "cooperating_units": cooperating,
            "rows": [
                {
                    "order": row.order,
                    "step": row.step,
                    "unit": row.unit_name,
                    "handler": row.handler,
                    "handed_over_at": w.short_datetime_vn(row.handed_over_at),
                    "received_at": w.short_datetime_vn(row.received_at),
                    "due_at": w.short_datetime_vn(row.due_at),
                    "finished_at": w.short_datetime_vn(row.finished_at),
                    "outcome": w.STEP_OUTCOMES.get(row.outcome, ""),
                    "note": row.note,
                }
                for row in rows
            ],
        },
        at=timezone.now(),
        title="PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
    )


# --- Form 06 --------------------------------------------------------------------------------


def tracking_book_rows(point, day: datetime.date) -> list[dict]:
    return [
        {
            "number": row.number,
            "code": row.code,
            "procedure": row.procedure,
            "sets": row.sets,
            "applicant": row.applicant,
            "contact": row.contact,
            "received_at": w.short_datetime_vn(row.received_at),
            "due_at": w.short_datetime_vn(row.due_at),
            "returned_at": w.short_datetime_vn(row.returned_at),
            "note": str(row.note),
        }
        for row in registers.tracking_book(point, day)
    ]


def tracking_book(point, day: datetime.date) -> FormSource:
    title = "SỔ THEO DÕI HỒ SƠ"
    return FormSource(
        form=FormKind.TRACKING_BOOK,
        unit=point.agency,
        page=A4_LANDSCAPE,
        context={
            "form": FormKind.TRACKING_BOOK,
            "title": title,
            "header": header(point.agency),
            "point": _point(point),
            "day": w.date_vn(day),
            "rows": tracking_book_rows(point, day),
        },
        title=title,
        filename=f"tracking_book-{point.code}-{day:%Y-%m-%d}.pdf",
    )


# --- Dispatch -------------------------------------------------------------------------------

DOSSIER_FORMS = {
    FormKind.RECEIPT: receipt,
    FormKind.SUPPLEMENT_REQUEST: supplement_request,
    FormKind.REFUSAL: refusal,
    FormKind.APOLOGY: apology,
    FormKind.CONTROL_SHEET: control_sheet,
    FormKind.GUIDANCE: guidance,
}


def for_dossier(dossier: Dossier, form: str) -> FormSource:
    try:
        build = DOSSIER_FORMS[form]
    except KeyError as error:
        raise FormNotAvailable(form) from error
    return build(dossier)
