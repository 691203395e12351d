"""The rules a procedure version must keep, as plain functions over plain rows.

One set of rules serves the services (which refuse a bad write), the import (which reports every
problem of a file with its place) and the admin forms (which show the problem beside the row).
So the functions take rows as mappings with the model's field names, not model instances or
forms, and return every `Problem` they find instead of stopping at the first.

The internal process (DOMAIN §6, issue 4 §2): ordered steps, each with an action, a performer
and its share of the legal time; steps of one parallel group run at the same time and count
once, as the longest of them, with exactly one lead; the shares add up to the legal time of
every channel that is not "on the spot" (legal hours = working days × 8).
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from motcua.catalog.models import Channel, PerformerKind, StepAction, TimeUnit
from motcua.organizations.models import Role

HOURS_PER_WORKING_DAY = Decimal(8)


@dataclass(frozen=True)
class Problem:
    """One broken rule: the field it is about, a message for people, a code for programs, and
    the index of the row (step, channel) when it is about one row of a list."""

    field: str
    message: str
    code: str
    row: int | None = None


def legal_hours(channel: Mapping) -> Decimal:
    """The legal time of a channel in working hours (on the spot: 0)."""
    limit = Decimal(str(channel.get("time_limit") or 0))
    if channel.get("time_unit") == TimeUnit.WORKING_DAYS:
        return limit * HOURS_PER_WORKING_DAY
    if channel.get("time_unit") == TimeUnit.WORKING_HOURS:
        return limit
    return Decimal(0)


def process_hours(steps: Sequence[Mapping]) -> Decimal:
    """Working hours the process takes: steps one after another, a parallel group as its
    longest step."""
    total = Decimal(0)
    groups: dict[str, Decimal] = {}
    for step in steps:
        hours = Decimal(str(step.get("allotted_hours") or 0))
        group = (step.get("parallel_group") or "").strip()
        if group:
            groups[group] = max(groups.get(group, Decimal(0)), hours)
        else:
            total += hours
    return total + sum(groups.values(), Decimal(0))


def _hours(value: Decimal) -> str:
    """12.00 → "12", 1.50 → "1.5": hours as people write them."""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def step_problems(step: Mapping, row: int) -> list[Problem]:
    """What is wrong with one step taken alone."""
    problems = []
    number = row + 1
    if not (step.get("name") or "").strip():
        problems.append(
            Problem("name", _("Step %(number)s has no name.") % {"number": number}, "blank", row)
        )
    if step.get("action") not in StepAction.values:
        problems.append(
            Problem(
                "action",
                _(
                    "Step %(number)s: choose what the step does (receive, appraise, approve, "
                    "consult, financial obligation or return)."
                )
                % {"number": number},
                "invalid_action",
                row,
            )
        )
    hours = step.get("allotted_hours")
    if hours is None or hours == "":
        problems.append(
            Problem(
                "allotted_hours",
                _("Step %(number)s: give its share of the legal time in working hours.")
                % {"number": number},
                "missing_hours",
                row,
            )
        )
    elif Decimal(str(hours)) < 0:
        problems.append(
            Problem(
                "allotted_hours",
                _("Step %(number)s: the allotted time cannot be negative.") % {"number": number},
                "negative_hours",
                row,
            )
        )
    problems += performer_problems(step, row)
    return problems


def performer_problems(step: Mapping, row: int) -> list[Problem]:
    """Whether the step says who does it in a way that can be resolved for every dossier."""
    number = row + 1
    kind = step.get("performer_kind")
    role = step.get("performer_role") or ""
    unit = step.get("performer_unit")
    problems = []
    if kind not in PerformerKind.values:
        problems.append(
            Problem(
                "performer_kind",
                _("Step %(number)s: choose who performs it.") % {"number": number},
                "invalid_performer",
                row,
            )
        )
    if kind == PerformerKind.FIXED_UNIT and not unit:
        problems.append(
            Problem(
                "performer_unit",
                _("Step %(number)s is done by a fixed unit: choose the unit.") % {"number": number},
                "performer_unit_missing",
                row,
            )
        )
    if kind != PerformerKind.FIXED_UNIT and unit:
        # A unit the routing would ignore is a misunderstanding waiting to happen.
        problems.append(
            Problem(
                "performer_unit",
                _(
                    "Step %(number)s: a performing unit is only used when the performer is a "
                    "fixed unit."
                )
                % {"number": number},
                "performer_unit_unused",
                row,
            )
        )
    if kind == PerformerKind.ROLE_IN_UNIT and not role:
        problems.append(
            Problem(
                "performer_role",
                _("Step %(number)s is done by a role within the competent unit: choose the role.")
                % {"number": number},
                "performer_role_missing",
                row,
            )
        )
    if role and role not in Role.values:
        problems.append(
            Problem(
                "performer_role",
                _("Step %(number)s: “%(role)s” is not a staff role.")
                % {"number": number, "role": role},
                "unknown_role",
                row,
            )
        )
    return problems


def process_problems(steps: Sequence[Mapping]) -> list[Problem]:
    """The structure of the process: each step, their order, and the parallel groups."""
    problems = []
    for row, step in enumerate(steps):
        problems += step_problems(step, row)
    problems += _order_problems(steps)
    problems += _group_problems(steps)
    return problems


def _order_problems(steps: Sequence[Mapping]) -> list[Problem]:
    problems = []
    seen: dict[int, str] = {}
    for row, step in enumerate(steps):
        order = step.get("order")
        if not isinstance(order, int) or isinstance(order, bool) or order < 1:
            problems.append(
                Problem(
                    "order",
                    _("Step %(number)s: its order must be a whole number from 1.")
                    % {"number": row + 1},
                    "invalid_order",
                    row,
                )
            )
            continue
        group = (step.get("parallel_group") or "").strip()
        # Steps of one parallel group may share a place in the order; others may not.
        if order in seen and (not group or seen[order] != group):
            problems.append(
                Problem(
                    "order",
                    _(
                        "Two steps have the order %(order)s: give each step its own place, or "
                        "put them in the same parallel group."
                    )
                    % {"order": order},
                    "duplicate_order",
                    row,
                )
            )
        seen.setdefault(order, group)
    return problems


def _group_problems(steps: Sequence[Mapping]) -> list[Problem]:
    problems = []
    members: dict[str, list[int]] = {}
    for row, step in enumerate(steps):
        group = (step.get("parallel_group") or "").strip()
        if group:
            members.setdefault(group, []).append(row)
        elif step.get("is_lead"):
            problems.append(
                Problem(
                    "is_lead",
                    _("Step %(number)s is marked as lead but belongs to no parallel group.")
                    % {"number": row + 1},
                    "lead_without_group",
                    row,
                )
            )
    ordered = sorted(
        (
            (step.get("order") if isinstance(step.get("order"), int) else 0, row)
            for row, step in enumerate(steps)
        ),
    )
    positions = {row: place for place, (_order, row) in enumerate(ordered)}
    for group, rows in members.items():
        leads = [row for row in rows if steps[row].get("is_lead")]
        if len(rows) < 2:
            problems.append(
                Problem(
                    "parallel_group",
                    _(
                        "Parallel group “%(group)s” has one step: a group runs two or more steps "
                        "at the same time."
                    )
                    % {"group": group},
                    "group_of_one",
                    rows[0],
                )
            )
        if len(leads) != 1:
            problems.append(
                Problem(
                    "is_lead",
                    _(
                        "Parallel group “%(group)s” must have exactly one lead step; it has "
                        "%(count)s."
                    )
                    % {"group": group, "count": len(leads)},
                    "group_lead_count",
                    rows[0],
                )
            )
        places = sorted(positions[row] for row in rows)
        if places[-1] - places[0] + 1 != len(places):
            problems.append(
                Problem(
                    "parallel_group",
                    _(
                        "The steps of parallel group “%(group)s” must follow one another: no "
                        "other step can come between them."
                    )
                    % {"group": group},
                    "group_not_contiguous",
                    rows[0],
                )
            )
    return problems


def channel_problems(channels: Sequence[Mapping]) -> list[Problem]:
    problems = []
    seen = set()
    for row, channel in enumerate(channels):
        name = channel.get("channel")
        if name not in Channel.values:
            problems.append(Problem("channel", _("Choose the channel."), "invalid_channel", row))
        elif name in seen:
            problems.append(
                Problem(
                    "channel",
                    _("The channel “%(channel)s” is given twice.") % {"channel": name},
                    "duplicate_channel",
                    row,
                )
            )
        seen.add(name)
        unit = channel.get("time_unit")
        limit = Decimal(str(channel.get("time_limit") or 0))
        if unit not in TimeUnit.values:
            problems.append(
                Problem("time_unit", _("Choose the unit of the time limit."), "invalid_unit", row)
            )
        elif unit == TimeUnit.ON_THE_SPOT and limit != 0:
            problems.append(
                Problem(
                    "time_limit",
                    _("A procedure done on the spot has no time limit: put 0."),
                    "on_the_spot_limit",
                    row,
                )
            )
        elif unit != TimeUnit.ON_THE_SPOT and limit <= 0:
            problems.append(
                Problem(
                    "time_limit",
                    _("Give the legal time limit (more than 0), or choose “on the spot”."),
                    "missing_limit",
                    row,
                )
            )
    return problems


def allotment_problems(steps: Sequence[Mapping], channels: Sequence[Mapping]) -> list[Problem]:
    """The process must use exactly the legal time of every channel that has one."""
    total = process_hours(steps)
    problems = []
    for row, channel in enumerate(channels):
        if channel.get("time_unit") == TimeUnit.ON_THE_SPOT:
            continue
        if channel.get("time_unit") not in TimeUnit.values:
            continue
        legal = legal_hours(channel)
        if legal > 0 and total != legal:
            problems.append(
                Problem(
                    "steps",
                    _(
                        "The steps add up to %(total)s working hours, but the legal time through "
                        "the channel “%(channel)s” is %(legal)s working hours."
                    )
                    % {
                        "total": _hours(total),
                        "channel": channel.get("channel"),
                        "legal": _hours(legal),
                    },
                    "process_does_not_add_up",
                    row,
                )
            )
    return problems


def publication_problems(*, steps: Sequence[Mapping], channels: Sequence[Mapping]) -> list[Problem]:
    """Everything that must hold before a version is published (and for every published
    version of an import): a channel, a valid process, and the time shares adding up."""
    problems = channel_problems(channels) + process_problems(steps)
    if not channels:
        problems.append(
            Problem(
                "channels",
                _("Say how the procedure is done: at least one channel with its time limit."),
                "no_channel",
            )
        )
    if not steps:
        problems.append(
            Problem(
                "steps",
                _("A published version needs its internal process: add the steps."),
                "no_process",
            )
        )
    elif not problems:
        problems += allotment_problems(steps, channels)
    return problems


@dataclass(frozen=True)
class Window:
    """When a published version is in force; `valid_to` None means until further notice."""

    label: str
    valid_from: datetime.date
    valid_to: datetime.date | None


def overlapping(windows: Iterable[Window]) -> list[tuple[Window, Window]]:
    """Pairs of windows that share at least one day, each pair once, earlier first."""
    ordered = sorted(windows, key=lambda w: w.valid_from)
    pairs = []
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            if first.valid_to is None or second.valid_from <= first.valid_to:
                pairs.append((first, second))
    return pairs


def window_problems(window: Window) -> list[Problem]:
    if window.valid_to is not None and window.valid_to < window.valid_from:
        return [
            Problem(
                "valid_to",
                _("A version cannot end before it starts."),
                "ends_before_start",
            )
        ]
    return []
