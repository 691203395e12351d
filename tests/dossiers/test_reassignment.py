"""Rule (issue 7 §3): a leader hands over ALL open work of an officer who leaves or moves, in
one act — each dossier passes as `assign` passes it (history entry, audit record, outbox
event), all of them or none; the successor must hold a role in the unit; a dossier whose state
does not allow assigning stays and is reported."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from backoffice.test_queues_world import MONDAY_9, assigned, at, fresh, queue_world, routed
from motcua.audit.models import AuditRecord
from motcua.dossiers.models import DossierStep, HistoryEntry, StepStatus
from motcua.dossiers.services import request_payment
from motcua.dossiers.services.reassignment import reassign_all_open_work
from motcua.notifications.models import OutboxEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, city):
    return queue_world(settings, city)


def hand_over(world, **overrides):
    data = {
        "actor": world["leader"],
        "from_user": world["specialist"],
        "to_user": world["specialist_2"],
        "unit": world["commune_b"],
        "reason": "Chuyển công tác sang Sở Tư pháp",
        "at": at(3, 9),
    }
    data.update(overrides)
    return reassign_all_open_work(**data)


def test_every_dossier_in_progress_passes_with_its_steps_and_a_history_entry_each(world):
    first, second = assigned(world), assigned(world, when=at(2, 10))
    other = assigned(world, handler=world["leader"])
    handover = hand_over(world)
    assert {d.code for d in handover.moved} == {first.code, second.code}
    for dossier in (first, second):
        assert fresh(dossier).handler == world["specialist_2"]
        running = DossierStep.objects.filter(dossier=dossier, status=StepStatus.IN_PROGRESS)
        assert {s.handler_id for s in running} == {world["specialist_2"].pk}
        entry = HistoryEntry.objects.filter(dossier=dossier).latest("id")
        assert entry.action == "assign" and entry.note == "Chuyển công tác sang Sở Tư pháp"
        assert entry.data["previous_handler"] == world["specialist"].username
        assert entry.data["handler"] == world["specialist_2"].username
        assert entry.data["handover"] is True
        audits = AuditRecord.objects.filter(action="dossiers.assign", object_id=str(dossier.uuid))
        assert audits.count() == 2  # the first assignment, then the hand-over
    # Another officer's dossier is untouched.
    assert fresh(other).handler == world["leader"]
    assert OutboxEvent.objects.filter(topic="dossier.assign").count() == 3 + 2


def test_a_dossier_whose_clock_is_stopped_stays_and_is_reported(world):
    moving = assigned(world)
    paused = assigned(world, when=at(2, 10))
    request_payment(
        actor=world["specialist"],
        dossier=paused,
        amount_vnd=50000,
        note="Lệ phí trước bạ",
        at=at(2, 11),
    )
    handover = hand_over(world)
    assert [d.code for d in handover.moved] == [moving.code]
    assert [d.code for d in handover.kept] == [paused.code]
    assert fresh(paused).handler == world["specialist"]


def test_a_successor_without_a_role_in_the_unit_is_refused_and_nothing_changes(world):
    dossier = assigned(world)
    before = HistoryEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        hand_over(world, to_user=world["outsider"])
    assert "không giữ vai trò chuyên viên hay lãnh đạo" in error.value.message_dict["to_user"][0]
    assert fresh(dossier).handler == world["specialist"]
    assert HistoryEntry.objects.count() == before


def test_the_successor_must_be_another_officer(world):
    assigned(world)
    with pytest.raises(ValidationError) as error:
        hand_over(world, to_user=world["specialist"])
    assert "to_user" in error.value.message_dict


def test_a_reason_is_required(world):
    assigned(world)
    with pytest.raises(ValidationError) as error:
        hand_over(world, reason="  ")
    assert error.value.message_dict["reason"] == ["Hãy nêu lý do bàn giao công việc."]


@pytest.mark.parametrize("who", ["specialist_2", "officer", "supervisor", "outsider"])
def test_only_a_leader_of_the_unit_hands_over(world, who):
    dossier = assigned(world)
    with pytest.raises(PermissionDenied):
        hand_over(world, actor=world[who])
    assert fresh(dossier).handler == world["specialist"]


def test_an_officer_without_open_work_is_refused_clearly(world):
    routed(world)
    with pytest.raises(ValidationError) as error:
        hand_over(world)
    assert "không có hồ sơ đang xử lý" in error.value.message_dict["from_user"][0]


def test_all_or_nothing_one_refusal_undoes_the_dossiers_already_passed(world, monkeypatch):
    first, second = assigned(world), assigned(world, when=at(2, 10))
    from motcua.dossiers.services import reassignment

    real = reassignment.may_handle
    calls = []

    def refuse_second(user, unit):
        calls.append(unit)
        # The first check is the successor's role in the unit; the next two are per dossier.
        return real(user, unit) and len(calls) < 3

    monkeypatch.setattr(reassignment, "may_handle", refuse_second)
    with pytest.raises(ValidationError):
        hand_over(world)
    assert fresh(first).handler == world["specialist"]
    assert fresh(second).handler == world["specialist"]
    assert not HistoryEntry.objects.filter(data__handover=True).exists()


def test_routed_but_unassigned_dossiers_are_not_anybodys_work(world):
    routed(world, when=MONDAY_9)
    dossier = assigned(world)
    handover = hand_over(world)
    assert [d.code for d in handover.moved] == [dossier.code]
