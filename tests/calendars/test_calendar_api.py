"""Rules: GET /api/v1/calendar/due adds working days or hours on the Vietnamese calendar;
GET /api/v1/calendar/days lists a year's days off and make-up days; bad parameters are a 400
naming the parameter (issue 3 §4)."""

import pytest

from factories.organizations import UnitFactory
from motcua.calendars import services

pytestmark = pytest.mark.django_db


def due(client, **params):
    response = client.get("/api/v1/calendar/due", params)
    return response.status_code, response.json()


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Inside office hours: the same clock time N working days later.
        ("2026-03-02T09:30:00+07:00", "1", "2026-03-03T09:30:00+07:00"),
        # Tết 2026: off 14/02-22/02; received Thursday 12/02 09:30 + 3 days.
        ("2026-02-12T09:30:00+07:00", "3", "2026-02-24T09:30:00+07:00"),
        # Tết 2027 (Đinh Mùi, 6/2/2027): received Wednesday 3/2/2027.
        ("2027-02-03T10:00:00+07:00", "5", "2027-02-17T10:00:00+07:00"),
        # 30/4-1/5/2026 (Thu-Fri): received Wed 29/04 14:00 + 1 day → Mon 04/05 14:00.
        ("2026-04-29T14:00:00+07:00", "1", "2026-05-04T14:00:00+07:00"),
        # Hùng Kings 2026 falls on Sunday 26/04: Monday 27/04 is the compensatory day off.
        ("2026-04-24T09:00:00+07:00", "1", "2026-04-28T09:00:00+07:00"),
        # 2/9/2026 with its adjacent 1/9 and the swapped 31/8 (made up on Saturday 22/8).
        ("2026-08-28T09:00:00+07:00", "1", "2026-09-03T09:00:00+07:00"),
        # The swapped Saturday 22/08/2026 is a working day.
        ("2026-08-21T09:00:00+07:00", "1", "2026-08-22T09:00:00+07:00"),
        # New Year 2026: 2/1 off by Official Letter 12729/VPCP-KGVX, made up on Saturday 10/1.
        ("2025-12-31T09:00:00+07:00", "1", "2026-01-05T09:00:00+07:00"),
        ("2026-01-09T09:00:00+07:00", "1", "2026-01-10T09:00:00+07:00"),
        # Received outside office hours: counts from the next working period.
        ("2026-03-07T09:00:00+07:00", "1", "2026-03-09T17:00:00+07:00"),
        # Half a day across the lunch break.
        ("2026-03-02T10:00:00+07:00", "0.5", "2026-03-02T15:00:00+07:00"),
    ],
)
def test_due_dates_follow_the_vietnamese_calendar(client, start, days, expected):
    status, body = due(client, start=start, days=days)
    assert status == 200, body
    assert body["due"] == expected
    assert body["start"] == start


def test_hours_and_a_start_without_offset_read_as_vietnam_time(client):
    status, body = due(client, start="2026-03-02T11:00", hours="1.5")
    assert status == 200
    assert body == {
        "start": "2026-03-02T11:00:00+07:00",
        "due": "2026-03-02T13:30:00+07:00",
        "working_hours": 1.5,
    }


def test_a_unit_with_saturday_hours_uses_them(client, system_admin):
    unit = UnitFactory(code="000.C0.01.H26")
    services.set_unit_office_hours(
        actor=system_admin,
        unit=unit,
        periods={
            "0": [["08:00", "12:00"], ["13:00", "17:00"]],
            "1": [["08:00", "12:00"], ["13:00", "17:00"]],
            "2": [["08:00", "12:00"], ["13:00", "17:00"]],
            "3": [["08:00", "12:00"], ["13:00", "17:00"]],
            "4": [["08:00", "12:00"], ["13:00", "17:00"]],
            "5": [["08:00", "12:00"]],
        },
    )
    start = "2026-03-06T15:00:00+07:00"  # Friday
    assert due(client, start=start, hours="4")[1]["due"] == "2026-03-09T10:00:00+07:00"
    assert due(client, start=start, hours="4", unit=str(unit.uuid))[1]["due"] == (
        "2026-03-07T10:00:00+07:00"
    )
    assert due(client, start=start, hours="4", unit=unit.code)[1]["due"] == (
        "2026-03-07T10:00:00+07:00"
    )


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "hôm qua", "days": "1"}, "start"),
        ({"start": "2026-13-01T08:00", "days": "1"}, "start"),
        ({"days": "1"}, "start"),
        ({"start": "2026-03-02T08:00", "days": "-1"}, "days"),
        ({"start": "2026-03-02T08:00", "hours": "-0.5"}, "hours"),
        ({"start": "2026-03-02T08:00", "days": "100000"}, "days"),
        ({"start": "2026-03-02T08:00", "days": "nan"}, "days"),
        ({"start": "2026-03-02T08:00", "days": "abc"}, "days"),
        ({"start": "2026-03-02T08:00", "days": "1", "hours": "2"}, "hours"),
        ({"start": "2026-03-02T08:00"}, "days"),
        ({"start": "2026-03-02T08:00", "days": "1", "unit": "000.99.99.H99"}, "unit"),
        ({"start": "2055-01-01T08:00", "days": "1"}, "start"),
        ({"start": "2040-12-31T08:00", "days": "60"}, "start"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, params, field):
    status, body = due(client, **params)
    assert status == 400
    assert field in body["fields"], body
    assert body["detail"]


def test_errors_are_vietnamese_by_default_and_english_on_request(client):
    body = client.get("/api/v1/calendar/due", {"start": "x", "days": "1"}).json()
    assert "ISO 8601" in body["detail"] and "không phải" in body["detail"]
    body = client.get(
        "/api/v1/calendar/due", {"start": "x", "days": "1"}, HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert body["detail"].startswith("start is not")


def test_days_lists_every_non_working_weekday_and_make_up_day(client):
    response = client.get("/api/v1/calendar/days", {"year": "2026"})
    assert response.status_code == 200
    body = response.json()
    off = {d["date"]: d["reason"] for d in body["non_working_days"]}
    assert {
        "2026-01-01",
        "2026-01-02",
        "2026-02-16",
        "2026-02-20",
        "2026-04-27",
        "2026-04-30",
        "2026-05-01",
        "2026-08-31",
        "2026-09-01",
        "2026-09-02",
    } <= set(off)
    assert all(reason for reason in off.values())
    assert all(d not in off for d in ["2026-02-14", "2026-02-15"])  # weekends are not listed
    extra = {d["date"] for d in body["extra_working_days"]}
    assert {"2026-01-10", "2026-08-22"} <= extra


@pytest.mark.parametrize("year", ["abc", "1999", "2100", ""])
def test_days_refuses_a_bad_year(client, year):
    response = client.get("/api/v1/calendar/days", {"year": year})
    assert response.status_code == 400
    assert "year" in response.json()["fields"]
