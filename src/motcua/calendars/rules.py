from motcua.organizations.roles import is_system_admin
from motcua.policy import rule


@rule("calendars.manage")
def may_manage_calendar(user, obj) -> bool:
    """Holiday corrections and office hours change every deadline of the province."""
    return is_system_admin(user)


@rule("calendars.view")
def may_view_calendar_admin(user, obj) -> bool:
    from motcua.organizations.roles import is_staff_member

    return is_staff_member(user)
