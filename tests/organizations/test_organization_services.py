"""Rules: units, points and roles are created through services that validate, authorise and
audit; nothing is hard-deleted; renames and mergers keep history (issue 2 §5, bad input)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from factories.accounts import CitizenFactory, StaffUserFactory
from factories.organizations import CommuneFactory, ProvinceFactory
from motcua.audit.models import AuditRecord
from motcua.organizations import services
from motcua.organizations.models import (
    AdministrativeArea,
    HardDeleteRefused,
    Role,
    Unit,
    UnitLevel,
)

pytestmark = pytest.mark.django_db


def test_create_unit_sets_its_tree_path_and_is_audited(system_admin, city):
    unit = services.create_unit(
        actor=system_admin,
        code="000.00.13.h26",
        name=" Sở NN&MT ",
        level=UnitLevel.DEPARTMENT,
        area=city.area,
        parent=city,
    )
    assert unit.code == "000.00.13.H26"
    assert unit.name == "Sở NN&MT"
    assert unit.path == f"{city.path}{unit.pk}/"
    audit = AuditRecord.objects.get(action="organizations.create_unit")
    assert audit.actor == system_admin
    assert audit.changes["code"] == [None, "000.00.13.H26"]


@pytest.mark.parametrize("bad_code", ["H26", "000.00.06-H56"])
def test_invalid_agency_code_is_refused_and_nothing_saved(system_admin, city, bad_code):
    before = Unit.objects.count()
    with pytest.raises(ValidationError) as error:
        services.create_unit(
            actor=system_admin,
            code=bad_code,
            name="X",
            level=UnitLevel.DEPARTMENT,
            area=city.area,
            parent=city,
        )
    assert "code" in error.value.message_dict
    assert Unit.objects.count() == before
    assert not AuditRecord.objects.filter(action="organizations.create_unit").exists()


def test_duplicate_unit_code_is_refused(system_admin, department):
    with pytest.raises(ValidationError) as error:
        services.create_unit(
            actor=system_admin,
            code=department.code,
            name="Trùng",
            level=UnitLevel.DEPARTMENT,
            area=department.area,
        )
    assert "code" in error.value.message_dict


def test_unknown_level_is_refused(system_admin, city):
    with pytest.raises(ValidationError) as error:
        services.create_unit(
            actor=system_admin, code="000.00.40.H26", name="X", level="planet", area=city.area
        )
    assert "level" in error.value.message_dict


def test_unit_admin_cannot_create_a_unit_outside_their_subtree(
    staff_with_role, department, other_department
):
    admin = staff_with_role(Role.UNIT_ADMIN, department)
    services.create_unit(
        actor=admin,
        code="000.11.02.H26",
        name="Phòng mới",
        level=UnitLevel.DIVISION,
        area=department.area,
        parent=department,
    )
    with pytest.raises(PermissionDenied):
        services.create_unit(
            actor=admin,
            code="000.12.02.H26",
            name="Phòng lạ",
            level=UnitLevel.DIVISION,
            area=department.area,
            parent=other_department,
        )


def test_rename_keeps_the_old_name_for_dossiers_of_the_past(system_admin, department):
    services.update_unit(
        actor=system_admin,
        unit=department,
        name="Sở Tư pháp Hà Nội",
        effective=datetime.date(2026, 7, 1),
        legal_reference="QĐ 1/2026",
    )
    department.refresh_from_db()
    assert department.name == "Sở Tư pháp Hà Nội"
    assert department.name_on(datetime.date(2026, 6, 30)) == "Sở Tư pháp"
    assert department.name_on(datetime.date(2026, 7, 1)) == "Sở Tư pháp Hà Nội"


def test_moving_a_unit_moves_its_subtree(system_admin, department, division, other_department):
    services.update_unit(actor=system_admin, unit=department, parent=other_department)
    division.refresh_from_db()
    assert division.path.startswith(other_department.path)
    assert division.path == f"{other_department.path}{department.pk}/{division.pk}/"


def test_a_unit_cannot_be_placed_under_its_own_subtree(system_admin, department, division):
    with pytest.raises(ValidationError):
        services.update_unit(actor=system_admin, unit=department, parent=division)


def test_area_rename_and_merger_keep_history(system_admin):
    province = ProvinceFactory()
    old = CommuneFactory(name="Phường Cũ", parent=province)
    new = CommuneFactory(name="Phường Mới", parent=province)
    services.rename_area(
        actor=system_admin,
        area=old,
        new_name="Phường Đổi Tên",
        effective=datetime.date(2025, 7, 1),
        legal_reference="NQ 1656",
    )
    services.merge_areas(
        actor=system_admin, sources=[old], into=new, effective=datetime.date(2026, 1, 1)
    )
    old.refresh_from_db()
    assert old.name_on(datetime.date(2025, 6, 1)) == "Phường Cũ"
    assert old.name == "Phường Đổi Tên"
    assert old.dissolved_on == datetime.date(2026, 1, 1)
    assert old.successor == new
    assert AdministrativeArea.objects.filter(pk=old.pk).exists()


def test_organisations_are_never_hard_deleted(department):
    with pytest.raises(HardDeleteRefused):
        department.delete()
    with pytest.raises(HardDeleteRefused):
        Unit.objects.filter(pk=department.pk).delete()
    assert Unit.objects.filter(pk=department.pk).exists()


def test_reception_officer_needs_a_service_point(system_admin, department):
    user = StaffUserFactory()
    with pytest.raises(ValidationError) as error:
        services.grant_role(
            actor=system_admin, user=user, unit=department, role=Role.RECEPTION_OFFICER
        )
    assert "service_point" in error.value.message_dict


def test_a_citizen_cannot_hold_a_staff_role(system_admin, department):
    with pytest.raises(ValidationError) as error:
        services.grant_role(
            actor=system_admin, user=CitizenFactory(), unit=department, role=Role.SPECIALIST
        )
    assert "user" in error.value.message_dict


def test_the_same_role_twice_is_refused_but_can_be_granted_again_after_it_ended(
    system_admin, department
):
    user = StaffUserFactory()
    first = services.grant_role(
        actor=system_admin, user=user, unit=department, role=Role.SPECIALIST
    )
    with pytest.raises(ValidationError):
        services.grant_role(actor=system_admin, user=user, unit=department, role=Role.SPECIALIST)
    services.end_membership(actor=system_admin, membership=first)
    services.grant_role(actor=system_admin, user=user, unit=department, role=Role.SPECIALIST)
    assert user.memberships.count() == 2
