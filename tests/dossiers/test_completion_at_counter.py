"""A counter dossier left awaiting papers (Form 02) is received when the citizen brings them
back in person (DOMAIN §3.2: the legal time counts from the day the dossier is complete); and a
dossier that ends without a result takes its open steps out of every work queue."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dossiers.test_processing_world import MONDAY_9, at, build_world, fresh, receive
from motcua.dossiers.models import DossierStep, HistoryEntry, StepStatus, SupplementRequest
from motcua.dossiers.services import route, withdraw
from motcua.dossiers.services.completion import receive_pending
from motcua.dossiers.services.online import submit_online
from motcua.dossiers.services.outcomes import ItemToSupplement, request_completion
from motcua.dossiers.services.reception import ComponentHandedIn, ReceptionRequest
from motcua.dossiers.transitions import State

pytestmark = pytest.mark.django_db

WEDNESDAY_14 = at(4, 14)


@pytest.fixture
def world(settings, city):
    world = build_world(settings, city)
    form, residence = world["version"].components.order_by("order")
    world.update(form=form, residence=residence)
    return world


def awaiting_papers(world):
    """Recorded Monday at the counter with only the optional paper; the form is missing."""
    request = ReceptionRequest(
        procedure_version=world["version"],
        applicant_name="Trần Văn Bình",
        applicant_identity_number="001090012345",
        applicant_area=world["area_b"],
        components=(ComponentHandedIn(component_id=world["residence"].id),),
    )
    return request_completion(
        actor=world["officer"],
        point=world["point"],
        request=request,
        items=[ItemToSupplement(component_id=world["form"].id, reason="Chưa có tờ khai")],
        at=MONDAY_9,
    ).dossier


def brought_back(world, dossier, *, actor=None, components=None):
    return receive_pending(
        actor=actor or world["officer"],
        dossier=dossier,
        components=components
        if components is not None
        else (ComponentHandedIn(component_id=world["form"].id, digitised=True),),
        received_at=WEDNESDAY_14,
    )


def test_papers_brought_back_to_the_counter_are_received_with_the_clock_from_that_day(world):
    dossier = brought_back(world, awaiting_papers(world))
    assert dossier.status == State.RECEIVED and dossier.code
    assert dossier.received_at == WEDNESDAY_14
    assert dossier.due_deadline.started_at == WEDNESDAY_14  # not Monday's first visit
    assert dossier.competent_unit == world["commune_b"]
    assert SupplementRequest.objects.get(dossier=dossier).fulfilled_at == WEDNESDAY_14
    entry = HistoryEntry.objects.get(dossier=dossier, action="receive")
    assert entry.from_status == State.AWAITING_COMPLETION
    assert entry.data["changed_components"] == [world["form"].id]


def test_the_papers_brought_back_join_those_already_on_file(world):
    dossier = brought_back(world, awaiting_papers(world))
    on_file = sorted(fresh(dossier).components.values_list("component_id", flat=True))
    assert on_file == sorted([world["form"].id, world["residence"].id])
    assert fresh(dossier).has_digitised_components


def test_without_the_missing_paper_the_dossier_stays_waiting_and_nothing_changes(world):
    dossier = awaiting_papers(world)
    with pytest.raises(ValidationError) as error:
        brought_back(world, dossier, components=())
    assert "Tờ khai theo mẫu" in " ".join(error.value.message_dict["components"])
    assert fresh(dossier).status == State.AWAITING_COMPLETION and fresh(dossier).code is None
    assert SupplementRequest.objects.get(dossier=dossier).fulfilled_at is None


def test_only_an_officer_of_the_point_that_asked_receives_the_papers(world):
    dossier = awaiting_papers(world)
    with pytest.raises(PermissionDenied):
        brought_back(world, dossier, actor=world["officer_b"])
    assert fresh(dossier).status == State.AWAITING_COMPLETION


def test_an_online_dossier_is_received_as_submitted_not_with_papers_from_the_counter(world):
    dossier = submit_online(
        actor=world["citizen"],
        procedure_version=world["version"],
        point=world["point"],
        form_data={},
        components=(ComponentHandedIn(component_id=world["form"].id),),
        applicant_area=world["area_b"],
        submitted_at=MONDAY_9,
    )
    with pytest.raises(ValidationError) as error:
        brought_back(world, dossier)
    assert "components" in error.value.message_dict
    received = receive_pending(actor=world["officer"], dossier=dossier, received_at=WEDNESDAY_14)
    assert received.status == State.RECEIVED


def test_a_received_dossier_cannot_be_received_again(world):
    dossier = receive(world)
    with pytest.raises(ValidationError) as error:
        brought_back(world, dossier)
    assert "status" in error.value.message_dict


# --- Steps of a dossier that ends without a result ------------------------------------------


def test_a_withdrawn_dossier_leaves_every_work_queue(world):
    dossier = route(actor=world["officer"], dossier=receive(world), at=MONDAY_9)
    assert DossierStep.objects.filter(dossier=dossier, status=StepStatus.IN_PROGRESS).exists()
    withdraw(actor=world["leader"], dossier=dossier, reason="Công dân rút hồ sơ", at=at(3, 10))
    statuses = set(DossierStep.objects.filter(dossier=dossier).values_list("status", flat=True))
    assert statuses == {StepStatus.DONE, StepStatus.STOPPED} or statuses == {StepStatus.STOPPED}
    stopped = DossierStep.objects.filter(dossier=dossier, status=StepStatus.STOPPED)
    assert all(s.finished_at == at(3, 10) and s.outcome == "" for s in stopped)
