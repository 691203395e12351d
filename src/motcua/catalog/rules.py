from motcua.organizations.roles import is_staff_member, is_system_admin
from motcua.policy import rule


@rule("catalog.view_drafts")
def may_view_draft_versions(user, obj) -> bool:
    """Published procedures are public; drafts are for staff."""
    return is_staff_member(user)


@rule("catalog.manage")
def may_manage_catalogue(user, obj) -> bool:
    """Procedures bind every unit of the province: the system administrator maintains them."""
    return is_system_admin(user)
