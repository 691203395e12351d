"""Scenario: one inter-agency dossier from the counter to the counter (DOMAIN §3).

Received at commune A's centre for commune B (boundary-free), routed, assigned, appraised,
consulted in parallel with the tax office and the police under commune B as lead, suspended
for the financial obligation and resumed, approved, the result recorded and handed over at the
counter. Each hand-off is on Form 05 with its outcome; the legal date moves only by the
suspension, recorded; the history tells the whole story in order."""

import pytest

from dossiers.test_processing_world import (
    at,
    build_world,
    inter_agency_version,
    receive,
)
from motcua.audit.models import AuditRecord
from motcua.calendars.models import DeadlineChange
from motcua.dossiers.models import DossierStep
from motcua.dossiers.services.processing import (
    assign,
    complete_step,
    confirm_payment,
    record_result,
    request_payment,
    return_result,
    route,
)
from motcua.notifications.models import OutboxEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, city):
    return build_world(settings, city)


def step(dossier, name):
    return DossierStep.objects.get(dossier=dossier, name=name)


def test_an_inter_agency_dossier_from_reception_to_return(world):
    version = inter_agency_version(world, days=10)
    dossier = receive(world, version=version, when=at(2, 9))
    assert dossier.code.startswith("000.C0.01.H26-260302-")
    assert dossier.competent_unit == world["commune_b"]
    assert dossier.due_at == at(16, 9)  # Monday + 10 working days

    dossier = route(actor=world["officer"], dossier=dossier, at=at(2, 9, 30))
    assert step(dossier, "Thẩm định hồ sơ").due_at == at(4, 9, 30)
    assert "17:00 02/03/2026" in step(dossier, "Thẩm định hồ sơ").note  # paper the same day

    dossier = assign(
        actor=world["leader"], dossier=dossier, handler=world["specialist"], at=at(2, 10)
    )
    assert dossier.status == "in_progress"

    complete_step(
        actor=world["specialist"],
        dossier=dossier,
        step=step(dossier, "Thẩm định hồ sơ"),
        at=at(3, 16),
    )
    lead, tax, police = (
        step(dossier, name)
        for name in ("Tổng hợp ý kiến", "Xác định nghĩa vụ thuế", "Xác minh cư trú")
    )
    assert (lead.unit, tax.unit, police.unit) == (
        world["commune_b"],
        world["tax"],
        world["police"],
    )
    assert lead.is_lead and {lead.status, tax.status, police.status} == {"in_progress"}
    assert lead.handler == world["specialist"]  # the handler follows into the lead's step
    assert (tax.due_at, police.due_at) == (at(5, 16), at(5, 11))

    complete_step(actor=world["specialist"], dossier=dossier, step=lead, at=at(4, 10))
    complete_step(actor=world["tax_specialist"], dossier=dossier, step=tax, at=at(5, 15))
    assert step(dossier, "Phê duyệt, ký kết quả").status == "waiting"
    complete_step(actor=world["police_specialist"], dossier=dossier, step=police, at=at(6, 9))
    approval = step(dossier, "Phê duyệt, ký kết quả")
    assert approval.status == "in_progress" and approval.due_at == at(9, 9)

    # The tax office fixed the obligation: the clock stops Friday 10:00 until Tuesday 10:00,
    # 16 working hours (Friday 6, Monday 8, Tuesday 2).
    dossier = request_payment(
        actor=world["specialist"], dossier=dossier, amount_vnd=1_200_000, at=at(6, 10)
    )
    assert dossier.status == "awaiting_payment"
    dossier = confirm_payment(actor=world["officer"], dossier=dossier, at=at(10, 10))
    assert dossier.status == "in_progress"
    assert dossier.due_at == at(18, 9) == dossier.due_deadline.due_at
    assert step(dossier, "Phê duyệt, ký kết quả").due_at == at(11, 9)
    moves = DeadlineChange.objects.order_by("id")
    assert [(m.deadline_id, m.old_due_at, m.new_due_at) for m in moves] == [
        (dossier.due_deadline_id, at(16, 9), at(18, 9)),
        (approval.deadline_id, at(9, 9), at(11, 9)),
    ]

    complete_step(actor=world["leader"], dossier=dossier, step=approval, at=at(10, 14))
    record_result(
        actor=world["leader"],
        dossier=dossier,
        granted=True,
        text="Đã đăng ký thường trú",
        at=at(10, 14, 30),
    )
    returned = return_result(
        actor=world["officer"],
        dossier=dossier,
        collected_by_name="Trần Văn Bình",
        collected_by_identity="001090012345",
        at=at(11, 8, 30),
    )
    dossier.refresh_from_db()
    assert dossier.status == "returned" and returned.point == world["point"]
    assert (dossier.finished_at, dossier.returned_at) == (at(10, 14, 30), at(11, 8, 30))

    # Form 05: every hand-off with its outcome.
    assert [(s.name, s.status, s.outcome) for s in dossier.steps.order_by("order", "id")] == [
        ("Tiếp nhận hồ sơ", "done", "on_time"),
        ("Thẩm định hồ sơ", "done", "early"),
        ("Tổng hợp ý kiến", "done", "early"),
        ("Xác định nghĩa vụ thuế", "done", "on_time"),
        ("Xác minh cư trú", "done", "late"),
        ("Phê duyệt, ký kết quả", "done", "early"),
        ("Trả kết quả", "done", "on_time"),
    ]
    assert not dossier.steps.filter(deadline__closed_at__isnull=True).exists()

    expected = [
        ("receive", "", "received"),
        ("route", "received", "received"),
        ("assign", "received", "in_progress"),
        ("complete_step", "in_progress", "in_progress"),
        ("complete_step", "in_progress", "in_progress"),
        ("complete_step", "in_progress", "in_progress"),
        ("complete_step", "in_progress", "in_progress"),
        ("request_payment", "in_progress", "awaiting_payment"),
        ("confirm_payment", "awaiting_payment", "in_progress"),
        ("complete_step", "in_progress", "in_progress"),
        ("record_result", "in_progress", "result_ready"),
        ("return_result", "result_ready", "returned"),
    ]
    history = list(dossier.history.order_by("occurred_at", "id"))
    assert [(h.action, h.from_status, h.to_status) for h in history] == expected
    assert [h.unit for h in history[3:7]] == [
        world["commune_b"],
        world["commune_b"],
        world["tax"],
        world["police"],
    ]
    assert history[8].data["paused_hours"]["legal"] == "16"
    assert history[10].data["outcome"] == "early"  # due 18/3, result on 10/3
    actions = [f"dossiers.{action}" for action, _from, _to in expected]
    audited = AuditRecord.objects.filter(object_id=str(dossier.uuid)).order_by("id")
    assert list(audited.values_list("action", flat=True)) == actions
    assert OutboxEvent.objects.filter(aggregate_id=dossier.code).count() == len(expected)
