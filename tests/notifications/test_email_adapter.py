"""Rule: the e-mail adapter sends through django.core.mail to the payload's "email" address,
with its "subject" and "body"; an event without an address is skipped quietly."""

import pytest
from django.core import mail

from motcua.notifications.delivery import deliver_due
from motcua.notifications.models import Delivery, DeliveryStatus
from motcua.notifications.services import publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def email_only(settings):
    settings.NOTIFICATION_ADAPTERS = ["motcua.notifications.adapters.email.EmailAdapter"]


def publish_with(**payload):
    return publish(
        topic="dossier.result_ready",
        aggregate_type="dossier",
        aggregate_id="000.00.11.H26-250303-0001",
        payload=payload,
    )


def test_the_e_mail_goes_through_django_mail_to_the_payload_address(clock):
    event = publish_with(
        email="nguyen.van.a@example.vn",
        subject="Kết quả hồ sơ 000.00.11.H26-250303-0001",
        body="Hồ sơ của ông/bà đã có kết quả.",
    )
    deliver_due()

    (message,) = mail.outbox
    assert message.to == ["nguyen.van.a@example.vn"]
    assert message.subject == "Kết quả hồ sơ 000.00.11.H26-250303-0001"
    assert message.body == "Hồ sơ của ông/bà đã có kết quả."
    assert message.extra_headers["Message-ID"] == f"<{event.uuid}@motcua.outbox>"
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED


def test_an_event_without_an_address_is_skipped_quietly(clock):
    publish_with(subject="x", body="y")
    deliver_due()
    assert mail.outbox == []
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED


@pytest.mark.parametrize(
    "payload",
    [
        {"email": "not an address", "subject": "s", "body": "b"},
        {"email": "a@example.vn", "body": "no subject"},
        {"email": "a@example.vn", "subject": "Bcc: x@evil.example\nHi", "body": "b"},
    ],
)
def test_an_e_mail_that_can_never_be_sent_is_dead_at_once(clock, payload):
    publish_with(**payload)
    deliver_due()
    assert mail.outbox == []
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DEAD, 1)
