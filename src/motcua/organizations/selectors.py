"""Reads of organisations, filtered by what the asking user may see."""

from django.db.models import Q, QuerySet

from motcua.organizations.models import AdministrativeArea, Membership, Role, ServicePoint, Unit
from motcua.organizations.roles import current_memberships, has_role_anywhere, is_system_admin


def province_communes(province_code: str) -> QuerySet[AdministrativeArea]:
    return AdministrativeArea.objects.filter(parent__code=province_code).order_by("name")


def active_service_points() -> QuerySet[ServicePoint]:
    return ServicePoint.objects.filter(closed_on__isnull=True).select_related("agency", "area")


def units_administered_by(user) -> QuerySet[Unit]:
    """Units the user may change: all for a system administrator, else the subtrees where the
    user is unit administrator."""
    if is_system_admin(user):
        return Unit.objects.all()
    paths = [m.unit.path for m in current_memberships(user) if m.role == Role.UNIT_ADMIN]
    if not paths:
        return Unit.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Unit.objects.filter(condition)


def units_visible_to(user) -> QuerySet[Unit]:
    if is_system_admin(user) or has_role_anywhere(user, Role.SUPERVISOR):
        return Unit.objects.all()
    if current_memberships(user):
        return Unit.objects.all()
    return Unit.objects.none()


def memberships_administered_by(user) -> QuerySet[Membership]:
    return Membership.objects.filter(unit__in=units_administered_by(user)).select_related(
        "user", "unit", "service_point"
    )
