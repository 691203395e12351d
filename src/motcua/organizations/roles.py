"""Facts about a staff member's current roles, read once per request and kept on the user.

The policy rules (rules.py here and in later apps) are built from these few questions.
"""

from motcua.organizations.models import Membership, Role, Unit

_CACHE_ATTRIBUTE = "_motcua_memberships"


def current_memberships(user) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = list(
            Membership.objects.current()
            .filter(user=user, unit__dissolved_on__isnull=True)
            .select_related("unit", "service_point")
        )
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_memberships(user) -> None:
    """Called after a role is granted or ended, so the next question reads afresh."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def is_system_admin(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or any(
        m.role == Role.SYSTEM_ADMIN for m in current_memberships(user)
    )


def has_role_anywhere(user, *roles: str) -> bool:
    if Role.SYSTEM_ADMIN in roles and is_system_admin(user):
        return True
    return any(m.role in roles for m in current_memberships(user))


def has_role_over(user, unit: Unit, *roles: str) -> bool:
    """True when the user holds one of `roles` in `unit` or in a unit above it."""
    return any(
        m.role in roles and unit.path.startswith(m.unit.path) for m in current_memberships(user)
    )


def units_with_role(user, *roles: str) -> list[Unit]:
    return [m.unit for m in current_memberships(user) if m.role in roles]


def is_staff_member(user) -> bool:
    return is_system_admin(user) or bool(current_memberships(user))
