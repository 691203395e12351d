"""Rules of `Idempotency-Key` (issue 5 §8): a retry with the same key gets the FIRST answer
(status and body) and changes nothing again; the same key with another body, or at another
endpoint, is a 422; keys are per user; a refused request is not remembered, so its retry
runs again; a malformed key is a 400; records older than 24 hours are purged."""

import datetime
import io
import json

import pytest
import time_machine
from django.core.management import call_command

from api.writes_world import MONDAY, auth, make_world, post
from factories.accounts import StaffUserFactory
from factories.organizations import MembershipFactory
from motcua.api.models import IdempotencyRecord
from motcua.dossiers.models import Dossier, HistoryEntry
from motcua.organizations.models import Role

pytestmark = pytest.mark.django_db

KEY = "4f7c1a9e-8d21-4b5e-9a57-2f0d6c3b1e88"


@pytest.fixture
def world(city):
    return make_world(city)


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(MONDAY, tick=False):
        yield


def keyed(key=KEY):
    return {"HTTP_IDEMPOTENCY_KEY": key}


def test_a_retry_gets_the_first_answer_and_one_dossier_is_created(client, world):
    first = post(client, "dossiers", world.body(), world.officer, **keyed())
    retry = post(client, "dossiers", world.body(), world.officer, **keyed())
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Dossier.objects.count() == 1


def test_the_same_body_in_another_key_order_and_spacing_is_the_same_request(client, world):
    first = post(client, "dossiers", world.body(), world.officer, **keyed()).json()
    reordered = dict(reversed(list(world.body().items())))
    response = client.post(
        "/api/v1/dossiers",
        data=json.dumps(reordered, indent=4),
        content_type="application/json",
        **auth(world.officer, **keyed()),
    )
    assert response.status_code == 201
    assert response.json() == first


def test_the_same_key_with_another_body_is_a_422_and_changes_nothing(client, world):
    post(client, "dossiers", world.body(), world.officer, **keyed())
    other = post(
        client, "dossiers", world.body(applicant_name="Trần Văn B"), world.officer, **keyed()
    )
    assert other.status_code == 422
    assert other.json()["error"] == "idempotency_key_reused"
    assert "Idempotency-Key" in other.json()["detail"]
    assert Dossier.objects.count() == 1


def test_the_same_key_at_another_endpoint_is_a_422(client, world):
    code = post(client, "dossiers", world.body(), world.officer, **keyed()).json()["code"]
    response = post(client, f"dossiers/{code}/route", {}, world.officer, **keyed())
    assert response.status_code == 422


def test_keys_belong_to_their_user(client, world):
    colleague = StaffUserFactory()
    MembershipFactory(
        user=colleague, unit=world.commune, role=Role.RECEPTION_OFFICER, service_point=world.point
    )
    mine = post(client, "dossiers", world.body(), world.officer, **keyed())
    theirs = post(client, "dossiers", world.body(), colleague, **keyed())
    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["code"] != theirs.json()["code"]


def test_a_refused_request_is_not_remembered_so_its_retry_runs_again(client, world):
    bad = world.body(applicant_name="")
    assert post(client, "dossiers", bad, world.officer, **keyed()).status_code == 400
    assert post(client, "dossiers", bad, world.officer, **keyed()).status_code == 400
    assert not IdempotencyRecord.objects.exists()
    # Fixed input under the same key: nothing was applied, so it is simply a first request.
    assert post(client, "dossiers", world.body(), world.officer, **keyed()).status_code == 201


def test_an_action_retried_with_its_key_is_applied_once(client, world):
    code = post(client, "dossiers", world.body(), world.officer).json()["code"]
    first = post(client, f"dossiers/{code}/route", {"note": "a"}, world.officer, **keyed())
    retry = post(client, f"dossiers/{code}/route", {"note": "a"}, world.officer, **keyed())
    assert first.status_code == retry.status_code == 200
    assert retry.json() == first.json()
    assert HistoryEntry.objects.filter(dossier__code=code, action="route").count() == 1


@pytest.mark.parametrize("key", ["", "has space", "x" * 256, "khóa"])
def test_a_malformed_key_is_a_400_naming_the_header(client, world, key):
    response = post(client, "dossiers", world.body(), world.officer, **keyed(key))
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["fields"]
    assert not Dossier.objects.exists()


def test_records_older_than_a_day_are_purged(client, world):
    post(client, "dossiers", world.body(), world.officer, **keyed("old"))
    with time_machine.travel(MONDAY + datetime.timedelta(hours=23), tick=False):
        post(client, "dossiers", world.body(), world.officer, **keyed("recent"))
    with time_machine.travel(MONDAY + datetime.timedelta(hours=25), tick=False):
        out = io.StringIO()
        call_command("purge_idempotency_keys", stdout=out)
    assert "1 " in out.getvalue()
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["recent"]
