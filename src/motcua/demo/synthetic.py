"""Synthetic dossiers for the benchmarks: `motcua bench seed --dossiers N`.

Why it exists: the benchmarks of issue 5 must run against a database that looks like a
province after a few years — a million dossiers spread over the communes and departments, most
long finished, a tail open now — because an index that is fast on 100 rows proves nothing.

What it writes, for each dossier: the dossier row, its frozen legal deadline, its history
(receive, route, assign, result, return… as the services would have written them), and for the
dossiers still open their steps with adjustable deadlines. Codes have the real shape
`<agency>-<YYMMDD>-<NNNN>` and are numbered per receiving agency and day in reception order;
the code counters are left at the last number given, so a real reception afterwards takes the
next free number and never collides.

What it does NOT write, on purpose: audit records and outbox events. This is historical data,
loaded the way a migration from an older system would load it: the audit log records what
happens in THIS system from now on, and an outbox event is a promise to notify someone now,
which nobody wants for a dossier returned two years ago. Each history entry says so in its
`data` ({"synthetic": true}). Fees and submitted papers are not generated either (nothing
measured reads them). The versions used are those in force today: an import of real history
would bring the older versions along, which the catalogue here does not have.

Why it is fast: rows are built in memory as plain dicts one reception day at a time and
written in batches of whole days, one transaction per batch, by `bulk_rows` (COPY on
PostgreSQL), never through the per-dossier services; due dates come from the same
working-time kernel the services use, one calendar per unit, built once.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.calendars.models import Deadline, DeadlineKind
from motcua.calendars.selectors import current_revision
from motcua.catalog.models import PerformerKind
from motcua.demo.bulk_rows import Table
from motcua.demo.synthetic_world import (
    STREETS,
    SeedRefused,
    World,
    load_world,
    new_uuid,
    person,
    pick_version,
    place,
)
from motcua.dossiers.codes import format_code
from motcua.dossiers.models import (
    ApplicantKind,
    Dossier,
    DossierChannel,
    DossierCodeCounter,
    DossierStep,
    HistoryEntry,
    ReturnChannel,
    StepOutcome,
    StepStatus,
)
from motcua.dossiers.transitions import CLOCK_RUNNING, Action, State

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

#: Who "did" the synthetic history: shown in Form 05 where a person's name would be.
ACTOR_LABEL = "bench seed"
SYNTHETIC = {"synthetic": True}

# --- Proportions (DOMAIN §8: Hanoi communes, July-September 2025) ---------------------------

#: How dossiers come in: 59.7% online, 0.24% by post, the rest at a counter.
ONLINE_SHARE, POST_SHARE = 0.597, 0.0024
#: Handed in at a counter but not accepted: guidance (no Form 01) or refusal (Form 03).
NOT_ACCEPTED_SHARE = 0.012
#: Accepted dossiers that end withdrawn or cancelled instead of with a result.
WITHDRAWN_SHARE, CANCELLED_SHARE = 0.004, 0.0005
#: Dossiers finished after their due date (99.85% on time in 2025; older years were worse).
LATE_SHARE = 0.01
#: Dossiers left hanging: received, started, never finished (the complaint of DOMAIN §9).
STUCK_SHARE = 0.002
#: Volume grows over the years (more procedures online, more people served).
GROWTH = 0.5
#: Routing and assignment follow reception within this many working hours.
ROUTE_HOURS = 2.0


@dataclass
class SeedReport:
    dossiers: int = 0
    history: int = 0
    steps: int = 0
    deadlines: int = 0
    counters: int = 0
    by_status: dict = field(default_factory=lambda: defaultdict(int))
    seconds: float = 0.0


class Built:
    """The rows of one dossier as dicts of attribute values, before their ids exist. History
    entries and steps point to the dossier's dict; the writer fills in the ids."""

    __slots__ = ("deadline", "dossier", "history", "steps")

    def __init__(self, dossier: dict, deadline: dict | None):
        self.dossier, self.deadline = dossier, deadline
        self.history: list[dict] = []
        self.steps: list[tuple[dict, dict | None]] = []

    def record(self, action, from_status, to_status, at, unit, **data) -> None:
        self.history.append(
            {
                "occurred_at": at,
                "action": action,
                "from_status": from_status,
                "to_status": to_status,
                "actor_id": None,
                "actor_label": ACTOR_LABEL,
                "unit_id": unit.pk if unit is not None else None,
                "data": {**SYNTHETIC, **data},
            }
        )

    @property
    def status(self) -> str:
        return self.dossier["status"]


class _Maker:
    """Builds the rows of one dossier from a reception instant, following a plausible life:
    received, routed and assigned, finished mostly well before the due date, returned; a few
    refused at the counter, withdrawn, late or hanging; the youngest still open."""

    def __init__(self, world: World, rng: random.Random, now: datetime.datetime):
        self.world, self.rng, self.now = world, rng, now

    def build(self, received_at: datetime.datetime) -> Built:
        rng, world = self.rng, self.world
        plan = pick_version(world, rng)
        area, point, competent = place(world, plan, rng)
        kind, name, identity = person(rng)
        roll = rng.random()
        channel = DossierChannel.ONLINE if roll < ONLINE_SHARE else DossierChannel.COUNTER
        if roll > 1 - POST_SHARE:
            channel = DossierChannel.POST
        if channel not in plan.legal_hours:
            channel = (
                DossierChannel.COUNTER
                if DossierChannel.COUNTER in plan.legal_hours
                else next(iter(plan.legal_hours))
            )
        calendar = world.calendar(competent)
        submitted_at = clock_start = received_at
        if channel == DossierChannel.ONLINE:
            # Submitted some time before the officer accepted it, often out of hours: the
            # clock starts at the next working instant after the submission (DOMAIN §3).
            submitted_at = received_at - datetime.timedelta(minutes=rng.uniform(5, 16 * 60))
            clock_start = min(calendar.next_working_instant(submitted_at), received_at)
        if channel == DossierChannel.ONLINE and rng.random() < 0.4:
            return_channel = ReturnChannel.ELECTRONIC
        else:
            return_channel = ReturnChannel.POST if rng.random() < 0.08 else ReturnChannel.COUNTER
        street = f"{rng.randint(1, 400)} {rng.choice(STREETS)}"
        dossier = {
            "uuid": new_uuid(rng),
            "code": None,
            "procedure_version_id": plan.version_id,
            "channel": channel,
            "applicant_kind": kind,
            "applicant_name": name,
            "applicant_identity_kind": "cccd" if kind == ApplicantKind.CITIZEN else "tax_code",
            "applicant_identity_number": identity,
            "applicant_address": f"{street}, {area.name}" if area else street,
            "applicant_area_id": area.pk if area else None,
            "applicant_phone": f"09{rng.randrange(10**8):08d}",
            "applicant_email": f"nguoidan{rng.randrange(10**6)}@mail.vn"
            if rng.random() < 0.3
            else "",
            "summary": plan.name[:1000],
            "submitted_at": submitted_at,
            "receiving_point_id": point.pk,
            "receiving_agency_id": point.agency_id,
            "competent_unit_id": competent.pk,
            "return_channel": return_channel,
            "return_point_id": point.pk if return_channel == ReturnChannel.COUNTER else None,
            "return_address": f"{street}, Hà Nội" if return_channel == ReturnChannel.POST else "",
            "has_digitised_components": rng.random() < 0.9,
            "identity_verified": channel == DossierChannel.ONLINE and rng.random() < 0.8,
            "created_at": submitted_at,
        }
        if channel == DossierChannel.COUNTER and rng.random() < NOT_ACCEPTED_SHARE:
            refused = rng.random() < 0.3
            dossier.update(
                status=State.REFUSED if refused else State.GUIDED,
                updated_at=received_at,
                competent_unit_id=None,
            )
            built = Built(dossier, None)
            action = Action.REFUSE if refused else Action.GIVE_GUIDANCE
            built.record(action, "", dossier["status"], received_at, point.agency)
            return built
        return self._accepted(dossier, plan, point, competent, received_at, clock_start)

    def _accepted(self, dossier, plan, point, competent, received_at, clock_start) -> Built:
        rng, now = self.rng, self.now
        calendar = self.world.calendar(competent)
        legal = plan.legal_hours[dossier["channel"]]
        due_at = calendar.add(clock_start, hours=legal)
        dossier.update(received_at=received_at, legal_hours=legal, due_at=due_at)
        deadline = {
            "uuid": new_uuid(rng),
            "kind": DeadlineKind.FROZEN,
            "started_at": clock_start,
            "working_hours": legal,
            "unit_id": competent.pk,
            "due_at": due_at,
            "computed_with_revision": self.world.revision,
            "closed_at": None,
        }
        built = Built(dossier, deadline)
        agency = point.agency
        if dossier["channel"] == DossierChannel.ONLINE:
            built.record(Action.SUBMIT, "", State.SUBMITTED, dossier["submitted_at"], agency)
        built.record(
            Action.RECEIVE,
            State.SUBMITTED if built.history else "",
            State.RECEIVED,
            received_at,
            agency,
            due_at=due_at.isoformat(),
            competent_unit=competent.code,
        )
        # When it is resolved: most well before the due date, a few late, a few never.
        fate = rng.random()
        stuck = fate < STUCK_SHARE
        if legal == 0:
            finished_at = due_at
        elif fate < STUCK_SHARE + LATE_SHARE:
            finished_at = calendar.add(due_at, hours=rng.uniform(1, 60))
        else:
            finished_at = calendar.add(clock_start, hours=float(legal) * rng.betavariate(2, 3))
        # Routed within two working hours of the reception; nothing ends before it is routed
        # (an online dossier accepted late in its clock, an on-the-spot procedure).
        routed_at = calendar.add(received_at, hours=rng.uniform(0.05, ROUTE_HOURS))
        finished_at = max(finished_at, routed_at)
        ended = rng.random()
        if not stuck and ended < WITHDRAWN_SHARE + CANCELLED_SHARE:
            gone_at = calendar.add(received_at, hours=rng.uniform(0.5, 40))
            if gone_at <= now:
                withdrawn = ended < WITHDRAWN_SHARE
                dossier["status"] = State.WITHDRAWN if withdrawn else State.CANCELLED
                deadline["closed_at"] = dossier["updated_at"] = gone_at
                action = Action.WITHDRAW if withdrawn else Action.CANCEL
                built.record(action, State.RECEIVED, dossier["status"], gone_at, competent)
                return built
        if stuck or finished_at > now:
            return self._open(built, plan, competent, routed_at, stuck)
        built.record(Action.ROUTE, State.RECEIVED, State.RECEIVED, routed_at, agency)
        built.record(Action.ASSIGN, State.RECEIVED, State.IN_PROGRESS, routed_at, competent)
        outcome = "late" if finished_at > due_at else "on_time"
        built.record(
            Action.RECORD_RESULT,
            State.IN_PROGRESS,
            State.RESULT_READY,
            finished_at,
            competent,
            outcome=outcome,
        )
        dossier["finished_at"] = deadline["closed_at"] = finished_at
        returned_at = calendar.add(finished_at, hours=rng.uniform(0.1, 24))
        if returned_at <= now:
            dossier.update(status=State.RETURNED, returned_at=returned_at)
            built.record(
                Action.RETURN_RESULT, State.RESULT_READY, State.RETURNED, returned_at, agency
            )
        else:
            dossier["status"] = State.RESULT_READY
        dossier["updated_at"] = built.history[-1]["occurred_at"]
        return built

    def _open(self, built: Built, plan, competent, routed_at, stuck) -> Built:
        """Still being handled now: received (not routed yet), in progress at one of its
        steps, waiting for the fee or the supplement, or asked to be withdrawn."""
        rng, now, dossier = self.rng, self.now, built.dossier
        dossier["status"] = State.RECEIVED
        if routed_at <= now:
            agency = self.world.units[dossier["receiving_agency_id"]]
            built.record(Action.ROUTE, State.RECEIVED, State.RECEIVED, routed_at, agency)
            built.record(Action.ASSIGN, State.RECEIVED, State.IN_PROGRESS, routed_at, competent)
            dossier["status"] = State.IN_PROGRESS
            roll = rng.random()
            waiting = [
                (0.06, State.AWAITING_PAYMENT, Action.REQUEST_PAYMENT),
                (0.10, State.RETURNED_INSUFFICIENT, Action.RETURN_INSUFFICIENT),
                (0.11, State.WITHDRAWAL_REQUESTED, Action.REQUEST_WITHDRAWAL),
            ]
            for threshold, state, action in waiting:
                if not stuck and roll < threshold:
                    since = max(routed_at, now - datetime.timedelta(hours=rng.uniform(0, 48)))
                    built.record(action, State.IN_PROGRESS, state, since, competent)
                    dossier["status"] = state
                    break
            built.steps = self._steps(dossier, plan, competent, routed_at)
        if dossier["status"] in CLOCK_RUNNING and dossier["due_at"] < now:
            # What the clock sweep would have marked (so that `motcua serve` does not notify
            # every unit about thousands of synthetic dossiers on its first sweep).
            dossier["overdue_since"] = dossier["due_at"]
        dossier["updated_at"] = built.history[-1]["occurred_at"]
        return built

    def _steps(self, dossier, plan, competent, routed_at) -> list:
        """The internal process as far as it got by now: the stages whose time has passed are
        done (on time), the next one is in progress with its adjustable deadline, the rest
        wait. A parallel group is one stage lasting as long as its longest step."""
        calendar = self.world.calendar(competent)
        stages: list[list] = []
        for process_step in plan.steps:
            group = process_step.parallel_group
            if group and stages and stages[-1][0].parallel_group == group:
                stages[-1].append(process_step)
            else:
                stages.append([process_step])
        if not stages:
            # A version without an internal process: one step, the whole legal time.
            step = {
                "order": 1,
                "name": _("Resolution"),
                "action": "appraise",
                "unit_id": competent.pk,
                "allotted_hours": dossier["legal_hours"],
            }
            return [self._started(step, routed_at, calendar)]
        rows, start = [], routed_at
        for number, stage in enumerate(stages):
            end = None
            if start is not None:
                end = calendar.add(start, hours=max(s.allotted_hours for s in stage))
            done = end is not None and end <= self.now and number < len(stages) - 1
            for process_step in stage:
                step = {
                    "process_step_id": process_step.pk,
                    "order": process_step.order,
                    "name": process_step.name,
                    "action": process_step.action,
                    "unit_id": self._performer(dossier, process_step, competent),
                    "parallel_group": process_step.parallel_group,
                    "is_lead": process_step.is_lead,
                    "allotted_hours": process_step.allotted_hours,
                    "status": StepStatus.WAITING,
                }
                if start is None:
                    rows.append((step, None))  # waiting: no clock yet
                else:
                    rows.append(self._started(step, start, calendar, end if done else None))
            start = end if done else None
        return rows

    def _started(self, step: dict, start, calendar, finished_at=None):
        due = calendar.add(start, hours=step["allotted_hours"])
        deadline = {
            "uuid": new_uuid(self.rng),
            "kind": DeadlineKind.ADJUSTABLE,
            "started_at": start,
            "working_hours": step["allotted_hours"],
            "unit_id": step["unit_id"],
            "due_at": due,
            "computed_with_revision": self.world.revision,
            "closed_at": finished_at,
        }
        step.update(due_at=due, handed_over_at=start, received_at=start)
        if finished_at is not None:
            step.update(status=StepStatus.DONE, finished_at=finished_at)
            step["outcome"] = StepOutcome.LATE if finished_at > due else StepOutcome.ON_TIME
        else:
            step["status"] = StepStatus.IN_PROGRESS
            if due < self.now:
                step["overdue_since"] = due
        return step, deadline

    @staticmethod
    def _performer(dossier, process_step, competent) -> int:
        if process_step.performer_kind == PerformerKind.RECEIVING_POINT:
            return dossier["receiving_agency_id"]
        if (
            process_step.performer_kind == PerformerKind.FIXED_UNIT
            and process_step.performer_unit_id
        ):
            return process_step.performer_unit_id
        return competent.pk


# --- Reception days and codes ---------------------------------------------------------------


def reception_days(start: datetime.date, now: datetime.datetime, calendar) -> list:
    """(day, opening instant, working hours available) for every working day from `start`
    to today, the last one cut at `now`."""
    days = []
    day, today = start, now.astimezone(VIETNAM).date()
    while day <= today:
        if calendar.is_working_day(day):
            midnight = datetime.datetime.combine(day, datetime.time.min, tzinfo=VIETNAM)
            opening = calendar.next_working_instant(midnight)
            closing = min(midnight + datetime.timedelta(days=1), now)
            if closing > opening:
                hours = calendar.elapsed(opening, closing).total_seconds() / 3600
                if hours > 0.01:
                    days.append((day, opening, hours))
        day += datetime.timedelta(days=1)
    return days


def split_over_days(count: int, days: list) -> list[int]:
    """How many dossiers each day receives: growing over the period, summing to `count`."""
    if not days:
        return []
    last = max(len(days) - 1, 1)
    weights = [(1 + GROWTH * i / last) * (hours / 8) for i, (_d, _o, hours) in enumerate(days)]
    total = sum(weights)
    shares, given, running = [], 0, 0.0
    for weight in weights:
        running += weight * count / total
        share = round(running) - given
        shares.append(share)
        given += share
    return shares


class _Writer:
    """One transaction per batch: deadlines, dossiers, history, steps, and the code counters
    of the batch's days (whole days, so a counter is final when its batch commits)."""

    def __init__(self, known_counters: dict):
        self.known = known_counters  # (agency id, day) → last number, already in the table
        self.deadlines, self.dossiers = Table(Deadline), Table(Dossier)
        self.history, self.steps = Table(HistoryEntry), Table(DossierStep)
        self.counters = Table(DossierCodeCounter)

    def write(self, batch: list[Built], counters: dict, report: SeedReport) -> None:
        deadlines = [b.deadline for b in batch if b.deadline is not None]
        deadlines += [d for b in batch for _s, d in b.steps if d is not None]
        dossiers = [b.dossier for b in batch]
        with transaction.atomic():
            for row, pk in zip(deadlines, self.deadlines.take_ids(len(deadlines)), strict=True):
                row["id"] = pk
            for built, pk in zip(batch, self.dossiers.take_ids(len(batch)), strict=True):
                built.dossier["id"] = pk
                if built.deadline is not None:
                    built.dossier["due_deadline_id"] = built.deadline["id"]
                for entry in built.history:
                    entry["dossier_id"] = pk
                for step, step_deadline in built.steps:
                    step["dossier_id"] = pk
                    step["deadline_id"] = step_deadline["id"] if step_deadline else None
            history = [entry for b in batch for entry in b.history]
            steps = [step for b in batch for step, _d in b.steps]
            for rows, table in (
                (history, self.history),
                (steps, self.steps),
            ):
                for row, pk in zip(rows, table.take_ids(len(rows)), strict=True):
                    row["id"] = pk
            self.deadlines.insert(deadlines)
            self.dossiers.insert(dossiers)
            self.history.insert(history)
            self.steps.insert(steps)
            fresh = []
            for (agency_id, day), number in counters.items():
                if (agency_id, day) in self.known:
                    DossierCodeCounter.objects.filter(agency_id=agency_id, day=day).update(
                        last_number=number
                    )
                else:
                    fresh.append({"agency_id": agency_id, "day": day, "last_number": number})
            for row, pk in zip(fresh, self.counters.take_ids(len(fresh)), strict=True):
                row["id"] = pk
            self.counters.insert(fresh)
        self.known.update(counters)
        report.dossiers += len(batch)
        report.deadlines += len(deadlines)
        report.history += len(history)
        report.steps += len(steps)
        report.counters += len(fresh)
        for built in batch:
            report.by_status[built.status] += 1


def seed_dossiers(
    *,
    count: int,
    years: float = 3,
    seed: int = 42,
    now: datetime.datetime | None = None,
    append: bool = False,
    batch_size: int = 10000,
    progress: Callable[[SeedReport, int], None] | None = None,
) -> SeedReport:
    """Write `count` synthetic dossiers received over the last `years` (see the module doc).

    Refuses (SeedRefused) when dossiers exist already, unless `append`: appended dossiers
    continue each agency's day numbering from its counter.
    """
    started = time.perf_counter()
    if count < 1:
        raise SeedRefused("Ask for at least one dossier.")
    existing = Dossier.objects.count()
    if existing and not append:
        raise SeedRefused(
            f"The database already holds {existing:,} dossiers: add --append to add more "
            f"(their codes then continue from each agency's counter)."
        )
    now = now or timezone.now()
    rng = random.Random(seed)
    world = load_world(rng, now.astimezone(VIETNAM).date())
    world.revision = current_revision()
    city_calendar = world.calendar(None)
    first_day = (now - datetime.timedelta(days=round(365.25 * years))).astimezone(VIETNAM).date()
    days = reception_days(first_day, now, city_calendar)
    # Codes continue from any counter already there (append, or real receptions before).
    known = {
        (agency_id, day): number
        for agency_id, day, number in DossierCodeCounter.objects.filter(
            day__gte=first_day
        ).values_list("agency_id", "day", "last_number")
    }
    writer, maker, report = _Writer(known), _Maker(world, rng, now), SeedReport()
    batch: list[Built] = []
    counters: dict = {}
    for (day, opening, hours), share in zip(days, split_over_days(count, days), strict=True):
        instants = sorted(
            min(city_calendar.add(opening, hours=rng.uniform(0, hours)), now) for _ in range(share)
        )
        for received_at in instants:
            built = maker.build(received_at)
            if built.deadline is not None:  # accepted: Form 01 with its code
                agency = world.units[built.dossier["receiving_agency_id"]]
                key = (agency.pk, day)
                number = counters.get(key, known.get(key, 0)) + 1
                counters[key] = number
                built.dossier["code"] = format_code(agency.code, day, number)
            batch.append(built)
        if len(batch) >= batch_size:
            writer.write(batch, counters, report)
            batch, counters = [], {}
            if progress:
                progress(report, count)
    if batch:
        writer.write(batch, counters, report)
        if progress:
            progress(report, count)
    report.seconds = time.perf_counter() - started
    return report
