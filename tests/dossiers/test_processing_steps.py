"""Rules of the hand-offs (DOMAIN §3.3-§3.4, Form 05): routing plans the internal process and
ends the counter's reception step; paper travels the same day or the next morning after 15:00;
the competent unit's leader assigns a handler of that unit; a step ends with its outcome and
hands over to the next stage; a parallel group ends only when every agency has finished."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dossiers.test_processing_world import (
    at,
    build_world,
    fresh,
    inter_agency_version,
    receive,
)
from motcua.dossiers.models import DossierStep, HistoryEntry
from motcua.dossiers.services.steps import assign, complete_step, consult, route

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, city):
    return build_world(settings, city)


def routed(world, *, when=None, **kwargs):
    dossier = receive(world, **kwargs)
    return route(actor=world["officer"], dossier=dossier, at=when or at(2, 10))


def assigned(world, **kwargs):
    dossier = routed(world, **kwargs)
    return assign(
        actor=world["leader"], dossier=dossier, handler=world["specialist"], at=at(2, 10, 30)
    )


def step(dossier, order):
    return DossierStep.objects.filter(dossier=dossier, order=order).get()


# --- route ------------------------------------------------------------------------------------


def test_routing_plans_every_step_and_ends_the_counters_reception_step(world):
    dossier = routed(world)
    steps = list(dossier.steps.order_by("order"))
    assert [(s.name, s.unit, s.status) for s in steps] == [
        ("Tiếp nhận hồ sơ", world["commune_a"], "done"),
        ("Thẩm định hồ sơ", world["commune_b"], "in_progress"),
        ("Phê duyệt, ký kết quả", world["commune_b"], "waiting"),
        ("Trả kết quả", world["commune_a"], "waiting"),
    ]
    # Received 09:00, 2 hours allotted, handed over at 10:00 the same day: on time.
    assert steps[0].outcome == "on_time" and steps[0].finished_at == at(2, 10)
    assert fresh(dossier).status == "received"  # routing keeps the state
    entry = HistoryEntry.objects.filter(dossier=dossier).last()
    assert (entry.action, entry.from_status, entry.to_status) == ("route", "received", "received")


def test_a_started_step_gets_an_adjustable_deadline_on_its_units_calendar(world):
    appraisal = step(routed(world), 2)
    # Monday 10:00 + 16 working hours → Wednesday 10:00 (lunch and nights do not count).
    assert appraisal.due_at == at(4, 10)
    assert appraisal.deadline.kind == "adjustable" and appraisal.deadline.unit == world["commune_b"]
    assert appraisal.handed_over_at == at(2, 10) == appraisal.received_at


def test_paper_handed_over_before_15h_travels_the_same_day(world):
    assert "17:00 02/03/2026" in step(routed(world, when=at(2, 14, 59)), 2).note


def test_paper_handed_over_after_15h_travels_the_next_morning(world):
    assert "08:00 03/03/2026" in step(routed(world, when=at(2, 15, 30)), 2).note


def test_the_competent_units_leader_may_route_too(world):
    dossier = route(actor=world["leader"], dossier=receive(world), at=at(2, 10))
    assert dossier.steps.count() == 4


@pytest.mark.parametrize("who", ["specialist", "citizen", "outsider"])
def test_route_is_refused_to_other_roles_and_changes_nothing(world, who):
    dossier = receive(world, owner=world["citizen"])
    with pytest.raises(PermissionDenied):
        route(actor=world[who], dossier=dossier, at=at(2, 10))
    assert not dossier.steps.exists()
    assert HistoryEntry.objects.filter(dossier=dossier).count() == 1


def test_a_dossier_is_routed_only_once(world):
    dossier = routed(world)
    with pytest.raises(ValidationError) as error:
        route(actor=world["officer"], dossier=dossier, at=at(2, 11))
    assert "steps" in error.value.message_dict
    assert dossier.steps.count() == 4


# --- assign -----------------------------------------------------------------------------------


def test_the_leader_assigns_a_specialist_and_the_dossier_is_in_progress(world):
    dossier = assigned(world)
    assert dossier.status == "in_progress" and dossier.handler == world["specialist"]
    assert step(dossier, 2).handler == world["specialist"]


@pytest.mark.parametrize("who", ["specialist", "officer", "outsider"])
def test_only_the_competent_units_leader_assigns(world, who):
    dossier = routed(world)
    with pytest.raises(PermissionDenied):
        assign(actor=world[who], dossier=dossier, handler=world["specialist"])
    assert fresh(dossier).status == "received" and fresh(dossier).handler is None


def test_the_handler_must_work_in_the_competent_unit(world):
    with pytest.raises(ValidationError) as error:
        assign(actor=world["leader"], dossier=routed(world), handler=world["outsider"])
    assert "handler" in error.value.message_dict


# --- complete_step ----------------------------------------------------------------------------


def test_completing_a_step_records_its_outcome_and_hands_over_to_the_next(world):
    dossier = assigned(world)
    done = complete_step(
        actor=world["specialist"], dossier=dossier, step=step(dossier, 2), at=at(3, 9)
    )
    assert done.outcome == "early"  # due Wednesday, done Tuesday
    assert done.deadline.closed_at == at(3, 9)
    approval = step(dossier, 3)
    assert approval.status == "in_progress" and approval.handed_over_at == at(3, 9)
    assert approval.due_at == at(3, 14)  # 09:00 + 4 working hours, lunch excluded
    late = complete_step(actor=world["leader"], dossier=dossier, step=approval, at=at(3, 14, 30))
    assert late.outcome == "late"
    assert step(dossier, 4).status == "in_progress"


def test_a_step_done_on_its_due_day_is_on_time(world):
    dossier = assigned(world)
    done = complete_step(
        actor=world["specialist"], dossier=dossier, step=step(dossier, 2), at=at(4, 9, 59)
    )
    assert done.outcome == "on_time"


def test_a_reception_officer_may_not_complete_an_appraisal_step(world):
    dossier = assigned(world)
    with pytest.raises(PermissionDenied):
        complete_step(actor=world["officer"], dossier=dossier, step=step(dossier, 2))
    assert step(dossier, 2).status == "in_progress"


def test_staff_of_another_unit_may_not_complete_the_step(world):
    dossier = assigned(world)
    with pytest.raises(PermissionDenied):
        complete_step(actor=world["tax_specialist"], dossier=dossier, step=step(dossier, 2))


def test_a_step_cannot_be_completed_before_the_dossier_is_assigned(world):
    dossier = routed(world)
    with pytest.raises(ValidationError) as error:
        complete_step(actor=world["specialist"], dossier=dossier, step=step(dossier, 2))
    assert "status" in error.value.message_dict


def test_a_finished_step_cannot_be_completed_again(world):
    dossier = assigned(world)
    with pytest.raises(ValidationError) as error:
        complete_step(actor=world["specialist"], dossier=dossier, step=step(dossier, 1))
    assert "step" in error.value.message_dict


# --- parallel groups and consultation ---------------------------------------------------------


def test_a_parallel_group_ends_only_when_every_agency_has_finished(world):
    version = inter_agency_version(world)
    dossier = assigned(world, version=version)
    complete_step(actor=world["specialist"], dossier=dossier, step=step(dossier, 2), at=at(3, 9))
    group = [step(dossier, 3), step(dossier, 4), step(dossier, 5)]
    assert {s.status for s in group} == {"in_progress"} and group[0].is_lead
    complete_step(actor=world["specialist"], dossier=dossier, step=group[0], at=at(3, 10))
    complete_step(actor=world["tax_specialist"], dossier=dossier, step=group[1], at=at(3, 11))
    assert step(dossier, 6).status == "waiting"  # the police have not answered yet
    complete_step(actor=world["police_specialist"], dossier=dossier, step=group[2], at=at(3, 15))
    assert step(dossier, 6).status == "in_progress"
    assert step(dossier, 6).handed_over_at == at(3, 15)


def test_consulting_adds_parallel_steps_under_the_current_unit_as_lead(world):
    dossier = assigned(world)
    created = consult(
        actor=world["specialist"],
        dossier=dossier,
        units=[world["tax"], world["police"]],
        allotted_hours=8,
        at=at(2, 14),
    )
    assert [s.unit for s in created] == [world["tax"], world["police"]]
    lead = DossierStep.objects.get(dossier=dossier, order=2, is_lead=True)
    assert lead.unit == world["commune_b"] and {s.parallel_group for s in created} == {
        lead.parallel_group
    }
    assert created[0].due_at == at(3, 14) and created[0].allotted_hours == Decimal(8)
    complete_step(actor=world["specialist"], dossier=dossier, step=lead, at=at(2, 16))
    assert step(dossier, 3).status == "waiting"  # the lead alone does not end the stage
    for specialist, consultation in zip(
        ("tax_specialist", "police_specialist"), created, strict=True
    ):
        complete_step(actor=world[specialist], dossier=dossier, step=consultation, at=at(3, 9))
    assert step(dossier, 3).status == "in_progress"


def test_consultation_is_refused_to_the_reception_officer(world):
    dossier = assigned(world)
    with pytest.raises(PermissionDenied):
        consult(actor=world["officer"], dossier=dossier, units=[world["tax"]], allotted_hours=8)
    assert dossier.steps.count() == 4


@pytest.mark.parametrize(
    ("units", "hours", "field"),
    [([], 8, "units"), (["commune_b"], 8, "units"), (["tax"], 0, "allotted_hours")],
)
def test_consultation_needs_other_agencies_and_a_time_share(world, units, hours, field):
    dossier = assigned(world)
    with pytest.raises(ValidationError) as error:
        consult(
            actor=world["leader"],
            dossier=dossier,
            units=[world[u] for u in units],
            allotted_hours=hours,
        )
    assert field in error.value.message_dict
    assert dossier.steps.count() == 4


def test_the_reception_officer_completes_the_counters_own_return_step(world):
    dossier = assigned(world)
    complete_step(actor=world["specialist"], dossier=dossier, step=step(dossier, 2), at=at(3, 9))
    complete_step(actor=world["leader"], dossier=dossier, step=step(dossier, 3), at=at(3, 11))
    done = complete_step(
        actor=world["officer"], dossier=dossier, step=step(dossier, 4), at=at(3, 13)
    )
    assert done.outcome == "on_time" and done.handler == world["officer"]
