"""Working-time arithmetic for deadlines: pure Python, no Django.

Deadlines of administrative procedures run in working days of 8 office hours (DOMAIN.md §5).
This package answers "when is a dossier due?", "how much working time is left?" and "is the
office open?" for a calendar built once from office hours, holidays and official corrections.

    from motcua.worktime import build_vietnam_calendar, format_duration
    calendar = build_vietnam_calendar()           # once, at start-up; immutable and shared
    due = calendar.add(received_at, days=15)
    left = calendar.remaining(now, due)
    format_duration(left)                          # "2 ngày 3 giờ"

Modules, one job each: ``office_hours`` (parse and validate periods), ``durations`` (numbers
to seconds), ``work_calendar`` (the arithmetic), ``formatting`` (durations for people),
``overrides`` (corrections as data), ``vietnam`` (the Vietnamese calendar).
"""

from .formatting import format_duration
from .office_hours import HANOI_OFFICE_HOURS
from .overrides import CalendarOverride, apply_overrides
from .vietnam import (
    CULTURE_DAY_2026_CANCELLATION,
    OFFICIAL_OVERRIDES_2025_2026,
    build_vietnam_calendar,
    package_calendar_days,
)
from .work_calendar import CalendarDay, OutOfCalendarRange, WorkCalendar

__all__ = [
    "CULTURE_DAY_2026_CANCELLATION",
    "HANOI_OFFICE_HOURS",
    "OFFICIAL_OVERRIDES_2025_2026",
    "CalendarDay",
    "CalendarOverride",
    "OutOfCalendarRange",
    "WorkCalendar",
    "apply_overrides",
    "build_vietnam_calendar",
    "format_duration",
    "package_calendar_days",
]
