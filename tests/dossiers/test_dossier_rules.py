"""Rules of who may see and receive dossiers (issue 5; every role gets authorization tests):
the owner, the receiving point's officers, the competent unit's staff and the supervisors see a
dossier; nobody else does (their lookups answer 404); only an officer OF the point receives."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from factories.accounts import CitizenFactory, StaffUserFactory
from factories.catalog import PublishedProcedureFactory
from factories.organizations import (
    CommuneFactory,
    MembershipFactory,
    ServicePointFactory,
    UnitFactory,
)
from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.selectors import dossiers_visible_to
from motcua.dossiers.services import ComponentHandedIn, ReceptionRequest, receive_at_counter
from motcua.organizations.models import Role
from motcua.policy import can

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(city):
    area = CommuneFactory()
    commune = UnitFactory(code="000.C0.03.H26", level="commune", area=area, parent=city)
    division = UnitFactory(code="000.C3.01.H26", level="division", area=area, parent=commune)
    point = ServicePointFactory(agency=commune, area=area)
    officer = StaffUserFactory()
    MembershipFactory(user=officer, unit=commune, role=Role.RECEPTION_OFFICER, service_point=point)
    owner = CitizenFactory()
    version = PublishedProcedureFactory().versions.get()
    dossier = receive_at_counter(
        actor=officer,
        point=point,
        received_at=datetime.datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        request=ReceptionRequest(
            procedure_version=version,
            applicant_name="Lê Thị Hoa",
            applicant_area=area,
            components=tuple(
                ComponentHandedIn(component_id=c.id)
                for c in version.components.filter(required=True)
            ),
        ),
    )
    dossier.owner = owner
    dossier.save(update_fields=["owner"])
    return {
        "dossier": dossier,
        "officer": officer,
        "owner": owner,
        "commune": commune,
        "division": division,
        "point": point,
    }


def staff(role, unit, point=None):
    user = StaffUserFactory()
    MembershipFactory(user=user, unit=unit, role=role, service_point=point)
    return user


def test_the_owner_sees_their_dossier_and_another_citizen_does_not(received):
    assert can(received["owner"], "dossiers.view", received["dossier"])
    assert not can(CitizenFactory(), "dossiers.view", received["dossier"])


def test_the_receiving_officer_sees_it_an_officer_of_another_point_does_not(received, department):
    assert can(received["officer"], "dossiers.view", received["dossier"])
    other_point = ServicePointFactory(agency=department)
    assert not can(
        staff(Role.RECEPTION_OFFICER, department, other_point), "dossiers.view", received["dossier"]
    )


@pytest.mark.parametrize("role", [Role.SPECIALIST, Role.UNIT_LEADER, Role.UNIT_ADMIN])
def test_the_competent_units_staff_see_it_other_units_do_not(received, other_department, role):
    assert can(staff(role, received["commune"]), "dossiers.view", received["dossier"])
    assert not can(staff(role, received["division"]), "dossiers.view", received["dossier"])
    assert not can(staff(role, other_department), "dossiers.view", received["dossier"])


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.SYSTEM_ADMIN])
def test_supervisors_and_administrators_see_every_dossier(received, city, role):
    assert can(staff(role, city), "dossiers.view", received["dossier"])


@pytest.mark.parametrize(
    "role", [Role.SPECIALIST, Role.UNIT_LEADER, Role.UNIT_ADMIN, Role.SUPERVISOR, Role.SYSTEM_ADMIN]
)
def test_only_an_officer_of_the_point_receives_there(received, role):
    assert can(received["officer"], "dossiers.receive", received["point"])
    assert not can(staff(role, received["commune"]), "dossiers.receive", received["point"])
    assert not can(CitizenFactory(), "dossiers.receive", received["point"])


def test_the_return_points_officers_see_it_in_the_detail_and_the_list(received, department):
    """They hand the result over, so they must be able to open the dossier (issue 7 §5)."""
    return_point = ServicePointFactory(agency=department)
    Dossier.objects.filter(pk=received["dossier"].pk).update(return_point=return_point)
    received["dossier"].refresh_from_db()
    officer = staff(Role.RECEPTION_OFFICER, department, return_point)
    assert can(officer, "dossiers.view", received["dossier"])
    assert list(dossiers_visible_to(officer)) == [received["dossier"]]


@pytest.mark.parametrize("role", [Role.SPECIALIST, Role.UNIT_LEADER])
def test_a_consulted_agencys_staff_see_it_once_it_has_a_step_there(
    received, other_department, role
):
    """A consulted agency works on the dossier, so it sees it; before that it does not."""
    consulted = staff(role, other_department)
    assert not can(consulted, "dossiers.view", received["dossier"])
    assert not dossiers_visible_to(consulted).exists()
    DossierStep.objects.create(
        dossier=received["dossier"],
        order=9,
        name="Xác minh",
        action="consult",
        unit=other_department,
        allotted_hours=8,
    )
    assert can(consulted, "dossiers.view", received["dossier"])
    assert list(dossiers_visible_to(consulted)) == [received["dossier"]]


def test_the_counters_own_steps_do_not_open_it_to_the_points_agency(received, department):
    """The receive and return steps are the point's officers' work, not every specialist's."""
    specialist = staff(Role.SPECIALIST, department)
    for order, action in ((7, "receive"), (8, "return")):
        DossierStep.objects.create(
            dossier=received["dossier"],
            order=order,
            name=action,
            action=action,
            unit=department,
            allotted_hours=2,
        )
    assert not can(specialist, "dossiers.view", received["dossier"])
    assert not dossiers_visible_to(specialist).exists()
