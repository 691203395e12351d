"""Working durations for people: 8 hours make a day, minutes are the finest unit."""

from datetime import timedelta

import pytest

from motcua.worktime import format_duration

CASES = [
    (timedelta(hours=19), "vi", "2 ngày 3 giờ"),
    (timedelta(hours=3, minutes=30), "vi", "3 giờ 30 phút"),
    (timedelta(0), "vi", "0 phút"),
    (timedelta(seconds=59), "vi", "0 phút"),
    (timedelta(hours=8), "vi", "1 ngày"),
    (timedelta(hours=8, minutes=1, seconds=59), "vi", "1 ngày 1 phút"),
    (timedelta(hours=19), "en", "2 days 3 hours"),
    (timedelta(hours=8), "en", "1 day"),
    (timedelta(minutes=30), "en", "30 minutes"),
    (timedelta(hours=1, minutes=1), "en", "1 hour 1 minute"),
    (timedelta(0), "en", "0 minutes"),
    (timedelta(hours=120), "en-US", "15 days"),
    # A calendar day of 24 h is three working days: the unit is the WORKING day.
    (timedelta(days=1), "vi", "3 ngày"),
]


@pytest.mark.parametrize(("duration", "language", "text"), CASES)
def test_format_duration_counts_eight_hours_per_day(duration, language, text):
    assert format_duration(duration, language) == text


def test_format_duration_shows_the_absolute_value():
    assert format_duration(timedelta(hours=-19)) == "2 ngày 3 giờ"


def test_format_duration_truncates_seconds_towards_zero_for_negative_values_too():
    assert format_duration(timedelta(minutes=-30, seconds=-59), "en") == "30 minutes"


def test_format_duration_with_another_day_length():
    assert format_duration(timedelta(hours=9), "en", hours_per_day=6) == "1 day 3 hours"


def test_format_duration_refuses_unknown_languages():
    with pytest.raises(ValueError, match="unsupported language"):
        format_duration(timedelta(hours=1), "fr")


def test_format_duration_refuses_non_timedelta():
    with pytest.raises(TypeError):
        format_duration(3600)
