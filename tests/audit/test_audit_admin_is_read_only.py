"""Rule: no page, admin screen or endpoint can edit or delete the audit log (issue 2 §7)."""

import pytest
from django.urls import reverse

from motcua.audit.models import AuditRecord
from motcua.audit.services import record
from motcua.organizations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(system_admin):
    return record(actor=system_admin, action="test.entry")


def test_supervisor_reads_the_log_but_cannot_change_or_delete(client, staff_with_role, city, entry):
    supervisor = staff_with_role(Role.SUPERVISOR, city)
    client.force_login(supervisor)
    assert client.get(reverse("admin:audit_auditrecord_changelist")).status_code == 200
    change_url = reverse("admin:audit_auditrecord_change", args=[entry.pk])
    page = client.get(change_url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.post(change_url, {"action": "forged"}).status_code == 403
    delete_url = reverse("admin:audit_auditrecord_delete", args=[entry.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:audit_auditrecord_add")).status_code == 403
    entry.refresh_from_db()
    assert entry.action == "test.entry"


def test_bulk_delete_action_is_not_offered(client, system_admin, entry):
    client.force_login(system_admin)
    page = client.get(reverse("admin:audit_auditrecord_changelist"))
    assert b"delete_selected" not in page.content
    client.post(
        reverse("admin:audit_auditrecord_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert AuditRecord.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("role", [Role.SPECIALIST, Role.UNIT_ADMIN, Role.RECEPTION_OFFICER])
def test_other_roles_cannot_read_the_log(client, staff_with_role, department, role, entry):
    client.force_login(staff_with_role(role, department))
    response = client.get(reverse("admin:audit_auditrecord_changelist"))
    assert response.status_code in (302, 403)
