"""One error shape for the whole API: {"error": code, "detail": message, "fields": {...}}.

Django's ValidationError and PermissionDenied raised by services become 400 and 403 with the
service's own message, so a bad input never turns into a 500.
"""

import math

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext, ngettext
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def throttled_message(wait) -> str:
    """The refusal of a throttled request in the user's language. DRF's own text cannot be
    translated past its first sentence (it formats the number before asking for the plural),
    so a Vietnamese client read "Expected available in 60 seconds."."""
    if wait is None:
        return gettext("Too many requests from your address. Try again later.")
    seconds = math.ceil(wait)
    return ngettext(
        "Too many requests from your address. Try again in %(seconds)d second.",
        "Too many requests from your address. Try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {}
        detail = "; ".join(exc.messages)
        return Response(
            {"error": "invalid", "detail": detail, "fields": fields},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, exceptions.Throttled):
        translated = exceptions.Throttled(detail=throttled_message(exc.wait))
        translated.wait = exc.wait  # DRF's handler sets Retry-After from it
        exc = translated
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        fields = data if isinstance(data, dict) else {"non_field_errors": data}
        first = next(iter(fields.values()), "")
        message = first[0] if isinstance(first, list) and first else str(first)
        response.data = {"error": "invalid", "detail": str(message), "fields": fields}
    else:
        response.data = {
            "error": getattr(exc, "default_code", "error"),
            "detail": str(data.get("detail", data)) if isinstance(data, dict) else str(data),
        }
    return response
