"""Rules of where paper originals are (issue 5, DOMAIN §3.3, ADR 0006): reception at the counter
puts the papers at the receiving point, due to be handed over the same working day, or the
next working morning when received at or after 15:00, on the point's working calendar
(weekends, holidays, swapped days); sending records whether they left on time; a selector lists
papers due and overdue at a point; the location trail is append-only, a correction is a new
row and the latest row is where the papers are; recording a location by hand is the table's
LOCATE_PAPERS, with its refusals."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from dossiers.test_processing_world import VN, at, build_world, receive
from motcua.audit.models import AuditRecord
from motcua.dossiers.handover_selectors import (
    current_location,
    movements_of,
    papers_due_for_handover,
    public_place_name,
)
from motcua.dossiers.models import HistoryEntry, PaperMovement
from motcua.dossiers.services import create_batch, locate_papers, send_batch
from motcua.dossiers.services.handover import handover_due
from motcua.notifications.models import OutboxEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, city):
    return build_world(settings, city)


def vn(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=VN)


def received_now(world, instant):
    """Receive at commune A's counter with the clock pinned at `instant` (Hanoi time)."""
    with time_machine.travel(instant, tick=False):
        return receive(world, when=None)


# --- The 15:00 rule -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Monday 2 March 2026.
        (vn(2026, 3, 2, 14, 59), vn(2026, 3, 2, 17)),
        (vn(2026, 3, 2, 15, 0), vn(2026, 3, 3, 10)),
        (vn(2026, 3, 2, 7, 30), vn(2026, 3, 2, 17)),
        (vn(2026, 3, 2, 12, 30), vn(2026, 3, 2, 17)),
        (vn(2026, 3, 2, 17, 30), vn(2026, 3, 3, 10)),
        # Friday afternoon: the next working morning is Monday's.
        (vn(2026, 3, 6, 14, 59), vn(2026, 3, 6, 17)),
        (vn(2026, 3, 6, 15, 0), vn(2026, 3, 9, 10)),
    ],
    ids=[
        "Mon-14:59-same-day",
        "Mon-15:00-next-morning",
        "Mon-07:30-before-opening",
        "Mon-12:30-lunch",
        "Mon-17:30-after-closing",
        "Fri-14:59-same-day",
        "Fri-15:00-Monday-morning",
    ],
)
def test_papers_received_before_15_leave_the_same_day_else_the_next_working_morning(
    world, received, due
):
    """Rule (DOMAIN §3.3): before 15:00 → by the end of that working day; at or after 15:00 →
    by the next working morning (10:00 by default, ADR 0006). The clock is pinned."""
    dossier = received_now(world, received)
    papers = current_location(dossier)
    assert (papers.place, papers.point) == ("point", world["point"])
    assert papers.at == received
    assert papers.handover_due_at == due


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Wednesday 29/04/2026: 30/4 and 1/5 are holidays, then the weekend.
        (vn(2026, 4, 29, 14, 0), vn(2026, 4, 29, 17)),
        (vn(2026, 4, 29, 15, 30), vn(2026, 5, 4, 10)),
        # Friday 13/02/2026 before Tết (off 14-22/02/2026).
        (vn(2026, 2, 13, 16, 0), vn(2026, 2, 23, 10)),
        # Friday 09/01/2026: Saturday 10/01/2026 is a worked (swapped) day.
        (vn(2026, 1, 9, 15, 30), vn(2026, 1, 10, 10)),
        # Received on a Saturday (a counter open at the weekend): Monday morning.
        (vn(2026, 3, 7, 10, 0), vn(2026, 3, 9, 10)),
    ],
    ids=["before-30-4-early", "before-30-4-late", "before-Tet", "swapped-Saturday", "Saturday"],
)
def test_the_next_working_morning_follows_the_holiday_calendar(world, received, due):
    """Rule: the due instant is counted on the receiving point's working calendar, which knows
    Vietnamese holidays and swapped working days."""
    dossier = received_now(world, received)
    assert current_location(dossier).handover_due_at == due
    assert handover_due(received, unit=world["point"].agency) == due


def test_the_morning_allowance_is_a_setting(world, settings):
    """Rule (ADR 0006): PAPER_HANDOVER_MORNING_HOURS working hours after the opening; 0 means
    at the opening itself."""
    settings.PAPER_HANDOVER_MORNING_HOURS = 0
    assert handover_due(vn(2026, 3, 2, 15), unit=world["commune_a"]) == vn(2026, 3, 3, 8)
    settings.PAPER_HANDOVER_MORNING_HOURS = 4
    assert handover_due(vn(2026, 3, 2, 15), unit=world["commune_a"]) == vn(2026, 3, 3, 12)


def test_sending_records_whether_the_papers_left_on_time(world):
    """Rule: on send, each dossier's papers are marked on time or late against their due."""
    early = received_now(world, vn(2026, 3, 2, 14))  # due Monday 17:00
    late = received_now(world, vn(2026, 3, 2, 16))  # due Tuesday 10:00
    batch = create_batch(
        actor=world["officer"], to_unit=world["commune_b"], dossiers=[early, late], at=at(3, 9)
    )
    send_batch(actor=world["officer"], batch=batch, at=at(3, 9, 30))
    on_time = dict(batch.items.values_list("dossier__code", "sent_on_time"))
    assert on_time == {early.code: False, late.code: True}
    sent = HistoryEntry.objects.get(dossier=early, action="locate_papers")
    assert sent.data["on_time"] is False
    assert datetime.datetime.fromisoformat(sent.data["due_at"]) == at(2, 17)
    audit = AuditRecord.objects.get(action="dossiers.handover_send")
    assert audit.changes["late"] == [early.code]


def test_papers_due_and_overdue_at_a_point_are_listed(world):
    """Rule: a selector lists the papers still at a point with a hand-over due, soonest first,
    and those past their due instant (for the work screens and the clock sweep)."""
    first = received_now(world, vn(2026, 3, 2, 14))  # due Monday 17:00
    second = received_now(world, vn(2026, 3, 2, 16))  # due Tuesday 10:00
    evening = vn(2026, 3, 2, 17, 30)
    point = world["point"]
    assert [m.dossier for m in papers_due_for_handover(point, now=evening)] == [first, second]
    assert [m.dossier for m in papers_due_for_handover(point, overdue=True, now=evening)] == [first]
    assert [m.dossier for m in papers_due_for_handover(point, overdue=False, now=evening)] == [
        second
    ]
    assert not papers_due_for_handover(world["point_b"]).exists()
    # Once they left, they are no longer waiting at the point.
    batch = create_batch(
        actor=world["officer"], to_point=world["point_b"], dossiers=[first], at=evening
    )
    assert [m.dossier for m in papers_due_for_handover(point, overdue=True, now=evening)] == [
        first
    ]  # prepared, not gone
    send_batch(actor=world["officer"], batch=batch, at=evening)
    assert not papers_due_for_handover(point, overdue=True, now=evening).exists()
    # Arrived at point B, they are where they were sent: nothing more is due there.
    assert not papers_due_for_handover(world["point_b"]).exists()


# --- Append-only, the latest is current -------------------------------------------------------


def test_the_location_trail_is_append_only(world):
    """Rule: a movement is never changed nor deleted, one by one or in bulk."""
    dossier = receive(world)
    movement = current_location(dossier)
    movement.note = "sửa"
    with pytest.raises(ValueError, match="never changed"):
        movement.save()
    with pytest.raises(ValueError, match="never deleted"):
        movement.delete()
    with pytest.raises(ValueError, match="never changed"):
        PaperMovement.objects.filter(dossier=dossier).update(note="sửa")
    with pytest.raises(ValueError, match="never deleted"):
        PaperMovement.objects.filter(dossier=dossier).delete()
    assert PaperMovement.objects.get().note == ""


def test_a_correction_is_a_new_movement_and_the_latest_is_where_the_papers_are(world):
    """Rule: recording a location adds a row; the current location is the latest row."""
    dossier = receive(world)
    locate_papers(
        actor=world["officer"],
        dossier=dossier,
        place="unit",
        unit=world["commune_b"],
        at=at(2, 10),
    )
    locate_papers(
        actor=world["officer"],
        dossier=dossier,
        place="point",
        point=world["point"],
        note="Nhầm: hồ sơ vẫn ở bộ phận một cửa",
        at=at(2, 10),
    )
    trail = list(movements_of(dossier).order_by("at", "id"))
    assert [(m.place, m.where) for m in trail] == [
        ("point", world["point"]),
        ("unit", world["commune_b"]),
        ("point", world["point"]),
    ]
    assert current_location(dossier) == trail[-1]
    assert public_place_name(trail[-1]) == world["point"].name


def test_locating_papers_is_recorded_like_every_action(world):
    """Rule: LOCATE_PAPERS writes a history entry, an audit record and an outbox event, and
    leaves the dossier's state as it was."""
    dossier = receive(world)
    locate_papers(actor=world["officer"], dossier=dossier, place="citizen", note="Trả lại bản gốc")
    entry = HistoryEntry.objects.get(dossier=dossier, action="locate_papers")
    assert (entry.from_status, entry.to_status) == ("received", "received")
    assert entry.data["from"] == {"place": "point", "point": world["point"].code}
    assert entry.data["to"] == {"place": "citizen"}
    assert AuditRecord.objects.filter(action="dossiers.locate_papers").count() == 1
    assert OutboxEvent.objects.filter(topic="dossier.locate_papers").count() == 1
    assert current_location(dossier).handover_due_at is None


def test_papers_that_stay_where_they_wait_keep_their_due(world):
    """Rule: a correction at the same point keeps the hand-over due; a move elsewhere ends it."""
    dossier = received_now(world, vn(2026, 3, 2, 9))
    locate_papers(actor=world["officer"], dossier=dossier, place="point", point=world["point"])
    assert current_location(dossier).handover_due_at == vn(2026, 3, 2, 17)
    locate_papers(actor=world["specialist"], dossier=dossier, place="unit", unit=world["tax"])
    assert current_location(dossier).handover_due_at is None


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"place": "in_transit"}, "place"),
        ({"place": "teleported"}, "place"),
        ({"place": "point"}, "point"),
        ({"place": "unit"}, "unit"),
        ({"place": "point", "point": "point_b", "unit": "commune_b"}, "point"),
        ({"place": "citizen", "unit": "commune_b"}, "unit"),
        ({"place": "point", "point": "point_b", "at": at(2, 8)}, "at"),
    ],
)
def test_a_location_must_name_one_real_place_and_not_go_back_in_time(world, arguments, field):
    dossier = receive(world)
    arguments = {k: world[v] if k in ("point", "unit") else v for k, v in arguments.items()}
    with pytest.raises(ValidationError) as refusal:
        locate_papers(actor=world["officer"], dossier=dossier, **arguments)
    assert field in refusal.value.message_dict
    assert PaperMovement.objects.count() == 1


def test_papers_in_an_open_batch_move_only_with_it(world):
    dossier = receive(world)
    batch = create_batch(actor=world["officer"], to_point=world["point_b"], dossiers=[dossier])
    with pytest.raises(ValidationError) as refusal:
        locate_papers(actor=world["officer"], dossier=dossier, place="citizen")
    assert batch.number in str(refusal.value)


@pytest.mark.parametrize("who", ["leader", "outsider", "officer_b", "citizen", "admin"])
def test_only_the_tables_actors_locate_papers(world, who):
    """Rule (transition table, LOCATE_PAPERS): reception officers of the dossier's points and
    specialists of its competent unit; not its leader, other staff, the citizen, the admin."""
    dossier = receive(world, owner=world["citizen"])
    with pytest.raises(PermissionDenied):
        locate_papers(actor=world[who], dossier=dossier, place="citizen")
    assert PaperMovement.objects.count() == 1
    locate_papers(actor=world["specialist"], dossier=dossier, place="archived")
    assert current_location(dossier).place == "archived"


def test_counter_reception_adds_the_first_location_without_another_history_entry(world):
    """Rule: the receiving point is the papers' first place; the reception's own history
    entry already says where, so no LOCATE_PAPERS entry is written at reception."""
    dossier = receive(world)
    assert movements_of(dossier).count() == 1
    first = current_location(dossier)
    assert (first.recorded_by, first.batch) == (world["officer"], None)
    assert list(HistoryEntry.objects.filter(dossier=dossier).values_list("action", flat=True)) == [
        "receive"
    ]
