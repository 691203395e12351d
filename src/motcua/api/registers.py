"""The registers: a dossier's process control sheet (Form 05) and a service point's tracking
book for one day (Form 06).

GET /api/v1/dossiers/{code}/control-sheet               for those who may see the dossier
GET /api/v1/service-points/{code}/tracking-book?day=…  the point's officers, its agency's
                                                         leaders, supervisors
"""

import dataclasses

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from motcua.api.dossiers import dossier_or_404, parse_or_400
from motcua.dossiers import registers, selectors
from motcua.organizations.models import ServicePoint
from motcua.policy import check


class ControlSheetRowSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    step = serializers.CharField()
    unit_code = serializers.CharField()
    unit_name = serializers.CharField()
    handler = serializers.CharField()
    handed_over_at = serializers.DateTimeField(allow_null=True)
    received_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.CharField()
    note = serializers.CharField()


class TrackingBookRowSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    code = serializers.CharField()
    procedure = serializers.CharField()
    sets = serializers.IntegerField()
    applicant = serializers.CharField()
    contact = serializers.CharField()
    received_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField()


def _rows(rows, serializer):
    return serializer([dataclasses.asdict(row) for row in rows], many=True).data


@extend_schema(
    summary="The process control sheet (Form 05) of a dossier",
    responses=ControlSheetRowSerializer(many=True),
)
@api_view(["GET"])
def control_sheet(request, code):
    dossier = dossier_or_404(
        parse_or_400(selectors.visible_dossier_by_reference, request.user, code)
    )
    return Response(_rows(registers.process_control_sheet(dossier), ControlSheetRowSerializer))


class BookQuery(serializers.Serializer):
    day = serializers.DateField(
        required=False,
        error_messages={"invalid": _("day must be a date written yyyy-mm-dd, e.g. 2026-03-02.")},
    )


@extend_schema(
    summary="The tracking book (Form 06) of a service point for one day",
    parameters=[BookQuery, OpenApiParameter("code", str, OpenApiParameter.PATH)],
    responses=TrackingBookRowSerializer(many=True),
)
@api_view(["GET"])
def tracking_book(request, code):
    query = BookQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    point = get_object_or_404(ServicePoint, code=code)
    check(request.user, "dossiers.view_tracking_book", point)
    day = query.validated_data.get("day") or timezone.localdate()
    return Response(_rows(registers.tracking_book(point, day), TrackingBookRowSerializer))
