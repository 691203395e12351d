"""`Idempotency-Key`: a retried write is answered again, never applied again.

A counter PC on a flaky network that lost the answer to POST /dossiers retries with the same
key: it must get the FIRST answer, and the applicant must get one dossier, not two.

How it holds under concurrency: the record is INSERTed at the start of the same transaction
that runs the service. A simultaneous retry's INSERT then waits on the unique index (user, key)
until the first transaction ends: after a commit it fails, reads the committed record and
replays it; after a rollback it goes ahead and runs the service itself. So one key is applied
at most once without any lock of our own.

Only successful (2xx) answers are kept. A refused request changed nothing (its transaction,
record included, is rolled back), so retrying it simply runs it again — which is what a client
that fixed its input, or whose permission was granted meanwhile, expects.
"""

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from motcua.api.models import IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
#: Records older than this may be purged; a client retries within minutes, not days.
RETENTION = timedelta(hours=24)

#: For the OpenAPI description of every endpoint that honours the header.
HEADER_PARAMETER = OpenApiParameter(
    HEADER,
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Any unique string up to 255 visible ASCII characters (a UUID is a good "
    "choice). A retry with the same key gets the first answer and changes nothing again; "
    "the same key with a different body is refused with 422. Keys are kept 24 hours.",
)


class KeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"
    default_detail = _(
        "This Idempotency-Key was already used for a different request: use a new key for a "
        "new request."
    )


def _valid_key(raw: str) -> str:
    if not 1 <= len(raw) <= MAX_KEY_LENGTH or not all(33 <= ord(c) <= 126 for c in raw):
        raise serializers.ValidationError(
            {
                HEADER: [
                    _(
                        "The Idempotency-Key header must be 1 to 255 visible ASCII characters, "
                        "without spaces."
                    )
                ]
            }
        )
    return raw


def fingerprint(request) -> str:
    """SHA-256 of the body as parsed, with sorted keys: the same request sent by another JSON
    library (other spacing, other key order) is still the same request."""
    data = request.data
    if isinstance(data, QueryDict):
        data = dict(data.lists())
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=_plain)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _plain(value) -> str:
    """An uploaded file by its name and content: the same key with another file is another
    request (refused), not a replay."""
    if isinstance(value, UploadedFile):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return f"file:{value.name}:{digest.hexdigest()}"
    return str(value)


def _as_stored_json(data):
    # Exactly what the client received the first time (dates, decimals and UUIDs as rendered).
    return json.loads(JSONRenderer().render(data))


def _replay(record: IdempotencyRecord, endpoint: str, digest: str) -> Response:
    if record.endpoint != endpoint or record.fingerprint != digest:
        raise KeyReused()
    return Response(
        record.response_body,
        status=record.response_status,
        headers={"Idempotent-Replayed": "true"},
    )


def idempotent(request, run: Callable[[], Response]) -> Response:
    """Run `run()` (which calls one service and renders its answer) at most once per key.

    Without the header the request simply runs. Exceptions from `run` propagate (and roll the
    record back with the service's own changes), to become the API's usual error answers.
    """
    raw = request.headers.get(HEADER)
    if raw is None:
        return run()
    key = _valid_key(raw)
    endpoint = f"{request.method} {request.path}"[:300]
    digest = fingerprint(request)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user=request.user, key=key, endpoint=endpoint, fingerprint=digest
                )
        except IntegrityError:
            return _replay(
                IdempotencyRecord.objects.get(user=request.user, key=key), endpoint, digest
            )
        response = run()
        if not status.is_success(response.status_code):
            transaction.set_rollback(True)
            return response
        record.response_status = response.status_code
        record.response_body = _as_stored_json(response.data)
        record.save(update_fields=["response_status", "response_body"])
    return response


def purge_expired(*, now=None) -> int:
    """Delete the records older than RETENTION; returns how many."""
    cutoff = (now or timezone.now()) - RETENTION
    deleted, _per_model = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
