"""The conventions of adding working time, on ordinary weeks (June 2025, no holidays)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest


def test_one_day_from_mid_morning_is_the_same_time_next_working_day(calendar, hanoi):
    # Monday 02/06/2025 09:30 + 1 day → Tuesday 09:30.
    assert calendar.add(hanoi(2025, 6, 2, 9, 30), days=1) == hanoi(2025, 6, 3, 9, 30)


def test_one_day_from_opening_time_ends_at_closing_time_the_same_day(calendar, hanoi):
    assert calendar.add(hanoi(2025, 6, 2, 8, 0), days=1) == hanoi(2025, 6, 2, 17, 0)


def test_addition_ending_at_lunch_returns_noon_not_the_afternoon_start(calendar, hanoi):
    assert calendar.add(hanoi(2025, 6, 2, 8, 0), days=0.5) == hanoi(2025, 6, 2, 12, 0)
    assert calendar.add(hanoi(2025, 6, 2, 10, 0), hours=2) == hanoi(2025, 6, 2, 12, 0)


def test_addition_ending_at_closing_time_on_friday_does_not_jump_to_monday(calendar, hanoi):
    assert calendar.add(hanoi(2025, 6, 6, 13, 0), hours=4) == hanoi(2025, 6, 6, 17, 0)


def test_half_a_day_from_ten_skips_the_lunch_break(calendar, hanoi):
    # 10:00-12:00 is 2 h, the other 2 h run 13:00-15:00: half a day is 4 working hours.
    assert calendar.add(hanoi(2025, 6, 2, 10, 0), days=0.5) == hanoi(2025, 6, 2, 15, 0)


def test_one_and_a_half_hours_across_lunch(calendar, hanoi):
    assert calendar.add(hanoi(2025, 6, 2, 11, 0), hours=1.5) == hanoi(2025, 6, 2, 13, 30)
    assert calendar.add(hanoi(2025, 6, 2, 11, 0), hours=Decimal("1.5")) == hanoi(2025, 6, 2, 13, 30)


def test_start_during_lunch_counts_from_the_afternoon(calendar, hanoi):
    assert calendar.add(hanoi(2025, 6, 2, 12, 30), hours=1) == hanoi(2025, 6, 2, 14, 0)


def test_start_after_closing_counts_from_next_morning(calendar, hanoi):
    assert calendar.add(hanoi(2025, 6, 2, 18, 45), hours=1) == hanoi(2025, 6, 3, 9, 0)


def test_start_on_saturday_counts_from_monday_morning(calendar, hanoi):
    assert calendar.add(hanoi(2025, 6, 7, 10, 0), days=1) == hanoi(2025, 6, 9, 17, 0)


def test_adding_zero_in_working_time_returns_the_instant(calendar, hanoi):
    assert calendar.add(hanoi(2025, 6, 2, 9, 15), hours=0) == hanoi(2025, 6, 2, 9, 15)


def test_adding_zero_out_of_hours_returns_the_next_working_instant(calendar, hanoi):
    assert calendar.add(hanoi(2025, 6, 2, 12, 0), days=0) == hanoi(2025, 6, 2, 13, 0)
    assert calendar.add(hanoi(2025, 6, 6, 17, 0), days=0) == hanoi(2025, 6, 9, 8, 0)


def test_fifteen_working_days_span_three_weeks(calendar, hanoi):
    assert calendar.add(hanoi(2025, 6, 2, 9, 30), days=15) == hanoi(2025, 6, 23, 9, 30)


def test_result_is_in_the_calendar_zone_whatever_the_input_zone(calendar, hanoi):
    received_utc = datetime(2025, 6, 2, 2, 30, tzinfo=UTC)  # 09:30 in Hanoi
    due = calendar.add(received_utc, days=1)
    assert due == hanoi(2025, 6, 3, 9, 30)
    assert due.utcoffset() == timedelta(hours=7)


def test_sub_second_parts_are_dropped(calendar, hanoi):
    received = hanoi(2025, 6, 2, 9, 30).replace(microsecond=999_999)
    assert calendar.add(received, hours=1) == hanoi(2025, 6, 2, 10, 30)


def test_elapsed_counts_only_office_hours(calendar, hanoi):
    # Friday 16:00 → Monday 09:00: one hour on Friday, one on Monday.
    assert calendar.elapsed(hanoi(2025, 6, 6, 16, 0), hanoi(2025, 6, 9, 9, 0)) == timedelta(hours=2)
    assert calendar.elapsed(hanoi(2025, 6, 2, 11, 30), hanoi(2025, 6, 2, 13, 30)) == timedelta(
        hours=1
    )


def test_elapsed_is_negative_when_end_is_before_start(calendar, hanoi):
    assert calendar.elapsed(hanoi(2025, 6, 3, 9, 0), hanoi(2025, 6, 2, 9, 0)) == timedelta(hours=-8)


def test_remaining_is_negative_once_late(calendar, hanoi):
    due = hanoi(2025, 6, 2, 17, 0)
    assert calendar.remaining(hanoi(2025, 6, 2, 15, 0), due) == timedelta(hours=2)
    assert calendar.remaining(hanoi(2025, 6, 3, 9, 0), due) == timedelta(hours=-1)


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ((2025, 6, 2, 8, 0), True),
        ((2025, 6, 2, 11, 59, 59), True),
        ((2025, 6, 2, 12, 0), False),
        ((2025, 6, 2, 12, 59), False),
        ((2025, 6, 2, 13, 0), True),
        ((2025, 6, 2, 17, 0), False),
        ((2025, 6, 2, 7, 59), False),
        ((2025, 6, 7, 9, 0), False),  # Saturday
    ],
)
def test_working_time_is_half_open_periods(calendar, hanoi, parts, expected):
    assert calendar.is_working_time(hanoi(*parts)) is expected


def test_next_working_instant(calendar, hanoi):
    assert calendar.next_working_instant(hanoi(2025, 6, 2, 9, 0)) == hanoi(2025, 6, 2, 9, 0)
    assert calendar.next_working_instant(hanoi(2025, 6, 2, 12, 10)) == hanoi(2025, 6, 2, 13, 0)
    assert calendar.next_working_instant(hanoi(2025, 6, 2, 6, 0)) == hanoi(2025, 6, 2, 8, 0)
    assert calendar.next_working_instant(hanoi(2025, 6, 6, 20, 0)) == hanoi(2025, 6, 9, 8, 0)


def test_one_day_is_eight_hours_even_on_a_short_day():
    from motcua.worktime import WorkCalendar

    # A unit open only 08:00-11:00 on Mondays and full days otherwise: "1 day" is still 8 h.
    short_monday = WorkCalendar(
        office_hours={0: [("08:00", "11:00")]}
        | {day: [("08:00", "12:00"), ("13:00", "17:00")] for day in range(1, 5)},
        years=range(2025, 2026),
    )
    start = datetime.fromisoformat("2025-06-02T08:00+07:00")  # Monday
    assert short_monday.add(start, days=1) == datetime.fromisoformat("2025-06-03T14:00+07:00")
