"""Rule: an event is written in the caller's transaction, with one pending delivery per
subscribed adapter, and one delivery run is queued after the commit — never before it."""

import pytest
from django.db import transaction

from motcua.notifications.models import Delivery, DeliveryStatus, OutboxEvent
from motcua.notifications.services import publish
from notifications.fakes import fake_adapter

pytestmark = pytest.mark.django_db


def publish_received(code="000.00.11.H26-250303-0001", **payload):
    return publish(
        topic="dossier.received", aggregate_type="dossier", aggregate_id=code, payload=payload
    )


def test_a_rolled_back_transaction_leaves_no_event(use_adapters):
    use_adapters(fake_adapter())

    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        publish_received()
        raise Refused

    assert not OutboxEvent.objects.exists()
    assert not Delivery.objects.exists()


def test_one_event_gets_one_pending_delivery_per_subscribed_adapter(use_adapters):
    use_adapters(
        fake_adapter("all", topics=("*",)),
        fake_adapter("dossiers", topics=("dossier.*",)),
        fake_adapter("ratings", topics=("rating.*",)),
    )
    event = publish_received(note="x")

    deliveries = {d.adapter: d for d in event.deliveries.all()}
    assert set(deliveries) == {"all", "dossiers"}
    assert all(d.status == DeliveryStatus.PENDING for d in deliveries.values())
    assert all(d.attempts == 0 for d in deliveries.values())
    assert event.payload == {"note": "x"}


def test_the_embedded_default_subscribes_the_log_and_e_mail_adapters(settings):
    event = publish_received()
    assert sorted(event.deliveries.values_list("adapter", flat=True)) == ["email", "log"]


def test_nothing_is_delivered_before_the_commit(use_adapters, django_capture_on_commit_callbacks):
    adapter = use_adapters(fake_adapter())[0]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish_received()
    assert adapter.received == []
    assert len(callbacks) == 1


def test_one_delivery_run_is_queued_per_transaction(
    use_adapters, django_capture_on_commit_callbacks
):
    adapter = use_adapters(fake_adapter())[0]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        publish_received("A")
        publish_received("B")
    assert len(callbacks) == 1
    # The immediate task backend of the tests ran the delivery after the commit.
    assert sorted(event.aggregate_id for event in adapter.received) == ["A", "B"]
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}


def test_a_rolled_back_savepoint_does_not_cancel_the_run_of_a_later_event(
    use_adapters, django_capture_on_commit_callbacks
):
    adapter = use_adapters(fake_adapter())[0]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                publish_received("lost")
                raise RuntimeError
        except RuntimeError:
            pass
        publish_received("kept")
    assert len(callbacks) == 1
    assert [event.aggregate_id for event in adapter.received] == ["kept"]


def test_a_payload_must_be_a_json_object(use_adapters):
    use_adapters(fake_adapter())
    with pytest.raises(TypeError):
        publish(topic="dossier.received", aggregate_type="dossier", aggregate_id="A", payload=[1])
    assert not OutboxEvent.objects.exists()
