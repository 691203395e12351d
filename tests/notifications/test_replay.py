"""Rule: an operator may put a dead delivery back in the queue (attempts reset, audited), and
it is then delivered; only dead deliveries, and only by a system administrator."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.audit.models import AuditRecord
from motcua.notifications.adapters.base import PermanentError
from motcua.notifications.delivery import deliver_due
from motcua.notifications.models import Delivery, DeliveryStatus
from motcua.notifications.services import publish, replay, replay_all_dead
from motcua.organizations.models import Role
from notifications.fakes import fake_adapter

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_delivery(use_adapters, clock):
    adapter = use_adapters(fake_adapter(outcomes=[PermanentError("receiver was down")]))[0]
    publish(topic="dossier.received", aggregate_type="dossier", aggregate_id="A", payload={})
    deliver_due()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.DEAD
    delivery.adapter_double = adapter
    return delivery


def test_replay_puts_a_dead_delivery_back_and_it_gets_delivered(dead_delivery, system_admin, clock):
    clock.shift(dt.timedelta(hours=2))
    replay(actor=system_admin, delivery=dead_delivery)

    dead_delivery.refresh_from_db()
    assert dead_delivery.status == DeliveryStatus.PENDING
    assert dead_delivery.attempts == 0
    assert dead_delivery.last_error == ""

    deliver_due()
    dead_delivery.refresh_from_db()
    assert dead_delivery.status == DeliveryStatus.DELIVERED
    assert len(dead_delivery.adapter_double.received) == 2


def test_a_replay_is_audited_with_what_it_changed(dead_delivery, system_admin):
    replay(actor=system_admin, delivery=dead_delivery)
    entry = AuditRecord.objects.get(action="notifications.replay_delivery")
    assert entry.actor == system_admin
    assert entry.object_id == str(dead_delivery.uuid)
    assert entry.changes["status"] == ["dead", "pending"]
    assert entry.changes["attempts"] == [1, 0]
    assert "receiver was down" in entry.changes["last_error"][0]


def test_only_a_dead_delivery_can_be_replayed(dead_delivery, system_admin):
    replay(actor=system_admin, delivery=dead_delivery)
    with pytest.raises(ValidationError):
        replay(actor=system_admin, delivery=dead_delivery)


def test_only_a_system_administrator_may_replay(dead_delivery, staff_with_role, city):
    supervisor = staff_with_role(Role.SUPERVISOR, city)
    with pytest.raises(PermissionDenied):
        replay(actor=supervisor, delivery=dead_delivery)
    dead_delivery.refresh_from_db()
    assert dead_delivery.status == DeliveryStatus.DEAD


def test_replay_all_dead_leaves_the_others_alone(dead_delivery, use_adapters, system_admin):
    publish(topic="dossier.received", aggregate_type="dossier", aggregate_id="B", payload={})
    assert replay_all_dead(actor=system_admin) == 1
    assert sorted(Delivery.objects.values_list("status", "attempts")) == [
        (DeliveryStatus.PENDING, 0),
        (DeliveryStatus.PENDING, 0),
    ]
    assert AuditRecord.objects.filter(action="notifications.replay_delivery").count() == 1
