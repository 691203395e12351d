"""Rules of the registers (issue 5 §5): the process control sheet (Form 05) lists every
hand-off with its unit, times, due date and outcome, for those who may see the dossier; the
tracking book (Form 06) of a point and day lists its receptions in code order, for the point's
officers, its agency's leaders and supervisors only."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from factories.accounts import StaffUserFactory
from factories.catalog import PublishedProcedureFactory
from factories.organizations import (
    CommuneFactory,
    MembershipFactory,
    ServicePointFactory,
    UnitFactory,
)
from motcua.accounts.services import create_api_token
from motcua.dossiers.services import (
    ComponentHandedIn,
    ReceptionRequest,
    receive_at_counter,
    route,
)
from motcua.organizations.models import Role

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def world(city):
    area = CommuneFactory()
    commune = UnitFactory(code="000.C0.06.H26", level="commune", area=area, parent=city)
    point = ServicePointFactory(code="HN-X-TEST", agency=commune, area=area)
    officer = StaffUserFactory()
    MembershipFactory(user=officer, unit=commune, role=Role.RECEPTION_OFFICER, service_point=point)
    version = PublishedProcedureFactory(version__name="Đăng ký khai tử").versions.get()

    def receive(hour, name):
        return receive_at_counter(
            actor=officer,
            point=point,
            received_at=datetime.datetime(2026, 3, 2, hour, tzinfo=VN),
            request=ReceptionRequest(
                procedure_version=version,
                applicant_name=name,
                applicant_area=area,
                applicant_phone="0912000111",
                components=tuple(
                    ComponentHandedIn(component_id=c.id)
                    for c in version.components.filter(required=True)
                ),
            ),
        )

    return {"officer": officer, "point": point, "commune": commune, "receive": receive}


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Token {create_api_token(actor=user, owner=user)[1]}"}


def test_the_control_sheet_lists_every_hand_off_with_its_outcome(client, world):
    dossier = world["receive"](9, "Lê Văn Tám")
    route(actor=world["officer"], dossier=dossier, at=datetime.datetime(2026, 3, 2, 10, tzinfo=VN))
    rows = client.get(
        f"/api/v1/dossiers/{dossier.code}/control-sheet", **auth(world["officer"])
    ).json()
    assert [row["order"] for row in rows] == [1, 2, 3, 4]
    assert rows[0]["outcome"] in ("early", "on_time")
    assert rows[0]["finished_at"] and rows[1]["due_at"]
    assert rows[1]["unit_code"] == world["commune"].code


def test_others_do_not_see_the_control_sheet(client, world, department):
    dossier = world["receive"](9, "Lê Văn Tám")
    stranger = StaffUserFactory()
    MembershipFactory(user=stranger, unit=department, role=Role.SPECIALIST)
    assert (
        client.get(f"/api/v1/dossiers/{dossier.code}/control-sheet", **auth(stranger)).status_code
        == 404
    )


def test_the_tracking_book_lists_the_days_receptions_in_code_order(client, world):
    first, second = world["receive"](9, "Nguyễn Văn A"), world["receive"](14, "Trần Thị B")
    rows = client.get(
        "/api/v1/service-points/HN-X-TEST/tracking-book",
        {"day": "2026-03-02"},
        **auth(world["officer"]),
    ).json()
    assert [(r["number"], r["code"], r["applicant"]) for r in rows] == [
        (1, first.code, "Nguyễn Văn A"),
        (2, second.code, "Trần Thị B"),
    ]
    assert rows[0]["contact"] == "0912000111"
    other_day = client.get(
        "/api/v1/service-points/HN-X-TEST/tracking-book",
        {"day": "2026-03-03"},
        **auth(world["officer"]),
    ).json()
    assert other_day == []


@pytest.mark.parametrize("role", [Role.UNIT_LEADER, Role.SUPERVISOR])
def test_leaders_of_the_agency_and_supervisors_read_the_book(client, world, city, role):
    unit = world["commune"] if role == Role.UNIT_LEADER else city
    reader = StaffUserFactory()
    MembershipFactory(user=reader, unit=unit, role=role)
    response = client.get(
        "/api/v1/service-points/HN-X-TEST/tracking-book", {"day": "2026-03-02"}, **auth(reader)
    )
    assert response.status_code == 200


def test_a_specialist_elsewhere_cannot_read_the_book(client, world, department):
    stranger = StaffUserFactory()
    MembershipFactory(user=stranger, unit=department, role=Role.SPECIALIST)
    response = client.get("/api/v1/service-points/HN-X-TEST/tracking-book", **auth(stranger))
    assert response.status_code == 403


def test_bad_day_and_unknown_point(client, world):
    bad = client.get(
        "/api/v1/service-points/HN-X-TEST/tracking-book",
        {"day": "02/03/2026x"},
        **auth(world["officer"]),
    )
    assert bad.status_code == 400 and "day" in bad.json()["fields"]
    assert (
        client.get(
            "/api/v1/service-points/NOPE/tracking-book", **auth(world["officer"])
        ).status_code
        == 404
    )
