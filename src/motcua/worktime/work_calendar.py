"""The working-time calendar: arithmetic on instants where only office hours count.

How it stays fast: every instant of the covered range is mapped to a *working position* —
the number of working seconds between the start of the range and that instant. Adding a
duration is then ``position(start) + seconds`` followed by the inverse mapping, and an
elapsed time is a difference of two positions. Both mappings are O(log n) thanks to one
precomputed array (working seconds before each day) searched with ``bisect``; no call ever
loops over days. Positions are integers, so additions compose exactly.

Conventions (chosen so that a receipt reads the way a counter officer expects):

* Working time is half-open: a period 08:00-12:00 contains 08:00 but not 12:00.
* An instant outside office hours counts from the start of the next working period.
* A positive addition that ends exactly on a period boundary returns the END of the earlier
  period — 12:00 rather than 13:00, 17:00 rather than the next morning's 08:00 — because the
  work is due when it is finished, not when the office reopens.
* Adding zero returns the next working instant (the instant itself in working time).
* Resolution is one second: sub-second parts of inputs are dropped and every result falls on a
  whole second.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from types import MappingProxyType
from typing import NamedTuple
from zoneinfo import ZoneInfo

from .durations import Amount, amount_to_seconds
from .office_hours import HANOI_OFFICE_HOURS, WEEKDAY_NAMES, DayPeriods, normalize_week

DEFAULT_ZONE = "Asia/Ho_Chi_Minh"
DEFAULT_YEARS = range(2015, 2041)
WEEKLY_REST_REASON = "Nghỉ hằng tuần"


class OutOfCalendarRange(ValueError):
    """An instant, a date or a result lies outside the years the calendar covers.

    A subclass of ValueError so callers that validate input generically still catch it, but
    distinct so that "extend the calendar" can be told apart from "bad input".
    """


class CalendarDay(NamedTuple):
    """A date with the reason it is special (a holiday name, a make-up working day…)."""

    date: date
    reason: str


class _DayShape:
    """Precomputed lookup tables for one distinct set of periods (e.g. "a normal Monday").

    Only a handful of these exist (one per weekday, plus "closed"), shared by every day.
    """

    __slots__ = ("end_offsets", "ends", "lengths", "start_offsets", "starts", "total")

    def __init__(self, periods: DayPeriods) -> None:
        self.starts = tuple(start for start, _ in periods)
        self.ends = tuple(end for _, end in periods)
        self.lengths = tuple(end - start for start, end in periods)
        offsets = [0]
        for length in self.lengths:
            offsets.append(offsets[-1] + length)
        # Working seconds of the day before each period starts / once each period ends.
        self.start_offsets = tuple(offsets[:-1])
        self.end_offsets = tuple(offsets[1:])
        self.total = offsets[-1]


class WorkCalendar:
    """An immutable working-time calendar, built once at start-up and shared by all callers.

    Args:
        office_hours: weekday (0 = Monday … 6 = Sunday) → ordered ``(start, end)`` periods as
            ``datetime.time`` or ``"HH:MM"``. Missing weekdays are days off. Default: Hanoi,
            Monday-Friday 08:00-12:00 and 13:00-17:00.
        non_working_days: date → reason (holiday name). May include weekend dates, so that a
            holiday falling on a Sunday still has its name when rendered.
        extra_working_days: date → reason, for days that are normally off but worked (a
            Saturday swapped to make a longer break). They use ``extra_day_weekday``'s periods.
        years: the covered calendar years; anything outside raises ``OutOfCalendarRange``.
        zone: the zone whose wall clock office hours are read in.
        hours_per_day: how many working hours "1 day" means in ``add(days=…)``; fixed by the
            rules (8) whatever the actual length of a given day.
        extra_day_weekday: whose periods an extra working day uses (Monday by default).
        weekly_rest_reason: the reason reported for an ordinary day off (Saturday, Sunday).
    """

    __slots__ = (
        "_cumulative",
        "_day_shape",
        "_extra_working",
        "_first_ordinal",
        "_midnights",
        "_non_working",
        "_shapes",
        "_weekly_rest_reason",
        "_zone",
        "hours_per_day",
        "office_hours",
        "years",
    )

    def __init__(
        self,
        *,
        office_hours: Mapping[int, Iterable[tuple[time | str, time | str]]] | None = None,
        non_working_days: Mapping[date, str] | None = None,
        extra_working_days: Mapping[date, str] | None = None,
        years: range = DEFAULT_YEARS,
        zone: str | tzinfo = DEFAULT_ZONE,
        hours_per_day: int = 8,
        extra_day_weekday: int = 0,
        weekly_rest_reason: str = WEEKLY_REST_REASON,
    ) -> None:
        week = normalize_week(HANOI_OFFICE_HOURS if office_hours is None else office_hours)
        if not isinstance(years, range) or years.step != 1 or len(years) == 0:
            raise ValueError(f"years must be a non-empty range with step 1; got {years!r}")
        if isinstance(hours_per_day, bool) or not isinstance(hours_per_day, int):
            raise TypeError(f"hours_per_day must be an int; got {hours_per_day!r}")
        if not 0 < hours_per_day <= 24:
            raise ValueError(f"hours_per_day must be between 1 and 24; got {hours_per_day}")
        if extra_day_weekday not in range(7) or not week[extra_day_weekday]:
            raise ValueError(
                f"extra_day_weekday must name a weekday with office hours; got {extra_day_weekday}"
            )
        zone_info = ZoneInfo(zone) if isinstance(zone, str) else zone
        first = date(years.start, 1, 1)
        last = date(years.stop - 1, 12, 31)
        non_working = _checked_days(non_working_days or {}, first, last, "non_working_days")
        extra_working = _checked_days(extra_working_days or {}, first, last, "extra_working_days")
        for day in extra_working:
            if day in non_working:
                raise ValueError(f"{day:%d/%m/%Y} is listed both as non-working and as working")
            if week[day.weekday()]:
                raise ValueError(
                    f"{day:%d/%m/%Y} is a {WEEKDAY_NAMES[day.weekday()]}, already a working day; "
                    "only days without office hours can be extra working days"
                )

        # Shapes 0-6 are the weekdays, 7 is "closed".
        shapes = (*(_DayShape(periods) for periods in week), _DayShape(()))
        closed = 7
        day_count = (last - first).days + 1
        day_shape = []
        cumulative = [0]
        midnights = []
        for offset in range(day_count):
            day = first + timedelta(days=offset)
            if day in extra_working:
                shape = extra_day_weekday
            elif day in non_working:
                shape = closed
            else:
                shape = day.weekday()
            day_shape.append(shape)
            cumulative.append(cumulative[-1] + shapes[shape].total)
            midnights.append(datetime(day.year, day.month, day.day, tzinfo=zone_info))

        set_ = object.__setattr__
        set_(self, "office_hours", week)
        set_(self, "years", years)
        set_(self, "hours_per_day", hours_per_day)
        set_(self, "_zone", zone_info)
        set_(self, "_weekly_rest_reason", weekly_rest_reason)
        set_(self, "_non_working", MappingProxyType(dict(sorted(non_working.items()))))
        set_(self, "_extra_working", MappingProxyType(dict(sorted(extra_working.items()))))
        set_(self, "_first_ordinal", first.toordinal())
        set_(self, "_shapes", shapes)
        set_(self, "_day_shape", bytes(day_shape))
        set_(self, "_cumulative", tuple(cumulative))
        set_(self, "_midnights", tuple(midnights))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("WorkCalendar is immutable; build a new one instead")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("WorkCalendar is immutable; build a new one instead")

    def __repr__(self) -> str:
        return (
            f"<WorkCalendar {self.years.start}-{self.years.stop - 1} {self._zone}, "
            f"{len(self._non_working)} non-working and {len(self._extra_working)} extra "
            "working days>"
        )

    # ------------------------------------------------------------------ read-only facts

    @property
    def zone(self) -> tzinfo:
        """The zone in which office hours are read and results are returned."""
        return self._zone

    @property
    def non_working_dates(self) -> Mapping[date, str]:
        """Every listed non-working date (weekend ones included) → reason, in date order."""
        return self._non_working

    @property
    def extra_working_dates(self) -> Mapping[date, str]:
        """Every normally-off date that is worked → reason, in date order."""
        return self._extra_working

    # ------------------------------------------------------------------ instants

    def add(
        self, start: datetime, *, days: Amount | None = None, hours: Amount | None = None
    ) -> datetime:
        """Return the instant when ``days`` or ``hours`` of working time after ``start`` end.

        Exactly one of ``days`` / ``hours`` is given; fractions are fine (``days=0.5``,
        ``hours=Decimal("1.5")``) and are rounded to the nearest second. One day is
        ``hours_per_day`` (8) working hours — the law counts deadlines in days, production
        systems store them in hours, and half a day is a common internal step.

        Received 09:30 Monday + 1 day → 09:30 Tuesday (if Tuesday is worked); received at
        08:00 + 1 day → 17:00 the same day (the END of the last period, see module doc).

        Raises:
            TypeError: neither or both of days/hours, or not a number.
            ValueError: negative or non-finite duration, naive ``start``.
            OutOfCalendarRange: ``start`` or the result outside the covered years.
        """
        if (days is None) == (hours is None):
            raise TypeError("add() takes exactly one of days= or hours=")
        if days is not None:
            seconds = amount_to_seconds(days, self.hours_per_day * 3600, "days")
        else:
            seconds = amount_to_seconds(hours, 3600, "hours")
        index, second = self._locate(start)
        if seconds == 0:
            return self._next_working(index, second)
        target = self._position(index, second) + seconds
        if target > self._cumulative[-1]:
            raise OutOfCalendarRange(
                f"adding {seconds} working seconds to {start.isoformat()} ends after the last "
                f"day the calendar covers ({self.years.stop - 1}-12-31); extend its years"
            )
        return self._instant_at(target)

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """Working time between two instants; negative when ``end`` is before ``start``.

        Used to measure how long a step took against its allowance, so it counts only office
        hours: a dossier received Friday 16:00 and handed over Monday 09:00 took 2 hours.
        """
        start_index, start_second = self._locate(start)
        end_index, end_second = self._locate(end)
        return timedelta(
            seconds=self._position(end_index, end_second)
            - self._position(start_index, start_second)
        )

    def remaining(self, now: datetime, due: datetime) -> timedelta:
        """Working time left from ``now`` until ``due``; negative once the due date has passed.

        The same number as ``elapsed(now, due)``, named for the question a dashboard asks.
        """
        return self.elapsed(now, due)

    def is_working_time(self, instant: datetime) -> bool:
        """True when ``instant`` falls inside an office-hours period of a working day."""
        index, second = self._locate(instant)
        shape = self._shapes[self._day_shape[index]]
        period = bisect_right(shape.starts, second) - 1
        return period >= 0 and second < shape.ends[period]

    def next_working_instant(self, instant: datetime) -> datetime:
        """``instant`` itself (to the second) if it is working time, else the next period start.

        This is when the clock of a dossier received out of hours starts running.
        """
        return self._next_working(*self._locate(instant))

    # ------------------------------------------------------------------ dates

    def is_working_day(self, day: date) -> bool:
        """True when ``day`` has office hours (a normal weekday or an extra working day)."""
        return self._shapes[self._day_shape[self._day_index(day)]].total > 0

    def non_working_reason(self, day: date) -> str | None:
        """Why ``day`` is not worked: None if it is, else the holiday name or weekly rest."""
        if self.is_working_day(day):
            return None
        return self._non_working.get(day, self._weekly_rest_reason)

    def non_working_weekdays(self, year: int) -> list[CalendarDay]:
        """Days of ``year`` that office hours would make working but that are off, with why.

        These are what a citizen needs to be told about (holidays, compensatory days, swapped
        days); weekend holidays change nothing to deadlines and are left out.
        """
        self._check_year(year)
        return [
            CalendarDay(day, reason)
            for day, reason in self._non_working.items()
            if day.year == year and self.office_hours[day.weekday()]
        ]

    def extra_working_days(self, year: int) -> list[CalendarDay]:
        """Days of ``year`` normally off but worked (make-up Saturdays), with why."""
        self._check_year(year)
        return [
            CalendarDay(day, reason)
            for day, reason in self._extra_working.items()
            if day.year == year
        ]

    # ------------------------------------------------------------------ internals

    def _check_year(self, year: int) -> None:
        if year not in self.years:
            raise OutOfCalendarRange(
                f"year {year} is outside the calendar's range "
                f"{self.years.start}-{self.years.stop - 1}"
            )

    def _day_index(self, day: date) -> int:
        # datetime is a subclass of date; silently taking its date part would hide a bug.
        if isinstance(day, datetime) or not isinstance(day, date):
            raise TypeError(f"expected a datetime.date; got {day!r}")
        index = day.toordinal() - self._first_ordinal
        if not 0 <= index < len(self._day_shape):
            raise OutOfCalendarRange(
                f"{day:%d/%m/%Y} is outside the calendar's range "
                f"{self.years.start}-{self.years.stop - 1}"
            )
        return index

    def _locate(self, instant: datetime) -> tuple[int, int]:
        """Return (day index, second of the local day) for an aware instant."""
        if not isinstance(instant, datetime):
            raise TypeError(f"expected a timezone-aware datetime; got {instant!r}")
        if instant.tzinfo is None or instant.utcoffset() is None:
            raise ValueError(
                f"{instant!r} is a naive datetime; pass a timezone-aware one (the clock of a "
                "dossier must not depend on the server's local zone)"
            )
        local = instant.astimezone(self._zone)
        index = local.toordinal() - self._first_ordinal
        if not 0 <= index < len(self._day_shape):
            raise OutOfCalendarRange(
                f"{instant.isoformat()} is outside the calendar's range "
                f"{self.years.start}-{self.years.stop - 1}"
            )
        return index, local.hour * 3600 + local.minute * 60 + local.second

    def _position(self, index: int, second: int) -> int:
        """Working seconds from the start of the range to (day ``index``, ``second``)."""
        shape = self._shapes[self._day_shape[index]]
        period = bisect_right(shape.starts, second) - 1
        if period < 0:
            return self._cumulative[index]
        worked = second - shape.starts[period]
        length = shape.lengths[period]
        return self._cumulative[index] + shape.start_offsets[period] + min(worked, length)

    def _instant_at(self, position: int) -> datetime:
        """The EARLIEST instant whose working position is ``position`` (> 0).

        Earliest, so that a position reached exactly at 12:00 is reported as 12:00 and not as
        13:00, which has the same position.
        """
        # First day whose start position is >= target; the target lies in the day before it,
        # which is therefore a day with working time (positions strictly grow across it).
        index = bisect_left(self._cumulative, position) - 1
        into_day = position - self._cumulative[index]
        shape = self._shapes[self._day_shape[index]]
        period = bisect_left(shape.end_offsets, into_day)
        second = shape.ends[period] - (shape.end_offsets[period] - into_day)
        return self._midnights[index] + timedelta(seconds=second)

    def _next_working(self, index: int, second: int) -> datetime:
        shape = self._shapes[self._day_shape[index]]
        period = bisect_right(shape.starts, second) - 1
        if period >= 0 and second < shape.ends[period]:
            return self._midnights[index] + timedelta(seconds=second)
        if period + 1 < len(shape.starts):
            return self._midnights[index] + timedelta(seconds=shape.starts[period + 1])
        # Later days with no working time keep the cumulative value of tomorrow's start;
        # the first day after that plateau is the next working day.
        cumulative = self._cumulative
        next_index = bisect_right(cumulative, cumulative[index + 1]) - 1
        if next_index >= len(self._day_shape):
            raise OutOfCalendarRange(
                f"no working time left before the end of {self.years.stop - 1}; extend the "
                "calendar's years"
            )
        first_start = self._shapes[self._day_shape[next_index]].starts[0]
        return self._midnights[next_index] + timedelta(seconds=first_start)


def _checked_days(days: Mapping[date, str], first: date, last: date, label: str) -> dict[date, str]:
    """Validate a date → reason mapping: real dates, inside the range, with a reason."""
    result = {}
    for day, reason in days.items():
        if isinstance(day, datetime) or not isinstance(day, date):
            raise TypeError(f"{label}: keys must be datetime.date; got {day!r}")
        if not first <= day <= last:
            raise OutOfCalendarRange(
                f"{label}: {day:%d/%m/%Y} is outside the calendar's range {first.year}-{last.year}"
            )
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError(f"{label}: {day:%d/%m/%Y} needs a non-empty reason")
        result[day] = reason
    return result
