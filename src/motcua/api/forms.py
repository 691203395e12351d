"""The printed forms as files (issue 6, ADR 0007).

GET /api/v1/dossiers/{code}/forms/{form}                    a dossier's form as a signed PDF:
      receipt|01, supplement_request|02, refusal|03, apology|04, control_sheet|05, guidance;
      404 when the dossier has no such form or the user may not see the dossier
GET /api/v1/service-points/{code}/tracking-book/{day}.pdf   Form 06 for one day (signed PDF)
GET /api/v1/service-points/{code}/tracking-book/{day}.xlsx  the same rows as a spreadsheet
GET /api/v1/handovers/{number}/slip                         the handover slip of a batch (PDF)

Every PDF says whether it is signed in the `Motcua-Signed` header (yes/no) and who signed in
`Motcua-Signer` (URL-encoded); an unsigned form also says so on the paper itself.
"""

import datetime
import json
from urllib.parse import quote

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import api_view, renderer_classes
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer

from motcua.api.dossiers import dossier_or_404, parse_or_400
from motcua.dossiers import handover_selectors, selectors
from motcua.organizations.models import ServicePoint
from motcua.policy import check
from motcua.printing import services
from motcua.printing.contexts import FormNotAvailable
from motcua.printing.models import FormKind

#: DRF's ?format= renderer override is not part of this API.
NO_FORMAT = OpenApiParameter("format", exclude=True)

DOSSIER_FORMS = [
    FormKind.RECEIPT,
    FormKind.SUPPLEMENT_REQUEST,
    FormKind.REFUSAL,
    FormKind.APOLOGY,
    FormKind.CONTROL_SHEET,
    FormKind.GUIDANCE,
]


class _FileRenderer(BaseRenderer):
    """Lets a client ask for the file type (Accept) and still get errors as JSON."""

    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        response = (renderer_context or {}).get("response")
        if response is not None:  # an error: say what it really is
            response["Content-Type"] = "application/json"
        return json.dumps(data, ensure_ascii=False).encode()


class PdfRenderer(_FileRenderer):
    media_type = services.PDF
    format = "pdf"


class XlsxRenderer(_FileRenderer):
    media_type = services.XLSX
    format = "xlsx"


def file_response(printed: services.PrintedForm) -> HttpResponse:
    response = HttpResponse(printed.data, content_type=printed.content_type)
    response["Content-Disposition"] = f'attachment; filename="{printed.filename}"'
    response["Cache-Control"] = "private, no-store"
    if printed.content_type == services.PDF:
        response["Motcua-Signed"] = "yes" if printed.signed else "no"
        if printed.signer:
            response["Motcua-Signer"] = quote(printed.signer)
    return response


def _pdf_response(description: str):
    return {
        (200, services.PDF): OpenApiResponse(OpenApiTypes.BINARY, description=description),
        404: OpenApiResponse(description=_("Not found")),
    }


@extend_schema(
    operation_id="dossiers_form",
    summary="A dossier's printed form as a signed PDF",
    description="Forms 01–05 and the guidance note of DOMAIN §4, A5, in Vietnamese. The "
    "headers Motcua-Signed (yes/no) and Motcua-Signer say whether and by whom it is signed.",
    parameters=[
        NO_FORMAT,
        OpenApiParameter(
            "form",
            str,
            OpenApiParameter.PATH,
            enum=[*[f.value for f in DOSSIER_FORMS], "01", "02", "03", "04", "05"],
        ),
    ],
    responses=_pdf_response("The form (application/pdf, attachment)."),
)
@api_view(["GET"])
@renderer_classes([JSONRenderer, PdfRenderer])
def dossier_form(request, code, form):
    kind = services.form_named(form)
    if kind not in DOSSIER_FORMS:
        raise NotFound(_("No such form."))
    dossier = dossier_or_404(
        parse_or_400(selectors.visible_dossier_by_reference, request.user, code)
    )
    try:
        printed = services.print_dossier_form(actor=request.user, dossier=dossier, form=kind)
    except FormNotAvailable as error:
        raise NotFound(_("This dossier has no such form.")) from error
    return file_response(printed)


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise ValidationError(
            {"day": [_("day must be a date written yyyy-mm-dd, e.g. 2026-03-02.")]}
        ) from error


def _book(request, code: str, day: str, fmt: str):
    point = get_object_or_404(ServicePoint, code=code)
    check(request.user, "dossiers.view_tracking_book", point)
    return file_response(
        services.print_tracking_book(actor=request.user, point=point, day=_day(day), fmt=fmt)
    )


_BOOK_PARAMETERS = [
    NO_FORMAT,
    OpenApiParameter("code", str, OpenApiParameter.PATH, description="Service point code."),
    OpenApiParameter("day", OpenApiTypes.DATE, OpenApiParameter.PATH),
]


@extend_schema(
    operation_id="service_points_tracking_book_pdf",
    summary="The tracking book (Form 06) of a service point for one day, as a signed PDF",
    parameters=_BOOK_PARAMETERS,
    responses={
        (200, services.PDF): OpenApiResponse(OpenApiTypes.BINARY, description="A4 landscape."),
        403: OpenApiResponse(description=_("Not allowed")),
        404: OpenApiResponse(description=_("Not found")),
    },
)
@api_view(["GET"])
@renderer_classes([JSONRenderer, PdfRenderer])
def tracking_book_pdf(request, code, day):
    return _book(request, code, day, "pdf")


@extend_schema(
    operation_id="service_points_tracking_book_xlsx",
    summary="The tracking book (Form 06) of a service point for one day, as a spreadsheet",
    parameters=_BOOK_PARAMETERS,
    responses={
        (200, services.XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="Same rows."),
        403: OpenApiResponse(description=_("Not allowed")),
        404: OpenApiResponse(description=_("Not found")),
    },
)
@api_view(["GET"])
@renderer_classes([JSONRenderer, XlsxRenderer])
def tracking_book_xlsx(request, code, day):
    return _book(request, code, day, "xlsx")


@extend_schema(
    operation_id="handovers_slip",
    parameters=[NO_FORMAT],
    summary="The handover slip (phiếu bàn giao) of a batch, as a signed PDF",
    responses=_pdf_response("A5, the batch's dossiers and papers, both sides' signatures."),
)
@api_view(["GET"])
@renderer_classes([JSONRenderer, PdfRenderer])
def handover_slip(request, number):
    batch = handover_selectors.visible_batch(request.user, number)
    if batch is None:
        raise NotFound(_("No handover batch has this number."))
    return file_response(services.print_handover_slip(actor=request.user, batch=batch))
