"""On time / due soon / overdue, and the time left or over in WORKING time.

Read from the stored due instant (never recomputed from the procedure) against the working
calendar of the unit that must act: "còn 2 ngày 3 giờ" means two office days and three office
hours, not 51 clock hours. A queue shows the colour AND the words, so nobody depends on colour.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.calendars.selectors import effective_calendar
from motcua.dossiers.transitions import CLOCK_RUNNING, FINAL_STATES
from motcua.dossiers.work_selectors import due_soon_threshold
from motcua.worktime.formatting import format_duration

ON_TIME = "on-time"
DUE_SOON = "due-soon"
OVERDUE = "overdue"
PAUSED = "paused"
CLOSED = "closed"
NO_CLOCK = "no-clock"


@dataclass(frozen=True)
class Timeliness:
    kind: str  # one of the constants above: also the CSS class of the badge
    label: str  # "Đúng hạn", "Sắp đến hạn", "Quá hạn" …
    detail: str  # "còn 2 ngày 3 giờ", "quá 1 ngày 2 giờ", or ""
    left: datetime.timedelta | None  # working time left; negative when over


def language() -> str:
    return "en" if (translation.get_language() or "vi").startswith("en") else "vi"


def describe_left(left: datetime.timedelta) -> str:
    words = format_duration(left, language())
    if left < datetime.timedelta(0):
        return _("%(time)s over") % {"time": words}
    return _("%(time)s left") % {"time": words}


def of_due(due_at, *, unit=None, now=None, running: bool = True) -> Timeliness:
    """The timeliness of one deadline (a dossier's or a step's) whose clock is running."""
    if due_at is None:
        return Timeliness(NO_CLOCK, _("No deadline"), "", None)
    if not running:
        return Timeliness(PAUSED, _("Clock stopped"), "", None)
    now = now or timezone.now()
    left = effective_calendar(unit, language()).remaining(now, due_at)
    if left < datetime.timedelta(0):
        return Timeliness(OVERDUE, _("Overdue"), describe_left(left), left)
    if left <= due_soon_threshold():
        return Timeliness(DUE_SOON, _("Due soon"), describe_left(left), left)
    return Timeliness(ON_TIME, _("On time"), describe_left(left), left)


def of_dossier(dossier, *, now=None) -> Timeliness:
    if dossier.status in FINAL_STATES:
        return Timeliness(CLOSED, _("Finished"), "", None)
    return of_due(
        dossier.due_at,
        unit=dossier.competent_unit,
        now=now,
        running=dossier.status in CLOCK_RUNNING,
    )
