"""Rule: `motcua outbox dead` lists the dead letters, `motcua outbox replay` puts them back
(one by id, or all), `motcua outbox deliver` delivers what is due now."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from motcua.audit.models import AuditRecord
from motcua.notifications.adapters.base import PermanentError
from motcua.notifications.delivery import deliver_due
from motcua.notifications.models import Delivery, DeliveryStatus
from motcua.notifications.services import publish
from notifications.fakes import fake_adapter

pytestmark = pytest.mark.django_db


def outbox(*args) -> str:
    out = io.StringIO()
    call_command("outbox", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def two_dead(use_adapters, clock):
    use_adapters(fake_adapter("portal", outcomes=[PermanentError("HTTP 400 bad packet")] * 2))
    for code in ("000.00.11.H26-250303-0001", "000.00.11.H26-250303-0002"):
        publish(topic="dossier.received", aggregate_type="dossier", aggregate_id=code, payload={})
    deliver_due()
    return list(Delivery.objects.order_by("id"))


def test_the_command_prints_the_dead_list(two_dead):
    text = outbox("dead")
    for delivery in two_dead:
        assert str(delivery.uuid) in text
    assert "dossier:000.00.11.H26-250303-0002" in text
    assert "HTTP 400 bad packet" in text
    assert "03/03/2025 09:00" in text  # local time, dd/mm/yyyy
    assert "2 dead" in text


def test_the_command_says_so_when_nothing_is_dead(db):
    assert "No dead deliveries" in outbox("dead")


def test_the_command_replays_one_delivery_by_id_and_audits_it(two_dead):
    first, second = two_dead
    outbox("replay", str(first.uuid))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (DeliveryStatus.PENDING, DeliveryStatus.DEAD)
    entry = AuditRecord.objects.get(action="notifications.replay_delivery")
    assert entry.channel == "command"
    assert entry.actor is None


def test_the_command_replays_all_dead_and_deliver_sends_them(two_dead):
    assert "Replayed 2" in outbox("replay", "--all-dead")
    assert "Delivered 2" in outbox("deliver")
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}
    assert "No dead deliveries" in outbox("dead")


@pytest.mark.parametrize("argument", ["not-a-uuid", "3f1c7c4e-9a51-4c2b-8d2e-1f0d6f0b9a11"])
def test_the_command_refuses_an_unknown_delivery_clearly(db, argument):
    with pytest.raises(CommandError):
        outbox("replay", argument)


def test_replaying_a_delivery_that_is_not_dead_is_refused(two_dead):
    outbox("replay", str(two_dead[0].uuid))
    with translation.override("en"), pytest.raises(CommandError, match="Only a dead delivery"):
        outbox("replay", str(two_dead[0].uuid))
