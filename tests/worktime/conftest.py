"""Shared calendars for the worktime tests: built once per session, as in production."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.worktime import build_vietnam_calendar

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(scope="session")
def calendar():
    """The Vietnamese calendar with the verified 2025-2026 official corrections."""
    return build_vietnam_calendar()


@pytest.fixture(scope="session")
def package_calendar():
    """The raw ``holidays`` package calendar, without official corrections."""
    return build_vietnam_calendar(official_overrides=())


@pytest.fixture(scope="session")
def hanoi():
    """Build an aware Hanoi datetime: ``hanoi(2026, 2, 13, 9, 30)``."""

    def make(*parts: int) -> datetime:
        return datetime(*parts, tzinfo=HANOI)

    return make
