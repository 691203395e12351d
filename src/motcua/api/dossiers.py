"""Dossier endpoints (reads for now; reception and actions arrive with their services).

GET /api/v1/public/dossiers/{code}   no login: status, procedure, dates, return point; nothing
                                     personal; throttled per address
GET /api/v1/dossiers/{code}          the dossier, for those who may see it (404 otherwise)
GET /api/v1/dossiers/{code}/history  its history (the Form 05 view)
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from motcua.dossiers import selectors
from motcua.dossiers.codes import MalformedDossierCode


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


class PublicLookupThrottle(SimpleRateThrottle):
    """Per client address, logged in or not: a code is a key to a citizen's dossier status, so
    guessing codes in bulk must be slow."""

    scope = "public_lookup"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


@extend_schema(
    summary="Public lookup of a dossier by its code", auth=[], responses=PublicDossierSerializer
)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([PublicLookupThrottle])
def public_dossier(request, code):
    dossier = dossier_or_404(parse_or_400(selectors.dossier_by_code, code))
    return Response(PublicDossierSerializer(dossier).data)


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
