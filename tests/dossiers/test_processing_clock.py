"""Rules of the legal clock after reception (DOMAIN §3.4-§3.5, §5): an insufficient dossier goes
back within 3 working days of reception and the time restarts in full when it is completed;
the financial obligation stops the clock and every running deadline moves by the working time
it was stopped; Form 04 moves the date once, at least one working day before it."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dossiers.test_processing_world import (
    at,
    build_world,
    fresh,
    receive,
)
from motcua.calendars.models import CalendarRevision, DeadlineChange
from motcua.calendars.selectors import forget_built_calendars
from motcua.calendars.services import recompute_adjustable_deadlines
from motcua.dossiers.models import Apology, DossierStep, HistoryEntry, SupplementRequest
from motcua.dossiers.services.processing import (
    MissingItem,
    assign,
    confirm_payment,
    receive_supplement,
    request_payment,
    reschedule,
    return_insufficient,
    route,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, city):
    return build_world(settings, city)


ITEMS = [MissingItem(name="Giấy chứng sinh", reason="Bản sao không rõ chữ")]


def in_progress(world):
    """Received Monday 2/3 09:00 (due Thursday 5/3 09:00), routed 10:00, assigned 10:30."""
    dossier = route(actor=world["officer"], dossier=receive(world), at=at(2, 10))
    return assign(
        actor=world["leader"], dossier=dossier, handler=world["specialist"], at=at(2, 10, 30)
    )


def appraisal(dossier):
    return DossierStep.objects.get(dossier=dossier, order=2)


# --- return as insufficient, receive the supplement ---------------------------------------------


def test_insufficiency_may_be_returned_up_to_3_working_days_after_reception(world):
    dossier = in_progress(world)
    request = return_insufficient(
        actor=world["specialist"], dossier=dossier, items=ITEMS, at=at(5, 9)
    )
    assert request.stage == "appraisal" and request.items.get().reason == "Bản sao không rõ chữ"
    assert fresh(dossier).status == "returned_insufficient" and fresh(dossier).national_status == 5


def test_insufficiency_is_refused_after_3_working_days_and_nothing_changes(world):
    dossier = in_progress(world)
    with pytest.raises(ValidationError) as error:
        return_insufficient(actor=world["specialist"], dossier=dossier, items=ITEMS, at=at(5, 9, 1))
    assert "received_at" in error.value.message_dict
    assert fresh(dossier).status == "in_progress" and not SupplementRequest.objects.exists()


def test_the_3_days_do_not_count_the_weekend(world):
    dossier = receive(world, when=at(6, 9))  # Friday 09:00 → Wednesday 09:00 is 3 working days
    request = return_insufficient(actor=world["leader"], dossier=dossier, items=ITEMS, at=at(11, 9))
    assert request.dossier.status == "returned_insufficient"


def test_every_item_needs_a_name_and_a_reason(world):
    dossier = in_progress(world)
    with pytest.raises(ValidationError) as error:
        return_insufficient(
            actor=world["specialist"],
            dossier=dossier,
            items=[MissingItem(name="Giấy chứng sinh", reason=" ")],
            at=at(3, 9),
        )
    assert "items" in error.value.message_dict
    with pytest.raises(ValidationError):
        return_insufficient(actor=world["specialist"], dossier=dossier, items=[], at=at(3, 9))


@pytest.mark.parametrize("who", ["officer", "citizen", "tax_specialist"])
def test_only_the_competent_units_staff_return_as_insufficient(world, who):
    dossier = in_progress(world)
    with pytest.raises(PermissionDenied):
        return_insufficient(actor=world[who], dossier=dossier, items=ITEMS, at=at(3, 9))


def test_the_supplement_restarts_the_legal_time_in_full_and_replans_the_steps(world):
    dossier = in_progress(world)
    return_insufficient(actor=world["specialist"], dossier=dossier, items=ITEMS, at=at(3, 9))
    dossier = receive_supplement(actor=world["officer"], dossier=dossier, at=at(10, 14))
    assert dossier.status == "in_progress"
    # Tuesday 10/3 14:00 + 3 working days → Friday 13/3 14:00.
    assert dossier.due_at == at(13, 14) == dossier.due_deadline.due_at
    change = DeadlineChange.objects.get(deadline=dossier.due_deadline)
    assert (change.cause, change.old_due_at, change.new_due_at) == ("restart", at(5, 9), at(13, 14))
    assert SupplementRequest.objects.get().fulfilled_at == at(10, 14)
    # The running appraisal step gets its 16 hours again from the supplement.
    assert appraisal(dossier).due_at == at(12, 14)


@pytest.mark.parametrize("who", ["specialist", "officer_b"])
def test_only_an_officer_of_the_dossiers_points_receives_the_supplement(world, who):
    dossier = in_progress(world)
    return_insufficient(actor=world["specialist"], dossier=dossier, items=ITEMS, at=at(3, 9))
    with pytest.raises(PermissionDenied):
        receive_supplement(actor=world[who], dossier=dossier, at=at(10, 14))
    assert fresh(dossier).due_at == at(5, 9)


def test_a_supplement_is_received_only_when_one_was_requested(world):
    with pytest.raises(ValidationError) as error:
        receive_supplement(actor=world["officer"], dossier=in_progress(world), at=at(3, 9))
    assert "status" in error.value.message_dict


# --- the financial obligation suspends the clock ------------------------------------------------


def test_the_suspension_moves_every_running_deadline_by_the_paused_working_time(world):
    dossier = in_progress(world)
    request_payment(actor=world["specialist"], dossier=dossier, amount_vnd=500_000, at=at(3, 10))
    assert fresh(dossier).status == "awaiting_payment" and fresh(dossier).national_status == 6
    dossier = confirm_payment(actor=world["officer"], dossier=dossier, at=at(5, 11))
    # Paused Tue 10:00 → Thu 11:00 = 6 + 8 + 3 = 17 working hours.
    assert dossier.status == "in_progress"
    assert dossier.due_at == at(9, 10)  # Thu 5/3 09:00 + 17 h → Mon 9/3 10:00
    step = appraisal(dossier)
    assert step.due_at == at(6, 11)  # Wed 4/3 10:00 + 17 h → Fri 6/3 11:00
    assert step.deadline.working_hours == Decimal(16 + 17)
    changes = DeadlineChange.objects.order_by("id")
    assert [(c.old_due_at, c.new_due_at) for c in changes] == [
        (at(5, 9), at(9, 10)),
        (at(4, 10), at(6, 11)),
    ]
    assert all(c.reason for c in changes)
    assert {c.cause for c in changes} == {"suspension"}
    entry = HistoryEntry.objects.filter(dossier=dossier).last()
    assert entry.data["paused_hours"]["legal"] == "17"


def test_a_moved_step_deadline_keeps_its_move_when_the_calendar_is_recomputed(world):
    dossier = in_progress(world)
    request_payment(actor=world["specialist"], dossier=dossier, at=at(3, 10))
    confirm_payment(actor=None, dossier=dossier, at=at(5, 11))  # the payment gateway's callback
    CalendarRevision.objects.update_or_create(pk=1, defaults={"number": 7})
    forget_built_calendars()
    recompute_adjustable_deadlines()
    assert appraisal(dossier).deadline.due_at == at(6, 11)


@pytest.mark.parametrize("who", ["officer", "citizen"])
def test_only_the_competent_units_staff_request_the_financial_obligation(world, who):
    dossier = in_progress(world)
    with pytest.raises(PermissionDenied):
        request_payment(actor=world[who], dossier=dossier, at=at(3, 10))
    assert fresh(dossier).status == "in_progress"


def test_the_citizen_cannot_confirm_the_payment_themselves(world):
    dossier = receive(world, owner=world["citizen"])
    dossier = route(actor=world["officer"], dossier=dossier, at=at(2, 10))
    dossier = assign(actor=world["leader"], dossier=dossier, handler=world["specialist"])
    request_payment(actor=world["specialist"], dossier=dossier, at=at(3, 10))
    with pytest.raises(PermissionDenied):
        confirm_payment(actor=world["citizen"], dossier=dossier, at=at(5, 11))
    assert fresh(dossier).status == "awaiting_payment"


def test_the_financial_obligation_is_requested_only_while_in_progress(world):
    with pytest.raises(ValidationError) as error:
        request_payment(actor=world["specialist"], dossier=receive(world), at=at(2, 10))
    assert "status" in error.value.message_dict


# --- Form 04: apology and new date ------------------------------------------------------------


def test_the_leader_reschedules_one_working_day_before_the_due_date(world):
    dossier = in_progress(world)
    apology = reschedule(
        actor=world["leader"],
        dossier=dossier,
        new_due_at=at(9, 9),
        reason="Chờ xác minh của cơ quan khác",
        at=at(4, 9),  # exactly 8 working hours before Thursday 09:00
    )
    assert (apology.old_due_at, apology.new_due_at) == (at(5, 9), at(9, 9))
    dossier = fresh(dossier)
    assert dossier.rescheduled and dossier.due_at == at(9, 9) == dossier.due_deadline.due_at
    change = DeadlineChange.objects.get(deadline=dossier.due_deadline)
    assert change.cause == "reschedule" and change.actor == world["leader"]


def test_rescheduling_less_than_one_working_day_before_the_due_date_is_refused(world):
    dossier = in_progress(world)
    with pytest.raises(ValidationError) as error:
        reschedule(
            actor=world["leader"],
            dossier=dossier,
            new_due_at=at(9, 9),
            reason="Trễ",
            at=at(4, 9, 1),
        )
    assert "new_due_at" in error.value.message_dict
    assert not Apology.objects.exists() and not fresh(dossier).rescheduled


def test_a_dossier_is_rescheduled_at_most_once(world):
    dossier = in_progress(world)
    reschedule(
        actor=world["leader"], dossier=dossier, new_due_at=at(9, 9), reason="Trễ", at=at(3, 9)
    )
    with pytest.raises(ValidationError) as error:
        reschedule(
            actor=world["leader"],
            dossier=dossier,
            new_due_at=at(12, 9),
            reason="Lại trễ",
            at=at(4, 9),
        )
    assert "rescheduled" in error.value.message_dict
    assert fresh(dossier).due_at == at(9, 9)


@pytest.mark.parametrize(
    ("new_due", "reason", "field"),
    [(at(5, 9), "Trễ", "new_due_at"), (at(4, 17), "Trễ", "new_due_at"), (at(9, 9), " ", "reason")],
)
def test_the_new_date_is_later_and_the_reason_is_given(world, new_due, reason, field):
    dossier = in_progress(world)
    with pytest.raises(ValidationError) as error:
        reschedule(
            actor=world["leader"], dossier=dossier, new_due_at=new_due, reason=reason, at=at(3, 9)
        )
    assert field in error.value.message_dict


@pytest.mark.parametrize("who", ["specialist", "officer", "admin"])
def test_only_the_leader_reschedules(world, who):
    dossier = in_progress(world)
    with pytest.raises(PermissionDenied):
        reschedule(
            actor=world[who], dossier=dossier, new_due_at=at(9, 9), reason="Trễ", at=at(3, 9)
        )
