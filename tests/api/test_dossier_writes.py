"""Rules of the dossier write API (issue 5 §8): reception at the counter answers 201 with the
dossier and its code; bad input is a 400 naming the field and creates nothing; only the point's
reception officer receives (403 otherwise); a citizen submits online and the counter receives
that dossier by its uuid; every other action goes through its service by name — an unknown
one is a 404 naming it, a dossier the user may not see is a 404, the service's refusals are
400 (with the field) or 403."""

import types

import pytest
import time_machine

from api.writes_world import MONDAY, make_world, post
from factories.accounts import CitizenFactory, StaffUserFactory
from factories.organizations import MembershipFactory, ServicePointFactory
from motcua.api.dossier_actions import build_registry
from motcua.dossiers.models import Dossier, HistoryEntry
from motcua.organizations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(city):
    return make_world(city)


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(MONDAY, tick=False):
        yield


def test_counter_reception_answers_201_with_the_dossier_its_code_and_due_date(client, world):
    response = post(client, "dossiers", world.body(), world.officer)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["code"].startswith(f"{world.commune.code}-260302-")
    assert body["status"] == "received"
    assert body["channel"] == "counter"
    assert body["applicant_name"] == "Lê Thị Hoa"
    assert body["competent_unit"] == world.commune.code
    assert body["receiving_point"] == world.point.code
    assert body["due_at"].startswith("2026-03-05T09:00:00")
    assert [c["name"] for c in body["components"]] == ["Tờ khai theo mẫu"]
    assert response["Location"].endswith(f"/api/v1/dossiers/{body['code']}")
    assert Dossier.objects.get().code == body["code"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"point": "NO-SUCH-POINT"}, "point"),
        ({"procedure": "9.999999"}, "procedure"),
        ({"applicant_name": "  "}, "applicant_name"),  # the service's own message
        ({"applicant_email": "not-an-e-mail"}, "applicant_email"),
        ({"applicant_area": "99999"}, "applicant_area"),
        ({"components": []}, "components"),  # a required paper is missing (service)
        ({"components": [{"component": 987654}]}, "components"),
        ({"components": [{"component": 1, "quantity": 0}]}, "components"),
        ({"return_channel": "pigeon"}, "return_channel"),
        ({"return_channel": "post"}, "return_address"),  # post needs an address (service)
        ({"competent_unit": "000.99.99.H99"}, "competent_unit"),
        ({"form_data": {"child_name": "An"}}, "form_data"),
        ({"channel": "fax"}, "channel"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_creates_nothing(client, world, change, field):
    response = post(client, "dossiers", world.body(**change), world.officer)
    assert response.status_code == 400, response.json()
    assert response.json()["error"] == "invalid"
    assert field in response.json()["fields"]
    assert not Dossier.objects.exists()


def test_a_component_listed_twice_is_refused(client, world):
    required = world.body()["components"][0]
    body = world.body(components=[required, required])
    response = post(client, "dossiers", body, world.officer)
    assert response.status_code == 400
    assert "components" in response.json()["fields"]


def test_a_specialist_cannot_receive(client, world):
    specialist = StaffUserFactory()
    MembershipFactory(user=specialist, unit=world.commune, role=Role.SPECIALIST)
    response = post(client, "dossiers", world.body(), specialist)
    assert response.status_code == 403
    assert not Dossier.objects.exists()


def test_an_officer_receives_only_at_their_own_point(client, world):
    elsewhere = StaffUserFactory()
    MembershipFactory(
        user=elsewhere,
        unit=world.commune,
        role=Role.RECEPTION_OFFICER,
        service_point=ServicePointFactory(agency=world.commune),
    )
    assert post(client, "dossiers", world.body(), elsewhere).status_code == 403


def test_a_citizen_submits_online_and_the_counter_receives_it_by_its_uuid(client, world):
    citizen = CitizenFactory()
    body = {
        "channel": "online",
        "point": world.point.code,
        "procedure": world.procedure.code,
        "applicant_area": world.area.code,
        "components": world.body()["components"],
    }
    submitted = post(client, "dossiers", body, citizen)
    assert submitted.status_code == 201, submitted.json()
    dossier = submitted.json()
    assert (dossier["status"], dossier["channel"], dossier["code"]) == ("submitted", "online", None)
    assert dossier["applicant_name"] == citizen.full_name
    assert "Location" not in submitted

    received = post(client, f"dossiers/{dossier['id']}/receive", {}, world.officer)
    assert received.status_code == 200, received.json()
    assert received.json()["status"] == "received"
    assert received.json()["code"].startswith(world.commune.code)


def test_online_the_applicant_is_the_account_so_counter_fields_are_refused(client, world):
    body = {"channel": "online", "point": world.point.code, "procedure": world.procedure.code}
    response = post(client, "dossiers", {**body, "applicant_name": "Someone"}, CitizenFactory())
    assert response.status_code == 400
    assert "applicant_name" in response.json()["fields"]


# --- Actions --------------------------------------------------------------------------------


@pytest.fixture
def received(client, world):
    return post(client, "dossiers", world.body(), world.officer).json()


def test_an_unknown_action_is_a_404_naming_it(client, world, received):
    response = post(client, f"dossiers/{received['code']}/teleport", {}, world.officer)
    assert response.status_code == 404
    assert "teleport" in response.json()["detail"]


def test_an_action_goes_through_its_service_and_answers_the_dossier(client, world, received):
    response = post(client, f"dossiers/{received['code']}/route", {"note": "Gửi"}, world.officer)
    assert response.status_code == 200, response.json()
    assert response.json()["code"] == received["code"]
    actions = HistoryEntry.objects.filter(dossier__code=received["code"]).order_by("id")
    assert [h.action for h in actions] == ["receive", "route"]


def test_the_services_refusals_are_400_with_the_field_or_403(client, world, received):
    code = received["code"]
    again = post(client, f"dossiers/{code}/route", {}, world.officer)
    assert again.status_code == 200
    twice = post(client, f"dossiers/{code}/route", {}, world.officer)
    assert twice.status_code == 400
    assert "steps" in twice.json()["fields"]
    # Only a system administrator cancels.
    assert (
        post(client, f"dossiers/{code}/cancel", {"reason": "x"}, world.officer).status_code == 403
    )


def test_the_actions_input_is_checked_before_the_service_runs(client, world, received):
    response = post(client, f"dossiers/{received['code']}/assign", {"handler": "x"}, world.officer)
    assert response.status_code == 400
    assert "handler" in response.json()["fields"]


def test_a_dossier_the_user_may_not_see_is_a_404(client, world, received, other_department):
    stranger = StaffUserFactory()
    MembershipFactory(user=stranger, unit=other_department, role=Role.UNIT_LEADER)
    response = post(client, f"dossiers/{received['code']}/route", {}, stranger)
    assert response.status_code == 404
    assert post(client, "dossiers/000.00.06-H56-231027-0361/route", {}, stranger).status_code == 400


def test_the_registry_offers_only_services_that_exist_and_can_be_called():
    def route(*, actor, dossier, note=""):
        return dossier

    def cancel(*, actor, dossier, reason, approval_number):  # needs what the API cannot give
        return dossier

    def withdraw(actor):  # no dossier argument at all
        return None

    module = types.SimpleNamespace(route=route, cancel=cancel, withdraw=withdraw)
    available, unavailable = build_registry([module])
    assert set(available) == {"route"}
    assert "approval_number" in unavailable["cancel"]
    assert "dossier" in unavailable["withdraw"]
    assert available["route"].run(actor=None, dossier="D", data={"note": "n"}) == "D"
