"""The Vietnamese calendar around the holidays where deadlines go wrong in practice."""

from datetime import date

import pytest

from motcua.worktime import (
    CULTURE_DAY_2026_CANCELLATION,
    OFFICIAL_OVERRIDES_2025_2026,
    CalendarDay,
    CalendarOverride,
    build_vietnam_calendar,
)

# (received, duration in days, due) — all instants in Hanoi time.
DUE_DATES = {
    "tet_2026_nine_days_off": ((2026, 2, 13, 9, 30), 1, (2026, 2, 23, 9, 30)),
    "tet_2026_two_days_before": ((2026, 2, 12, 10, 0), 2, (2026, 2, 23, 10, 0)),
    "tet_2027_package_dates": ((2027, 2, 3, 9, 0), 1, (2027, 2, 11, 9, 0)),
    "reunification_2025_worked_saturday_26_4": ((2025, 4, 25, 9, 0), 1, (2025, 4, 26, 9, 0)),
    "reunification_2025_five_days_off": ((2025, 4, 29, 9, 0), 1, (2025, 5, 5, 9, 0)),
    "reunification_2026": ((2026, 4, 29, 9, 0), 1, (2026, 5, 4, 9, 0)),
    "national_day_2025_with_1_9": ((2025, 8, 29, 9, 0), 1, (2025, 9, 3, 9, 0)),
    "national_day_2026_with_31_8_and_1_9": ((2026, 8, 28, 9, 0), 1, (2026, 9, 3, 9, 0)),
    "national_day_2026_worked_saturday_22_8": ((2026, 8, 21, 16, 0), 0.25, (2026, 8, 22, 9, 0)),
    "hung_kings_2026_sunday_compensated_monday": ((2026, 4, 24, 9, 0), 1, (2026, 4, 28, 9, 0)),
    "labour_day_2027_saturday_compensated_monday": ((2027, 4, 29, 9, 0), 1, (2027, 5, 4, 9, 0)),
    "new_year_2026_four_days_off": ((2025, 12, 31, 9, 0), 1, (2026, 1, 5, 9, 0)),
    "new_year_2026_worked_saturday_10_1": ((2026, 1, 9, 9, 0), 1, (2026, 1, 10, 9, 0)),
}


@pytest.mark.parametrize(("received", "days", "due"), DUE_DATES.values(), ids=DUE_DATES.keys())
def test_due_dates_around_holidays(calendar, hanoi, received, days, due):
    assert calendar.add(hanoi(*received), days=days) == hanoi(*due)


def test_without_official_overrides_new_year_2026_is_one_day(package_calendar, hanoi):
    # What the holidays package alone gives; the official swap (12729/VPCP-KGVX) differs.
    assert package_calendar.add(hanoi(2025, 12, 31, 9, 0), days=1) == hanoi(2026, 1, 2, 9, 0)
    assert not package_calendar.is_working_day(date(2026, 1, 10))


# Days off that the 2025-2026 official notices fix for civil servants (README.md, "Sources").
OFFICIAL_DAYS_OFF_2025 = [
    date(2025, 1, 1),
    *(date(2025, 1, day) for day in range(27, 32)),  # Tết Ất Tỵ: 25/1-2/2 with weekends
    date(2025, 4, 7),  # Hùng Kings
    date(2025, 4, 30),
    date(2025, 5, 1),
    date(2025, 5, 2),  # swapped with Saturday 26/4
    date(2025, 9, 1),
    date(2025, 9, 2),
]
OFFICIAL_DAYS_OFF_2026 = [
    date(2026, 1, 1),
    date(2026, 1, 2),  # swapped with Saturday 10/1
    *(date(2026, 2, day) for day in range(16, 21)),  # Tết Bính Ngọ: 14/2-22/2 with weekends
    date(2026, 4, 27),  # Hùng Kings on Sunday 26/4, compensated
    date(2026, 4, 30),
    date(2026, 5, 1),
    date(2026, 8, 31),  # swapped with Saturday 22/8
    date(2026, 9, 1),
    date(2026, 9, 2),
]
OFFICIAL_WORKED_SATURDAYS = [date(2025, 4, 26), date(2026, 1, 10), date(2026, 8, 22)]


@pytest.mark.parametrize("day", OFFICIAL_DAYS_OFF_2025 + OFFICIAL_DAYS_OFF_2026, ids=str)
def test_official_days_off_2025_2026_are_not_working_days(calendar, day):
    assert not calendar.is_working_day(day)
    assert calendar.non_working_reason(day)


@pytest.mark.parametrize("day", OFFICIAL_WORKED_SATURDAYS, ids=str)
def test_official_make_up_saturdays_are_working_days(calendar, day):
    assert calendar.is_working_day(day)
    assert calendar.non_working_reason(day) is None


def test_official_overrides_only_add_what_the_package_lacks(package_calendar):
    # If a holidays release starts agreeing, this fails as a reminder to drop the record.
    for override in OFFICIAL_OVERRIDES_2025_2026:
        if override.kind == "add_non_working":
            assert package_calendar.is_working_day(override.date), override
        else:
            assert not package_calendar.is_working_day(override.date), override


def test_no_other_working_days_in_2025_2026_than_the_official_ones(calendar):
    # In particular Saturday 08/02/2025 is NOT a make-up day (Tết 2025 needed no swap).
    worked = [entry.date for year in (2025, 2026) for entry in calendar.extra_working_days(year)]
    assert worked == OFFICIAL_WORKED_SATURDAYS
    assert not calendar.is_working_day(date(2025, 2, 8))


def test_non_working_weekdays_2026_are_listed_with_reasons(calendar):
    listed = {entry.date: entry.reason for entry in calendar.non_working_weekdays(2026)}
    assert set(listed) == set(OFFICIAL_DAYS_OFF_2026) | {date(2026, 11, 24)}
    assert listed[date(2026, 2, 17)] == "Tết Nguyên Đán"
    assert listed[date(2026, 4, 27)] == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"
    assert date(2026, 4, 26) not in listed  # a Sunday: nothing changes for deadlines
    assert all(day.weekday() < 5 for day in listed)


def test_non_working_weekdays_2025_are_exactly_the_official_ones(calendar):
    listed = [entry.date for entry in calendar.non_working_weekdays(2025)]
    assert listed == OFFICIAL_DAYS_OFF_2025


def test_extra_working_days_name_the_day_off_they_pay_for(calendar):
    assert calendar.extra_working_days(2025) == [
        CalendarDay(date(2025, 4, 26), "Làm việc bù cho ngày nghỉ 02/05/2025")
    ]


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (date(2026, 2, 18), "Mùng hai Tết Nguyên Đán"),
        (date(2026, 4, 26), "Ngày Giỗ Tổ Hùng Vương"),  # a Sunday that is also a holiday
        (date(2026, 3, 7), "Nghỉ hằng tuần"),  # an ordinary Saturday
        (date(2026, 3, 9), None),  # an ordinary Monday
        (date(2026, 8, 22), None),  # a worked Saturday
    ],
)
def test_non_working_reason(calendar, day, reason):
    assert calendar.non_working_reason(day) == reason


def test_reasons_in_english():
    english = build_vietnam_calendar(language="en", years=range(2026, 2027))
    assert english.non_working_reason(date(2026, 2, 17)) == "Lunar New Year"
    assert english.non_working_reason(date(2026, 3, 7)) == "Weekly day off"
    assert english.non_working_reason(date(2026, 1, 2)).startswith("New Year holiday")
    assert english.extra_working_days(2026)[1] == CalendarDay(
        date(2026, 8, 22), "Make-up working day for the day off on 31/08/2026"
    )


def test_culture_day_2026_is_off_by_default_and_can_be_switched_on(calendar, hanoi):
    assert calendar.non_working_reason(date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert calendar.add(hanoi(2026, 11, 23, 9, 0), days=1) == hanoi(2026, 11, 25, 9, 0)
    switched = build_vietnam_calendar(overrides=[CULTURE_DAY_2026_CANCELLATION])
    assert switched.is_working_day(date(2026, 11, 24))
    assert switched.add(hanoi(2026, 11, 23, 9, 0), days=1) == hanoi(2026, 11, 24, 9, 0)


def test_override_added_then_cancelled_leaves_a_working_day():
    day = date(2025, 6, 3)
    added = CalendarOverride(day, "add_non_working", "Nghỉ đột xuất", "QĐ 1/QĐ-UBND")
    cancelled = CalendarOverride(day, "cancel_non_working", "Hủy nghỉ đột xuất", "QĐ 2/QĐ-UBND")
    assert build_vietnam_calendar(overrides=[added]).non_working_reason(day) == "Nghỉ đột xuất"
    assert build_vietnam_calendar(overrides=[added, cancelled]).is_working_day(day)


def test_add_working_on_a_saturday_makes_an_extra_working_day():
    saturday = date(2025, 6, 7)
    worked = CalendarOverride(saturday, "add_working", "Làm bù", "TB 3/TB-UBND")
    calendar = build_vietnam_calendar(overrides=[worked], years=range(2025, 2026))
    assert calendar.is_working_day(saturday)
    assert CalendarDay(saturday, "Làm bù") in calendar.extra_working_days(2025)


def test_add_working_on_a_holiday_weekday_restores_it():
    calendar = build_vietnam_calendar(
        overrides=[CalendarOverride(date(2025, 9, 1), "add_working", "Đi làm", "TB 4/TB-UBND")]
    )
    assert calendar.is_working_day(date(2025, 9, 1))
    assert calendar.extra_working_days(2025) == [
        CalendarDay(date(2025, 4, 26), "Làm việc bù cho ngày nghỉ 02/05/2025")
    ]


def test_add_non_working_on_a_make_up_saturday_cancels_the_make_up():
    calendar = build_vietnam_calendar(
        overrides=[CalendarOverride(date(2026, 8, 22), "add_non_working", "Không làm bù")]
    )
    assert not calendar.is_working_day(date(2026, 8, 22))
    assert calendar.non_working_reason(date(2026, 8, 22)) == "Không làm bù"


def test_overrides_outside_the_years_are_ignored():
    calendar = build_vietnam_calendar(years=range(2027, 2028))
    assert calendar.extra_working_days(2027) == []


def test_unit_working_saturday_mornings_needs_no_make_up_saturday(hanoi):
    hours = {day: [("08:00", "12:00"), ("13:00", "17:00")] for day in range(5)}
    hours[5] = [("08:00", "11:00")]
    calendar = build_vietnam_calendar(office_hours=hours, years=range(2025, 2026))
    assert calendar.extra_working_days(2025) == []
    assert calendar.add(hanoi(2025, 6, 6, 16, 0), hours=2) == hanoi(2025, 6, 7, 9, 0)
