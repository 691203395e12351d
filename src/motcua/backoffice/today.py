"""What waits for me today: one figure per list of the menu, read from the same selectors as
the lists themselves (so the number on the tile is the number of rows behind it)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from motcua.backoffice.timeliness import due_soon_threshold
from motcua.dossiers import late_selectors, return_selectors, work_selectors
from motcua.organizations.models import Role
from motcua.organizations.roles import units_with_role


@dataclass(frozen=True)
class Figure:
    count: int
    words: str
    urgent: int = 0  # how many of them are overdue (shown in the overdue colour)
    urgent_words: str = ""


def _inbox(user) -> Figure:
    count = work_selectors.online_inbox(user).count()
    return Figure(count, _("submitted online, waiting for reception"))


def _my_work(user) -> Figure:
    steps = work_selectors.my_steps(user)
    counts = work_selectors.timeliness_counts(
        steps, work_selectors.edges(), due="due_at", status="dossier__status"
    )
    return Figure(counts["total"], _("steps in my hands"), counts["overdue"], _("overdue"))


def _unit_queue(user) -> Figure | None:
    unit = work_selectors.default_queue_unit(user)
    if unit is None:
        return None
    counts = work_selectors.timeliness_counts(
        work_selectors.unit_queue(unit), work_selectors.edges(unit)
    )
    return Figure(
        counts["total"],
        _("open in %(unit)s") % {"unit": unit.name},
        counts["overdue"],
        _("overdue"),
    )


def _late(user) -> Figure:
    units = (
        None if work_selectors.sees_every_unit(user) else units_with_role(user, Role.UNIT_LEADER)
    )
    watch = late_selectors.late_watch(units, window=due_soon_threshold(), limit=300)
    return Figure(
        len(watch.at_risk),
        _("at risk: an apology is still possible"),
        len(watch.overdue),
        _("already overdue"),
    )


def _returns(user) -> Figure:
    points = return_selectors.return_points_of(user)
    return Figure(
        return_selectors.results_to_return(points).count(), _("results waiting to be returned")
    )


#: The menu entry (URL name) → how its figure is read.
FIGURES = {
    "online_inbox": _inbox,
    "my_queue": _my_work,
    "unit_queue": _unit_queue,
    "late": _late,
    "returns": _returns,
}


def figure_for(user, url_name: str) -> Figure | None:
    reader = FIGURES.get(url_name.split(":")[-1])
    return reader(user) if reader else None
