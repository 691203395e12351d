"""Reads of dossiers, filtered by who asks. A dossier the user may not see does not exist for
them (None → 404), so a code reveals nothing about other people's dossiers."""

import datetime
import uuid

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from motcua.dossiers.codes import parse_code, start_of_local_day
from motcua.dossiers.models import Dossier, HistoryEntry
from motcua.dossiers.rules import SEE_ALL_ROLES
from motcua.dossiers.transitions import FINAL_STATES
from motcua.organizations.models import Role
from motcua.organizations.roles import current_memberships, has_role_anywhere
from motcua.policy import can

_DETAIL_RELATIONS = (
    "procedure_version__procedure",
    "procedure_version__field",
    "receiving_point",
    "receiving_agency",
    "competent_unit",
    "return_point",
)


def dossier_by_code(code: str) -> Dossier | None:
    """The dossier with this code, for public lookup; raises MalformedDossierCode first."""
    canonical = str(parse_code(code))
    return Dossier.objects.select_related(*_DETAIL_RELATIONS).filter(code=canonical).first()


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
    return Dossier.objects.select_related(*_DETAIL_RELATIONS).filter(uuid=public_id).first()


def visible_dossier_by_reference(user, reference: str) -> Dossier | None:
    dossier = dossier_by_reference(reference)
    if dossier is None or not can(user, "dossiers.view", dossier):
        return None
    return dossier


def history_of(dossier: Dossier):
    return (
        HistoryEntry.objects.filter(dossier=dossier)
        .select_related("unit")
        .order_by("occurred_at", "id")
    )


# --- Lists ----------------------------------------------------------------------------------

#: Roles that see the dossiers whose competent unit is in the subtree of their unit; the same
#: roles as the "dossiers.view" rule (rules.py), so a list never shows what the detail hides.
_UNIT_ROLES = (Role.SPECIALIST, Role.UNIT_LEADER, Role.UNIT_ADMIN)


def dossiers_visible_to(user) -> QuerySet[Dossier]:
    """Every dossier `user` may see, as one query: the list form of the "dossiers.view" rule.

    Supervisors and system administrators: all. Reception officers: what their service point
    received. Specialists, leaders, unit administrators: the dossiers of their units and the
    units below. Anyone: the dossiers they own. Annotated with `listed_at` (received, else
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
        seen |= Q(receiving_point_id__in=points)
    for path in {m.unit.path for m in memberships if m.role in _UNIT_ROLES}:
        seen |= Q(competent_unit__path__startswith=path)
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
        dossiers = dossiers.filter(competent_unit__path__startswith=unit.path)
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
