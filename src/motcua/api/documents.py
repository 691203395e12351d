"""Stored files of dossiers and the citizens' data warehouse (issue 6).

POST /api/v1/dossiers/{code}/components/{component}/files   upload a scan or file of a paper
      (multipart, field `file`; `digitised` default true); 400 with the reason when the upload
      chain refuses it; honours Idempotency-Key
POST /api/v1/dossiers/{code}/result-files                    upload the electronic result
GET  /api/v1/dossiers/{code}/files                           the files of a dossier and its figures
GET  /api/v1/files/{id}                                      download (attachment; ?preview=1
      shows an image or PDF inline); 404 unless the user may see the dossier or document
GET  /api/v1/warehouse/offers?procedure=&identity=           what the warehouse can replace
GET  /api/v1/me/warehouse                                    the citizen's own documents

A dossier the user may not see answers 404, whoever asks; `{code}` is the dossier code or,
before reception, its id (uuid).
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, parser_classes, renderer_classes
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse

from motcua.api.dossiers import dossier_or_404, parse_or_400
from motcua.api.idempotency import HEADER_PARAMETER, idempotent
from motcua.catalog.models import Procedure
from motcua.catalog.selectors import version_in_force
from motcua.documents import selectors as documents
from motcua.documents import services
from motcua.documents.models import WarehouseDocument
from motcua.documents.serving import file_response
from motcua.documents.validation import PREVIEWABLE
from motcua.dossiers import selectors
from motcua.dossiers.codes import reception_day
from motcua.dossiers.models import SubmittedComponent
from motcua.policy import check

NO_FORMAT = OpenApiParameter("format", exclude=True)
CODE = OpenApiParameter(
    "code",
    str,
    OpenApiParameter.PATH,
    description="The dossier code, or its id (uuid) while it has no code yet.",
)


def _url(request, file_id, *, preview=False) -> str:
    url = reverse("api:file", kwargs={"file_id": str(file_id)}, request=request)
    return f"{url}?preview=1" if preview else url


class _FileFields(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    name = serializers.CharField()
    kind = serializers.CharField(source="stored_file.kind")
    content_type = serializers.CharField(source="stored_file.content_type")
    size = serializers.IntegerField(source="stored_file.size")
    sha256 = serializers.CharField(source="stored_file.sha256")
    download = serializers.SerializerMethodField()
    preview = serializers.SerializerMethodField()

    def get_download(self, link) -> str:
        return _url(self.context.get("request"), link.uuid)

    def get_preview(self, link) -> str | None:
        if link.stored_file.kind not in PREVIEWABLE:
            return None
        return _url(self.context.get("request"), link.uuid, preview=True)


class ComponentFileSerializer(_FileFields):
    component = serializers.IntegerField(
        source="component_id", allow_null=True, help_text="Id of the component in the version."
    )
    paper = serializers.CharField(source="submitted_component.name", default=None)
    uploaded_at = serializers.DateTimeField()
    uploaded_by = serializers.CharField(source="uploaded_by.full_name", default=None)
    reused_document = serializers.UUIDField(source="reused_from.uuid", default=None)


class ResultFileSerializer(_FileFields):
    result = serializers.CharField(source="result.name", default=None)
    uploaded_at = serializers.DateTimeField()


class FiguresSerializer(serializers.Serializer):
    components_required = serializers.IntegerField()
    components_digitised = serializers.IntegerField()
    components_reused = serializers.IntegerField()
    results_electronic = serializers.IntegerField()


class DossierFilesSerializer(serializers.Serializer):
    papers = ComponentFileSerializer(many=True)
    results = ResultFileSerializer(many=True)
    figures = FiguresSerializer(allow_null=True)


class WarehouseDocumentSerializer(_FileFields):
    document_type = serializers.CharField(source="document_type.code")
    document_type_name = serializers.CharField(source="document_type.name")
    title = serializers.CharField()
    name = serializers.CharField(source="title")
    origin = serializers.CharField()
    issuing_unit = serializers.CharField(source="issuing_unit.name", default=None)
    source_dossier = serializers.CharField(source="source_dossier.code", default=None)
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    revoked = serializers.SerializerMethodField()

    def get_revoked(self, document) -> bool:
        return document.revoked_at is not None


class OfferSerializer(serializers.Serializer):
    component = serializers.IntegerField(source="component.id")
    component_name = serializers.CharField(source="component.name")
    document_type = serializers.CharField(source="component.document_type")
    document = WarehouseDocumentSerializer()


class UploadInput(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, use_url=False)
    digitised = serializers.BooleanField(
        default=True, help_text="Mark the paper digitised (a scan of the paper handed in)."
    )


class ResultUploadInput(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, use_url=False)
    result = serializers.IntegerField(
        required=False, help_text="Id of the result of the version this file is."
    )


def _visible(request, code):
    return dossier_or_404(parse_or_400(selectors.visible_dossier_by_reference, request.user, code))


# --- Uploads --------------------------------------------------------------------------------


def _paper(dossier, component_id: int) -> SubmittedComponent:
    paper = (
        SubmittedComponent.objects.select_related("component")
        .filter(dossier=dossier, component_id=component_id)
        .order_by("-id")
        .first()
    )
    if paper is None:
        raise serializers.ValidationError(
            {"component": [_("This paper is not on file for this dossier.")]}
        )
    return paper


def _uploaded(request, code: str, component: int) -> Response:
    dossier = _visible(request, code)
    form = UploadInput(data=request.data)
    form.is_valid(raise_exception=True)
    link = services.attach_file(
        actor=request.user,
        dossier=dossier,
        submitted_component=_paper(dossier, component),
        upload=form.validated_data["file"],
        digitise=form.validated_data["digitised"],
    )
    link = documents.files_of_dossier(dossier).get(pk=link.pk)
    return Response(
        ComponentFileSerializer(link, context={"request": request}).data,
        status=status.HTTP_201_CREATED,
    )


@extend_schema(
    operation_id="dossiers_component_file_upload",
    summary="Upload a scan or file of one paper of a dossier",
    description="The upload chain checks the size (the component's limit, 20 MB by default), "
    "the kind from the content (PDF, JPEG, PNG, TIFF; DOCX, XLSX, ZIP only where the component "
    "allows), programs, encrypted or scripted PDFs, damaged images and decompression bombs, "
    "macros and zip bombs. A refusal is a 400 whose `detail` says why, in the user's language.",
    parameters=[CODE, HEADER_PARAMETER],
    request={"multipart/form-data": UploadInput},
    responses={201: ComponentFileSerializer},
)
@api_view(["POST"])
@parser_classes([MultiPartParser, FormParser])
def upload_component_file(request, code: str, component: int):
    return idempotent(request, lambda: _uploaded(request, code, component))


def _result_uploaded(request, code: str) -> Response:
    dossier = _visible(request, code)
    form = ResultUploadInput(data=request.data)
    form.is_valid(raise_exception=True)
    result = None
    if "result" in form.validated_data:
        result = dossier.procedure_version.results.filter(pk=form.validated_data["result"]).first()
        if result is None:
            raise serializers.ValidationError(
                {"result": [_("This result is not one of the dossier's procedure.")]}
            )
    result_file = services.attach_result_file(
        actor=request.user, dossier=dossier, upload=form.validated_data["file"], result=result
    )
    result_file = documents.result_files_of(dossier).get(pk=result_file.pk)
    return Response(
        ResultFileSerializer(result_file, context={"request": request}).data,
        status=status.HTTP_201_CREATED,
    )


@extend_schema(
    operation_id="dossiers_result_file_upload",
    summary="Upload the electronic result of a dossier",
    description="PDF or image, checked by the same upload chain. When the result is returned, "
    "a result whose document type the data warehouse keeps is stored in the applicant's "
    "warehouse.",
    parameters=[CODE, HEADER_PARAMETER],
    request={"multipart/form-data": ResultUploadInput},
    responses={201: ResultFileSerializer},
)
@api_view(["POST"])
@parser_classes([MultiPartParser, FormParser])
def upload_result_file(request, code: str):
    return idempotent(request, lambda: _result_uploaded(request, code))


# --- Reads ----------------------------------------------------------------------------------


@extend_schema(
    operation_id="dossiers_files",
    summary="The files of a dossier's papers and results, and its figures",
    parameters=[CODE],
    responses=DossierFilesSerializer,
)
@api_view(["GET"])
def dossier_files(request, code: str):
    dossier = _visible(request, code)
    data = {
        "papers": documents.files_of_dossier(dossier),
        "results": documents.result_files_of(dossier),
        "figures": documents.figures_of(dossier),
    }
    return Response(DossierFilesSerializer(data, context={"request": request}).data)


class AnyFileRenderer(BaseRenderer):
    """Lets a client ask for any type (Accept) and still get errors as JSON."""

    media_type = "*/*"
    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        import json

        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return json.dumps(data, ensure_ascii=False).encode()


@extend_schema(
    operation_id="files_download",
    summary="Download a stored file (for those who may see its dossier or document)",
    description="Served with `X-Content-Type-Options: nosniff` and as an attachment; with "
    "`preview=1` an image (JPEG, PNG) or a PDF is shown inline.",
    parameters=[
        NO_FORMAT,
        OpenApiParameter("file_id", OpenApiTypes.UUID, OpenApiParameter.PATH),
        OpenApiParameter("preview", OpenApiTypes.BOOL, OpenApiParameter.QUERY, required=False),
    ],
    responses={
        (200, "application/octet-stream"): OpenApiResponse(
            OpenApiTypes.BINARY, description="The file, with its detected content type."
        ),
        404: OpenApiResponse(description="No file, or not one you may see."),
    },
)
@api_view(["GET"])
@renderer_classes([JSONRenderer, AnyFileRenderer])
def download_file(request, file_id: str):
    found = documents.visible_file(request.user, file_id)
    if found is None:
        raise NotFound(_("No file has this id."))
    stored = found.stored_file
    name = found.title if isinstance(found, WarehouseDocument) else found.name
    if isinstance(found, WarehouseDocument) and not name.lower().endswith(f".{stored.kind}"):
        name = f"{name[:200]}.{stored.kind}"
    return file_response(
        stored, name=name, preview=request.query_params.get("preview") in {"1", "true"}
    )


# --- The data warehouse ---------------------------------------------------------------------


def _today() -> datetime.date:
    return reception_day(timezone.now())


@extend_schema(
    operation_id="warehouse_offers",
    summary="Papers of a procedure that the applicant's data warehouse can replace",
    description="For each component whose document type the warehouse holds valid today (not "
    "expired, not revoked), the newest document. A citizen sees their own; a reception "
    "officer names the applicant by identity number.",
    parameters=[
        OpenApiParameter("procedure", str, required=True, description="National code."),
        OpenApiParameter(
            "identity", str, required=False, description="Identity number (default: yours)."
        ),
        OpenApiParameter("identity_kind", str, required=False, description="cccd or tax_code."),
    ],
    responses=OfferSerializer(many=True),
)
@api_view(["GET"])
def warehouse_offers(request):
    code = (request.query_params.get("procedure") or "").strip()
    procedure = Procedure.objects.filter(code=code).first() if code else None
    if procedure is None:
        raise serializers.ValidationError(
            {"procedure": [_("No procedure has the code “%(code)s”.") % {"code": code[:50]}]}
        )
    version = version_in_force(procedure, on=_today())
    if version is None:
        raise serializers.ValidationError(
            {"procedure": [_("This procedure has no version in force today.")]}
        )
    number = (request.query_params.get("identity") or request.user.identity_number or "").strip()
    kind = (request.query_params.get("identity_kind") or "").strip()
    if not request.query_params.get("identity"):
        kind = kind or request.user.identity_kind or ""
    check(request.user, "documents.view_warehouse", (kind, number))
    offers = documents.reuse_offers(kind, number, version, on=_today())
    return Response(OfferSerializer(offers, many=True, context={"request": request}).data)


@extend_schema(
    operation_id="me_warehouse",
    summary="Your data warehouse: the electronic copies of your papers and results",
    responses=WarehouseDocumentSerializer(many=True),
)
@api_view(["GET"])
def my_warehouse(request):
    user = request.user
    if not user.identity_number:
        return Response([])
    found = documents.documents_of(user.identity_kind or "", user.identity_number).order_by(
        "document_type__code", "-valid_from", "-id"
    )
    return Response(
        WarehouseDocumentSerializer(found, many=True, context={"request": request}).data
    )
