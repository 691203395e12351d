"""Rules of the handover API (issue 5, ADR 0006): a batch of paper originals is prepared,
changed, sent and received through its endpoints, which only translate to the services; a batch
the user may not see is a 404, an act they may not do a 403, bad input a 400 naming the field
that changes nothing; a retried POST with the same Idempotency-Key is applied once; staff see
where a dossier's papers are and their whole trail, the applicant only the public name of the
place they are at now; `locate_papers` is a dossier action."""

import pytest
import time_machine

from api.writes_world import auth, post
from dossiers.test_processing_world import at, build_world, receive
from motcua.dossiers.models import HandoverBatch, HistoryEntry, PaperMovement

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, city):
    return build_world(settings, city)


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(at(2, 10), tick=False):
        yield


@pytest.fixture
def dossier(world):
    """Received at commune A's counter on Monday 2 March 2026, 09:00; commune B decides."""
    return receive(world, owner=world["citizen"])


def get(client, path, user):
    return client.get(f"/api/v1/{path}", **auth(user))


def create(client, world, *dossiers, user=None, key=None, **body):
    body = {"to_point": world["point_b"].code, "dossiers": [d.code for d in dossiers], **body}
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return post(client, "handovers", body, user or world["officer"], **headers)


def test_a_batch_is_prepared_sent_and_received_through_the_api(client, world, dossier):
    """Rule: POST /handovers → 201 with Location; send → in transit; receive per dossier."""
    created = create(client, world, dossier, note="Chuyển hồ sơ giấy")
    assert created.status_code == 201, created.json()
    batch = created.json()
    number = batch["number"]
    assert created["Location"].endswith(f"/api/v1/handovers/{number}")
    assert (batch["status"], batch["from_point"], batch["to_point"]) == (
        "created",
        world["point"].code,
        world["point_b"].code,
    )
    assert batch["dossier_count"] == 1 and batch["can_send"] is True
    item = batch["items"][0]
    assert item["dossier"] == dossier.code
    assert item["handover_due_at"].startswith("2026-03-02T17:00:00")
    assert item["papers"][0]["name"] == "Tờ khai theo mẫu"

    assert get(client, f"handovers/{number}", world["officer_b"]).json()["can_receive"] is False
    sent = post(client, f"handovers/{number}/send", {"note": "Bưu tá Hùng"}, world["officer"])
    assert sent.status_code == 200, sent.json()
    assert sent.json()["status"] == "sent"
    assert sent.json()["items"][0]["sent_on_time"] is True
    assert get(client, f"handovers/{number}", world["officer_b"]).json()["can_receive"] is True

    body = {"items": [{"dossier": dossier.code, "outcome": "discrepancy", "note": "Thiếu 1 bản"}]}
    received = post(client, f"handovers/{number}/receive", body, world["officer_b"])
    assert received.status_code == 200, received.json()
    assert received.json()["status"] == "received"
    assert received.json()["items"][0]["outcome"] == "discrepancy"
    assert received.json()["received_by"]

    papers = get(client, f"dossiers/{dossier.code}/papers", world["officer"]).json()
    assert (papers["current"]["place"], papers["current"]["point"]) == (
        "point",
        world["point_b"].code,
    )
    assert [m["place"] for m in papers["movements"]] == ["point", "in_transit", "point"]
    assert papers["movements"][1]["batch"] == number


def test_dossiers_are_added_and_removed_while_the_batch_is_prepared(client, world, dossier):
    other = receive(world, when=at(2, 9, 30))
    number = create(client, world, dossier).json()["number"]
    added = post(client, f"handovers/{number}/add", {"dossiers": [other.code]}, world["officer"])
    assert added.status_code == 200, added.json()
    assert added.json()["dossier_count"] == 2
    removed = post(
        client, f"handovers/{number}/remove", {"dossiers": [dossier.code]}, world["officer"]
    )
    assert [i["dossier"] for i in removed.json()["items"]] == [other.code]
    empty = post(client, f"handovers/{number}/remove", {"dossiers": []}, world["officer"])
    assert empty.status_code == 400
    assert "dossiers" in empty.json()["fields"]


def test_the_list_shows_outgoing_and_incoming_batches_to_those_who_may_see_them(
    client, world, dossier
):
    """Rule: GET /handovers lists what the user may see; direction and status narrow it."""
    number = create(client, world, dossier).json()["number"]

    def numbers(user, query=""):
        response = get(client, f"handovers{query}", user)
        assert response.status_code == 200, response.json()
        return [b["number"] for b in response.json()["results"]]

    assert numbers(world["officer"]) == [number]
    assert numbers(world["officer"], "?direction=outgoing") == [number]
    assert numbers(world["officer"], "?direction=incoming") == []
    assert numbers(world["officer_b"], "?direction=incoming") == [number]
    assert numbers(world["officer_b"], "?direction=outgoing&status=created") == []
    assert numbers(world["officer"], "?status=sent,received") == []
    assert numbers(world["admin"]) == [number]
    assert numbers(world["tax_specialist"]) == []
    assert numbers(world["citizen"]) == []
    bad = get(client, "handovers?status=lost&direction=sideways", world["officer"])
    assert bad.status_code == 400
    assert {"status", "direction"} <= set(bad.json()["fields"])


def test_a_batch_the_user_may_not_see_is_a_404_an_act_they_may_not_do_a_403(client, world, dossier):
    number = create(client, world, dossier).json()["number"]
    stranger = world["tax_specialist"]
    assert get(client, f"handovers/{number}", stranger).status_code == 404
    assert post(client, f"handovers/{number}/send", {}, stranger).status_code == 404
    assert get(client, "handovers/BG-NOPE-260302-01", world["officer"]).status_code == 404
    # The receiving side sees the batch but neither changes nor sends it.
    assert post(client, f"handovers/{number}/send", {}, world["officer_b"]).status_code == 403
    add = post(client, f"handovers/{number}/add", {"dossiers": ["x"]}, world["officer_b"])
    assert add.status_code == 403
    assert post(client, f"handovers/{number}/send", {}, world["officer"]).status_code == 200
    # The sender does not receive its own batch.
    assert post(client, f"handovers/{number}/receive", {}, world["officer"]).status_code == 403
    assert HandoverBatch.objects.get().status == "sent"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"to_point": "NO-SUCH-POINT"}, "to_point"),
        ({"to_point": None, "to_unit": "000.99.99.H99"}, "to_unit"),
        ({"to_point": None}, "to_point"),  # the service: no destination
        ({"to_unit": "000.C0.02.H26"}, "to_point"),  # both a point and a unit
        ({"dossiers": ["000.C0.01.H26-260302-9999"]}, "dossiers"),
        ({"dossiers": "000.C0.01.H26-260302-0001"}, "dossiers"),
        ({"from_point": "NO-SUCH-POINT"}, "from_point"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_creates_nothing(client, world, body, field):
    body = {"to_point": world["point_b"].code, **body}
    body = {k: v for k, v in body.items() if v is not None}
    response = post(client, "handovers", body, world["officer"])
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"]
    assert not HandoverBatch.objects.exists()


def test_only_reception_officers_of_a_point_create_batches(client, world, dossier):
    for who in ("specialist", "leader", "citizen"):
        response = create(client, world, dossier, user=world[who], from_point=world["point"].code)
        assert response.status_code == 403, (who, response.json())
    assert not HandoverBatch.objects.exists()


def test_an_empty_batch_is_not_sent_and_a_received_batch_is_final(client, world, dossier):
    empty = create(client, world).json()["number"]
    refused = post(client, f"handovers/{empty}/send", {}, world["officer"])
    assert refused.status_code == 400 and "dossiers" in refused.json()["fields"]
    number = create(client, world, dossier).json()["number"]
    early = post(client, f"handovers/{number}/receive", {}, world["officer_b"])
    assert early.status_code == 400 and "status" in early.json()["fields"]
    post(client, f"handovers/{number}/send", {}, world["officer"])
    assert post(client, f"handovers/{number}/receive", {}, world["officer_b"]).status_code == 200
    again = post(client, f"handovers/{number}/receive", {}, world["officer_b"])
    assert again.status_code == 400 and "không thể thay đổi" in again.json()["detail"]


def test_a_retried_create_or_send_with_the_same_key_is_applied_once(client, world, dossier):
    """Rule: Idempotency-Key — the retry gets the first answer; nothing is done twice."""
    first = create(client, world, dossier, key="create-1")
    retry = create(client, world, dossier, key="create-1")
    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json()["number"] == first.json()["number"]
    assert retry["Idempotent-Replayed"] == "true"
    assert HandoverBatch.objects.count() == 1
    number = first.json()["number"]
    for _attempt in range(2):
        sent = post(
            client, f"handovers/{number}/send", {}, world["officer"], HTTP_IDEMPOTENCY_KEY="send-1"
        )
        assert sent.status_code == 200
        assert sent.json()["status"] == "sent"
    assert PaperMovement.objects.filter(place="in_transit").count() == 1
    assert HistoryEntry.objects.filter(action="locate_papers").count() == 1


def test_staff_see_the_trail_the_owner_only_the_public_name_of_the_place(client, world, dossier):
    """Decision (ADR 0006): the applicant is told where the papers are now, by the public
    name of the place, and nothing about people, batches or the trail."""
    staff = get(client, f"dossiers/{dossier.code}/papers", world["specialist"]).json()
    assert staff["has_paper_originals"] is True
    assert staff["current"]["point"] == world["point"].code
    assert staff["current"]["handover_due_at"].startswith("2026-03-02T17:00:00")
    assert staff["current"]["recorded_by"] == str(world["officer"])
    assert len(staff["movements"]) == 1

    mine = get(client, f"dossiers/{dossier.code}/papers", world["citizen"])
    assert mine.status_code == 200
    body = mine.json()
    assert body["current"]["name"] == world["point"].name
    assert body["current"]["place"] == "point"
    assert body["current"]["point"] is None and body["current"]["recorded_by"] is None
    assert body["current"]["handover_due_at"] is None
    assert body["movements"] == [] and body["open_batch"] is None

    assert get(client, f"dossiers/{dossier.code}/papers", world["tax_specialist"]).status_code == (
        404
    )


def test_locate_papers_is_a_dossier_action(client, world, dossier):
    """Rule: POST /dossiers/{code}/locate_papers goes through the service (table actors)."""
    body = {"place": "unit", "unit": world["commune_b"].code, "note": "Đã chuyển tay"}
    response = post(client, f"dossiers/{dossier.code}/locate_papers", body, world["officer"])
    assert response.status_code == 200, response.json()
    assert response.json()["code"] == dossier.code
    papers = get(client, f"dossiers/{dossier.code}/papers", world["officer"]).json()
    assert (papers["current"]["place"], papers["current"]["unit"], papers["current"]["note"]) == (
        "unit",
        world["commune_b"].code,
        "Đã chuyển tay",
    )
    for bad, field in (
        ({"place": "in_transit"}, "place"),
        ({"place": "point", "point": "NO-SUCH-POINT"}, "point"),
        ({"place": "point"}, "point"),
    ):
        refused = post(client, f"dossiers/{dossier.code}/locate_papers", bad, world["officer"])
        assert refused.status_code == 400, refused.json()
        assert field in refused.json()["fields"]
    leader = post(
        client, f"dossiers/{dossier.code}/locate_papers", {"place": "citizen"}, world["leader"]
    )
    assert leader.status_code == 403
    assert PaperMovement.objects.count() == 2
