"""Rules of the end of a dossier (DOMAIN §3.4, §3.6): the competent unit's leader records the
result, granted or refused with reasons, once the work is done; the result is returned at the
point the citizen chose (who collected it), by post (waybill) or electronically; the owner may
ask to withdraw, an officer or leader withdraws, an administrator cancels with a reason; every
end stops the running clocks."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dossiers.test_processing_world import (
    CitizenFactory,
    at,
    build_world,
    fresh,
    receive,
)
from motcua.dossiers.models import Decision, DossierStep, ResultReturn
from motcua.dossiers.services.processing import (
    assign,
    cancel,
    complete_step,
    record_result,
    request_withdrawal,
    return_result,
    route,
    withdraw,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, city):
    return build_world(settings, city)


def step(dossier, order):
    return DossierStep.objects.get(dossier=dossier, order=order)


def in_progress(world, **kwargs):
    dossier = route(actor=world["officer"], dossier=receive(world, **kwargs), at=at(2, 10))
    return assign(
        actor=world["leader"], dossier=dossier, handler=world["specialist"], at=at(2, 10, 30)
    )


def approved(world, **kwargs):
    """Appraised Tuesday 09:00, approved Tuesday 11:00: the counter's return step runs."""
    dossier = in_progress(world, **kwargs)
    complete_step(actor=world["specialist"], dossier=dossier, step=step(dossier, 2), at=at(3, 9))
    complete_step(actor=world["leader"], dossier=dossier, step=step(dossier, 3), at=at(3, 11))
    return dossier


def result_ready(world, **kwargs):
    dossier = approved(world, **kwargs)
    record_result(actor=world["leader"], dossier=dossier, granted=True, at=at(3, 11, 30))
    return fresh(dossier)


# --- record_result ----------------------------------------------------------------------------


def test_the_leader_records_a_granted_result_and_the_legal_clock_stops(world):
    dossier = approved(world)
    decision = record_result(actor=world["leader"], dossier=dossier, granted=True, at=at(3, 11, 30))
    assert decision.kind == "result_granted"
    dossier = fresh(dossier)
    assert dossier.status == "result_ready" and dossier.national_status == 9
    assert dossier.finished_at == at(3, 11, 30)
    assert dossier.due_deadline.closed_at == at(3, 11, 30)
    assert dossier.history.last().data["outcome"] == "early"  # due Thursday
    assert step(dossier, 4).status == "in_progress"  # the counter still has to return it


def test_a_refused_result_must_give_its_reasons(world):
    dossier = approved(world)
    with pytest.raises(ValidationError) as error:
        record_result(actor=world["leader"], dossier=dossier, granted=False, text="  ")
    assert "text" in error.value.message_dict
    decision = record_result(
        actor=world["leader"],
        dossier=dossier,
        granted=False,
        text="Người yêu cầu không đủ điều kiện theo Điều 5",
        reason_code="not_eligible",
    )
    assert decision.kind == "result_refused" and decision.reason_code == "not_eligible"


def test_the_result_waits_until_the_steps_before_it_are_done(world):
    dossier = in_progress(world)
    with pytest.raises(ValidationError) as error:
        record_result(actor=world["leader"], dossier=dossier, granted=True)
    assert "steps" in error.value.message_dict
    assert fresh(dossier).status == "in_progress" and not Decision.objects.exists()


@pytest.mark.parametrize("who", ["specialist", "officer", "admin"])
def test_only_the_leader_records_the_result(world, who):
    dossier = approved(world)
    with pytest.raises(PermissionDenied):
        record_result(actor=world[who], dossier=dossier, granted=True)


# --- return_result ----------------------------------------------------------------------------


def test_the_result_is_handed_over_at_the_chosen_point_with_the_collectors_identity(world):
    dossier = result_ready(world)
    returned = return_result(
        actor=world["officer"],
        dossier=dossier,
        collected_by_name="Trần Văn Bình",
        collected_by_identity="001090012345",
        originals_kept=True,
        at=at(3, 13, 30),  # the return step runs 11:00 + 2 working hours → 14:00
    )
    assert returned.point == world["point"] and returned.originals_kept
    dossier = fresh(dossier)
    assert dossier.status == "returned" and dossier.national_status == 10
    assert dossier.returned_at == at(3, 13, 30)
    assert step(dossier, 4).outcome == "on_time" and step(dossier, 4).status == "done"


def test_the_collectors_name_and_identity_are_required_at_the_counter(world):
    dossier = result_ready(world)
    with pytest.raises(ValidationError) as error:
        return_result(actor=world["officer"], dossier=dossier)
    assert set(error.value.message_dict) == {"collected_by_name", "collected_by_identity"}
    assert fresh(dossier).status == "result_ready"


def test_an_officer_of_another_point_does_not_return_the_result(world):
    dossier = result_ready(world)
    with pytest.raises(PermissionDenied):
        return_result(
            actor=world["officer_b"],
            dossier=dossier,
            collected_by_name="Trần Văn Bình",
            collected_by_identity="001090012345",
        )


def test_a_posted_result_needs_its_waybill(world):
    dossier = result_ready(world, return_channel="post", return_address="12 Hàng Bạc, Hà Nội")
    with pytest.raises(ValidationError) as error:
        return_result(actor=world["officer"], dossier=dossier)
    assert "waybill" in error.value.message_dict
    returned = return_result(actor=world["officer"], dossier=dossier, waybill="EB123456789VN")
    assert returned.channel == "post" and returned.waybill == "EB123456789VN"


def test_the_system_delivers_an_electronic_result_but_never_a_paper_one(world):
    paper = result_ready(world)
    with pytest.raises(PermissionDenied):
        return_result(actor=None, dossier=paper)
    electronic = result_ready(world, return_channel="electronic")
    assert return_result(actor=None, dossier=electronic).channel == "electronic"
    assert ResultReturn.objects.count() == 1


def test_the_specialist_does_not_return_the_result(world):
    with pytest.raises(PermissionDenied):
        return_result(
            actor=world["specialist"],
            dossier=result_ready(world),
            collected_by_name="X",
            collected_by_identity="1",
        )


# --- withdrawal and cancellation --------------------------------------------------------------


def test_the_owner_asks_to_withdraw_and_the_clock_still_runs(world):
    dossier = in_progress(world, owner=world["citizen"])
    dossier = request_withdrawal(actor=world["citizen"], dossier=dossier, reason="Đổi ý")
    assert dossier.status == "withdrawal_requested" and dossier.national_status == 7
    assert dossier.due_deadline.closed_at is None


@pytest.mark.parametrize("who", ["other_citizen", "officer", "leader"])
def test_only_the_owner_asks_to_withdraw(world, who):
    world["other_citizen"] = CitizenFactory()
    dossier = in_progress(world, owner=world["citizen"])
    with pytest.raises(PermissionDenied):
        request_withdrawal(actor=world[who], dossier=dossier)
    assert fresh(dossier).status == "in_progress"


def test_the_officer_withdraws_on_request_and_every_clock_stops(world):
    dossier = in_progress(world, owner=world["citizen"])
    request_withdrawal(actor=world["citizen"], dossier=dossier)
    dossier = withdraw(actor=world["officer"], dossier=dossier, at=at(3, 9))
    assert dossier.status == "withdrawn"
    assert dossier.due_deadline.closed_at == at(3, 9)
    assert step(dossier, 2).deadline.closed_at == at(3, 9)


def test_the_leader_may_withdraw_but_not_the_specialist(world):
    dossier = in_progress(world)
    with pytest.raises(PermissionDenied):
        withdraw(actor=world["specialist"], dossier=dossier)
    assert withdraw(actor=world["leader"], dossier=dossier).status == "withdrawn"


def test_the_administrator_cancels_with_a_reason(world):
    dossier = result_ready(world)
    with pytest.raises(ValidationError) as error:
        cancel(actor=world["admin"], dossier=dossier, reason="")
    assert "reason" in error.value.message_dict
    dossier = cancel(actor=world["admin"], dossier=dossier, reason="Ghi nhận trùng", at=at(3, 16))
    assert dossier.status == "cancelled" and dossier.history.last().note == "Ghi nhận trùng"
    assert step(dossier, 4).deadline.closed_at == at(3, 16)


def test_only_the_administrator_cancels_and_never_a_returned_dossier(world):
    dossier = result_ready(world)
    with pytest.raises(PermissionDenied):
        cancel(actor=world["leader"], dossier=dossier, reason="Trùng")
    return_result(
        actor=world["officer"], dossier=dossier, collected_by_name="B", collected_by_identity="1"
    )
    with pytest.raises(ValidationError) as error:
        cancel(actor=world["admin"], dossier=dossier, reason="Trùng")
    assert "status" in error.value.message_dict
