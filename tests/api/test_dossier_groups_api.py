"""Rules of the inter-agency request API (issue 5 §7-8): POST /dossier-groups receives one
request as one dossier per procedure under one tracking code (idempotent); the request is
read by its point, its agencies and its applicant (404 for anyone else); the public lookup
answers the tracking code with the group's derived status and nothing personal; a counter
dossier awaiting papers is received through the `receive` action with the papers brought."""

import pytest
import time_machine

from api.writes_world import MONDAY, auth, make_world, post
from factories.accounts import CitizenFactory, StaffUserFactory
from factories.catalog import PublishedProcedureFactory
from factories.organizations import MembershipFactory, UnitFactory
from motcua.catalog.models import GroupMember, ProcedureGroup
from motcua.dossiers.models import Dossier, DossierGroup
from motcua.dossiers.services.outcomes import ItemToSupplement, request_completion
from motcua.dossiers.services.reception import ReceptionRequest
from motcua.organizations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(MONDAY, tick=False):
        yield


@pytest.fixture
def world(city):
    world = make_world(city)
    police = UnitFactory(code="000.00.22.H26", name="Công an phường", parent=city)
    residence = PublishedProcedureFactory(version__name="Đăng ký thường trú")
    group = ProcedureGroup.objects.create(code="LT-KS-TT", name="Liên thông khai sinh, thường trú")
    GroupMember.objects.create(
        group=group, procedure=world.procedure, order=1, agency_description="UBND cấp xã"
    )
    GroupMember.objects.create(
        group=group, procedure=residence, order=2, agency_description="Công an", unit=police
    )
    world.police, world.residence, world.group = police, residence, group
    return world


def papers(procedure) -> list[dict]:
    version = procedure.versions.get()
    return [{"component": c.id} for c in version.components.filter(required=True)]


def group_body(world, **changes) -> dict:
    body = world.body(group=world.group.code)
    for name in ("procedure", "components"):
        body.pop(name)
    body["members"] = [
        {"procedure": world.procedure.code, "components": papers(world.procedure)},
        {"procedure": world.residence.code, "components": papers(world.residence)},
    ]
    body.update(changes)
    return body


def staff(role, unit, point=None):
    user = StaffUserFactory()
    MembershipFactory(user=user, unit=unit, role=role, service_point=point)
    return user


def test_a_counter_request_answers_201_with_the_tracking_code_and_its_dossiers(client, world):
    response = post(client, "dossier-groups", group_body(world), world.officer)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind"] == "group" and body["code"].startswith(f"{world.commune.code}-260302-")
    assert body["status"] == "received" and body["status_label"] == "Đã tiếp nhận"
    assert [d["procedure_code"] for d in body["dossiers"]] == [
        world.procedure.code,
        world.residence.code,
    ]
    assert body["dossiers"][1]["competent_unit_name"] == "Công an phường"
    assert response["Location"].endswith(f"/api/v1/dossier-groups/{body['code']}")
    assert Dossier.objects.filter(group__code=body["code"]).count() == 2


def test_a_retried_request_with_the_same_key_makes_one_group(client, world):
    first = post(
        client, "dossier-groups", group_body(world), world.officer, HTTP_IDEMPOTENCY_KEY="k1"
    )
    again = post(
        client, "dossier-groups", group_body(world), world.officer, HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert first.status_code == again.status_code == 201
    assert again.json()["code"] == first.json()["code"]
    assert DossierGroup.objects.count() == 1 and Dossier.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"group": "NO-SUCH-GROUP"}, "group"),
        ({"members": []}, "members"),
        ({"members": [{"procedure": "9.999999"}]}, "members"),
        ({"applicant_name": ""}, "applicant_name"),
    ],
)
def test_bad_input_names_its_field_and_creates_nothing(client, world, change, field):
    response = post(client, "dossier-groups", group_body(world, **change), world.officer)
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"]
    assert not DossierGroup.objects.exists() and not Dossier.objects.exists()


def test_a_missing_paper_of_one_procedure_is_named_under_its_position(client, world):
    body = group_body(world)
    body["members"][1]["components"] = []
    response = post(client, "dossier-groups", body, world.officer)
    assert response.status_code == 400
    assert "members.2.components" in response.json()["fields"]


def test_a_citizen_submits_a_request_online_and_reads_it_with_its_tracking_code(client, world):
    citizen = CitizenFactory()
    body = {
        "channel": "online",
        "group": world.group.code,
        "point": world.point.code,
        "applicant_area": world.area.code,
        "members": group_body(world)["members"],
    }
    response = post(client, "dossier-groups", body, citizen)
    assert response.status_code == 201, response.json()
    code = response.json()["code"]
    assert response.json()["status"] == "submitted"
    mine = client.get(f"/api/v1/dossier-groups/{code}", **auth(citizen))
    assert mine.status_code == 200 and len(mine.json()["dossier_ids"]) == 2
    other = client.get(f"/api/v1/dossier-groups/{code}", **auth(CitizenFactory()))
    assert other.status_code == 404


def test_the_request_is_read_by_its_agencies_and_hidden_from_other_units(client, world, city):
    code = post(client, "dossier-groups", group_body(world), world.officer).json()["code"]
    police_specialist = staff(Role.SPECIALIST, world.police)
    stranger = staff(Role.SPECIALIST, UnitFactory(parent=city))
    assert (
        client.get(f"/api/v1/dossier-groups/{code}", **auth(police_specialist)).status_code == 200
    )
    assert client.get(f"/api/v1/dossier-groups/{code}", **auth(stranger)).status_code == 404
    assert client.get("/api/v1/dossier-groups/not-a-code", **auth(stranger)).status_code == 400


def test_the_public_lookup_answers_a_tracking_code_with_nothing_personal(client, world):
    created = post(client, "dossier-groups", group_body(world), world.officer).json()
    response = client.get(f"/api/v1/public/dossiers/{created['code']}")
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "group" and body["status"] == "received"
    assert len(body["dossiers"]) == 2
    text = response.content.decode()
    for personal in ("Lê Thị Hoa", "001090012345", "hoa@example.vn", "applicant"):
        assert personal not in text, personal
    member = client.get(f"/api/v1/public/dossiers/{body['dossiers'][0]['code']}").json()
    assert member["kind"] == "dossier" and member["group"] == created["code"]


def test_a_counter_dossier_awaiting_papers_is_received_with_the_papers_brought(client, world):
    version = world.procedure.versions.get()
    form = version.components.get(required=True)
    waiting = request_completion(
        actor=world.officer,
        point=world.point,
        request=ReceptionRequest(
            procedure_version=version, applicant_name="Lê Thị Hoa", applicant_area=world.area
        ),
        items=[ItemToSupplement(component_id=form.id, reason="Chưa có tờ khai")],
    ).dossier
    empty_handed = post(client, f"dossiers/{waiting.uuid}/receive", {}, world.officer)
    assert empty_handed.status_code == 400 and "components" in empty_handed.json()["fields"]
    answer = post(
        client,
        f"dossiers/{waiting.uuid}/receive",
        {"components": [{"component": form.id}]},
        world.officer,
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["status"] == "received" and answer.json()["code"]
