"""POST each event as JSON to one configured URL, signed, with the event id as idempotency key.

The skeleton of every HTTP connector (the national portal's will add its own login and
packet): the receiver checks `X-Motcua-Signature` = "sha256=" + hex HMAC-SHA256 of the raw
body with the shared secret, and deduplicates by `Idempotency-Key` (the event id), because a
retry after a lost answer sends the same event again.
"""

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.core.serializers.json import DjangoJSONEncoder

from motcua.notifications import conf
from motcua.notifications.adapters.base import OutgoingEvent, PermanentError

SIGNATURE_HEADER = "X-Motcua-Signature"
# Answers that a later attempt may turn into a success; every other 4xx is final.
RETRYABLE_CLIENT_ERRORS = {408, 409, 425, 429}


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # urllib would follow a 302 after a POST as a GET without the body: a moved endpoint is a
    # configuration error the operator must see, not something to paper over.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def encode(event: OutgoingEvent) -> bytes:
    document = {
        "id": str(event.id),
        "topic": event.topic,
        "aggregate": {"type": event.aggregate_type, "id": event.aggregate_id},
        "payload": event.payload,
        "created_at": event.created_at.isoformat(),
    }
    return json.dumps(
        document, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode()


class WebhookAdapter:
    key = "webhook"

    def __init__(self) -> None:
        self.url = conf.webhook_url()
        self.secret = conf.webhook_secret()
        self.topics = tuple(conf.webhook_topics())
        self.timeout = conf.webhook_timeout()
        self.enabled = bool(self.url)
        self._opener = urllib.request.build_opener(_NoRedirects)

    def deliver(self, event: OutgoingEvent) -> None:
        if urlsplit(self.url).scheme not in ("http", "https"):
            raise PermanentError(f"WEBHOOK_URL must be http(s): {self.url!r}")
        body = encode(event)
        request = urllib.request.Request(  # noqa: S310  (scheme checked above)
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Idempotency-Key": str(event.id),
                "X-Motcua-Topic": event.topic,
                SIGNATURE_HEADER: sign(body, self.secret),
                "User-Agent": "motcua-outbox/1",
            },
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as error:
            if 300 <= error.code < 500 and error.code not in RETRYABLE_CLIENT_ERRORS:
                raise PermanentError(f"HTTP {error.code} from the webhook") from error
            raise
