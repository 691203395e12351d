"""Rules of GET /api/v1/dossiers (issue 5 §8): each user lists exactly the dossiers the detail
endpoint would show them — supervisors all, staff their point's and their units', citizens
their own, another unit's staff none; filters by status, unit (with its subtree), procedure,
overdue and reception days; a bad filter value is a 400 naming the parameter; pages follow a
cursor, newest first, with no dossier shown twice or skipped."""

import datetime

import pytest
import time_machine

from api.writes_world import VN, auth, make_world
from factories.accounts import CitizenFactory, StaffUserFactory
from factories.organizations import MembershipFactory
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ComponentHandedIn, ReceptionRequest, receive_at_counter
from motcua.organizations.models import Role
from motcua.policy import can

pytestmark = pytest.mark.django_db

#: Reception instants: A gets Mon, Tue, Wed; B gets Mon, Thu (2-6 March 2026).
DAYS = {
    "a": [datetime.datetime(2026, 3, d, 9, tzinfo=VN) for d in (2, 3, 4)],
    "b": [datetime.datetime(2026, 3, d, 10, tzinfo=VN) for d in (2, 5)],
}
#: After every due date (3 working days) of the dossiers above.
LATER = datetime.datetime(2026, 3, 20, 9, tzinfo=VN)


@pytest.fixture(autouse=True)
def wednesday_noon():
    """ "Now" for every test here: before every due date above (the earliest is Thu 09:00)."""
    with time_machine.travel(datetime.datetime(2026, 3, 4, 12, tzinfo=VN), tick=False):
        yield


def receive(world, at):
    return receive_at_counter(
        actor=world.officer,
        point=world.point,
        received_at=at,
        request=ReceptionRequest(
            procedure_version=world.version,
            applicant_name="Người nộp",
            applicant_area=world.area,
            components=tuple(
                ComponentHandedIn(component_id=c.id)
                for c in world.version.components.filter(required=True)
            ),
        ),
    )


@pytest.fixture
def town(city):
    a = make_world(city, code="000.C0.04.H26")
    b = make_world(city, code="000.C0.05.H26", point_name="Bộ phận Một cửa xã Thử")
    dossiers = {name: [receive(w, at) for at in DAYS[name]] for name, w in (("a", a), ("b", b))}
    return a, b, dossiers


def codes(client, user, query=""):
    response = client.get(f"/api/v1/dossiers{query}", **auth(user))
    assert response.status_code == 200, response.json()
    return [row["code"] for row in response.json()["results"]]


def test_each_role_lists_what_it_may_see(client, town, staff_with_role, city, other_department):
    a, b, dossiers = town
    owner = CitizenFactory()
    Dossier.objects.filter(pk=dossiers["a"][0].pk).update(owner=owner)
    everything = {d.code for group in dossiers.values() for d in group}
    a_codes = {d.code for d in dossiers["a"]}
    cases = [
        (staff_with_role(Role.SUPERVISOR, city), everything),
        (staff_with_role(Role.SYSTEM_ADMIN, city), everything),
        (a.officer, a_codes),
        (b.officer, {d.code for d in dossiers["b"]}),
        (staff_with_role(Role.SPECIALIST, a.commune), a_codes),
        (staff_with_role(Role.UNIT_LEADER, city), everything),  # the units below count
        (staff_with_role(Role.SPECIALIST, other_department), set()),
        (owner, {dossiers["a"][0].code}),
        (CitizenFactory(), set()),
    ]
    for user, expected in cases:
        listed = codes(client, user)
        assert set(listed) == expected, user
        assert len(listed) == len(expected)
        # The list and the detail agree, dossier by dossier.
        for dossier in Dossier.objects.all():
            assert (dossier.code in listed) == can(user, "dossiers.view", dossier)


def test_the_list_is_newest_first(client, town, staff_with_role, city):
    _a, _b, dossiers = town
    listed = codes(client, staff_with_role(Role.SUPERVISOR, city))
    by_time = sorted((d for group in dossiers.values() for d in group), key=lambda d: d.received_at)
    assert listed == [d.code for d in reversed(by_time)]


def test_filters(client, town, staff_with_role, city):
    a, _b, dossiers = town
    boss = staff_with_role(Role.SUPERVISOR, city)
    a_codes = {d.code for d in dossiers["a"]}
    assert set(codes(client, boss, f"?unit={a.commune.code}")) == a_codes
    assert len(codes(client, boss, f"?unit={city.code}")) == 5  # its subtree
    assert len(codes(client, boss, "?status=received")) == 5
    assert codes(client, boss, "?status=in_progress,returned") == []
    assert len(codes(client, boss, f"?procedure={a.procedure.code}")) == 3
    monday_tuesday = "?received_from=2026-03-02&received_to=2026-03-03"
    assert len(codes(client, boss, monday_tuesday)) == 3
    assert len(codes(client, boss, "?received_from=2026-03-05")) == 1
    assert codes(client, boss, "?overdue=true") == []  # "now" is before every due date


def test_overdue_is_past_due_and_not_finished(client, town, staff_with_role, city):
    _a, _b, dossiers = town
    boss = staff_with_role(Role.SUPERVISOR, city)
    finished = dossiers["b"][1]
    Dossier.objects.filter(pk=finished.pk).update(status="returned")
    with time_machine.travel(LATER, tick=False):
        overdue = set(codes(client, boss, "?overdue=true"))
        on_time = set(codes(client, boss, "?overdue=false"))
    assert finished.code not in overdue
    assert len(overdue) == 4
    assert on_time == {finished.code}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("?status=lost", "status"),
        ("?unit=000.99.99.H99", "unit"),
        ("?procedure=0.000000", "procedure"),
        ("?overdue=maybe", "overdue"),
        ("?received_from=02/03/2026", "received_from"),
        ("?received_from=2026-03-05&received_to=2026-03-02", "received_to"),
        ("?page_size=0", "page_size"),
        ("?page_size=101", "page_size"),
        ("?cursor=not-a-cursor", "cursor"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_it(client, town, system_admin, query, parameter):
    response = client.get(f"/api/v1/dossiers{query}", **auth(system_admin))
    assert response.status_code == 400
    assert parameter in response.json()["fields"]


def test_pages_follow_the_cursor_both_ways_without_repeats(client, town, system_admin):
    headers = auth(system_admin)
    everything = codes(client, system_admin)
    pages, url = [], "/api/v1/dossiers?page_size=2"
    while url:
        body = client.get(url, **headers).json()
        pages.append([row["code"] for row in body["results"]])
        url = body["next"]
        last = body
    assert [len(p) for p in pages] == [2, 2, 1]
    assert [code for page in pages for code in page] == everything
    back = client.get(last["previous"], **headers).json()
    assert [row["code"] for row in back["results"]] == pages[1]
    assert [row["code"] for row in client.get(back["previous"], **headers).json()["results"]] == (
        pages[0]
    )
    assert "id=" not in last["previous"]  # the cursor is opaque


def test_the_list_needs_a_login(client, town):
    assert client.get("/api/v1/dossiers").status_code in (401, 403)


def test_staff_without_any_role_see_nothing(client, town):
    assert codes(client, StaffUserFactory()) == []


def test_a_role_ended_no_longer_shows_its_dossiers(client, town):
    a, _b, _d = town
    leaver = StaffUserFactory()
    membership = MembershipFactory(user=leaver, unit=a.commune, role=Role.SPECIALIST)
    membership.ended_at = datetime.datetime(2026, 3, 1, tzinfo=VN)
    membership.save()
    assert codes(client, leaver) == []
