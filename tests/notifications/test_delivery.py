"""Rule: the worker delivers each due delivery once; a failure is retried with exponential
back-off and jitter until the attempts run out, a permanent error goes straight to the dead
letters, and a delivered delivery is never delivered again."""

import datetime as dt
import random

import pytest

from motcua.notifications.adapters.base import PermanentError
from motcua.notifications.delivery import deliver_due, retry_delay
from motcua.notifications.models import Delivery, DeliveryStatus
from motcua.notifications.services import publish
from notifications.fakes import T0, fake_adapter

pytestmark = pytest.mark.django_db


def publish_one(code="000.00.11.H26-250303-0001"):
    return publish(
        topic="dossier.received", aggregate_type="dossier", aggregate_id=code, payload={"n": 1}
    )


def only_delivery() -> Delivery:
    return Delivery.objects.get()


def test_success_marks_delivered_once_and_a_second_run_delivers_nothing(use_adapters, clock):
    (adapter,) = use_adapters(fake_adapter())
    event = publish_one()

    first = deliver_due()
    second = deliver_due()

    assert (first.delivered, second.attempted) == (1, 0)
    assert len(adapter.received) == 1
    delivery = only_delivery()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.delivered_at == T0
    assert delivery.attempts == 1
    assert delivery.next_attempt_at is None
    assert adapter.received[0].id == event.uuid


def test_the_adapter_receives_the_event_id_and_the_attempt_number(use_adapters, clock):
    (adapter,) = use_adapters(fake_adapter(outcomes=[ConnectionError("down")]))
    event = publish_one()
    deliver_due()
    clock.shift(dt.timedelta(hours=1))
    deliver_due()
    assert [(e.id, e.attempt) for e in adapter.received] == [(event.uuid, 1), (event.uuid, 2)]
    assert adapter.received[0].payload == {"n": 1}


def test_a_failure_schedules_a_retry_with_back_off(use_adapters, clock):
    use_adapters(fake_adapter(outcomes=[ConnectionError("refused")] * 3))
    publish_one()

    report = deliver_due()

    assert report.retrying == 1
    delivery = only_delivery()
    assert delivery.status == DeliveryStatus.RETRYING
    assert delivery.attempts == 1
    assert "ConnectionError: refused" in delivery.last_error
    wait = delivery.next_attempt_at - T0
    assert dt.timedelta(seconds=22.5) <= wait <= dt.timedelta(seconds=30)

    # Not due yet: a run now does nothing.
    assert deliver_due().attempted == 0
    clock.shift(wait)
    deliver_due()
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert (
        dt.timedelta(seconds=45)
        <= delivery.next_attempt_at - (T0 + wait)
        <= dt.timedelta(seconds=60)
    )


def test_back_off_doubles_from_30_seconds_up_to_6_hours_less_at_most_a_quarter():
    rng = random.Random(7)
    for attempts, ceiling in [(1, 30), (2, 60), (3, 120), (6, 960), (11, 6 * 3600), (40, 6 * 3600)]:
        for _ in range(20):
            wait = retry_delay(attempts, rng=rng).total_seconds()
            assert 0.75 * ceiling <= wait <= ceiling
    # The jitter spreads deliveries that failed together.
    assert len({retry_delay(3, rng=rng) for _ in range(10)}) > 1


def test_after_the_last_allowed_attempt_the_delivery_is_dead(use_adapters, clock, settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    (adapter,) = use_adapters(fake_adapter(outcomes=[TimeoutError("slow")] * 10))
    publish_one()

    for _ in range(5):
        deliver_due()
        clock.shift(dt.timedelta(hours=7))

    delivery = only_delivery()
    assert delivery.status == DeliveryStatus.DEAD
    assert delivery.attempts == 3
    assert delivery.next_attempt_at is None
    assert len(adapter.received) == 3


def test_a_permanent_error_is_dead_at_once(use_adapters, clock):
    (adapter,) = use_adapters(fake_adapter(outcomes=[PermanentError("rejected by receiver")]))
    publish_one()

    report = deliver_due()
    clock.shift(dt.timedelta(days=1))
    deliver_due()

    assert report.dead == 1
    delivery = only_delivery()
    assert delivery.status == DeliveryStatus.DEAD
    assert delivery.attempts == 1
    assert "rejected by receiver" in delivery.last_error
    assert len(adapter.received) == 1


def test_a_failing_adapter_does_not_hold_up_the_others(use_adapters, clock):
    use_adapters(fake_adapter("good"), fake_adapter("bad", outcomes=[ConnectionError()] * 5))
    publish_one()
    deliver_due()
    statuses = dict(Delivery.objects.values_list("adapter", "status"))
    assert statuses == {"good": DeliveryStatus.DELIVERED, "bad": DeliveryStatus.RETRYING}


def test_a_delivery_to_an_adapter_switched_off_is_retried_not_lost(use_adapters, clock):
    use_adapters(fake_adapter("sms"))
    publish_one()
    use_adapters(fake_adapter("other"))

    deliver_due()

    delivery = only_delivery()
    assert delivery.status == DeliveryStatus.RETRYING
    assert "'sms' is not configured" in delivery.last_error


def test_a_run_stops_at_its_limit_and_says_so(use_adapters, clock):
    use_adapters(fake_adapter())
    for number in range(3):
        publish_one(f"A-{number}")
    report = deliver_due(limit=2)
    assert (report.delivered, report.limit_reached) == (2, True)
    report = deliver_due(limit=2)
    assert (report.delivered, report.limit_reached) == (1, False)


def test_the_logging_adapter_writes_one_line_per_event(settings, clock, caplog):
    settings.NOTIFICATION_ADAPTERS = ["motcua.notifications.adapters.log.LoggingAdapter"]
    event = publish_one()
    with caplog.at_level("INFO", logger="motcua.outbox"):
        deliver_due()
    lines = [r.getMessage() for r in caplog.records if r.name == "motcua.outbox"]
    assert len(lines) == 1
    assert str(event.uuid) in lines[0]
    assert "dossier.received" in lines[0]
    assert only_delivery().status == DeliveryStatus.DELIVERED
