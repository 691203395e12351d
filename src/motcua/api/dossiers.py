"""Dossier reads (writes: dossier_writes.py).

GET /api/v1/public/dossiers/{code}   no login: status, procedure, dates, return point; nothing
                                     personal; throttled per address. A tracking code of an
                                     inter-agency request answers with the request instead
GET /api/v1/dossiers/{code}          the dossier, for those who may see it (404 otherwise)
GET /api/v1/dossiers/{code}/history  its history (the Form 05 view)
"""

import math

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from motcua.api.errors import throttled_message
from motcua.dossiers import selectors
from motcua.dossiers.codes import MalformedDossierCode
from motcua.dossiers.groups import GroupStatus
from motcua.dossiers.transitions import NATIONAL_STATUS, State


def dossier_or_404(dossier):
    if dossier is None:
        raise NotFound(_("No dossier has this code."))
    return dossier


def parse_or_400(function, *args):
    try:
        return function(*args)
    except MalformedDossierCode as error:
        raise serializers.ValidationError({"code": [error.message]}) from error


class PublicDossierSerializer(serializers.Serializer):
    """What anyone holding the code may know: nothing about the person."""

    kind = serializers.SerializerMethodField()
    code = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    national_status = serializers.IntegerField()
    procedure_code = serializers.CharField(source="procedure_version.procedure.code")
    procedure_name = serializers.CharField(source="procedure_version.name")
    received_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField()
    returned_at = serializers.DateTimeField()
    return_channel = serializers.CharField()
    return_point = serializers.CharField(source="return_point.name", default=None)
    return_point_address = serializers.CharField(source="return_point.address", default=None)
    group = serializers.CharField(
        source="group.code",
        default=None,
        help_text="The tracking code of the inter-agency request this dossier is part of.",
    )

    def get_kind(self, dossier) -> str:
        return "dossier"


class GroupDossierSerializer(serializers.Serializer):
    """One procedure of the request as anyone holding the tracking code may see it."""

    code = serializers.CharField(allow_null=True)
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    national_status = serializers.IntegerField()
    procedure_code = serializers.CharField(source="procedure_version.procedure.code")
    procedure_name = serializers.CharField(source="procedure_version.name")
    competent_unit_name = serializers.CharField(source="competent_unit.name", default=None)
    received_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField()
    returned_at = serializers.DateTimeField()


class PublicGroupSerializer(serializers.Serializer):
    """What anyone holding the tracking code may know: nothing about the person."""

    kind = serializers.SerializerMethodField()
    code = serializers.CharField()
    group_code = serializers.CharField(source="procedure_group.code")
    group_name = serializers.CharField(source="procedure_group.name")
    status = serializers.ChoiceField(choices=GroupStatus.choices)
    status_label = serializers.SerializerMethodField()
    requested_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    dossiers = GroupDossierSerializer(source="members_in_order", many=True)

    def get_kind(self, group) -> str:
        return "group"

    def get_status_label(self, group) -> str:
        return str(GroupStatus(group.status).label)


def public_answer(found: dict) -> dict:
    """PublicDossierSerializer's answer, built straight from the lookup's columns: the lookup is
    the most frequent request of all, and the serializer cost more than the query
    (bench/bench_lookup.py). A test keeps the two identical."""
    status = found["status"]
    return {
        "kind": "dossier",
        "code": found["code"],
        "status": status,
        "status_label": str(State(status).label),
        "national_status": NATIONAL_STATUS[status],
        "procedure_code": found["procedure_version__procedure__code"],
        "procedure_name": found["procedure_version__name"],
        "received_at": _iso(found["received_at"]),
        "due_at": _iso(found["due_at"]),
        "returned_at": _iso(found["returned_at"]),
        "return_channel": found["return_channel"],
        "return_point": found["return_point__name"],
        "return_point_address": found["return_point__address"],
        "group": found["group__code"],
    }


_DATETIME = serializers.DateTimeField()


def _iso(value):
    return None if value is None else _DATETIME.to_representation(value)


class PublicLookupThrottle(SimpleRateThrottle):
    """Per client address, logged in or not: a code is a key to a citizen's dossier status, so
    guessing codes in bulk must be slow."""

    scope = "public_lookup"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def get_ident(self, request):
        """The address the request came from, as far as this server can trust it: the peer's
        address, or behind the TLS proxy of the deployment (BEHIND_TLS_PROXY, which sets
        SECURE_PROXY_SSL_HEADER) the last address in X-Forwarded-For, the one that proxy saw.
        DRF's own rule (no NUM_PROXIES) takes the whole header as the client sent it, so a new
        made-up header on each request escaped the limit."""
        if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
            forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
            if forwarded.strip():
                return forwarded.split(",")[-1].strip()
        return request.META.get("REMOTE_ADDR")


@extend_schema(
    summary="Public lookup by code: a dossier, or an inter-agency request by its tracking code",
    auth=[],
    responses=PolymorphicProxySerializer(
        component_name="PublicLookup",
        serializers=[PublicDossierSerializer, PublicGroupSerializer],
        resource_type_field_name="kind",
    ),
)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([PublicLookupThrottle])
def public_dossier(request, code):
    found = parse_or_400(selectors.public_dossier_by_code, code)
    if found is not None:
        return Response(public_answer(found))
    # Dossier and group codes come from one counter: a code is one or the other.
    group = dossier_or_404(selectors.group_by_code(code))
    return Response(PublicGroupSerializer(group).data)


def public_lookup(request, code):
    """The view behind the lookup's URL. GET is answered here, without DRF's per-request work
    (content negotiation, authentication, the renderer), which cost as much as the lookup
    itself on the most frequent request of all (bench/bench_lookup.py); the answers, errors
    included, are the DRF view's (`public_dossier`), which a test checks case by case. Any
    other method goes to the DRF view (405)."""
    if request.method not in ("GET", "HEAD"):
        return public_dossier(request, code)
    throttle = PublicLookupThrottle()
    if not throttle.allow_request(request, None):
        wait = throttle.wait()
        response = _error(429, "throttled", throttled_message(wait))
        if wait is not None:
            response["Retry-After"] = str(math.ceil(wait))
        return response
    try:
        found = selectors.public_dossier_by_code(code)
    except MalformedDossierCode as error:
        return _error(400, "invalid", error.message, fields={"code": [error.message]})
    if found is not None:
        return _json(public_answer(found))
    group = selectors.group_by_code(code)
    if group is None:
        return _error(404, "not_found", str(_("No dossier has this code.")))
    return _json(PublicGroupSerializer(group).data)


# The OpenAPI schema describes this URL by the DRF view's contract (drf-spectacular reads
# `cls` and `initkwargs`, which DRF's as_view() sets on the views it makes).
public_lookup.cls = public_dossier.cls
public_lookup.initkwargs = public_dossier.initkwargs


def _json(data: dict, status: int = 200) -> JsonResponse:
    # As DRF's renderer writes it: UTF-8, Vietnamese letters not escaped.
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _error(status: int, error: str, detail: str, **extra) -> JsonResponse:
    """The API's one error shape (api/errors.py)."""
    return _json({"error": error, "detail": detail, **extra}, status=status)


class SubmittedComponentSerializer(serializers.Serializer):
    name = serializers.CharField()
    form = serializers.CharField()
    quantity = serializers.IntegerField()
    digitised = serializers.BooleanField()
    reuse = serializers.IntegerField()


class DossierFeeSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    amount_vnd = serializers.IntegerField()


class DossierSerializer(PublicDossierSerializer):
    id = serializers.UUIDField(source="uuid")
    channel = serializers.CharField()
    applicant_kind = serializers.CharField()
    applicant_name = serializers.CharField()
    applicant_identity_number = serializers.CharField()
    applicant_address = serializers.CharField()
    applicant_phone = serializers.CharField()
    applicant_email = serializers.CharField()
    representative_name = serializers.CharField()
    summary = serializers.CharField()
    receiving_point = serializers.CharField(source="receiving_point.code", default=None)
    receiving_agency = serializers.CharField(source="receiving_agency.code", default=None)
    competent_unit = serializers.CharField(source="competent_unit.code", default=None)
    legal_hours = serializers.DecimalField(max_digits=8, decimal_places=2)
    rescheduled = serializers.BooleanField()
    has_digitised_components = serializers.BooleanField()
    components = SubmittedComponentSerializer(many=True)
    fees = DossierFeeSerializer(many=True)


class HistoryEntrySerializer(serializers.Serializer):
    occurred_at = serializers.DateTimeField()
    action = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    actor = serializers.CharField(source="actor_label")
    unit = serializers.CharField(source="unit.code", default=None)
    note = serializers.CharField()


@extend_schema(summary="A dossier (for those who may see it)", responses=DossierSerializer)
@api_view(["GET"])
def dossier_detail(request, code):
    dossier = dossier_or_404(parse_or_400(selectors.visible_dossier, request.user, code))
    return Response(DossierSerializer(dossier).data)


@extend_schema(summary="The history of a dossier", responses=HistoryEntrySerializer(many=True))
@api_view(["GET"])
def dossier_history(request, code):
    dossier = dossier_or_404(parse_or_400(selectors.visible_dossier, request.user, code))
    return Response(HistoryEntrySerializer(selectors.history_of(dossier), many=True).data)
