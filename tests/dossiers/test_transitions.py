"""Rules of the one transition table (issue 5 §2; ARCHITECTURE MUST 2): every action from every
state by every actor is either the table's transition or a refusal with a reason; the domain's
key rules hold; the national codes cover 1-10; the docs show exactly this table."""

import itertools
from pathlib import Path

import pytest

from motcua.dossiers.transitions import (
    CLOCK_RUNNING,
    FINAL_STATES,
    NATIONAL_STATUS,
    NEW,
    TRANSITIONS,
    Action,
    Actor,
    State,
    TransitionRefused,
    available_actions,
    check,
    render_markdown,
)

ALL_STATES = [NEW, *State]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "dossier-states.md"


@pytest.mark.parametrize(
    ("action", "state", "actor"), list(itertools.product(Action, ALL_STATES, Actor))
)
def test_every_combination_is_the_tables_transition_or_a_refusal(action, state, actor):
    transition = next(t for t in TRANSITIONS if t.action == action)
    allowed = state in transition.sources and actor in transition.actors
    if allowed:
        assert check(action, state, {actor}) == transition.target_from(state)
        assert action in available_actions(state, {actor})
    else:
        with pytest.raises(TransitionRefused) as refusal:
            check(action, state, {actor})
        assert refusal.value.reason
        assert action not in available_actions(state, {actor})


def test_every_action_has_exactly_one_row():
    assert sorted(t.action for t in TRANSITIONS) == sorted(Action.values)


@pytest.mark.parametrize("state", sorted(FINAL_STATES))
def test_nothing_happens_to_a_finished_dossier(state):
    assert available_actions(state, set(Actor)) == []


def test_the_applicant_may_only_submit_complete_and_ask_to_withdraw():
    citizen_actions = {t.action for t in TRANSITIONS if Actor.CITIZEN in t.actors}
    assert citizen_actions == {Action.SUBMIT, Action.RESUBMIT, Action.REQUEST_WITHDRAWAL}


def test_only_a_unit_leader_signs_a_result_or_reschedules():
    for action in (Action.RECORD_RESULT, Action.RESCHEDULE):
        row = next(t for t in TRANSITIONS if t.action == action)
        assert row.actors == {Actor.UNIT_LEADER}


def test_only_a_system_administrator_cancels():
    row = next(t for t in TRANSITIONS if t.action == Action.CANCEL)
    assert row.actors == {Actor.SYSTEM_ADMIN}


def test_reception_separated_from_decision():
    # The counter receives and returns; it never appraises nor decides (Decision 468, idea 3).
    for action in (
        Action.RECORD_RESULT,
        Action.RETURN_INSUFFICIENT,
        Action.REQUEST_PAYMENT,
        Action.CONSULT,
        Action.ASSIGN,
    ):
        with pytest.raises(TransitionRefused):
            check(action, State.IN_PROGRESS, {Actor.RECEPTION_OFFICER})


def test_a_result_is_returned_only_once_it_is_ready():
    assert check(Action.RETURN_RESULT, State.RESULT_READY, {Actor.RECEPTION_OFFICER}) == (
        State.RETURNED
    )
    for state in set(ALL_STATES) - {State.RESULT_READY}:
        with pytest.raises(TransitionRefused):
            check(Action.RETURN_RESULT, state, {Actor.RECEPTION_OFFICER})


def test_reception_outcomes_from_a_new_dossier_are_exactly_one_of_the_three_forms():
    outcomes = set(available_actions(NEW, {Actor.RECEPTION_OFFICER}))
    assert outcomes == {
        Action.SUBMIT,
        Action.RECEIVE,
        Action.REQUEST_COMPLETION,
        Action.GIVE_GUIDANCE,
        Action.REFUSE,
    }
    assert check(Action.RECEIVE, NEW, {Actor.RECEPTION_OFFICER}) == State.RECEIVED
    assert check(Action.REQUEST_COMPLETION, NEW, {Actor.RECEPTION_OFFICER}) == (
        State.AWAITING_COMPLETION
    )
    assert check(Action.REFUSE, NEW, {Actor.RECEPTION_OFFICER}) == State.REFUSED


def test_supplement_after_appraisal_is_distinct_from_missing_papers_at_reception():
    # Both are national status 5, but only the first was received and will restart its clock.
    assert (
        NATIONAL_STATUS[State.RETURNED_INSUFFICIENT]
        == NATIONAL_STATUS[State.AWAITING_COMPLETION]
        == 5
    )
    assert (
        check(Action.RECEIVE_SUPPLEMENT, State.RETURNED_INSUFFICIENT, {Actor.RECEPTION_OFFICER})
        == State.IN_PROGRESS
    )
    with pytest.raises(TransitionRefused):
        check(Action.RECEIVE_SUPPLEMENT, State.AWAITING_COMPLETION, {Actor.RECEPTION_OFFICER})


def test_the_clock_stops_while_waiting_for_the_citizen():
    for state in (State.AWAITING_PAYMENT, State.RETURNED_INSUFFICIENT, State.AWAITING_COMPLETION):
        assert state not in CLOCK_RUNNING
    assert State.IN_PROGRESS in CLOCK_RUNNING


def test_every_state_has_a_national_code_and_every_code_is_used():
    assert set(NATIONAL_STATUS) == set(State)
    assert set(NATIONAL_STATUS.values()) == set(range(1, 11))


def test_an_unknown_action_is_refused_with_a_reason():
    with pytest.raises(TransitionRefused):
        check("teleport", State.RECEIVED, {Actor.SYSTEM_ADMIN})


def test_the_docs_show_exactly_this_table():
    assert DOCS.read_text(encoding="utf-8") == render_markdown(), (
        "docs/dossier-states.md is stale: run "
        "`motcua dossier_states --write docs/dossier-states.md`"
    )
