"""Rules of the work-queue reads (issue 7 §3): a unit's queue holds the open dossiers of the
unit and the units below it — never another unit's — the earliest due date first; counts per
timeliness come from ranges of the stored due instant in one query; filters narrow by state,
procedure, handler, timeliness and text; "my work" holds the running steps assigned to me."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backoffice.test_queues_world import assigned, at, queue_world, receive, routed
from motcua.dossiers import work_selectors as ws
from motcua.dossiers.services import request_payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, city):
    return queue_world(settings, city)


@pytest.fixture
def spread(world):
    """Four dossiers of commune B (3 working days each), seen on Thursday 5 March 14:00:
    one overdue, one due soon, one on time, one whose clock stopped for a payment."""
    overdue = assigned(world, when=at(2, 9))  # due Thu 5 09:00
    soon = routed(world, when=at(4, 9))  # due Mon 9 09:00: 12 office hours left
    on_time = routed(world, when=at(5, 10))  # due Tue 10 10:00: 21 office hours left
    paused = assigned(world, when=at(3, 9))
    request_payment(actor=world["specialist"], dossier=paused, at=at(3, 10))
    return {"overdue": overdue, "soon": soon, "on_time": on_time, "paused": paused}


def edges(world):
    return ws.edges(world["commune_b"], now=at(5, 14))


def codes(rows) -> list[str]:
    return [d.code for d in rows]


def test_the_queue_is_ordered_by_due_date(world, spread):
    rows = ws.unit_queue(world["commune_b"])
    assert codes(rows) == [
        spread["overdue"].code,
        spread["paused"].code,
        spread["soon"].code,
        spread["on_time"].code,
    ]


def test_timeliness_is_counted_by_ranges_in_one_query(world, spread):
    rows, split = ws.unit_queue(world["commune_b"]), edges(world)
    with CaptureQueriesContext(connection) as queries:
        counts = ws.timeliness_counts(rows, split)
    # The subtree's unit ids are read while building `rows`; the counts are one query.
    assert len(queries) == 1
    assert counts == {"total": 4, "overdue": 1, "due_soon": 1, "on_time": 1, "paused": 1}


@pytest.mark.parametrize("kind", ["overdue", "due-soon", "on-time", "paused"])
def test_the_timeliness_filter_keeps_one_kind(world, spread, kind):
    rows = ws.with_timeliness(ws.unit_queue(world["commune_b"]), kind, edges(world))
    key = {"overdue": "overdue", "due-soon": "soon", "on-time": "on_time", "paused": "paused"}
    assert codes(rows) == [spread[key[kind]].code]


def test_filters_by_state_procedure_handler_and_text(world, spread):
    unit = world["commune_b"]
    in_progress = ws.QueueFilters(statuses=("in_progress",))
    assert set(codes(ws.unit_queue(unit, in_progress))) == {spread["overdue"].code}
    mine = ws.QueueFilters(handler=world["specialist"])
    assert set(codes(ws.unit_queue(unit, mine))) == {spread["overdue"].code, spread["paused"].code}
    nobody = ws.QueueFilters(unassigned=True)
    assert set(codes(ws.unit_queue(unit, nobody))) == {spread["soon"].code, spread["on_time"].code}
    code = world["version"].procedure.code
    assert len(ws.unit_queue(unit, ws.QueueFilters(procedure_code=code))) == 4
    assert not ws.unit_queue(unit, ws.QueueFilters(procedure_code="9.999999"))
    by_code = ws.QueueFilters(text=spread["soon"].code[:-1].lower())
    assert spread["soon"].code in codes(ws.unit_queue(unit, by_code))
    assert len(ws.unit_queue(unit, ws.QueueFilters(text="văn bình"))) == 4
    assert not ws.unit_queue(unit, ws.QueueFilters(text="Không Ai"))


def test_another_units_dossiers_are_not_in_the_queue(world, spread):
    elsewhere = receive(world, competent_unit=world["commune_a"])
    assert elsewhere.code not in codes(ws.unit_queue(world["commune_b"]))
    assert elsewhere.code in codes(ws.unit_queue(world["commune_a"]))


def test_a_unit_queue_takes_in_the_units_below(world, city, spread):
    assert set(codes(ws.unit_queue(city))) >= set(codes(ws.unit_queue(world["commune_b"])))


def test_which_units_a_user_may_open(world):
    assert list(ws.queue_units(world["specialist"])) == [world["commune_b"]]
    assert world["commune_a"] not in ws.queue_units(world["leader"])
    assert world["commune_a"] in ws.queue_units(world["supervisor"])
    assert not ws.queue_units(world["officer"])


def test_a_specialist_does_not_lead_and_a_leader_does(world):
    assert ws.leads(world["leader"], world["commune_b"])
    assert not ws.leads(world["specialist"], world["commune_b"])
    assert not ws.leads(world["leader"], world["commune_a"])


def test_my_work_is_the_running_steps_assigned_to_me_by_step_due_date(world, spread):
    steps = list(ws.my_steps(world["specialist"]))
    assert [s.dossier.code for s in steps] == [spread["overdue"].code, spread["paused"].code]
    assert not ws.my_steps(world["specialist_2"])
    names = {"due": "due_at", "status": "dossier__status"}
    counts = ws.timeliness_counts(ws.my_steps(world["specialist"]), edges(world), **names)
    assert (counts["overdue"], counts["paused"], counts["total"]) == (1, 1, 2)


def test_handler_candidates_are_the_specialists_and_leaders_of_the_unit(world):
    candidates = ws.handler_candidates(world["commune_b"])
    assert set(candidates) == {world["specialist"], world["specialist_2"], world["leader"]}


def test_a_parent_units_list_offers_the_handlers_of_the_units_below_too(world, city):
    assert world["specialist"] not in ws.handler_candidates(city)
    assert world["specialist"] in ws.handler_candidates(city, below=True)
