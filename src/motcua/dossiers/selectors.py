"""Reads of dossiers, filtered by who asks. A dossier the user may not see does not exist for
them (None → 404), so a code reveals nothing about other people's dossiers."""

import datetime
import functools
import uuid

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from motcua.batching import statement_cursor
from motcua.dossiers.codes import parse_code, start_of_local_day
from motcua.dossiers.groups import group_status
from motcua.dossiers.models import Dossier, DossierGroup, DossierStep, HistoryEntry
from motcua.dossiers.rules import SEE_ALL_ROLES, UNIT_STAFF_ROLES, step_unit_within
from motcua.dossiers.transitions import FINAL_STATES, State
from motcua.organizations.models import Role, Unit
from motcua.organizations.roles import current_memberships, has_role_anywhere
from motcua.policy import can

_DETAIL_RELATIONS = (
    "procedure_version__procedure",
    "procedure_version__field",
    "receiving_point",
    "receiving_agency",
    "competent_unit",
    "return_point",
    "group",
)


def dossier_by_code(code: str) -> Dossier | None:
    """The dossier with this code, for public lookup; raises MalformedDossierCode first."""
    canonical = str(parse_code(code))
    return _one(Dossier.objects.select_related(*_DETAIL_RELATIONS).filter(code=canonical))


def _one(queryset) -> Dossier | None:
    """The row of a query on a unique column, or None. Not `.first()`: its ORDER BY on the
    primary key, useless on a unique column, cost more to build than the query with all its
    joins took to run (bench/bench_lookup.py, bench_reception.py)."""
    return next(iter(queryset[:1]), None)


#: What the public lookup shows (api.dossiers.PublicDossierSerializer), and nothing more.
PUBLIC_COLUMNS = (
    "code",
    "status",
    "received_at",
    "due_at",
    "returned_at",
    "return_channel",
    "procedure_version__name",
    "procedure_version__procedure__code",
    "return_point__name",
    "return_point__address",
    "group__code",
)


@functools.cache
def _public_lookup_sql(alias: str) -> str:
    """The public lookup's SQL, compiled by the ORM once per database (the code is its only
    parameter). The lookup is the most frequent read of all, and building the query each time
    cost more than running it (bench/bench_lookup.py)."""
    query = Dossier.objects.using(alias).filter(code="").values_list(*PUBLIC_COLUMNS).query
    sql, params = query.get_compiler(alias).as_sql()
    if list(params) != [""]:  # the one parameter must be the code, or the SQL is not reusable
        raise RuntimeError(f"Unexpected parameters of the public lookup: {params!r}")
    return sql


def public_dossier_by_code(code: str) -> dict | None:
    """What the public lookup shows of the dossier with this code — PUBLIC_COLUMNS by name, the
    dates as aware datetimes — or None; raises MalformedDossierCode first."""
    canonical = str(parse_code(code))
    connection = connections[DEFAULT_DB_ALIAS]
    sql = _public_lookup_sql(DEFAULT_DB_ALIAS)
    row = _fetch_prepared(connection, sql, [canonical])
    if row is None:
        return None
    found = dict(zip(PUBLIC_COLUMNS, row, strict=True))
    for name in ("received_at", "due_at", "returned_at"):
        found[name] = _aware(found[name])
    return found


def _fetch_prepared(connection, sql: str, params: list):
    """One row of `sql`; on PostgreSQL run as a prepared statement of this connection, which
    planned the lookup's five-table join on every request (0.4 ms of server time on the shared
    two cores; prepared, 0.1 ms). `statement_cursor` says how, and why without the per-request
    health check."""
    with statement_cursor(connection) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _aware(value):
    """A datetime column read by hand as the ORM would give it (SQLite hands back text)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def visible_dossier(user, code: str) -> Dossier | None:
    dossier = dossier_by_code(code)
    if dossier is None or not can(user, "dossiers.view", dossier):
        return None
    return dossier


def dossier_by_reference(reference: str) -> Dossier | None:
    """By public id (uuid) or by code: a dossier submitted online has no code until it is
    received, so its uuid is the only way to name it. Raises MalformedDossierCode for a
    reference that is neither."""
    try:
        public_id = uuid.UUID(reference.strip())
    except ValueError:
        return dossier_by_code(reference)
    return _one(Dossier.objects.select_related(*_DETAIL_RELATIONS).filter(uuid=public_id))


def visible_dossier_by_reference(user, reference: str) -> Dossier | None:
    dossier = dossier_by_reference(reference)
    if dossier is None or not can(user, "dossiers.view", dossier):
        return None
    return dossier


def group_by_code(code: str) -> DossierGroup | None:
    """The inter-agency request with this tracking code, its dossiers in the group's order and
    its derived status (`status`) and latest due instant (`due_at`) set on it; raises
    MalformedDossierCode first."""
    canonical = str(parse_code(code))
    group = (
        DossierGroup.objects.select_related("procedure_group", "receiving_point")
        .filter(code=canonical)
        .first()
    )
    if group is None:
        return None
    order = dict(group.procedure_group.members.values_list("procedure_id", "order"))
    members = sorted(
        group.dossiers.select_related(*_DETAIL_RELATIONS),
        key=lambda d: (order.get(d.procedure_version.procedure_id, 0), d.pk),
    )
    group.members_in_order = members
    group.status = group_status(d.status for d in members)
    group.due_at = max((d.due_at for d in members if d.due_at), default=None)
    return group


def visible_group(user, code: str) -> DossierGroup | None:
    group = group_by_code(code)
    if group is None or not can(user, "dossiers.view_group", group):
        return None
    return group


def history_of(dossier: Dossier):
    return (
        HistoryEntry.objects.filter(dossier=dossier)
        .select_related("unit")
        .order_by("occurred_at", "id")
    )


# --- Lists ----------------------------------------------------------------------------------


def dossiers_visible_to(user) -> QuerySet[Dossier]:
    """Every dossier `user` may see, as one query: the list form of the "dossiers.view" rule.

    Supervisors and system administrators: all. Reception officers: what their service point
    received or returns. Specialists, leaders, unit administrators: the dossiers of their units
    and the units below, as competent unit or as a unit with a step on them (a consulted
    agency). Anyone: the dossiers they own. Annotated with `listed_at` (received, else
    submitted, else created) for a stable order that also covers dossiers not yet received.
    """
    dossiers = Dossier.objects.select_related(*_DETAIL_RELATIONS).annotate(
        listed_at=Coalesce("received_at", "submitted_at", "created_at")
    )
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return dossiers.none()
    memberships = current_memberships(user)
    if has_role_anywhere(user, *SEE_ALL_ROLES):
        return dossiers
    seen = Q(owner_id=user.pk)
    points = {
        m.service_point_id
        for m in memberships
        if m.role == Role.RECEPTION_OFFICER and m.service_point_id
    }
    if points:
        seen |= Q(receiving_point_id__in=points) | Q(return_point_id__in=points)
    paths = sorted({m.unit.path for m in memberships if m.role in UNIT_STAFF_ROLES})
    for path in paths:
        seen |= Q(competent_unit__path__startswith=path)
    if paths:
        steps_there = DossierStep.objects.filter(step_unit_within(paths), dossier=OuterRef("pk"))
        seen |= Exists(steps_there)
    return dossiers.filter(seen)


def filter_dossiers(
    dossiers: QuerySet[Dossier],
    *,
    statuses=(),
    unit=None,
    procedure_code: str | None = None,
    overdue: bool | None = None,
    received_from: datetime.date | None = None,
    received_to: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> QuerySet[Dossier]:
    """Narrow a list. `unit` takes its whole subtree (a department's list includes its
    divisions'); the reception days are days in Vietnam, both ends included; overdue means
    past the due instant and not finished (a final state stops counting)."""
    if statuses:
        dossiers = dossiers.filter(status__in=list(statuses))
    if unit is not None:
        # The subtree's unit ids first (one small query), then the dossiers by their ids: the
        # database then reads the index dossier_unit_queue (unit, status, due date) for those
        # units only. Filtering on the joined unit's path, or on a subquery whose size the
        # planner cannot know, made PostgreSQL read every dossier in the asked states in the
        # whole province and join each to its unit (bench/bench_queue.py).
        subtree = list(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
        dossiers = dossiers.filter(competent_unit_id__in=subtree)
    if procedure_code:
        dossiers = dossiers.filter(procedure_version__procedure__code=procedure_code)
    if received_from is not None:
        dossiers = dossiers.filter(received_at__gte=start_of_local_day(received_from))
    if received_to is not None:
        next_day = received_to + datetime.timedelta(days=1)
        dossiers = dossiers.filter(received_at__lt=start_of_local_day(next_day))
    if overdue is not None:
        late = Q(due_at__lt=now or timezone.now()) & ~Q(status__in=list(FINAL_STATES))
        dossiers = dossiers.filter(late) if overdue else dossiers.exclude(late)
    return dossiers


# --- Work queues ----------------------------------------------------------------------------

#: States in which the competent unit must act: what its work queue shows.
UNIT_QUEUE_STATES = (
    State.RECEIVED,
    State.IN_PROGRESS,
    State.AWAITING_PAYMENT,
    State.RETURNED_INSUFFICIENT,
    State.WITHDRAWAL_REQUESTED,
)


#: What a line of a work queue shows besides the dossier's own columns. Only these: with every
#: relation of the detail page, planning the query took longer than running it.
_QUEUE_RELATIONS = ("procedure_version__procedure", "receiving_point")


def unit_queue(unit, statuses=UNIT_QUEUE_STATES) -> QuerySet[Dossier]:
    """The open dossiers of one competent unit, the most urgent first (due date, then id).

    Exactly the columns of the index `dossier_unit_queue` (competent unit, status, due date):
    the database reads only this unit's open dossiers, whatever the millions returned before.
    """
    return (
        Dossier.objects.filter(competent_unit=unit, status__in=list(statuses))
        .select_related(*_QUEUE_RELATIONS)
        .order_by("due_at", "id")
    )
