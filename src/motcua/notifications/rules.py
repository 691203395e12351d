from motcua.organizations.models import Role
from motcua.organizations.roles import has_role_anywhere, is_system_admin
from motcua.policy import rule


@rule("notifications.manage_outbox")
def may_manage_outbox(user, obj) -> bool:
    """Replaying a dead delivery sends to an outside system again: the system administrator's."""
    return is_system_admin(user)


@rule("notifications.view_outbox")
def may_view_outbox(user, obj) -> bool:
    # Supervisors watch synchronisation failures, the first cause of false "overdue" flags.
    return has_role_anywhere(user, Role.SYSTEM_ADMIN, Role.SUPERVISOR)
