"""Reads behind the staff work lists: the online inbox of a service point, the work queue of a
unit, the steps assigned to one officer, and the open work an officer would hand over.

Every list is already narrowed to what the asking user may see (a dossier of another unit is
never listed), ordered by the stored due instant (the most urgent first), and counted per
timeliness with RANGE conditions on that stored instant — one aggregate query, never a loop over
rows — so that a list stays fast with a million dossiers in the database: each query filters on
the leading columns of an index (`dossier_unit_queue`: competent unit, status, due date;
`step_unit_queue`: unit, status, due date).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from motcua.calendars.selectors import effective_calendar
from motcua.catalog.models import Channel
from motcua.dossiers.models import (
    Dossier,
    DossierStep,
    StepStatus,
    SupplementRequest,
    SupplementStage,
)
from motcua.dossiers.monitoring import IDLE_LIMIT_HOURS
from motcua.dossiers.rules import SEE_ALL_ROLES
from motcua.dossiers.selectors import UNIT_QUEUE_STATES
from motcua.dossiers.transitions import CLOCK_RUNNING, State
from motcua.organizations.models import Membership, Role, Unit
from motcua.organizations.roles import current_memberships, has_role_anywhere

#: Roles whose holders work on the dossiers of their unit and the units below it.
UNIT_WORK_ROLES = (Role.SPECIALIST, Role.UNIT_LEADER, Role.UNIT_ADMIN)
#: Who may be named handler of a dossier: the same roles `assign` accepts (may_handle).
HANDLER_ROLES = (Role.SPECIALIST, Role.UNIT_LEADER)

#: The timeliness words a list may be filtered by.
OVERDUE, DUE_SOON, ON_TIME, PAUSED = "overdue", "due-soon", "on-time", "paused"
TIMELINESS_FILTERS = (OVERDUE, DUE_SOON, ON_TIME, PAUSED)


# --- Timeliness as ranges of the stored due instant ----------------------------------------


@dataclass(frozen=True)
class Edges:
    """The two instants that split running clocks into overdue / due soon / on time: `now`,
    and the instant when the "due soon" threshold of WORKING time after now ends."""

    now: datetime.datetime
    soon: datetime.datetime


def due_soon_threshold() -> datetime.timedelta:
    """Working time left under which a dossier is "due soon": by default two office days, so
    that the leader still has the one working day before the due date that the law requires
    for an apology with a new date (Form 04)."""
    return datetime.timedelta(hours=8 * settings.DUE_SOON_WORKING_DAYS)


def edges(unit=None, now=None) -> Edges:
    """The working calendar of `unit` turns "two working days from now" into one instant, so
    that the database compares stored due dates against it. A list spanning several units
    uses the calendar of the unit it was asked for (units of a province share office hours
    unless an administrator set others)."""
    now = now or timezone.now()
    hours = due_soon_threshold() / datetime.timedelta(hours=1)
    return Edges(now=now, soon=effective_calendar(unit).add(now, hours=hours))


def timeliness_condition(kind: str, edges: Edges, *, due="due_at", status="status") -> Q:
    """The rows of one timeliness kind. `due` and `status` name the due instant and the
    dossier's state as seen from the queried model (a step reads its dossier's state)."""
    running = Q(**{f"{status}__in": list(CLOCK_RUNNING), f"{due}__isnull": False})
    if kind == OVERDUE:
        return running & Q(**{f"{due}__lt": edges.now})
    if kind == DUE_SOON:
        return running & Q(**{f"{due}__gte": edges.now, f"{due}__lte": edges.soon})
    if kind == ON_TIME:
        return running & Q(**{f"{due}__gt": edges.soon})
    if kind == PAUSED:
        return ~running
    raise ValueError(f"unknown timeliness {kind!r}")


def timeliness_counts(rows: QuerySet, edges: Edges, *, due="due_at", status="status") -> dict:
    """How many rows of a list are overdue, due soon, on time, or have no running clock —
    and the total — in ONE aggregate query."""
    counts = rows.order_by().aggregate(
        total=Count("pk"),
        **{
            kind.replace("-", "_"): Count(
                "pk", filter=timeliness_condition(kind, edges, due=due, status=status)
            )
            for kind in TIMELINESS_FILTERS
        },
    )
    return counts


# --- Online inbox ---------------------------------------------------------------------------


def reception_points_of(user) -> list:
    """The service points where `user` works as a reception officer."""
    return [
        m.service_point
        for m in current_memberships(user)
        if m.role == Role.RECEPTION_OFFICER and m.service_point_id
    ]


def online_inbox(user) -> QuerySet[Dossier]:
    """Dossiers submitted online to the user's service points and not yet decided on, the
    oldest first. Each carries `resubmitted_at`: when the completed papers came back after a
    Form 02, from which the reception clock counts again (reception.online_clock_start)."""
    return inbox_of_points([p.pk for p in reception_points_of(user)])


def inbox_of_points(points) -> QuerySet[Dossier]:
    """The online inbox of these service points (ids): see `online_inbox`."""
    last_fulfilled = (
        SupplementRequest.objects.filter(
            dossier=OuterRef("pk"), stage=SupplementStage.RECEPTION, fulfilled_at__isnull=False
        )
        .order_by()
        .values("dossier")
        .annotate(last=Max("fulfilled_at"))
        .values("last")
    )
    return (
        Dossier.objects.filter(
            receiving_point_id__in=points, status=State.SUBMITTED, channel=Channel.ONLINE
        )
        .select_related("procedure_version__procedure", "receiving_point__agency")
        .annotate(resubmitted_at=Subquery(last_fulfilled))
        .order_by("submitted_at", "id")
    )


def reception_due(dossier: Dossier) -> datetime.datetime | None:
    """When the point must have received, or asked for papers on, an online dossier.

    The reception clock starts where the legal clock would (the later of the submission and
    the completed papers' return, moved to the next working period of the point's calendar)
    and runs one working day (monitoring.IDLE_LIMIT_HOURS): after that the dossier is listed
    as hanging (monitoring.hanging_dossiers) — the same limit, so both screens agree."""
    if dossier.submitted_at is None or dossier.receiving_point_id is None:
        return None
    latest = dossier.submitted_at
    resubmitted = getattr(dossier, "resubmitted_at", None)
    if resubmitted is not None and resubmitted > latest:
        latest = resubmitted
    calendar = effective_calendar(dossier.receiving_point.agency)
    return calendar.add(calendar.next_working_instant(latest), hours=IDLE_LIMIT_HOURS)


# --- Units a user's work lists cover --------------------------------------------------------


def sees_every_unit(user) -> bool:
    return has_role_anywhere(user, *SEE_ALL_ROLES)


def home_units(user) -> list[Unit]:
    """The units whose queues the user works in (their roles' units), most senior first."""
    units = {
        m.unit.pk: m.unit
        for m in current_memberships(user)
        if m.role in UNIT_WORK_ROLES + SEE_ALL_ROLES
    }
    return sorted(units.values(), key=lambda u: (u.path.count("/"), u.code))


def default_queue_unit(user) -> Unit | None:
    """The unit whose queue opens first: for a supervisor or system administrator the top of
    the tree (the whole province: their own office decides no dossiers), else their own
    most senior unit."""
    if sees_every_unit(user):
        top = Unit.objects.filter(parent__isnull=True, dissolved_on__isnull=True).order_by("path")
        if (unit := top.first()) is not None:
            return unit
    units = home_units(user)
    return units[0] if units else None


def queue_units(user) -> QuerySet[Unit]:
    """Every unit whose queue the user may open: their units and the units below them; any
    unit for a supervisor or system administrator."""
    units = Unit.objects.filter(dissolved_on__isnull=True).order_by("path")
    if sees_every_unit(user):
        return units
    paths = {u.path for u in home_units(user)}
    if not paths:
        return units.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return units.filter(condition)


def leads(user, unit: Unit) -> bool:
    """The user is a leader of `unit` or of a unit above it: they assign its dossiers."""
    return any(
        m.role == Role.UNIT_LEADER and unit.path.startswith(m.unit.path)
        for m in current_memberships(user)
    )


def subtree_ids(unit: Unit) -> list[int]:
    """The ids of a unit and every unit below it: one small query, after which the lists
    filter the dossiers by these ids and the index on (unit, status, due date) is used."""
    return list(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))


# --- The unit's work queue ------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    statuses: tuple = ()
    procedure_code: str = ""
    timeliness: str = ""
    handler: object = None  # a user, or None for any
    unassigned: bool = False
    text: str = ""


def apply_text(rows: QuerySet, text: str, prefix: str = "") -> QuerySet:
    """A code (or its beginning) or part of the applicant's name."""
    text = text.strip()
    if not text:
        return rows
    return rows.filter(
        Q(**{f"{prefix}code__istartswith": text})
        | Q(**{f"{prefix}applicant_name__icontains": text})
    )


def unit_queue(unit: Unit, filters: QueueFilters = QueueFilters()) -> QuerySet[Dossier]:
    """The open dossiers whose competent unit is `unit` or below it, due date first, narrowed
    by `filters` except timeliness (see `with_timeliness`, applied after counting)."""
    statuses = [s for s in filters.statuses if s in UNIT_QUEUE_STATES] or list(UNIT_QUEUE_STATES)
    rows = (
        Dossier.objects.filter(competent_unit_id__in=subtree_ids(unit), status__in=statuses)
        .select_related("procedure_version__procedure", "competent_unit", "handler")
        .order_by("due_at", "id")
    )
    if filters.procedure_code:
        rows = rows.filter(procedure_version__procedure__code=filters.procedure_code)
    if filters.unassigned:
        rows = rows.filter(handler__isnull=True)
    elif filters.handler is not None:
        rows = rows.filter(handler=filters.handler)
    return apply_text(rows, filters.text)


def with_timeliness(rows: QuerySet, kind: str, edges: Edges, **names) -> QuerySet:
    if kind not in TIMELINESS_FILTERS:
        return rows
    return rows.filter(timeliness_condition(kind, edges, **names))


def open_steps_by_dossier(dossiers) -> dict[int, list[DossierStep]]:
    """The running steps of the dossiers on one page (one query), to show who does what."""
    steps = (
        DossierStep.objects.filter(
            dossier_id__in=[d.pk for d in dossiers], status=StepStatus.IN_PROGRESS
        )
        .select_related("unit", "handler")
        .order_by("order", "id")
    )
    found: dict[int, list[DossierStep]] = {}
    for step in steps:
        found.setdefault(step.dossier_id, []).append(step)
    return found


def handler_candidates(unit: Unit, *, below: bool = False) -> list:
    """Active specialists and leaders of `unit` or of a unit above it: whom `assign` accepts
    as handler of a dossier of this unit, by name. `below` adds those of the units below it,
    for a list that also holds their dossiers (`assign` checks each dossier's own unit)."""
    units = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
    if below:
        units += subtree_ids(unit)
    users = (
        Membership.objects.current()
        .filter(unit_id__in=units, role__in=HANDLER_ROLES, user__is_active=True)
        .values_list("user_id", flat=True)
    )
    return list(
        get_user_model()
        .objects.filter(pk__in=users)
        .order_by("full_name", "username")
        .only("pk", "uuid", "username", "full_name")
    )


def staff_of(unit: Unit) -> list:
    """Whose work a list of `unit` may be filtered by or handed over: everyone with a current
    specialist or leader role in `unit` or below it, and anyone still named handler of one of
    its open dossiers — an officer whose role already ended when they moved keeps their
    dossiers until the leader hands them over. By name."""
    subtree = subtree_ids(unit)
    members = set(
        Membership.objects.current()
        .filter(unit_id__in=subtree, role__in=HANDLER_ROLES)
        .values_list("user_id", flat=True)
    )
    handlers = set(
        Dossier.objects.filter(
            competent_unit_id__in=subtree,
            status__in=[*UNIT_QUEUE_STATES, State.RESULT_READY],
            handler__isnull=False,
        )
        .order_by()
        .values_list("handler_id", flat=True)
        .distinct()
    )
    return list(
        get_user_model()
        .objects.filter(pk__in=members | handlers)
        .order_by("full_name", "username")
        .only("pk", "uuid", "username", "full_name")
    )


# --- My work --------------------------------------------------------------------------------


def my_steps(user, filters: QueueFilters = QueueFilters()) -> QuerySet[DossierStep]:
    """The running steps assigned to `user`, the step due first."""
    rows = (
        DossierStep.objects.filter(handler=user, status=StepStatus.IN_PROGRESS)
        .select_related("dossier__procedure_version__procedure", "dossier__competent_unit", "unit")
        .order_by("due_at", "id")
    )
    if filters.statuses:
        rows = rows.filter(dossier__status__in=list(filters.statuses))
    if filters.procedure_code:
        rows = rows.filter(dossier__procedure_version__procedure__code=filters.procedure_code)
    return apply_text(rows, filters.text, prefix="dossier__")


def consultations_for(unit: Unit) -> QuerySet[DossierStep]:
    """Running steps that OTHER units' dossiers ask of `unit` and the units below it (a
    consulted agency's part of an inter-agency dossier), the step due first. Read through the
    index step_unit_queue (unit, status, due date); the dossier's own queue is its competent
    unit's."""
    ids = subtree_ids(unit)
    return (
        DossierStep.objects.filter(unit_id__in=ids, status=StepStatus.IN_PROGRESS)
        .exclude(dossier__competent_unit_id__in=ids)
        .select_related("dossier__procedure_version__procedure", "dossier__competent_unit", "unit")
        .order_by("due_at", "id")
    )


# --- Handing over an officer's open work ----------------------------------------------------

#: The states in which the transition table lets a leader (re)assign the handler.
REASSIGNABLE_STATES = (State.RECEIVED, State.IN_PROGRESS)


def open_work_of(officer, unit: Unit) -> QuerySet[Dossier]:
    """The unfinished dossiers of `unit` and below that `officer` handles, due date first."""
    return (
        Dossier.objects.filter(
            competent_unit_id__in=subtree_ids(unit),
            handler=officer,
            status__in=[*UNIT_QUEUE_STATES, State.RESULT_READY],
        )
        .select_related("procedure_version__procedure", "competent_unit")
        .order_by("due_at", "id")
    )
