"""Policy rules for organisations, accounts and the audit log.

Role facts live in this app, so the rules that rest only on roles are registered here; later
apps register their own (dossiers: ownership by citizens, work of a unit).
"""

from motcua.organizations.models import Role, ServicePoint, Unit
from motcua.organizations.roles import (
    has_role_anywhere,
    has_role_over,
    is_staff_member,
    is_system_admin,
)
from motcua.policy import rule


@rule("organizations.view_units")
def may_view_units(user, obj) -> bool:
    # The tree of agencies is public knowledge; every staff member may browse it.
    return is_staff_member(user)


@rule("organizations.change_unit")
def may_change_unit(user, unit: Unit | None) -> bool:
    """Create a unit under `unit`, or change `unit` itself."""
    if is_system_admin(user):
        return True
    return unit is not None and has_role_over(user, unit, Role.UNIT_ADMIN)


@rule("organizations.change_service_point")
def may_change_service_point(user, point: ServicePoint | Unit | None) -> bool:
    if is_system_admin(user):
        return True
    agency = point.agency if isinstance(point, ServicePoint) else point
    return agency is not None and has_role_over(user, agency, Role.UNIT_ADMIN)


@rule("organizations.manage_memberships")
def may_manage_memberships(user, unit: Unit | None) -> bool:
    if is_system_admin(user):
        return True
    return unit is not None and has_role_over(user, unit, Role.UNIT_ADMIN)


@rule("organizations.manage_areas")
def may_manage_areas(user, obj) -> bool:
    return is_system_admin(user)


@rule("accounts.manage_users")
def may_manage_users(user, obj) -> bool:
    # Unit administrators grant roles in their units, but accounts (passwords, activation) are
    # the system administrator's: a unit administrator must not reset a superior's password.
    return is_system_admin(user)


@rule("accounts.create_token")
def may_create_token(user, owner) -> bool:
    """Anyone may hold a token of their own; only a system administrator makes one for others."""
    return owner is None or owner.pk == user.pk or is_system_admin(user)


@rule("audit.view_log")
def may_view_audit_log(user, obj) -> bool:
    return has_role_anywhere(user, Role.SYSTEM_ADMIN, Role.SUPERVISOR)


@rule("reports.view_all")
def may_view_all_reports(user, obj) -> bool:
    return has_role_anywhere(user, Role.SYSTEM_ADMIN, Role.SUPERVISOR)


@rule("admin.access")
def may_use_admin(user, obj) -> bool:
    return has_role_anywhere(user, Role.SYSTEM_ADMIN, Role.UNIT_ADMIN, Role.SUPERVISOR)
