"""Rules of the internal process (issue 4 §2): ordered steps, each with a performer, an action
and its share of the legal time; parallel groups with exactly one lead, counted once as their
longest step; the shares add up to the legal time of every channel not done on the spot
(legal hours = working days × 8); every performer can be resolved."""

from decimal import Decimal

import pytest
from django.utils import translation

from motcua.catalog.validation import (
    allotment_problems,
    process_hours,
    process_problems,
    publication_problems,
)


def step(order, hours, **extra):
    return {
        "order": order,
        "name": f"Bước {order}",
        "action": "appraise",
        "performer_kind": "competent_unit",
        "allotted_hours": Decimal(hours),
        **extra,
    }


def channel(limit, unit="working_days", name="counter"):
    return {"channel": name, "time_limit": Decimal(limit), "time_unit": unit}


def codes(problems):
    return [(p.field, p.code) for p in problems]


def test_a_process_that_uses_exactly_the_legal_time_is_accepted():
    steps = [step(1, 2), step(2, 20), step(3, 2)]
    assert publication_problems(steps=steps, channels=[channel(3), channel(3, name="online")]) == []


def test_a_process_short_of_the_legal_time_is_refused_with_both_numbers():
    with translation.override("en"):
        [problem] = allotment_problems([step(1, 2), step(2, 4)], [channel(1)])
    assert problem.code == "process_does_not_add_up"
    assert "6 working hours" in problem.message and "is 8 working hours" in problem.message


def test_legal_hours_count_eight_per_working_day_or_the_hours_given():
    assert allotment_problems([step(1, 16)], [channel(2)]) == []
    assert allotment_problems([step(1, 4)], [channel(4, "working_hours")]) == []


def test_a_channel_done_on_the_spot_is_not_summed():
    steps = [step(1, 8)]
    assert allotment_problems(steps, [channel(1), channel(0, "on_the_spot", "online")]) == []


def test_each_channel_with_a_legal_time_must_be_met():
    problems = allotment_problems([step(1, 8)], [channel(1), channel(2, name="online")])
    assert [p.row for p in problems] == [1]


def test_a_parallel_group_counts_once_as_its_longest_step():
    steps = [
        step(1, 2),
        step(2, 4, parallel_group="A", is_lead=True),
        step(2, 6, parallel_group="A"),
        step(3, 0),
    ]
    assert process_hours(steps) == Decimal(8)
    assert publication_problems(steps=steps, channels=[channel(1)]) == []


@pytest.mark.parametrize("leads", [0, 2])
def test_a_parallel_group_has_exactly_one_lead(leads):
    steps = [
        step(2, 4, parallel_group="A", is_lead=leads > 0),
        step(2, 4, parallel_group="A", is_lead=leads > 1),
    ]
    assert codes(process_problems(steps)) == [("is_lead", "group_lead_count")]


def test_a_lead_outside_a_parallel_group_is_refused():
    assert codes(process_problems([step(1, 8, is_lead=True)])) == [
        ("is_lead", "lead_without_group")
    ]


def test_a_parallel_group_of_one_step_is_refused():
    assert codes(process_problems([step(1, 8, parallel_group="A", is_lead=True)])) == [
        ("parallel_group", "group_of_one")
    ]


def test_the_steps_of_a_parallel_group_follow_one_another():
    steps = [
        step(1, 2, parallel_group="A", is_lead=True),
        step(2, 2),
        step(3, 2, parallel_group="A"),
    ]
    assert ("parallel_group", "group_not_contiguous") in codes(process_problems(steps))


def test_two_steps_outside_a_group_cannot_share_a_place_in_the_order():
    assert codes(process_problems([step(1, 4), step(1, 4)])) == [("order", "duplicate_order")]


def test_each_step_says_what_it_does_and_how_long_it_takes():
    bad = {
        "order": 1,
        "name": "",
        "action": "dance",
        "performer_kind": "competent_unit",
        "allotted_hours": None,
    }
    assert codes(process_problems([bad])) == [
        ("name", "blank"),
        ("action", "invalid_action"),
        ("allotted_hours", "missing_hours"),
    ]
    assert codes(process_problems([step(1, -1)])) == [("allotted_hours", "negative_hours")]


def test_a_fixed_unit_performer_needs_its_unit():
    assert codes(process_problems([step(1, 8, performer_kind="fixed_unit")])) == [
        ("performer_unit", "performer_unit_missing")
    ]


def test_a_unit_is_only_given_for_a_fixed_unit_performer():
    assert codes(process_problems([step(1, 8, performer_unit="000.00.11.H26")])) == [
        ("performer_unit", "performer_unit_unused")
    ]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("", [("performer_role", "performer_role_missing")]),
        ("chief", [("performer_role", "unknown_role")]),
        ("specialist", []),
    ],
)
def test_a_role_in_unit_performer_needs_a_staff_role(role, expected):
    steps = [step(1, 8, performer_kind="role_in_unit", performer_role=role)]
    assert codes(process_problems(steps)) == expected


def test_an_unknown_performer_kind_is_refused():
    assert codes(process_problems([step(1, 8, performer_kind="anyone")])) == [
        ("performer_kind", "invalid_performer")
    ]


def test_a_published_version_needs_a_process_and_a_channel():
    assert codes(publication_problems(steps=[], channels=[])) == [
        ("channels", "no_channel"),
        ("steps", "no_process"),
    ]


def test_a_channel_on_the_spot_has_no_time_limit_and_others_have_one():
    assert codes(
        publication_problems(steps=[step(1, 0)], channels=[channel(1, "on_the_spot")])
    ) == [("time_limit", "on_the_spot_limit")]
    assert codes(publication_problems(steps=[step(1, 0)], channels=[channel(0)])) == [
        ("time_limit", "missing_limit")
    ]
