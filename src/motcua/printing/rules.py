"""Who manages the printed forms' templates and certificates."""

from motcua.organizations.models import Role
from motcua.organizations.roles import has_role_over, is_staff_member, is_system_admin
from motcua.policy import rule


@rule("printing.view")
def may_view_printing_setup(user, obj=None) -> bool:
    """Staff see the templates and certificates in the admin (citizens do not)."""
    return is_staff_member(user)


@rule("printing.manage_templates")
def may_manage_templates(user, unit=None) -> bool:
    """System administrators, for any unit or everywhere; a unit's administrators, for their
    unit and the units below it."""
    if is_system_admin(user):
        return True
    unit = getattr(unit, "unit", unit)  # a FormTemplate, or a unit
    return unit is not None and has_role_over(user, unit, Role.UNIT_ADMIN)


@rule("printing.manage_certificates")
def may_manage_certificates(user, obj=None) -> bool:
    """Only system administrators say which key signs a unit's forms."""
    return is_system_admin(user)
