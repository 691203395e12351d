"""The public procedure catalogue: search it, and read one procedure's version in force.

GET /api/v1/procedures?search=…&field=…&level=…&page=…&page_size=…
GET /api/v1/procedures/{code}

Both are public (no token): the catalogue is what every citizen may read. Only published
versions in force today are shown; drafts never are.
"""

import math

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse

from motcua.catalog import selectors
from motcua.catalog.models import (
    AgencyAssignment,
    ChannelOffer,
    Component,
    Fee,
    Field,
    Level,
    ProcedureVersion,
    ProcessStep,
    Result,
)

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_SEARCH_LENGTH = 200


class ProcedureQuery(serializers.Serializer):
    search = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_SEARCH_LENGTH,
        help_text="Words to find in the name, code or field; case and diacritics do not "
        "matter, every word must occur.",
        error_messages={"max_length": _("search is too long: at most 200 characters.")},
    )
    field = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=30,
        help_text="Code of a field (lĩnh vực), e.g. HT.",
        error_messages={"max_length": _("field must be the code of a field, e.g. HT.")},
    )
    level = serializers.ChoiceField(
        choices=Level.choices,
        required=False,
        allow_blank=True,
        error_messages={
            "invalid_choice": _("level must be one of central, province or commune."),
        },
    )
    page = serializers.IntegerField(
        required=False,
        default=1,
        min_value=1,
        error_messages={
            "invalid": _("page must be a whole number from 1."),
            "min_value": _("page must be a whole number from 1."),
            "max_string_length": _("page must be a whole number from 1."),
        },
    )
    page_size = serializers.IntegerField(
        required=False,
        default=DEFAULT_PAGE_SIZE,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        error_messages={
            "invalid": _("page_size must be a whole number from 1 to 100."),
            "min_value": _("page_size must be a whole number from 1 to 100."),
            "max_value": _("page_size must be a whole number from 1 to 100."),
            "max_string_length": _("page_size must be a whole number from 1 to 100."),
        },
    )

    def validate_field(self, value: str) -> str:
        value = value.strip()
        if not value:
            return ""
        # Field codes are short upper-case abbreviations; accept any case from a client.
        found = Field.objects.filter(code__iexact=value).values_list("code", flat=True).first()
        if found is None:
            raise serializers.ValidationError(
                _("field must be the code of a field; no field has the code “%(code)s”.")
                % {"code": value}
            )
        return found


class FieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = Field
        fields = ["code", "name"]


class ProcedureSummarySerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="procedure.code")
    field = FieldSerializer()
    level_label = serializers.CharField(source="get_level_display")
    online_level_label = serializers.CharField(source="get_online_level_display")
    url = serializers.SerializerMethodField()

    class Meta:
        model = ProcedureVersion
        fields = [
            "code",
            "name",
            "field",
            "level",
            "level_label",
            "online_level",
            "online_level_label",
            "boundary_free",
            "url",
        ]

    def get_url(self, version) -> str:
        return reverse(
            "api:procedure",
            kwargs={"code": version.procedure.code},
            request=self.context.get("request"),
        )


class ProcedurePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    pages = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ProcedureSummarySerializer(many=True)


def _page_url(request, page: int, pages: int) -> str | None:
    if not 1 <= page <= pages:
        return None
    params = request.query_params.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@extend_schema(
    summary="Search the public procedure catalogue",
    operation_id="procedures_list",
    auth=[],
    parameters=[ProcedureQuery],
    responses=ProcedurePageSerializer,
)
@api_view(["GET"])
@permission_classes([AllowAny])
def procedure_list(request):
    query = ProcedureQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = query.validated_data
    versions = selectors.search_procedures(
        data.get("search", ""), field=data.get("field") or None, level=data.get("level") or None
    )
    size = data["page_size"]
    count = versions.count()
    pages = max(1, math.ceil(count / size))
    page = data["page"]
    if page > pages:
        raise serializers.ValidationError(
            {"page": [_("page must be from 1 to %(pages)s here.") % {"pages": pages}]}
        )
    rows = versions[(page - 1) * size : page * size]
    context = {"request": request}
    return Response(
        {
            "count": count,
            "page": page,
            "page_size": size,
            "pages": pages,
            "next": _page_url(request, page + 1, pages),
            "previous": _page_url(request, page - 1, pages),
            "results": ProcedureSummarySerializer(rows, many=True, context=context).data,
        }
    )


class FeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Fee
        fields = ["code", "name", "kind", "amount_vnd", "description"]


class ChannelSerializer(serializers.ModelSerializer):
    time_limit = serializers.DecimalField(max_digits=7, decimal_places=2, coerce_to_string=False)
    fees = FeeSerializer(many=True)

    class Meta:
        model = ChannelOffer
        fields = ["channel", "time_limit", "time_unit", "description", "fees"]


class ComponentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Component
        # `id` is what a reception (POST /api/v1/dossiers) names a handed-in paper by.
        fields = [
            "id",
            "case",
            "order",
            "code",
            "name",
            "originals",
            "copies",
            "required",
            "condition",
            "document_type",
            "must_digitise",
            "allowed_file_types",
            "max_file_mb",
        ]


class ResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = Result
        fields = ["code", "name", "document_type", "validity_months"]


class UnitRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class AgencySerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(allow_null=True)

    class Meta:
        model = AgencyAssignment
        fields = ["role", "description", "unit", "unit_level"]


class StepSerializer(serializers.ModelSerializer):
    allotted_hours = serializers.DecimalField(
        max_digits=7, decimal_places=2, coerce_to_string=False
    )
    performer_unit = UnitRefSerializer(allow_null=True)

    class Meta:
        model = ProcessStep
        fields = [
            "order",
            "name",
            "action",
            "performer_kind",
            "performer_unit",
            "performer_role",
            "allotted_hours",
            "parallel_group",
            "is_lead",
        ]


class ProcedureDetailSerializer(ProcedureSummarySerializer):
    code_is_illustrative = serializers.BooleanField(source="procedure.code_is_illustrative")
    version = serializers.IntegerField(source="number")
    channels = ChannelSerializer(many=True)
    components = ComponentSerializer(many=True)
    results = ResultSerializer(many=True)
    agencies = AgencySerializer(many=True)
    steps = StepSerializer(many=True, help_text="The internal process (quy trình nội bộ).")

    class Meta(ProcedureSummarySerializer.Meta):
        fields = [
            *ProcedureSummarySerializer.Meta.fields,
            "code_is_illustrative",
            "version",
            "valid_from",
            "valid_to",
            "published_at",
            "publishing_decision",
            "for_citizens",
            "for_organisations",
            "legal_basis",
            "conditions",
            "steps_description",
            "online_form_schema",
            "channels",
            "components",
            "results",
            "agencies",
            "steps",
        ]


@extend_schema(
    summary="One procedure: its published version in force, in full",
    operation_id="procedures_retrieve",
    auth=[],
    parameters=[
        OpenApiParameter(
            "code", str, OpenApiParameter.PATH, description="National code, e.g. 1.000948."
        )
    ],
    responses=ProcedureDetailSerializer,
)
@api_view(["GET"])
@permission_classes([AllowAny])
def procedure_detail(request, code: str):
    version = selectors.procedure_detail(code)
    if version is None:
        raise NotFound(_("No published procedure has the code “%(code)s”.") % {"code": code[:50]})
    return Response(ProcedureDetailSerializer(version, context={"request": request}).data)
