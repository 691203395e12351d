"""Rule (issue 7 §3): a queue shows on time / due soon / overdue with the time left or over in
WORKING time — office hours of working days, a day being 8 hours — never clock time."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from motcua.backoffice import timeliness
from motcua.dossiers.transitions import State

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, hour, minute=0):
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=VN)  # March 2026: no holiday


def test_time_left_counts_only_office_hours_over_a_weekend():
    # Friday 6 March 16:00 → Monday 9 March 11:00: 1 h on Friday + 3 h on Monday (8-12 office).
    state = timeliness.of_due(at(9, 11), now=at(6, 16))
    assert state.detail == "còn 4 giờ"
    assert state.kind == timeliness.DUE_SOON and state.label == "Sắp đến hạn"


def test_more_than_two_working_days_left_is_on_time():
    state = timeliness.of_due(at(13, 17), now=at(9, 8))  # Monday 8:00 → Friday 17:00
    assert state.kind == timeliness.ON_TIME
    assert state.detail == "còn 5 ngày"


def test_exactly_two_working_days_left_is_already_due_soon(settings):
    settings.DUE_SOON_WORKING_DAYS = 2
    state = timeliness.of_due(at(11, 17), now=at(9, 17))  # Monday 17:00 → Wednesday 17:00
    assert state.kind == timeliness.DUE_SOON and state.detail == "còn 2 ngày"


def test_overdue_says_how_much_working_time_is_over():
    state = timeliness.of_due(at(2, 16), now=at(3, 10))  # Monday 16:00 → Tuesday 10:00
    assert state.kind == timeliness.OVERDUE
    assert (state.label, state.detail) == ("Quá hạn", "quá 3 giờ")


def test_a_stopped_clock_shows_no_countdown():
    state = timeliness.of_due(at(9, 11), now=at(6, 16), running=False)
    assert state.kind == timeliness.PAUSED and state.detail == ""


def test_english_words_when_the_page_is_english():
    with translation.override("en"):
        state = timeliness.of_due(at(2, 16), now=at(3, 10))
    assert (state.label, state.detail) == ("Overdue", "3 hours over")


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (State.RETURNED, timeliness.CLOSED),
        (State.AWAITING_PAYMENT, timeliness.PAUSED),
        (State.IN_PROGRESS, timeliness.OVERDUE),
    ],
)
def test_a_dossier_s_state_decides_whether_its_clock_counts(status, kind, division):
    class Dossier:  # only what of_dossier reads
        due_at = at(2, 16)
        competent_unit = division

    Dossier.status = status
    assert timeliness.of_dossier(Dossier, now=at(3, 10)).kind == kind
