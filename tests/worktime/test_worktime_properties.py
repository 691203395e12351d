"""Laws that every addition must obey, checked on random instants and durations (hypothesis).

Durations are whole minutes given as exact Decimal hours, so that a + b is exact and the
laws can be stated with ``==``.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.worktime import WorkCalendar, build_vietnam_calendar

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
ONE_SECOND = timedelta(seconds=1)
FIRST = datetime(2025, 1, 1, tzinfo=HANOI)
SPAN_SECONDS = int((datetime(2028, 1, 1, tzinfo=HANOI) - FIRST).total_seconds())

# Two calendars: the real one, and an odd one (three periods, touching periods, Saturday
# mornings, a Sunday off) to catch code that silently assumes the Hanoi shape.
CALENDARS = {
    "vietnam": build_vietnam_calendar(),
    "odd": WorkCalendar(
        office_hours={
            0: [("07:30", "11:30"), ("11:30", "12:00"), ("13:30", "17:00")],
            1: [("08:00", "12:00")],
            2: [("00:00", "06:00"), ("20:00", "24:00")],
            3: [("08:00", "12:00"), ("13:00", "17:00")],
            5: [("08:00", "11:00")],
        },
        non_working_days={date(2026, 2, 17): "test holiday"},
        extra_working_days={date(2026, 2, 22): "test make-up Sunday"},
        years=range(2024, 2029),
    ),
}
calendars = pytest.mark.parametrize("calendar", CALENDARS.values(), ids=CALENDARS.keys())
# No per-example deadline: a loaded CI machine must not turn a slow example into a failure.
laws = settings(deadline=None, max_examples=150)

instants = st.integers(0, SPAN_SECONDS - 1).map(lambda s: FIRST + timedelta(seconds=s))
# Up to 60 working days of 8 h, in whole minutes.
minutes = st.integers(1, 60 * 8 * 60)


def hours(count_minutes: int) -> Decimal:
    return Decimal(count_minutes) / 60


def minutes_delta(count_minutes: int) -> timedelta:
    return timedelta(minutes=count_minutes)


@calendars
@laws
@given(start=instants, duration=minutes)
def test_addition_always_ends_in_working_time_or_at_a_period_end(calendar, start, duration):
    due = calendar.add(start, hours=hours(duration))
    # The second just before the due instant was worked: so the due instant is either in
    # working time or exactly the end of a period — never a lunch-time or the reopening time.
    assert calendar.is_working_time(due - ONE_SECOND)


@calendars
@laws
@given(start=instants, duration=minutes)
def test_addition_never_ends_in_lunch_break(calendar, start, duration):
    due = calendar.add(start, hours=hours(duration))
    assert calendar.is_working_time(due) or calendar.is_working_time(due - ONE_SECOND)
    if calendar is CALENDARS["vietnam"]:
        assert not (due.hour == 12 and due.minute > 0)


@calendars
@laws
@given(start=instants, first=minutes, second=minutes)
def test_two_additions_equal_one_addition_of_the_sum(calendar, start, first, second):
    step = calendar.add(calendar.add(start, hours=hours(first)), hours=hours(second))
    assert step == calendar.add(start, hours=hours(first + second))


@calendars
@laws
@given(start=instants, duration=minutes)
def test_elapsed_time_of_an_addition_is_the_duration_added(calendar, start, duration):
    due = calendar.add(start, hours=hours(duration))
    assert calendar.elapsed(start.replace(microsecond=0), due) == minutes_delta(duration)
    assert calendar.elapsed(due, start) == -minutes_delta(duration)


@calendars
@laws
@given(first=instants, second=instants, duration=minutes)
def test_addition_is_monotone_in_the_start(calendar, first, second, duration):
    early, late = sorted((first, second))
    assert calendar.add(early, hours=hours(duration)) <= calendar.add(late, hours=hours(duration))


@calendars
@laws
@given(start=instants, first=minutes, second=minutes)
def test_addition_is_strictly_monotone_in_the_duration(calendar, start, first, second):
    if first == second:
        return
    short, long = sorted((first, second))
    assert calendar.add(start, hours=hours(short)) < calendar.add(start, hours=hours(long))


@calendars
@laws
@given(start=instants, duration=st.integers(0, 60 * 8 * 60))
def test_a_non_working_start_behaves_like_its_next_working_instant(calendar, start, duration):
    opening = calendar.next_working_instant(start)
    assert calendar.is_working_time(opening)
    assert opening >= start.replace(microsecond=0)
    assert calendar.elapsed(start, opening) == timedelta(0)
    assert calendar.add(start, hours=hours(duration)) == calendar.add(
        opening, hours=hours(duration)
    )


@calendars
@laws
@given(start=instants, duration=minutes)
def test_the_same_instant_in_another_zone_gives_the_same_due_date(calendar, start, duration):
    assert calendar.add(start.astimezone(UTC), hours=hours(duration)) == calendar.add(
        start, hours=hours(duration)
    )


@laws
@given(start=instants, half_days=st.integers(1, 120))
def test_days_are_eight_hours(start, half_days):
    calendar = CALENDARS["vietnam"]
    assert calendar.add(start, days=half_days / 2) == calendar.add(start, hours=half_days * 4)


def walk_day_by_day(calendar: WorkCalendar, start: datetime, seconds: int) -> datetime:
    """A slow, obviously-correct oracle: walk the periods one by one from ``start``."""
    local = start.astimezone(calendar.zone).replace(microsecond=0)
    day = local.date()
    clock = local.hour * 3600 + local.minute * 60 + local.second
    while True:
        if calendar.is_working_day(day):
            weekday = day.weekday() if calendar.office_hours[day.weekday()] else 0
            for period_start, period_end in calendar.office_hours[weekday]:
                begin = max(clock, period_start)
                if begin >= period_end:
                    continue
                if seconds <= period_end - begin:
                    midnight = datetime(day.year, day.month, day.day, tzinfo=calendar.zone)
                    return midnight + timedelta(seconds=begin + seconds)
                seconds -= period_end - begin
        day += timedelta(days=1)
        clock = 0


@calendars
@settings(deadline=None, max_examples=300)
@given(start=instants, duration=minutes)
def test_addition_matches_a_day_by_day_walk(calendar, start, duration):
    expected = walk_day_by_day(calendar, start, duration * 60)
    assert calendar.add(start, hours=hours(duration)) == expected
