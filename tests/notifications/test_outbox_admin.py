"""Rule: the outbox screens are read-only; supervisors may look, only a system administrator
may replay dead deliveries (policy "notifications.view_outbox" / "notifications.manage_outbox")."""

import pytest
from django.urls import reverse

from motcua.notifications.adapters.base import PermanentError
from motcua.notifications.delivery import deliver_due
from motcua.notifications.models import Delivery, DeliveryStatus
from motcua.notifications.services import publish
from motcua.organizations.models import Role
from notifications.fakes import fake_adapter

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:notifications_delivery_changelist"


@pytest.fixture
def dead(use_adapters, clock):
    use_adapters(fake_adapter("portal", outcomes=[PermanentError("bad packet")]))
    publish(topic="dossier.received", aggregate_type="dossier", aggregate_id="A", payload={})
    deliver_due()
    return Delivery.objects.get()


def replay_through_admin(client, delivery):
    return client.post(
        reverse(CHANGELIST),
        {"action": "replay_selected", "_selected_action": [delivery.pk]},
    )


def test_a_system_administrator_replays_a_dead_delivery(client, system_admin, dead):
    client.force_login(system_admin)
    page = client.get(reverse(CHANGELIST), {"status__exact": "dead", "adapter": "portal"})
    assert page.status_code == 200
    assert b"replay_selected" in page.content
    assert replay_through_admin(client, dead).status_code == 302
    dead.refresh_from_db()
    assert dead.status == DeliveryStatus.PENDING


def test_a_supervisor_sees_the_outbox_but_cannot_replay_or_change(
    client, staff_with_role, city, dead
):
    client.force_login(staff_with_role(Role.SUPERVISOR, city))
    page = client.get(reverse(CHANGELIST))
    assert page.status_code == 200
    assert b"replay_selected" not in page.content
    assert client.get(reverse("admin:notifications_outboxevent_changelist")).status_code == 200
    change_url = reverse("admin:notifications_delivery_change", args=[dead.pk])
    assert client.get(change_url).status_code == 200
    assert client.post(change_url, {"status": "delivered"}).status_code == 403
    replay_through_admin(client, dead)
    dead.refresh_from_db()
    assert dead.status == DeliveryStatus.DEAD


@pytest.mark.parametrize("role", [Role.SPECIALIST, Role.UNIT_ADMIN, Role.RECEPTION_OFFICER])
def test_other_roles_do_not_see_the_outbox(client, staff_with_role, department, role, dead):
    client.force_login(staff_with_role(role, department))
    assert client.get(reverse(CHANGELIST)).status_code in (302, 403)


def test_the_event_page_shows_its_deliveries(client, system_admin, dead):
    client.force_login(system_admin)
    page = client.get(reverse("admin:notifications_outboxevent_change", args=[dead.event.pk]))
    assert page.status_code == 200
    assert b"bad packet" in page.content
