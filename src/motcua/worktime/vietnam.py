"""The Vietnamese working calendar: the ``holidays`` package, corrected by official decisions.

The ``holidays`` package (country "VN", category "public") computes the lunar dates of Tết
and Hùng Kings' day, the compensatory day after a holiday on a weekend, the adjacent day of
National Day, the Vietnam Culture Day (24/11, from 2026) and the day swaps it knows about
(``weekend_workdays``: Saturdays that are worked). Government decisions still come late and
sometimes differ, so this module merges the package with ``CalendarOverride`` records:
first ``OFFICIAL_OVERRIDES_2025_2026`` (what this project verified), then the caller's own
(typically rows an administrator keeps in the database).

Sources and differences are listed in this package's README.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, time

import holidays

from .office_hours import HANOI_OFFICE_HOURS, normalize_week
from .overrides import (
    ADD_NON_WORKING,
    ADD_WORKING,
    CANCEL_NON_WORKING,
    CalendarOverride,
    apply_overrides,
)
from .work_calendar import DEFAULT_YEARS, DEFAULT_ZONE, WorkCalendar

_PACKAGE_LANGUAGE = {"vi": "vi", "en": "en_US"}
_WEEKLY_REST = {"vi": "Nghỉ hằng tuần", "en": "Weekly day off"}
_MAKE_UP_FOR = {
    "vi": "Làm việc bù cho ngày nghỉ {day:%d/%m/%Y}",
    "en": "Make-up working day for the day off on {day:%d/%m/%Y}",
}
_MAKE_UP = {"vi": "Ngày làm việc bù", "en": "Make-up working day"}

_NEW_YEAR_2026 = "Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ"
_NEW_YEAR_2026_NOTE = (
    "Phó Thủ tướng Phạm Thị Thanh Trà đồng ý đề xuất của Bộ Nội vụ: công chức, viên chức nghỉ "
    "Tết Dương lịch 4 ngày (01/01-04/01/2026), hoán đổi ngày làm việc thứ Sáu 02/01/2026 sang "
    "thứ Bảy 10/01/2026. Đã xác nhận qua nhiều báo (SGGP, Vietnam News, TTXVN, 25-26/12/2025). "
    "Gói holidays 0.109 chỉ có ngày 01/01/2026. Confirmed; the package has 01/01 only."
)

# The corrections that official decisions for 2025 and 2026 require WHERE THE ``holidays``
# PACKAGE (0.109) DIFFERS. Everything else those decisions fix (listed in README.md) the
# package already yields, and a test pins that agreement so a package upgrade cannot silently
# change it.
OFFICIAL_OVERRIDES_2025_2026: tuple[CalendarOverride, ...] = (
    CalendarOverride(
        date=date(2026, 1, 2),
        kind=ADD_NON_WORKING,
        reason="Nghỉ Tết Dương lịch (hoán đổi, làm bù thứ Bảy 10/01/2026)",
        reason_en="New Year holiday (swapped; worked on Saturday 10/01/2026)",
        legal_reference=_NEW_YEAR_2026,
        note=_NEW_YEAR_2026_NOTE,
    ),
    CalendarOverride(
        date=date(2026, 1, 10),
        kind=ADD_WORKING,
        reason="Làm việc bù cho ngày nghỉ 02/01/2026",
        reason_en="Make-up working day for the day off on 02/01/2026",
        legal_reference=_NEW_YEAR_2026,
        note=_NEW_YEAR_2026_NOTE,
    ),
)

# Vietnam Culture Day: the package makes 24/11 a holiday from 2026, following Politburo
# Resolution 80-NQ/TW. In early 2026 the Labor Code (Art. 112.1) had not yet been amended
# (Government Resolution 30/NQ-CP only tasked the amendment), so whether 24/11/2026 is a paid
# day off was unconfirmed. NOT applied by default; an administrator adds this record (or an
# equivalent database row) if the amendment is not in force by then.
CULTURE_DAY_2026_CANCELLATION = CalendarOverride(
    date=date(2026, 11, 24),
    kind=CANCEL_NON_WORKING,
    reason="Ngày Văn hóa Việt Nam chưa là ngày nghỉ lễ theo Bộ luật Lao động",
    reason_en="Vietnam Culture Day is not yet a statutory day off",
    legal_reference="Nghị quyết 80-NQ/TW; Nghị quyết 30/NQ-CP (02/2026): sửa khoản 1 Điều 112 BLLĐ",
    note=(
        "Chưa xác nhận / unconfirmed: the amendment of the Labor Code was still pending in "
        "early 2026; use this record only if it is not in force for 24/11/2026."
    ),
)


def package_calendar_days(
    years: range, language: str = "vi"
) -> tuple[dict[date, str], dict[date, str]]:
    """What the ``holidays`` package says for ``years``: (non-working days, make-up working days).

    Non-working days include those on weekends (so a Sunday holiday keeps its name). Make-up
    working days come from the package's ``weekend_workdays``, named after the day off they
    pay for when the package labels that day "thay cho ngày dd/mm/yyyy".
    """
    _check_language(language)
    # The Vietnamese instance is needed in any case: its substitution labels pair each
    # make-up Saturday with the day off it pays for.
    vietnamese = holidays.country_holidays("VN", years=years, language="vi", categories="public")
    named = vietnamese
    if language != "vi":
        named = holidays.country_holidays(
            "VN", years=years, language=_PACKAGE_LANGUAGE[language], categories="public"
        )
    non_working = {day: str(name) for day, name in named.items() if day.year in years}

    extra_working: dict[date, str] = {}
    # The package keeps swaps of every year it knows, not only of ``years``: filter them.
    for day in sorted(vietnamese.weekend_workdays):
        if day.year not in years:
            continue
        label = f"{day:%d/%m/%Y}"
        paid_for = [off for off, name in vietnamese.items() if label in name]
        extra_working[day] = (
            _MAKE_UP_FOR[language].format(day=paid_for[0]) if paid_for else _MAKE_UP[language]
        )
        # A day cannot be both; the package listing it as worked is the more specific fact.
        non_working.pop(day, None)
    return non_working, extra_working


def build_vietnam_calendar(
    *,
    years: range = DEFAULT_YEARS,
    overrides: Iterable[CalendarOverride] = (),
    office_hours: Mapping[int, Iterable[tuple[time | str, time | str]]] | None = None,
    language: str = "vi",
    official_overrides: Iterable[CalendarOverride] = OFFICIAL_OVERRIDES_2025_2026,
    zone: str = DEFAULT_ZONE,
) -> WorkCalendar:
    """Build the Vietnamese ``WorkCalendar`` for ``years``.

    Layers, each correcting the one before: the ``holidays`` package, then
    ``official_overrides`` (by default the verified 2025-2026 decisions; pass ``()`` to see
    the raw package), then ``overrides`` (an administrator's records, in order). Reasons are
    in Vietnamese, or English with ``language="en"``. Building takes about a tenth of a
    second: do it once at start-up and share the result.
    """
    _check_language(language)
    week = normalize_week(HANOI_OFFICE_HOURS if office_hours is None else office_hours)
    non_working, extra_working = package_calendar_days(years, language)
    # Overrides outside the covered years are not an error: a shared list of records may well
    # reach further than one calendar's range.
    in_range = [
        override for override in (*official_overrides, *overrides) if override.date.year in years
    ]
    non_working, extra_working = apply_overrides(
        non_working,
        extra_working,
        in_range,
        has_office_hours=lambda day: bool(week[day.weekday()]),
        language=language,
    )
    # A unit that already works on Saturdays needs no "extra" working Saturday.
    extra_working = {day: why for day, why in extra_working.items() if not week[day.weekday()]}
    return WorkCalendar(
        office_hours=office_hours,
        non_working_days=non_working,
        extra_working_days=extra_working,
        years=years,
        zone=zone,
        weekly_rest_reason=_WEEKLY_REST[language],
    )


def _check_language(language: str) -> None:
    if language not in _PACKAGE_LANGUAGE:
        raise ValueError(f"unsupported language {language!r}; use 'vi' or 'en'")
