"""Rules of handover batches (issue 5, ADR 0006): paper originals travel between places in a
batch that is created at the sending point, sent (papers in transit) and received at the other
end, each dossier's papers accepted, accepted with a discrepancy, or refused with a reason;
only the sending point's reception officers prepare and send, only the receiving place's
people receive; a dossier is in one open batch at most; only papers that are at the point, of
a dossier that has paper, go; an empty batch is not sent, an unsent one not received, and a
received batch is final. Every refusal says why and changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dossiers.test_processing_world import at, build_world, fresh, receive
from factories.accounts import CitizenFactory
from motcua.audit.models import AuditRecord
from motcua.dossiers.handover_selectors import batches_visible_to, current_location, visible_batch
from motcua.dossiers.models import (
    DossierChannel,
    HandoverBatch,
    HandoverItem,
    HistoryEntry,
    PaperMovement,
)
from motcua.dossiers.services import (
    ComponentHandedIn,
    ItemReceipt,
    add_to_batch,
    cancel,
    create_batch,
    receive_batch,
    receive_online,
    remove_from_batch,
    send_batch,
    submit_online,
)
from motcua.notifications.models import OutboxEvent
from motcua.organizations.models import Role

pytestmark = pytest.mark.django_db

MONDAY_10 = at(2, 10)


@pytest.fixture
def world(settings, city):
    return build_world(settings, city)


@pytest.fixture
def dossier(world):
    """Received at commune A's counter on Monday 2 March 2026 at 09:00 for commune B."""
    return receive(world)


def batch_to_b(world, *dossiers, at_=MONDAY_10, **options):
    return create_batch(
        actor=world["officer"],
        to_point=world["point_b"],
        dossiers=[d.code for d in dossiers],
        at=at_,
        **options,
    )


def counts():
    return (
        HandoverBatch.objects.count(),
        HandoverItem.objects.filter(open=True).count(),
        PaperMovement.objects.count(),
        HistoryEntry.objects.count(),
    )


# --- The life cycle -------------------------------------------------------------------------


def test_a_batch_is_created_sent_and_received_and_the_papers_follow_it(world, dossier):
    """Rule: created → sent (in transit) → received; the current location follows, each move
    with a history entry, an audit record and an outbox event (action locate_papers)."""
    batch = batch_to_b(world, dossier)
    assert batch.status == "created"
    assert batch.number == f"BG-{world['point'].code}-260302-01"
    item = batch.items.get()
    assert item.papers == [
        {"component": c.pk, "name": c.name, "form": c.form, "quantity": c.quantity}
        for c in dossier.components.all()
    ]
    assert item.handover_due_at == at(2, 17)
    # Preparing a batch moves nothing.
    assert current_location(dossier).point == world["point"]

    send_batch(actor=world["officer"], batch=batch, at=at(2, 11), note="Bưu tá Hùng")
    batch.refresh_from_db()
    assert (batch.status, batch.sent_at, batch.sent_by) == ("sent", at(2, 11), world["officer"])
    moved = current_location(dossier)
    assert (moved.place, moved.batch, moved.point) == ("in_transit", batch, None)
    assert batch.items.get().sent_on_time is True

    receive_batch(actor=world["officer_b"], batch=batch, at=at(2, 14))
    batch.refresh_from_db()
    assert (batch.status, batch.received_by) == ("received", world["officer_b"])
    arrived = current_location(dossier)
    assert (arrived.place, arrived.point, arrived.batch) == ("point", world["point_b"], batch)
    assert arrived.handover_due_at is None
    item = batch.items.get()
    assert (item.outcome, item.open) == ("accepted", False)

    entries = HistoryEntry.objects.filter(dossier=dossier, action="locate_papers")
    assert [(e.data["event"], e.data["batch"]) for e in entries] == [
        ("sent", batch.number),
        ("received", batch.number),
    ]
    assert all(e.from_status == e.to_status == "received" for e in entries)
    assert entries[0].data["to"]["destination"] == world["point_b"].code
    assert fresh(dossier).status == "received"
    assert OutboxEvent.objects.filter(topic="dossier.locate_papers").count() == 2
    assert AuditRecord.objects.filter(action="dossiers.locate_papers").count() == 2
    assert {
        "dossiers.handover_create",
        "dossiers.handover_send",
        "dossiers.handover_receive",
    } <= set(AuditRecord.objects.values_list("action", flat=True))


def test_batch_numbers_count_up_per_sending_point_and_day(world):
    """Rule: the batch number is BG-<point>-<YYMMDD>-<NN>, per point and day."""
    first, second = receive(world), receive(world)
    one = batch_to_b(world, first)
    two = batch_to_b(world, second)
    tomorrow = batch_to_b(world, at_=at(3, 9))
    prefix = f"BG-{world['point'].code}-"
    assert [one.number, two.number, tomorrow.number] == [
        f"{prefix}260302-01",
        f"{prefix}260302-02",
        f"{prefix}260303-01",
    ]


def test_dossiers_are_added_and_removed_only_while_the_batch_is_prepared(world, dossier):
    """Rule: add/remove while created; a removed item is kept (never deleted), marked removed;
    once sent, the batch's dossiers no longer change."""
    other = receive(world, when=at(2, 9, 30))
    batch = batch_to_b(world)
    add_to_batch(actor=world["officer"], batch=batch, dossiers=[dossier.code, other.code])
    remove_from_batch(actor=world["officer"], batch=batch, dossiers=[other.code])
    removed = HandoverItem.objects.get(dossier=other)
    assert removed.removed_by == world["officer"] and removed.open is False
    assert [i.dossier for i in batch.items.filter(removed_at__isnull=True)] == [dossier]
    # Taken out, it may join another batch (or this one again).
    add_to_batch(actor=world["officer"], batch=batch, dossiers=[other.code])
    remove_from_batch(actor=world["officer"], batch=batch, dossiers=[other.code])

    send_batch(actor=world["officer"], batch=batch, at=at(2, 11))
    before = counts()
    for change in (add_to_batch, remove_from_batch):
        with pytest.raises(ValidationError) as refusal:
            change(actor=world["officer"], batch=batch, dossiers=[other.code])
        assert "đã được gửi" in str(refusal.value)
    assert counts() == before


def test_removing_a_dossier_that_is_not_in_the_batch_is_refused(world, dossier):
    batch = batch_to_b(world)
    with pytest.raises(ValidationError) as refusal:
        remove_from_batch(actor=world["officer"], batch=batch, dossiers=[dossier.code])
    assert "không nằm trong đợt bàn giao" in str(refusal.value)


# --- Who may ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer_b", "specialist", "leader", "outsider", "citizen"])
def test_only_reception_officers_of_the_sending_point_create_a_batch(world, dossier, who):
    """Rule: the batch leaves from a point; only its reception officers prepare it."""
    with pytest.raises(PermissionDenied):
        create_batch(
            actor=world[who],
            from_point=world["point"],
            to_point=world["point_b"],
            dossiers=[dossier.code],
        )
    assert not HandoverBatch.objects.exists()


def test_an_officer_of_another_point_cannot_change_or_send_the_batch(world, dossier):
    batch = batch_to_b(world, dossier)
    before = counts()
    with pytest.raises(PermissionDenied):
        send_batch(actor=world["officer_b"], batch=batch)
    with pytest.raises(PermissionDenied):
        add_to_batch(actor=world["officer_b"], batch=batch, dossiers=[dossier.code])
    assert counts() == before


@pytest.mark.parametrize("who", ["officer", "specialist", "leader", "outsider", "admin"])
def test_only_the_receiving_points_officers_receive(world, dossier, who):
    """Rule: the sender, the competent unit's staff, administrators do not receive at point B."""
    batch = batch_to_b(world, dossier)
    send_batch(actor=world["officer"], batch=batch, at=at(2, 11))
    before = counts()
    with pytest.raises(PermissionDenied):
        receive_batch(actor=world[who], batch=batch)
    assert counts() == before
    assert HandoverBatch.objects.get().status == "sent"


def test_a_batch_to_a_unit_is_received_by_a_specialist_of_that_unit(world, dossier):
    """Rule: at a unit, its specialists carry papers (the table's LOCATE_PAPERS actors);
    its leader reads the batch but does not receive it."""
    batch = create_batch(actor=world["officer"], to_unit=world["commune_b"], dossiers=[dossier])
    send_batch(actor=world["officer"], batch=batch)
    with pytest.raises(PermissionDenied):
        receive_batch(actor=world["leader"], batch=batch)
    assert visible_batch(world["leader"], batch.number) == batch
    receive_batch(actor=world["specialist"], batch=batch)
    here = current_location(dossier)
    assert (here.place, here.unit) == ("unit", world["commune_b"])


def test_supervisors_administrators_and_both_ends_read_a_batch_others_do_not(
    world, dossier, staff_with_role, city, other_department
):
    """Rule: read — both ends, leaders of their units, supervisors, system administrators."""
    batch = batch_to_b(world, dossier)
    supervisor = staff_with_role(Role.SUPERVISOR, city)
    stranger = staff_with_role(Role.UNIT_LEADER, other_department)
    for reader in (world["officer"], world["officer_b"], world["leader"], world["admin"]):
        assert visible_batch(reader, batch.number) == batch
        assert list(batches_visible_to(reader)) == [batch]
    assert visible_batch(supervisor, batch.number) == batch
    for outsider in (stranger, world["tax_specialist"], CitizenFactory()):
        assert visible_batch(outsider, batch.number) is None
        assert not batches_visible_to(outsider).exists()


# --- What may go in a batch ----------------------------------------------------------------


def test_a_dossier_can_be_in_only_one_open_batch(world, dossier):
    """Rule: a dossier is in one batch being prepared or in transit at most."""
    first = batch_to_b(world, dossier)
    before = counts()
    with pytest.raises(ValidationError) as refusal:
        create_batch(actor=world["officer"], to_unit=world["commune_b"], dossiers=[dossier])
    assert f"đã nằm trong đợt bàn giao {first.number}" in str(refusal.value)
    assert counts() == before
    send_batch(actor=world["officer"], batch=first)
    with pytest.raises(ValidationError):
        create_batch(actor=world["officer"], to_unit=world["commune_b"], dossiers=[dossier])


def test_only_papers_that_are_at_the_sending_point_go(world):
    """Rule: a point hands over only the papers it holds; the message reveals nothing about a
    dossier the officer does not hold (same words for one that does not exist)."""
    at_b = receive(world)
    batch = batch_to_b(world, at_b)
    send_batch(actor=world["officer"], batch=batch)
    receive_batch(actor=world["officer_b"], batch=batch)
    messages = []
    for code in (at_b.code, "000.C0.01.H26-260302-9999", "not a code"):
        with pytest.raises(ValidationError) as refusal:
            create_batch(actor=world["officer"], to_unit=world["commune_b"], dossiers=[code])
        messages.append(refusal.value.message_dict["dossiers"][0])
    assert all("có bản gốc giấy đang ở" in m for m in messages)
    # Point B, which holds them now, may send them on.
    onward = create_batch(actor=world["officer_b"], to_unit=world["commune_b"], dossiers=[at_b])
    assert onward.from_point == world["point_b"]


def test_an_online_dossier_has_no_papers_to_hand_over(world):
    """Rule: only dossiers with paper originals (counter or post) are handed over."""
    submitted = submit_online(
        actor=world["citizen"],
        procedure_version=world["version"],
        point=world["point"],
        form_data={},
        components=tuple(
            ComponentHandedIn(component_id=c.id, digitised=True)
            for c in world["version"].components.filter(required=True)
        ),
        applicant_area=world["area_b"],
        submitted_at=at(2, 8, 30),
    )
    online = receive_online(actor=world["officer"], dossier=submitted, received_at=at(2, 9))
    assert online.channel == DossierChannel.ONLINE
    assert current_location(online) is None
    with pytest.raises(ValidationError) as refusal:
        batch_to_b(world, online)
    assert "được nộp trực tuyến" in str(refusal.value)
    assert not HandoverBatch.objects.exists()


def test_every_problem_of_a_new_batch_is_told_at_once(world, dossier):
    """Rule: told once and completely — all refused dossiers are named together."""
    first = batch_to_b(world, dossier)
    with pytest.raises(ValidationError) as refusal:
        create_batch(
            actor=world["officer"],
            to_unit=world["commune_b"],
            dossiers=[dossier.code, "000.C0.01.H26-260302-9999"],
        )
    problems = refusal.value.message_dict["dossiers"]
    assert len(problems) == 2
    assert first.number in problems[0]


def test_a_dossier_in_a_final_state_does_not_go(world, dossier):
    """Rule: the transition table's LOCATE_PAPERS is refused on a cancelled dossier."""
    cancel(actor=world["admin"], dossier=dossier, reason="Nhập trùng")
    with pytest.raises(ValidationError) as refusal:
        batch_to_b(world, dossier)
    assert dossier.code in str(refusal.value)


@pytest.mark.parametrize(
    ("ends", "field"),
    [
        ({}, "to_point"),
        ({"to_point": "point", "to_unit": "commune_b"}, "to_point"),
        ({"to_point": "point"}, "to_point"),  # to where the papers already are
        ({"to_point": "point_b", "from_unit": "commune_a"}, "from_point"),
    ],
)
def test_a_batch_goes_from_one_place_to_one_other_place(world, dossier, ends, field):
    with pytest.raises(ValidationError) as refusal:
        create_batch(
            actor=world["officer"],
            from_point=world["point"],
            dossiers=[dossier],
            **{k: world[v] for k, v in ends.items()},
        )
    assert field in refusal.value.message_dict
    assert not HandoverBatch.objects.exists()


# --- Sending and receiving ---------------------------------------------------------------


def test_an_empty_batch_cannot_be_sent(world):
    batch = batch_to_b(world)
    with pytest.raises(ValidationError) as refusal:
        send_batch(actor=world["officer"], batch=batch)
    assert "đợt bàn giao trống" in str(refusal.value)
    assert HandoverBatch.objects.get().status == "created"


def test_a_batch_not_sent_cannot_be_received(world, dossier):
    batch = batch_to_b(world, dossier)
    before = counts()
    with pytest.raises(ValidationError) as refusal:
        receive_batch(actor=world["officer_b"], batch=batch)
    assert "chưa được gửi" in str(refusal.value)
    assert counts() == before


def test_a_received_batch_is_final(world, dossier):
    """Rule: received twice → refused; nothing changes afterwards."""
    batch = batch_to_b(world, dossier)
    send_batch(actor=world["officer"], batch=batch, at=at(2, 11))
    receive_batch(actor=world["officer_b"], batch=batch, at=at(2, 14))
    before = counts()
    with pytest.raises(ValidationError) as refusal:
        receive_batch(actor=world["officer_b"], batch=batch)
    assert "đã được nhận lúc 14:00 02/03/2026" in str(refusal.value)
    with pytest.raises(ValidationError):
        send_batch(actor=world["officer"], batch=batch)
    assert counts() == before


def test_papers_refused_on_receipt_go_back_still_owing_their_hand_over(world, dossier):
    """Rule: per dossier, the receiver accepts, notes a discrepancy, or refuses with a reason;
    refused papers are back at the sending point with their original due instant."""
    short = receive(world, when=at(2, 9, 30))
    batch = batch_to_b(world, dossier, short)
    send_batch(actor=world["officer"], batch=batch, at=at(2, 11))
    receive_batch(
        actor=world["officer_b"],
        batch=batch,
        at=at(2, 14),
        items=[
            ItemReceipt(dossier.code, "refused", "Thiếu tờ khai bản gốc"),
            ItemReceipt(short.code, "discrepancy", "Chỉ có 1 bản sao thay vì 2"),
        ],
    )
    back = current_location(dossier)
    assert (back.place, back.point, back.batch) == ("point", world["point"], batch)
    assert back.handover_due_at == at(2, 17)
    assert back.note == "Thiếu tờ khai bản gốc"
    kept = current_location(short)
    assert (kept.point, kept.note) == (world["point_b"], "Chỉ có 1 bản sao thay vì 2")
    outcomes = dict(batch.items.values_list("dossier__code", "outcome"))
    assert outcomes == {dossier.code: "refused", short.code: "discrepancy"}
    refused = HistoryEntry.objects.filter(dossier=dossier, action="locate_papers").last()
    assert (refused.data["event"], refused.note) == ("refused", "Thiếu tờ khai bản gốc")
    # Refused papers may travel again, in a new batch.
    assert batch_to_b(world, dossier, at_=at(2, 15)).items.count() == 1


@pytest.mark.parametrize(
    "receipt",
    [
        ItemReceipt("DOSSIER", "refused", ""),
        ItemReceipt("DOSSIER", "discrepancy", "  "),
        ItemReceipt("DOSSIER", "lost", "?"),
        ItemReceipt("000.C0.01.H26-260302-9999", "accepted"),
    ],
)
def test_a_receipt_without_its_reason_or_for_another_dossier_is_refused(world, dossier, receipt):
    """Rule: a discrepancy or a refusal must say what is wrong; the items must be the batch's."""
    batch = batch_to_b(world, dossier)
    send_batch(actor=world["officer"], batch=batch)
    if receipt.dossier == "DOSSIER":
        receipt = ItemReceipt(dossier.code, receipt.outcome, receipt.note)
    before = counts()
    with pytest.raises(ValidationError) as refusal:
        receive_batch(actor=world["officer_b"], batch=batch, items=[receipt])
    assert "items" in refusal.value.message_dict
    assert counts() == before
    assert HandoverBatch.objects.get().status == "sent"


def test_papers_do_not_travel_back_in_time(world, dossier):
    """Rule: the trail's order is its time order — nothing is sent before the papers were at
    the point, nor received before it was sent."""
    batch = batch_to_b(world, dossier, at_=at(2, 8))
    with pytest.raises(ValidationError) as refusal:
        send_batch(actor=world["officer"], batch=batch, at=at(2, 8, 30))
    assert "09:00 02/03/2026" in str(refusal.value)
    send_batch(actor=world["officer"], batch=batch, at=at(2, 11))
    before = counts()
    with pytest.raises(ValidationError) as refusal:
        receive_batch(actor=world["officer_b"], batch=batch, at=at(2, 10))
    assert "at" in refusal.value.message_dict
    assert counts() == before


def test_codes_are_read_as_a_citizen_or_officer_types_them(world, dossier):
    """Rule: a code typed in lower case or with spaces names the same dossier."""
    batch = batch_to_b(world)
    add_to_batch(actor=world["officer"], batch=batch, dossiers=[f"  {dossier.code.lower()} "])
    send_batch(actor=world["officer"], batch=batch)
    receive_batch(
        actor=world["officer_b"],
        batch=batch,
        items=[ItemReceipt(dossier.code.lower(), "refused", "Sai hồ sơ")],
    )
    assert batch.items.get().outcome == "refused"
