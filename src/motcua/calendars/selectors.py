"""The effective working calendar: built once per calendar change, shared by every request.

Each process keeps the calendars it built, keyed by the calendar revision, the unit's office
hours and the language. A request costs one small query (the revision number); a rebuild
(about a tenth of a second) happens only after an administrator changed something. The office
hours each unit inherits are remembered for the revision too: every change of office hours
bumps the revision (calendars.services), so they cannot be stale while it stays the same.
"""

import threading

from django.db import connection

from motcua.calendars.models import CalendarOverride, CalendarRevision, UnitOfficeHours
from motcua.worktime import CalendarOverride as KernelOverride
from motcua.worktime import WorkCalendar, build_vietnam_calendar

_lock = threading.Lock()
_built: dict[tuple, WorkCalendar] = {}
_built_revision: list[int] = [-1]
# (unit id, tree path) → the office hours it works with (its own or an ancestor's), for
# _built_revision; the path is in the key because moving a unit changes what it inherits.
_hours_of_unit: dict[tuple[int, str], dict | None] = {}


def current_revision() -> int:
    # Asked several times by every reception (calendar check, deadline stamp): one plain
    # primary-key read, without the ORM's query building, which cost more than the query.
    table = connection.ops.quote_name(CalendarRevision._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number FROM {table} WHERE id = 1")  # noqa: S608 - a name only
        row = cursor.fetchone()
    return row[0] if row else 0


def active_overrides():
    return CalendarOverride.objects.filter(withdrawn_at__isnull=True).order_by("date", "id")


def kernel_overrides() -> list[KernelOverride]:
    return [
        KernelOverride(
            date=o.date,
            kind=o.kind,
            reason=o.reason,
            reason_en=o.reason_en,
            legal_reference=o.legal_reference,
            note=o.note,
        )
        for o in active_overrides()
    ]


def office_hours_of(unit) -> dict | None:
    """The unit's own office hours, or those of the nearest ancestor that has some."""
    if unit is None:
        return None
    ids = unit.ancestor_ids() or [unit.pk]
    rows = {row.unit_id: row.periods for row in UnitOfficeHours.objects.filter(unit_id__in=ids)}
    for unit_id in reversed(ids):
        if unit_id in rows:
            return {int(day): periods for day, periods in rows[unit_id].items()}
    return None


def _office_hours_at(unit, revision: int) -> dict | None:
    """office_hours_of(unit), read once per unit and calendar revision."""
    if unit is None:
        return None
    with _lock:
        if _built_revision[0] == revision and (unit.pk, unit.path) in _hours_of_unit:
            return _hours_of_unit[unit.pk, unit.path]
    hours = office_hours_of(unit)
    with _lock:
        if _built_revision[0] == revision:
            _hours_of_unit[unit.pk, unit.path] = hours
    return hours


def effective_calendar(
    unit=None, language: str = "vi", *, revision: int | None = None
) -> WorkCalendar:
    """The working calendar of `unit` (its office hours, or its nearest ancestor's) in the
    current calendar revision, or in `revision` when the caller has just read it (a deadline
    stores the revision it was computed with: one read serves both)."""
    if revision is None:
        revision = current_revision()
    with _lock:
        if _built_revision[0] != revision:
            _built.clear()
            _hours_of_unit.clear()
            _built_revision[0] = revision
    hours = _office_hours_at(unit, revision)
    key = (repr(sorted(hours.items())) if hours else None, language)
    with _lock:
        calendar = _built.get(key)
    if calendar is None:
        # The official 2025-2026 corrections are rows of the override table (loaded by a
        # migration), so administrators see and can withdraw them: none are applied twice.
        calendar = build_vietnam_calendar(
            overrides=kernel_overrides(),
            office_hours=hours,
            language=language,
            official_overrides=(),
        )
        with _lock:
            if _built_revision[0] == revision:
                _built[key] = calendar
    return calendar


def forget_built_calendars() -> None:
    with _lock:
        _built.clear()
        _hours_of_unit.clear()
        _built_revision[0] = -1


MONTH_NAMES_VI = [
    "Tháng 1",
    "Tháng 2",
    "Tháng 3",
    "Tháng 4",
    "Tháng 5",
    "Tháng 6",
    "Tháng 7",
    "Tháng 8",
    "Tháng 9",
    "Tháng 10",
    "Tháng 11",
    "Tháng 12",
]


def year_grid(calendar: WorkCalendar, year: int) -> list[dict]:
    """Twelve months of weeks (Monday first), each day marked working, weekend, holiday or
    make-up working day, with its reason: what the admin's calendar page draws."""
    import calendar as stdlib_calendar

    months = []
    for month in range(1, 13):
        weeks = []
        for week in stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                reason = calendar.non_working_reason(day)
                if day in calendar.extra_working_dates:
                    status, reason = "extra", calendar.extra_working_dates[day]
                elif day in calendar.non_working_dates:
                    status = "holiday"
                elif reason:
                    status = "weekend"
                else:
                    status = "working"
                cells.append({"date": day, "status": status, "reason": reason or ""})
            weeks.append(cells)
        months.append({"number": month, "weeks": weeks})
    return months
