"""Rule: one policy layer decides who may do what, by role, unit subtree and ownership
(issue 2 §6). One test per role and action; an unknown action is refused loudly."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from factories.accounts import CitizenFactory, StaffUserFactory
from factories.organizations import ServicePointFactory
from motcua.organizations.models import Role
from motcua.policy import UnknownAction, can, check, registered_actions

pytestmark = pytest.mark.django_db

ORG_ACTIONS = [
    "organizations.change_unit",
    "organizations.manage_memberships",
    "organizations.change_service_point",
]


def test_system_admin_may_administer_everything_everywhere(
    system_admin, department, other_department
):
    # Dossier work (receiving, deciding) belongs to the roles that do it, not to the
    # administrator: separation of duties. Those rules have their own tests in tests/dossiers.
    # Adding files to a dossier's papers or result is dossier work too (documents app).
    dossier_work = {"documents.attach_file", "documents.attach_result_file"}
    for action in registered_actions():
        if action.startswith("dossiers.") or action in dossier_work:
            continue
        assert can(system_admin, action, department), action
        assert can(system_admin, action, other_department), action


@pytest.mark.parametrize("action", ORG_ACTIONS)
def test_unit_admin_manages_own_unit_and_its_subtree_only(
    action, staff_with_role, department, division, other_department, city
):
    admin = staff_with_role(Role.UNIT_ADMIN, department)
    assert can(admin, action, department)
    assert can(admin, action, division)
    assert not can(admin, action, other_department)
    assert not can(admin, action, city)


def test_unit_admin_may_change_a_service_point_of_own_agency_only(
    staff_with_role, department, other_department
):
    admin = staff_with_role(Role.UNIT_ADMIN, department)
    assert can(admin, "organizations.change_service_point", ServicePointFactory(agency=department))
    assert not can(
        admin, "organizations.change_service_point", ServicePointFactory(agency=other_department)
    )


def test_unit_admin_may_not_manage_accounts_nor_read_audit(staff_with_role, department):
    admin = staff_with_role(Role.UNIT_ADMIN, department)
    assert not can(admin, "accounts.manage_users")
    assert not can(admin, "audit.view_log")
    assert can(admin, "admin.access")


def test_supervisor_reads_everything_but_changes_nothing(staff_with_role, city, department):
    supervisor = staff_with_role(Role.SUPERVISOR, city)
    assert can(supervisor, "audit.view_log")
    assert can(supervisor, "reports.view_all")
    assert can(supervisor, "organizations.view_units")
    assert can(supervisor, "admin.access")
    for action in [*ORG_ACTIONS, "accounts.manage_users", "organizations.manage_areas"]:
        assert not can(supervisor, action, department), action


@pytest.mark.parametrize("role", [Role.RECEPTION_OFFICER, Role.SPECIALIST, Role.UNIT_LEADER])
def test_working_roles_see_units_but_administer_nothing(role, staff_with_role, department):
    user = staff_with_role(role, department)
    assert can(user, "organizations.view_units")
    for action in [
        *ORG_ACTIONS,
        "accounts.manage_users",
        "audit.view_log",
        "admin.access",
        "reports.view_all",
        "organizations.manage_areas",
    ]:
        assert not can(user, action, department), action


def test_citizen_has_no_staff_power_but_owns_their_token(department):
    citizen = CitizenFactory()
    for action in [*ORG_ACTIONS, "organizations.view_units", "audit.view_log", "admin.access"]:
        assert not can(citizen, action, department), action
    assert can(citizen, "accounts.create_token", citizen)
    assert not can(citizen, "accounts.create_token", StaffUserFactory())


def test_anonymous_and_deactivated_users_may_nothing(staff_with_role, city):
    assert not can(AnonymousUser(), "organizations.view_units")
    user = staff_with_role(Role.SYSTEM_ADMIN, city)
    user.is_active = False
    assert not can(user, "organizations.view_units")


def test_an_ended_role_gives_nothing(staff_with_role, department):
    from motcua.organizations.services import end_membership

    admin = staff_with_role(Role.UNIT_ADMIN, department)
    assert can(admin, "organizations.change_unit", department)
    end_membership(actor=None, membership=admin.memberships.get())
    assert not can(admin, "organizations.change_unit", department)


def test_an_unregistered_action_is_an_error_not_a_silent_yes(system_admin):
    with pytest.raises(UnknownAction):
        can(system_admin, "dossiers.teleport")


def test_check_raises_permission_denied_with_a_message(
    staff_with_role, department, other_department
):
    admin = staff_with_role(Role.UNIT_ADMIN, department)
    with pytest.raises(PermissionDenied, match=r"\w"):
        check(admin, "organizations.change_unit", other_department)
