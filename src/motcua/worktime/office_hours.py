"""Office hours: which periods of each weekday are working time.

Office hours are configured per unit (DOMAIN.md §5), typed by people in admin screens or
settings, so this module turns loose input ("08:00", ``time(8)``) into one strict shape —
tuples of ``(start_second, end_second)`` counted from local midnight — and rejects anything
ambiguous with a message that says exactly which weekday and period is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import time
from types import MappingProxyType

# A period is (start, end) in seconds after local midnight; a day is an ordered tuple of them.
Period = tuple[int, int]
DayPeriods = tuple[Period, ...]

SECONDS_PER_DAY = 24 * 3600
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Hanoi agencies: Monday-Friday, 08:00-12:00 and 13:00-17:00 (DOMAIN.md §5).
# Read-only: a shared default that one caller could mutate would change everyone's deadlines.
HANOI_OFFICE_HOURS: Mapping[int, tuple[tuple[str, str], ...]] = MappingProxyType(
    dict.fromkeys(range(5), (("08:00", "12:00"), ("13:00", "17:00")))
)

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def clock_to_seconds(value: time | str, *, allow_midnight_end: bool = False) -> int:
    """Convert ``time(8, 30)`` or ``"08:30"`` to seconds after midnight.

    ``"24:00"`` is accepted only as the end of a period (``allow_midnight_end``) because a
    ``time`` object cannot express the end of the day, and a unit working until midnight is
    legitimate. Microseconds are refused: the kernel counts whole seconds.
    """
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise ValueError(f"office hours are local wall-clock times; got {value!r} with a zone")
        if value.microsecond:
            raise ValueError(f"office hours have whole-second precision; got {value!r}")
        return value.hour * 3600 + value.minute * 60 + value.second
    if isinstance(value, str):
        match = _CLOCK.match(value.strip())
        if match is None:
            raise ValueError(f"office hours must look like 'HH:MM'; got {value!r}")
        hours, minutes, seconds = (int(part or 0) for part in match.groups())
        total = hours * 3600 + minutes * 60 + seconds
        if minutes > 59 or seconds > 59 or total > SECONDS_PER_DAY:
            raise ValueError(f"{value!r} is not a valid time of day")
        if total == SECONDS_PER_DAY and not allow_midnight_end:
            raise ValueError("'24:00' can only end a period")
        return total
    raise TypeError(f"office hours must be datetime.time or 'HH:MM' strings; got {value!r}")


def normalize_day(
    weekday_label: str, periods: Iterable[tuple[time | str, time | str]]
) -> DayPeriods:
    """Validate one day's periods: each start < end, ordered, not overlapping.

    Touching periods (12:00-12:00) are allowed; overlapping ones are refused because the
    same minute would be counted twice and every deadline after it would be early.
    """
    result: list[Period] = []
    for number, pair in enumerate(periods, start=1):
        try:
            raw_start, raw_end = pair
        except (TypeError, ValueError):
            raise ValueError(
                f"{weekday_label}: period {number} must be a (start, end) pair; got {pair!r}"
            ) from None
        start = clock_to_seconds(raw_start)
        end = clock_to_seconds(raw_end, allow_midnight_end=True)
        if start >= end:
            raise ValueError(
                f"{weekday_label}: period {number} starts at {raw_start} but ends at "
                f"{raw_end}; a period must end after it starts"
            )
        if result and start < result[-1][1]:
            raise ValueError(
                f"{weekday_label}: period {number} ({raw_start}-{raw_end}) starts before the "
                "previous period ends; list periods in order, without overlap"
            )
        result.append((start, end))
    return tuple(result)


def normalize_week(
    office_hours: Mapping[int, Iterable[tuple[time | str, time | str]]],
) -> tuple[DayPeriods, ...]:
    """Return seven validated day tuples, Monday (0) to Sunday (6).

    Weekdays missing from the mapping are days off; an all-empty week is refused because no
    deadline could ever be reached on it.
    """
    unknown = [key for key in office_hours if key not in range(7)]
    if unknown:
        raise ValueError(
            f"office hours are keyed by weekday 0 (Monday) … 6 (Sunday); got {unknown}"
        )
    week = tuple(
        normalize_day(WEEKDAY_NAMES[weekday], office_hours.get(weekday, ())) for weekday in range(7)
    )
    if not any(week):
        raise ValueError("office hours give no working time on any weekday")
    return week
