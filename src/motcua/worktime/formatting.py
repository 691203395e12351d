"""Showing a working duration to people: "2 ngày 3 giờ", "3 hours 30 minutes".

A day here is a WORKING day of 8 hours (not 24), because that is how deadlines are written in
the law and on receipts; "1 ngày" left means one more full office day.
"""

from __future__ import annotations

from datetime import timedelta

_UNITS = {
    # language → (day, hour, minute) as (singular, plural)
    "vi": (("ngày", "ngày"), ("giờ", "giờ"), ("phút", "phút")),
    "en": (("day", "days"), ("hour", "hours"), ("minute", "minutes")),
}


def format_duration(duration: timedelta, language: str = "vi", *, hours_per_day: int = 8) -> str:
    """Render a working duration with ``hours_per_day`` hours to a day, at minute resolution.

    * The sign is ignored (the absolute value is shown): whether it is "left" or "late" is a
      word the caller puts around it, and differs by screen.
    * Seconds are truncated, never rounded up, so a countdown never shows more time than there
      is: 59 s → "0 phút".
    * Zero parts are omitted ("1 day", not "1 day 0 hours 0 minutes"); nothing left at all is
      "0 phút" / "0 minutes".

    ``language`` is ``"vi"`` (default) or ``"en"`` (``"en-us"`` style tags accepted).
    """
    if not isinstance(duration, timedelta):
        raise TypeError(f"expected a timedelta; got {duration!r}")
    if isinstance(hours_per_day, bool) or not isinstance(hours_per_day, int) or hours_per_day < 1:
        raise ValueError(f"hours_per_day must be a positive int; got {hours_per_day!r}")
    units = _UNITS.get(language.lower().split("-")[0].split("_")[0])
    if units is None:
        raise ValueError(f"unsupported language {language!r}; use 'vi' or 'en'")
    # Integer arithmetic on whole minutes: exact, no float drift on long durations.
    total_minutes = abs(duration) // timedelta(minutes=1)
    days, rest = divmod(total_minutes, hours_per_day * 60)
    hours, minutes = divmod(rest, 60)
    parts = [
        f"{count} {names[0] if count == 1 else names[1]}"
        for count, names in zip((days, hours, minutes), units, strict=True)
        if count
    ]
    return " ".join(parts) if parts else f"0 {units[2][1]}"
