"""Reads about paper originals: where a dossier's papers are, the batches a user may see, and
the papers waiting at a point past (or near) their hand-over due instant (ADR 0006)."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.models import (
    Dossier,
    HandoverBatch,
    HandoverItem,
    PaperMovement,
    PaperPlace,
)
from motcua.dossiers.rules import SEE_ALL_ROLES
from motcua.organizations.models import Role
from motcua.organizations.roles import current_memberships, has_role_anywhere
from motcua.policy import can

_MOVEMENT_RELATIONS = ("point", "unit", "batch", "recorded_by")


def movements_of(dossier: Dossier) -> QuerySet[PaperMovement]:
    """The whole trail, oldest first."""
    return PaperMovement.objects.filter(dossier=dossier).select_related(*_MOVEMENT_RELATIONS)


def current_location(dossier: Dossier) -> PaperMovement | None:
    """Where the originals are now: the latest movement (by time, then by recording order)."""
    return movements_of(dossier).order_by("-at", "-id").first()


def open_item_of(dossier: Dossier) -> HandoverItem | None:
    """The dossier's place in a batch being prepared or in transit, if any."""
    return HandoverItem.objects.filter(dossier=dossier, open=True).select_related("batch").first()


def current_movements() -> QuerySet[PaperMovement]:
    """The latest movement of every dossier that has one: one indexed anti-join, no per-row
    work. (No movement is ever changed, so "latest" is a fact of the rows themselves.)"""
    newer = PaperMovement.objects.filter(dossier=OuterRef("dossier")).filter(
        Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), id__gt=OuterRef("id"))
    )
    return PaperMovement.objects.exclude(Exists(newer))


def papers_due_for_handover(
    point=None, *, overdue: bool | None = None, now: datetime.datetime | None = None
) -> QuerySet[PaperMovement]:
    """Papers waiting at `point` (or at any point) that must still be handed over, soonest due
    first. `overdue=True`: only those past their due instant; False: only those not yet."""
    rows = current_movements().filter(place=PaperPlace.POINT, handover_due_at__isnull=False)
    if point is not None:
        rows = rows.filter(point=point)
    if overdue is not None:
        late = Q(handover_due_at__lt=now or timezone.now())
        rows = rows.filter(late) if overdue else rows.exclude(late)
    return rows.select_related("dossier", "point").order_by("handover_due_at", "id")


def public_place_name(movement: PaperMovement | None) -> str:
    """What the applicant is told: the public name of the place, nothing about people."""
    if movement is None:
        return _("Not recorded")
    if movement.place == PaperPlace.POINT:
        return movement.point.name
    if movement.place == PaperPlace.UNIT:
        return movement.unit.name
    return str(movement.get_place_display())


# --- Batches --------------------------------------------------------------------------------

_READING_ROLES = (Role.SPECIALIST, Role.UNIT_LEADER, Role.UNIT_ADMIN)
_BATCH_RELATIONS = (
    "from_point",
    "from_unit",
    "to_point",
    "to_unit",
    "created_by",
    "sent_by",
    "received_by",
)


def batches_visible_to(user) -> QuerySet[HandoverBatch]:
    """Every batch `user` may see, as one query: the list form of the "handovers.view" rule."""
    batches = HandoverBatch.objects.select_related(*_BATCH_RELATIONS)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return batches.none()
    if has_role_anywhere(user, *SEE_ALL_ROLES):
        return batches
    memberships = current_memberships(user)
    points = {
        m.service_point_id
        for m in memberships
        if m.role == Role.RECEPTION_OFFICER and m.service_point_id
    }
    seen = Q(pk__in=[])
    if points:
        seen |= Q(from_point_id__in=points) | Q(to_point_id__in=points)
    for path in {m.unit.path for m in memberships if m.role in _READING_ROLES}:
        seen |= (
            Q(from_unit__path__startswith=path)
            | Q(to_unit__path__startswith=path)
            | Q(from_point__agency__path__startswith=path)
            | Q(to_point__agency__path__startswith=path)
        )
    return batches.filter(seen)


def visible_batch(user, number: str) -> HandoverBatch | None:
    batch = (
        HandoverBatch.objects.select_related(*_BATCH_RELATIONS)
        .filter(number=(number or "").strip())
        .first()
    )
    if batch is None or not can(user, "handovers.view", batch):
        return None
    return batch


def items_of(batch: HandoverBatch) -> QuerySet[HandoverItem]:
    """The dossiers in the batch (not those taken out while it was prepared)."""
    return (
        batch.items.filter(removed_at__isnull=True)
        .select_related("dossier", "dossier__procedure_version")
        .order_by("id")
    )


def _my_places(user, side: str) -> Q:
    """Batches leaving from (side "from") or going to (side "to") a place where `user` carries
    papers: a point where they are a reception officer, a unit (or subunit) where they are a
    specialist."""
    memberships = current_memberships(user)
    points = {
        m.service_point_id
        for m in memberships
        if m.role == Role.RECEPTION_OFFICER and m.service_point_id
    }
    mine = Q(**{f"{side}_point_id__in": points}) if points else Q(pk__in=[])
    for path in {m.unit.path for m in memberships if m.role == Role.SPECIALIST}:
        mine |= Q(**{f"{side}_unit__path__startswith": path})
    return mine


def filter_batches(
    batches: QuerySet[HandoverBatch], user, *, direction: str | None = None, statuses=()
) -> QuerySet[HandoverBatch]:
    """Narrow a list: "outgoing" (leaving my places), "incoming" (coming to them), statuses."""
    if direction == "outgoing":
        batches = batches.filter(_my_places(user, "from"))
    elif direction == "incoming":
        batches = batches.filter(_my_places(user, "to"))
    if statuses:
        batches = batches.filter(status__in=list(statuses))
    return batches
