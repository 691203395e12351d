"""Rule: django-tasks has no scheduler, so a run that leaves retries behind queues one
deferred run for the earliest retry — and only one, however many runs ask."""

import datetime as dt

import pytest
from django.core import checks

from motcua.notifications.delivery import deliver_due
from motcua.notifications.models import Delivery
from motcua.notifications.scheduling import keep_moving
from motcua.notifications.services import publish
from motcua.notifications.tasks import deliver_outbox
from notifications.fakes import T0, fake_adapter

pytestmark = pytest.mark.django_db


@pytest.fixture
def deferring_backend(settings):
    """A task backend that keeps what is queued (and accepts run_after), like the database one."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = deliver_outbox.get_backend()
    backend.clear()
    return backend


def queued_runs(backend):
    return [result.task.run_after for result in backend.results]


def test_a_pending_retry_queues_one_deferred_run_at_its_time(
    use_adapters, clock, deferring_backend
):
    use_adapters(fake_adapter(outcomes=[ConnectionError()] * 5))
    publish(topic="dossier.received", aggregate_type="dossier", aggregate_id="A", payload={})
    deferring_backend.clear()  # the run queued by the publish itself (no commit here anyway)
    deliver_due()
    retry_at = Delivery.objects.get().next_attempt_at

    assert keep_moving(more_due_now=False) == retry_at
    assert keep_moving(more_due_now=False) == retry_at
    assert queued_runs(deferring_backend) == [retry_at]


def test_an_earlier_retry_queues_an_earlier_run(use_adapters, clock, deferring_backend):
    use_adapters(fake_adapter(outcomes=[ConnectionError()] * 10))
    publish(topic="dossier.received", aggregate_type="dossier", aggregate_id="A", payload={})
    for _ in range(4):  # the back-off has grown to minutes
        clock.shift(dt.timedelta(hours=1))
        deliver_due()
    keep_moving(more_due_now=False)
    late = Delivery.objects.get().next_attempt_at

    publish(topic="dossier.received", aggregate_type="dossier", aggregate_id="B", payload={})
    deliver_due()
    early = Delivery.objects.get(event__aggregate_id="B").next_attempt_at
    keep_moving(more_due_now=False)

    assert early < late
    assert queued_runs(deferring_backend)[-2:] == [late, early]


def test_nothing_is_queued_when_nothing_is_open(use_adapters, clock, deferring_backend):
    use_adapters(fake_adapter())
    publish(topic="dossier.received", aggregate_type="dossier", aggregate_id="A", payload={})
    deliver_due()
    deferring_backend.clear()
    assert keep_moving(more_due_now=False) is None
    assert deferring_backend.results == []


def test_a_run_that_hit_its_limit_queues_the_next_at_once(clock, deferring_backend):
    assert keep_moving(more_due_now=True) == T0
    assert queued_runs(deferring_backend) == [None]


def test_a_webhook_without_a_secret_fails_the_system_checks(settings):
    settings.WEBHOOK_URL = "https://receiver.example/hook"
    settings.WEBHOOK_SECRET = ""
    ids = {message.id for message in checks.run_checks()}
    assert "notifications.E001" in ids
