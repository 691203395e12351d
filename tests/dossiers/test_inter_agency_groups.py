"""Inter-agency requests (issue 5 §7, Decree 63/2024): one request for a catalogue group makes
one linked dossier per procedure, each with its own code, competent unit and clock, and one
tracking code for the citizen; the group's status is derived from its dossiers."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from dossiers.test_processing_world import MONDAY_9, build_world
from factories.catalog import PublishedProcedureFactory
from motcua.audit.models import AuditRecord
from motcua.catalog.models import GroupMember, ProcedureGroup
from motcua.dossiers import selectors
from motcua.dossiers.codes import parse_code
from motcua.dossiers.groups import GroupStatus, group_status
from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierGroup
from motcua.dossiers.services.completion import receive_pending
from motcua.dossiers.services.groups import (
    GroupMemberRequest,
    receive_group_at_counter,
    submit_group_online,
)
from motcua.dossiers.services.reception import ComponentHandedIn, ReceptionRequest
from motcua.dossiers.transitions import State
from motcua.notifications.models import OutboxEvent
from motcua.policy import can

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, city):
    world = build_world(settings, city)
    residence = PublishedProcedureFactory(version__name="Đăng ký thường trú").versions.get()
    insurance = PublishedProcedureFactory(version__name="Cấp thẻ BHYT trẻ em").versions.get()
    group = ProcedureGroup.objects.create(code="LT-KS-TT-BHYT", name="Liên thông khai sinh")
    for order, (version, unit) in enumerate(
        [(world["version"], None), (residence, world["police"]), (insurance, world["tax"])], 1
    ):
        GroupMember.objects.create(
            group=group,
            procedure=version.procedure,
            order=order,
            agency_description=unit.name if unit else "UBND cấp xã",
            unit=unit,
        )
    world.update(group=group, birth=world["version"], residence=residence, insurance=insurance)
    return world


def member(version, *, complete=True, **changes) -> GroupMemberRequest:
    papers = [c for c in version.components.all() if c.required] if complete else []
    return GroupMemberRequest(
        procedure_version=version,
        components=tuple(ComponentHandedIn(component_id=c.id) for c in papers),
        **changes,
    )


def applicant(world) -> ReceptionRequest:
    return ReceptionRequest(
        procedure_version=world["birth"],
        applicant_name="Trần Văn Bình",
        applicant_identity_kind="cccd",
        applicant_identity_number="001090012345",
        applicant_area=world["area_b"],
    )


def receive_group(world, members=None, **changes):
    members = members or [member(world[name]) for name in ("birth", "residence", "insurance")]
    return receive_group_at_counter(
        actor=changes.pop("actor", world["officer"]),
        point=world["point"],
        procedure_group=world["group"],
        applicant=changes.pop("applicant", applicant(world)),
        members=members,
        received_at=MONDAY_9,
    )


def numbers(codes) -> list[int]:
    return [parse_code(code).number for code in codes]


# --- Reception of a request -------------------------------------------------------------------


def test_one_request_makes_one_received_dossier_per_procedure_under_one_tracking_code(world):
    group = receive_group(world)
    dossiers = selectors.group_by_code(group.code).members_in_order
    assert [d.procedure_version for d in dossiers] == [
        world["birth"],
        world["residence"],
        world["insurance"],
    ]
    assert all(d.status == State.RECEIVED and d.group_id == group.pk for d in dossiers)
    # The tracking code comes first from the receiving agency's counter, then the dossiers'.
    assert numbers([group.code, *(d.code for d in dossiers)]) == [1, 2, 3, 4]
    assert all(d.received_at == MONDAY_9 and d.due_at is not None for d in dossiers)
    assert group.receiving_point == world["point"] and group.channel == "counter"
    assert AuditRecord.objects.filter(action="dossiers.request_group").count() == 1
    assert OutboxEvent.objects.filter(topic="dossier_group.requested").count() == 1


def test_each_procedure_goes_to_the_agency_the_group_names_or_the_applicants_commune(world):
    group = receive_group(world)
    units = [d.competent_unit for d in selectors.group_by_code(group.code).members_in_order]
    assert units == [world["commune_b"], world["police"], world["tax"]]


def test_the_dossiers_follow_the_groups_order_whatever_the_order_asked(world):
    members = [member(world["insurance"]), member(world["birth"])]
    group = receive_group(world, members)
    dossiers = selectors.group_by_code(group.code).members_in_order
    assert [d.procedure_version for d in dossiers] == [world["birth"], world["insurance"]]
    assert numbers(d.code for d in dossiers) == [2, 3]


@pytest.mark.parametrize(
    "names, message",
    [
        (["birth"], "ít nhất 2 thủ tục"),
        (["birth", "birth"], "kê khai hai lần"),
    ],
)
def test_a_request_needs_two_different_procedures_of_the_group(world, names, message):
    with pytest.raises(ValidationError) as error:
        receive_group(world, [member(world[name]) for name in names])
    assert message in " ".join(error.value.message_dict["members"])
    assert not Dossier.objects.exists() and not DossierGroup.objects.exists()


def test_a_procedure_outside_the_group_is_refused_and_nothing_is_recorded(world):
    stranger = PublishedProcedureFactory(version__name="Cấp giấy phép xây dựng").versions.get()
    with pytest.raises(ValidationError) as error:
        receive_group(world, [member(world["birth"]), member(stranger)])
    assert "không thuộc nhóm liên thông này" in " ".join(error.value.message_dict["members"])
    assert not DossierCodeCounter.objects.filter(last_number__gt=0).exists()


def test_every_problem_of_every_procedure_is_told_at_once_and_nothing_is_kept(world):
    members = [
        member(world["birth"]),
        member(world["residence"], complete=False),
        member(world["insurance"], complete=False),
    ]
    with pytest.raises(ValidationError) as error:
        receive_group(world, members)
    fields = error.value.message_dict
    assert set(fields) == {"members.2.components", "members.3.components"}
    assert not Dossier.objects.exists() and not DossierGroup.objects.exists()
    # The numbers of the rolled-back request are handed back: the next code is the first.
    again = receive_group(world)
    assert parse_code(again.code).number == 1


def test_the_applicants_name_is_asked_once_for_the_whole_request(world):
    from dataclasses import replace

    with pytest.raises(ValidationError) as error:
        receive_group(world, applicant=replace(applicant(world), applicant_name="  "))
    assert list(error.value.message_dict) == ["applicant_name"]


def test_only_an_officer_of_the_point_receives_a_request(world):
    with pytest.raises(PermissionDenied):
        receive_group(world, actor=world["officer_b"])
    assert not DossierGroup.objects.exists()


# --- Online -----------------------------------------------------------------------------------


def submit_group(world, citizen=None):
    return submit_group_online(
        actor=citizen or world["citizen"],
        point=world["point"],
        procedure_group=world["group"],
        members=[member(world["birth"]), member(world["residence"])],
        applicant_area=world["area_b"],
        submitted_at=MONDAY_9,
    )


def test_an_online_request_gets_its_tracking_code_at_once_and_its_dossiers_wait(world):
    group = submit_group(world)
    found = selectors.group_by_code(group.code)
    assert group.owner == world["citizen"] and group.channel == "online"
    assert [d.status for d in found.members_in_order] == [State.SUBMITTED, State.SUBMITTED]
    assert all(d.code is None and d.owner == world["citizen"] for d in found.members_in_order)
    assert found.status == GroupStatus.SUBMITTED


def test_an_online_dossier_of_a_group_is_received_by_the_agency_the_group_names(world):
    group = submit_group(world)
    residence = selectors.group_by_code(group.code).members_in_order[1]
    received = receive_pending(actor=world["officer"], dossier=residence, received_at=MONDAY_9)
    assert received.competent_unit == world["police"] and received.code
    assert selectors.group_by_code(group.code).status == GroupStatus.SUBMITTED


# --- Who sees a request ----------------------------------------------------------------------


def test_the_request_is_seen_by_its_point_its_agencies_and_its_applicant_only(world):
    counter_group = receive_group(world)
    online_group = submit_group(world)
    assert can(world["officer"], "dossiers.view_group", counter_group)
    assert can(world["police_specialist"], "dossiers.view_group", counter_group)
    assert can(world["citizen"], "dossiers.view_group", online_group)
    assert not can(world["outsider"], "dossiers.view_group", counter_group)
    assert not can(world["officer_b"], "dossiers.view_group", counter_group)


# --- The derived status ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "states, expected",
    [
        ({State.SUBMITTED, State.RECEIVED}, GroupStatus.SUBMITTED),
        ({State.RECEIVED, State.IN_PROGRESS, State.RESULT_READY}, GroupStatus.RECEIVED),
        ({State.IN_PROGRESS, State.RESULT_READY}, GroupStatus.IN_PROGRESS),
        ({State.IN_PROGRESS, State.AWAITING_PAYMENT}, GroupStatus.WAITING_FOR_APPLICANT),
        ({State.RESULT_READY, State.RETURNED}, GroupStatus.RESULTS_READY),
        ({State.RETURNED, State.WITHDRAWN}, GroupStatus.COMPLETED),
        ({State.REFUSED, State.CANCELLED}, GroupStatus.ENDED),
        ({State.RETURNED_INSUFFICIENT, State.RETURNED}, GroupStatus.WAITING_FOR_APPLICANT),
    ],
)
def test_the_group_shows_what_the_citizen_must_know_first(states, expected):
    assert group_status(states) == expected


@given(st.sets(st.sampled_from(list(State)), min_size=1))
def test_every_combination_of_states_has_a_group_status(states):
    """Property: the derivation is total, and a dossier waiting for the applicant always
    shows, whatever the others do."""
    result = group_status(states)
    assert result in GroupStatus.values
    waiting = {State.AWAITING_COMPLETION, State.RETURNED_INSUFFICIENT, State.AWAITING_PAYMENT}
    assert (result == GroupStatus.WAITING_FOR_APPLICANT) == bool(states & waiting)


def test_an_empty_group_has_no_status():
    with pytest.raises(ValueError):
        group_status([])


def test_the_group_is_due_when_its_last_dossier_is(world):
    group = selectors.group_by_code(receive_group(world).code)
    assert group.due_at == max(d.due_at for d in group.members_in_order)


def test_the_tracking_book_shows_the_request_on_its_own_line_so_no_number_is_missing(world):
    """The tracking code is a number of the day counter: the book of the point that day lists
    it between the dossiers, naming them, so every number given appears once."""
    from motcua.dossiers.registers import tracking_book

    group = receive_group(world)
    rows = tracking_book(world["point"], MONDAY_9.date())
    assert numbers(r.code for r in rows) == [1, 2, 3, 4]
    assert [r.number for r in rows] == [1, 2, 3, 4]
    assert rows[0].code == group.code and rows[0].procedure == "Liên thông khai sinh"
    assert all(r.code.rsplit("-", 1)[1] in rows[0].note for r in rows[1:])
