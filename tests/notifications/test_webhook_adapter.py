"""Rule: the webhook adapter POSTs the event as JSON with an HMAC-SHA256 signature of the body
and the event id as `Idempotency-Key`; a server error is retried, a refusal is final. It is
switched on only by WEBHOOK_URL. The receiver here is a local server on 127.0.0.1."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from motcua.notifications.adapters import registry
from motcua.notifications.adapters.webhook import WebhookAdapter
from motcua.notifications.delivery import deliver_due
from motcua.notifications.models import Delivery, DeliveryStatus
from motcua.notifications.services import publish

pytestmark = pytest.mark.django_db

SECRET = "shared-test-secret"


class Receiver:
    def __init__(self):
        self.requests = []
        self.answers = []  # HTTP status codes to answer, one per request; then 204

        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                status = receiver.answers.pop(0) if receiver.answers else 204
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/motcua"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )


@pytest.fixture
def receiver(settings, monkeypatch):
    # Loopback only: never through a proxy from the environment.
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    monkeypatch.delenv("http_proxy", raising=False)
    monkeypatch.delenv("HTTP_PROXY", raising=False)
    server = Receiver()
    server.thread.start()
    settings.WEBHOOK_URL = server.url
    settings.WEBHOOK_SECRET = SECRET
    settings.WEBHOOK_TIMEOUT = 5
    settings.NOTIFICATION_ADAPTERS = ["motcua.notifications.adapters.webhook.WebhookAdapter"]
    yield server
    server.server.shutdown()
    server.server.server_close()


def publish_one():
    return publish(
        topic="dossier.received",
        aggregate_type="dossier",
        aggregate_id="000.00.11.H26-250303-0001",
        payload={"TrangThaiHoSo": 2, "ChuHoSo": "Nguyễn Văn A"},
    )


def test_the_webhook_sends_the_signature_and_idempotency_key(receiver, clock):
    event = publish_one()
    deliver_due()

    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED
    ((headers, body),) = receiver.requests
    assert headers["Idempotency-Key"] == str(event.uuid)
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Motcua-Signature"], expected)
    assert headers["Content-Type"].startswith("application/json")
    document = json.loads(body)
    assert document["id"] == str(event.uuid)
    assert document["topic"] == "dossier.received"
    assert document["aggregate"] == {"type": "dossier", "id": "000.00.11.H26-250303-0001"}
    assert document["payload"]["ChuHoSo"] == "Nguyễn Văn A"


def test_a_retry_sends_the_same_idempotency_key(receiver, clock):
    import datetime as dt

    receiver.answers = [503]
    event = publish_one()
    deliver_due()
    assert Delivery.objects.get().status == DeliveryStatus.RETRYING
    clock.shift(dt.timedelta(minutes=1))
    deliver_due()
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED
    keys = [headers["Idempotency-Key"] for headers, _body in receiver.requests]
    assert keys == [str(event.uuid), str(event.uuid)]


def test_a_refusal_by_the_receiver_is_final(receiver, clock):
    receiver.answers = [422]
    publish_one()
    deliver_due()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.DEAD
    assert "HTTP 422" in delivery.last_error


def test_an_unreachable_receiver_is_retried(receiver, clock):
    receiver.server.shutdown()
    receiver.server.server_close()
    publish_one()
    deliver_due()
    assert Delivery.objects.get().status == DeliveryStatus.RETRYING


def test_the_webhook_is_off_without_a_url(settings):
    settings.WEBHOOK_URL = ""
    settings.NOTIFICATION_ADAPTERS = ["motcua.notifications.adapters.webhook.WebhookAdapter"]
    assert registry.adapters() == {}
    assert not WebhookAdapter().enabled


def test_a_url_turns_the_webhook_on_in_the_default_list(settings):
    settings.WEBHOOK_URL = "https://receiver.example/hook"
    settings.WEBHOOK_SECRET = SECRET
    assert sorted(registry.adapters()) == ["email", "log", "webhook"]
