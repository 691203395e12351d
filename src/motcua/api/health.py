"""GET /api/v1/health — is the service up, and can it reach its database?"""

import time

from django.db import connection
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

import motcua


def database_check() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return {"status": "error", "detail": type(error).__name__}
    return {
        "status": "ok",
        "vendor": connection.vendor,
        "latency_ms": round((time.perf_counter() - started) * 1000, 2),
    }


@extend_schema(
    summary="Health check",
    auth=[],
    responses=inline_serializer(
        "Health",
        {
            "status": serializers.ChoiceField(choices=["ok", "error"]),
            "version": serializers.CharField(),
            "database": serializers.DictField(),
        },
    ),
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def health(request):
    database = database_check()
    healthy = database["status"] == "ok"
    return Response(
        {
            "status": "ok" if healthy else "error",
            "version": motcua.__version__,
            "database": database,
        },
        status=200 if healthy else 503,
    )
