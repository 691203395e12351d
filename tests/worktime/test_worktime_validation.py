"""Bad input is refused with a clear message, before any arithmetic happens."""

import math
from datetime import date, datetime, time
from decimal import Decimal

import pytest

from motcua.worktime import CalendarOverride, OutOfCalendarRange, WorkCalendar

OPERATIONS = {
    "add": lambda calendar, instant: calendar.add(instant, days=1),
    "elapsed_start": lambda calendar, instant: calendar.elapsed(
        instant, datetime.fromisoformat("2025-06-02T09:00+07:00")
    ),
    "elapsed_end": lambda calendar, instant: calendar.elapsed(
        datetime.fromisoformat("2025-06-02T09:00+07:00"), instant
    ),
    "remaining": lambda calendar, instant: calendar.remaining(
        instant, datetime.fromisoformat("2025-06-02T09:00+07:00")
    ),
    "is_working_time": lambda calendar, instant: calendar.is_working_time(instant),
    "next_working_instant": lambda calendar, instant: calendar.next_working_instant(instant),
}
operations = pytest.mark.parametrize("operation", OPERATIONS.values(), ids=OPERATIONS.keys())


@operations
def test_naive_datetimes_are_refused(calendar, operation):
    with pytest.raises(ValueError, match="naive"):
        operation(calendar, datetime(2025, 6, 2, 9, 0))


@operations
def test_dates_instead_of_datetimes_are_refused(calendar, operation):
    with pytest.raises(TypeError, match="aware datetime"):
        operation(calendar, date(2025, 6, 2))


@operations
@pytest.mark.parametrize("instant", ["2014-12-31T23:59+07:00", "2041-01-01T00:00+07:00"])
def test_instants_outside_the_calendar_range_are_refused(calendar, operation, instant):
    with pytest.raises(OutOfCalendarRange, match="outside the calendar's range 2015-2040"):
        operation(calendar, datetime.fromisoformat(instant))


def test_out_of_range_is_a_value_error():
    assert issubclass(OutOfCalendarRange, ValueError)


def test_utc_instant_that_is_already_2015_in_hanoi_is_in_range(calendar):
    # 2014-12-31T17:00Z is 2015-01-01T00:00 in Hanoi: in range, and a holiday.
    assert not calendar.is_working_time(datetime.fromisoformat("2014-12-31T17:00+00:00"))


def test_addition_past_the_end_of_the_range_is_refused(calendar, hanoi):
    with pytest.raises(OutOfCalendarRange, match="extend its years"):
        calendar.add(hanoi(2040, 12, 20, 9, 0), days=30)


def test_next_working_instant_past_the_end_of_the_range_is_refused(calendar, hanoi):
    with pytest.raises(OutOfCalendarRange):
        calendar.next_working_instant(hanoi(2040, 12, 31, 18, 0))


@pytest.mark.parametrize(
    "method", ["is_working_day", "non_working_reason"], ids=["is_working_day", "reason"]
)
def test_dates_outside_the_range_are_refused(calendar, method):
    with pytest.raises(OutOfCalendarRange):
        getattr(calendar, method)(date(2041, 1, 1))


def test_datetime_given_for_a_date_is_refused(calendar, hanoi):
    with pytest.raises(TypeError, match=r"datetime\.date"):
        calendar.is_working_day(hanoi(2025, 6, 2, 9, 0))


def test_listing_a_year_outside_the_range_is_refused(calendar):
    with pytest.raises(OutOfCalendarRange):
        calendar.non_working_weekdays(2014)


@pytest.mark.parametrize(
    "amount", [-1, -0.5, Decimal("-0.01"), math.nan, math.inf, -math.inf, Decimal("NaN")]
)
def test_negative_or_non_finite_durations_are_refused(calendar, hanoi, amount):
    with pytest.raises(ValueError, match=r"negative|finite"):
        calendar.add(hanoi(2025, 6, 2, 9, 0), days=amount)
    with pytest.raises(ValueError, match=r"negative|finite"):
        calendar.add(hanoi(2025, 6, 2, 9, 0), hours=amount)


@pytest.mark.parametrize("amount", [True, "1", [1], complex(1, 0)])
def test_durations_that_are_not_numbers_are_refused(calendar, hanoi, amount):
    with pytest.raises(TypeError, match="int, float or Decimal"):
        calendar.add(hanoi(2025, 6, 2, 9, 0), hours=amount)


def test_exactly_one_of_days_or_hours_is_required(calendar, hanoi):
    with pytest.raises(TypeError, match="exactly one"):
        calendar.add(hanoi(2025, 6, 2, 9, 0))
    with pytest.raises(TypeError, match="exactly one"):
        calendar.add(hanoi(2025, 6, 2, 9, 0), days=1, hours=1)


@pytest.mark.parametrize(
    ("office_hours", "message"),
    [
        ({0: [("12:00", "08:00")]}, "must end after it starts"),
        ({0: [("08:00", "08:00")]}, "must end after it starts"),
        ({0: [("08:00", "12:00"), ("11:00", "17:00")]}, "without overlap"),
        ({0: [("13:00", "17:00"), ("08:00", "12:00")]}, "without overlap"),
        ({0: [("8h", "12:00")]}, "'HH:MM'"),
        ({0: [("08:61", "12:00")]}, "not a valid time"),
        ({0: [("08:00", "25:00")]}, "not a valid time"),
        ({0: [("24:00", "24:00")]}, "can only end a period"),
        ({0: [("08:00",)]}, r"\(start, end\) pair"),
        ({7: [("08:00", "12:00")]}, "keyed by weekday"),
        ({}, "no working time"),
        ({0: [(time(8, 0, 0, 5), time(12))]}, "whole-second"),
    ],
)
def test_invalid_office_hours_are_refused_with_a_clear_message(office_hours, message):
    with pytest.raises(ValueError, match=message):
        WorkCalendar(office_hours=office_hours, years=range(2025, 2026))


def test_office_hours_error_names_the_weekday():
    with pytest.raises(ValueError, match="Tuesday: period 2"):
        WorkCalendar(
            office_hours={1: [("08:00", "12:00"), ("13:00", "12:30")]}, years=range(2025, 2026)
        )


def test_office_hours_accept_time_objects_and_midnight_end(hanoi):
    calendar = WorkCalendar(
        office_hours={0: [(time(8), time(12))], 5: [("20:00", "24:00")]}, years=range(2025, 2026)
    )
    assert calendar.add(hanoi(2025, 6, 7, 23, 0), hours=1) == hanoi(2025, 6, 8, 0, 0)


def test_extra_working_day_must_be_a_day_without_office_hours():
    with pytest.raises(ValueError, match="already a working day"):
        WorkCalendar(extra_working_days={date(2025, 6, 2): "x"}, years=range(2025, 2026))


def test_a_day_cannot_be_both_non_working_and_extra_working():
    day = date(2025, 6, 7)
    with pytest.raises(ValueError, match="both"):
        WorkCalendar(
            non_working_days={day: "a"}, extra_working_days={day: "b"}, years=range(2025, 2026)
        )


def test_listed_days_outside_the_range_are_refused():
    with pytest.raises(OutOfCalendarRange):
        WorkCalendar(non_working_days={date(2030, 1, 2): "x"}, years=range(2025, 2026))


def test_listed_days_need_a_reason():
    with pytest.raises(ValueError, match="non-empty reason"):
        WorkCalendar(non_working_days={date(2025, 1, 2): " "}, years=range(2025, 2026))


@pytest.mark.parametrize("years", [range(2025, 2025), range(2025, 2030, 2)])
def test_years_must_be_a_plain_non_empty_range(years):
    with pytest.raises(ValueError, match="non-empty range"):
        WorkCalendar(years=years)


def test_calendar_is_immutable(calendar):
    with pytest.raises(AttributeError, match="immutable"):
        calendar.hours_per_day = 4
    with pytest.raises(TypeError):
        calendar.non_working_dates[date(2025, 6, 2)] = "x"


def test_override_kind_is_checked():
    with pytest.raises(ValueError, match="kind must be one of"):
        CalendarOverride(date(2025, 6, 2), "holiday", "x")


def test_override_needs_a_date_and_a_reason():
    with pytest.raises(TypeError, match=r"datetime\.date"):
        CalendarOverride(datetime(2025, 6, 2), "add_non_working", "x")
    with pytest.raises(ValueError, match="needs a reason"):
        CalendarOverride(date(2025, 6, 2), "add_non_working", "")
