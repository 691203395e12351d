"""Writes to organisations: one function per use case, one transaction each, audited.

`actor=None` means the system itself (a management command run by an operator with shell
access, or a migration); every call made on behalf of a person passes that person, and the
policy layer decides.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from vietnam_provinces import Province, Ward

from motcua.audit.services import describe_changes, record
from motcua.organizations.models import (
    AdministrativeArea,
    AreaLevel,
    AreaName,
    Membership,
    Role,
    ServicePoint,
    Unit,
    UnitName,
)
from motcua.organizations.roles import forget_memberships
from motcua.policy import authorize


def province_code(code: int) -> str:
    return f"{int(code):02d}"


def commune_code(code: int) -> str:
    return f"{int(code):05d}"


@transaction.atomic
def sync_areas_from_package(*, actor=None) -> dict:
    """Load the 34 provinces and 3,321 communes of `vietnam-provinces`; safe to run again.

    New areas are created; a changed name is recorded as a rename (the old name kept); an area
    that disappears from the package is left untouched (a merger is an explicit act, see
    `merge_areas`), because deleting it would orphan the dossiers received under it.
    """
    authorize(actor, "organizations.manage_areas", None)
    today = timezone.localdate()
    existing = {area.code: area for area in AdministrativeArea.objects.all()}
    created = renamed = 0

    def upsert(code: str, name: str, division_type: str, level: str, parent=None):
        nonlocal created, renamed
        area = existing.get(code)
        if area is None:
            area = AdministrativeArea(
                code=code, name=name, division_type=division_type, level=level, parent=parent
            )
            pending.append(area)
            created += 1
            return area
        if area.name != name:
            AreaName.objects.create(
                area=area, name=area.name, valid_until=today, legal_reference="vietnam-provinces"
            )
            area.name = name
            area.save(update_fields=["name"])
            renamed += 1
        return area

    pending: list[AdministrativeArea] = []
    for province in Province.iter_all():
        upsert(
            province_code(province.code),
            province.name,
            province.division_type.value,
            AreaLevel.PROVINCE,
        )
    AdministrativeArea.objects.bulk_create(pending)
    provinces = {a.code: a for a in AdministrativeArea.objects.filter(level=AreaLevel.PROVINCE)}
    pending = []
    for ward in Ward.iter_all():
        upsert(
            commune_code(ward.code),
            ward.name,
            ward.division_type.value,
            AreaLevel.COMMUNE,
            parent=provinces[province_code(ward.province_code)],
        )
    AdministrativeArea.objects.bulk_create(pending, batch_size=1000)
    summary = {"created": created, "renamed": renamed}
    if created or renamed:
        record(actor=actor, action="organizations.sync_areas", changes=summary)
    return summary


@transaction.atomic
def rename_area(
    *,
    actor,
    area: AdministrativeArea,
    new_name: str,
    effective: datetime.date,
    legal_reference: str = "",
) -> AdministrativeArea:
    authorize(actor, "organizations.manage_areas", area)
    new_name = new_name.strip()
    if not new_name:
        raise ValidationError({"name": _("Enter the new name.")})
    AreaName.objects.create(
        area=area,
        name=area.name,
        valid_until=effective - datetime.timedelta(days=1),
        legal_reference=legal_reference,
    )
    old = area.name
    area.name = new_name
    area.save(update_fields=["name"])
    record(
        actor=actor,
        action="organizations.rename_area",
        obj=area,
        changes={"name": [old, new_name], "legal_reference": legal_reference},
    )
    return area


@transaction.atomic
def merge_areas(
    *,
    actor,
    sources: list[AdministrativeArea],
    into: AdministrativeArea,
    effective: datetime.date,
    legal_reference: str = "",
) -> None:
    """Areas merged into another keep their rows and names; they are marked dissolved."""
    authorize(actor, "organizations.manage_areas", into)
    for area in sources:
        if area.pk == into.pk:
            continue
        area.dissolved_on = effective
        area.successor = into
        area.save(update_fields=["dissolved_on", "successor"])
        record(
            actor=actor,
            action="organizations.merge_area",
            obj=area,
            changes={"merged_into": into.code, "legal_reference": legal_reference},
        )


def _assign_path(unit: Unit) -> None:
    unit.path = f"{unit.parent.path if unit.parent else '/'}{unit.pk}/"
    Unit.objects.filter(pk=unit.pk).update(path=unit.path)


UNIT_FIELDS = ("code", "name", "short_name", "level", "area", "parent")


def _unit_snapshot(unit: Unit) -> dict:
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "level": unit.level,
        "area": unit.area.code if unit.area_id else None,
        "parent": unit.parent.code if unit.parent_id else None,
    }


@transaction.atomic
def create_unit(
    *,
    actor,
    code: str,
    name: str,
    level: str,
    area: AdministrativeArea,
    parent: Unit | None = None,
    short_name: str = "",
) -> Unit:
    authorize(actor, "organizations.change_unit", parent)
    unit = Unit(
        code=code.strip().upper(),
        name=name.strip(),
        level=level,
        area=area,
        parent=parent,
        short_name=short_name.strip(),
    )
    unit.full_clean()
    unit.save()
    _assign_path(unit)
    record(
        actor=actor,
        action="organizations.create_unit",
        obj=unit,
        changes=describe_changes({}, _unit_snapshot(unit)),
    )
    return unit


@transaction.atomic
def update_unit(
    *,
    actor,
    unit: Unit,
    effective: datetime.date | None = None,
    legal_reference: str = "",
    **fields,
) -> Unit:
    """Change a unit; a new name keeps the old one as history; a new parent moves the subtree."""
    authorize(actor, "organizations.change_unit", unit)
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"update_unit() got unknown fields: {sorted(unknown)}")
    before = _unit_snapshot(unit)
    old_name, old_path = unit.name, unit.path
    new_parent = fields.get("parent", unit.parent)
    if new_parent is not None and new_parent.path.startswith(unit.path):
        raise ValidationError(
            {"parent": _("A unit cannot be placed under itself or its own sub-unit.")}
        )
    if new_parent is not None and new_parent != unit.parent:
        authorize(actor, "organizations.change_unit", new_parent)
    for field, value in fields.items():
        setattr(unit, field, value.strip() if isinstance(value, str) else value)
    unit.code = unit.code.upper()
    unit.full_clean()
    unit.save()
    if unit.name != old_name:
        UnitName.objects.create(
            unit=unit,
            name=old_name,
            valid_until=(effective or timezone.localdate()) - datetime.timedelta(days=1),
            legal_reference=legal_reference,
        )
    if "parent" in fields:
        _assign_path(unit)
        for descendant in Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
            descendant.path = unit.path + descendant.path[len(old_path) :]
            Unit.objects.filter(pk=descendant.pk).update(path=descendant.path)
    changes = describe_changes(before, _unit_snapshot(unit))
    if changes:
        record(actor=actor, action="organizations.update_unit", obj=unit, changes=changes)
    return unit


@transaction.atomic
def create_service_point(
    *,
    actor,
    code: str,
    name: str,
    kind: str,
    agency: Unit,
    address: str,
    area: AdministrativeArea,
    receives_all_procedures: bool = True,
) -> ServicePoint:
    authorize(actor, "organizations.change_service_point", agency)
    point = ServicePoint(
        code=code.strip(),
        name=name.strip(),
        kind=kind,
        agency=agency,
        address=address.strip(),
        area=area,
        receives_all_procedures=receives_all_procedures,
    )
    point.full_clean()
    point.save()
    record(
        actor=actor,
        action="organizations.create_service_point",
        obj=point,
        changes={"code": [None, point.code], "agency": [None, agency.code]},
    )
    return point


def validate_grant(*, user, unit: Unit, role: str, service_point: ServicePoint | None) -> None:
    """Raise ValidationError naming the field when this role cannot be granted."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if user.is_citizen:
        raise ValidationError({"user": _("A citizen account cannot hold a staff role.")})
    if role == Role.RECEPTION_OFFICER and service_point is None:
        raise ValidationError(
            {"service_point": _("A reception officer works at a service point: choose one.")}
        )
    if Membership.objects.current().filter(user=user, unit=unit, role=role).exists():
        raise ValidationError(
            _("%(user)s already holds this role in %(unit)s.") % {"user": user, "unit": unit}
        )


@transaction.atomic
def grant_role(
    *, actor, user, unit: Unit, role: str, service_point: ServicePoint | None = None
) -> Membership:
    authorize(actor, "organizations.manage_memberships", unit)
    validate_grant(user=user, unit=unit, role=role, service_point=service_point)
    membership = Membership(user=user, unit=unit, role=role, service_point=service_point)
    membership.full_clean()
    membership.save()
    forget_memberships(user)
    record(
        actor=actor,
        action="organizations.grant_role",
        obj=membership,
        changes={"user": user.username, "unit": unit.code, "role": role},
    )
    return membership


@transaction.atomic
def end_membership(*, actor, membership: Membership) -> Membership:
    authorize(actor, "organizations.manage_memberships", membership.unit)
    if membership.ended_at is None:
        membership.ended_at = timezone.now()
        membership.save(update_fields=["ended_at"])
        forget_memberships(membership.user)
        record(
            actor=actor,
            action="organizations.end_membership",
            obj=membership,
            changes={
                "user": membership.user.username,
                "unit": membership.unit.code,
                "role": membership.role,
            },
        )
    return membership


@transaction.atomic
def update_service_point(*, actor, point: ServicePoint, **fields) -> ServicePoint:
    authorize(actor, "organizations.change_service_point", point)
    before = {k: str(getattr(point, k)) for k in fields}
    for field, value in fields.items():
        setattr(point, field, value.strip() if isinstance(value, str) else value)
    if "agency" in fields:
        authorize(actor, "organizations.change_service_point", point.agency)
    point.full_clean()
    point.save()
    changes = describe_changes(before, {k: str(getattr(point, k)) for k in fields})
    if changes:
        record(actor=actor, action="organizations.update_service_point", obj=point, changes=changes)
    return point
