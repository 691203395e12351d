"""The places where a staff member carries paper originals (ADR 0006): the service points where
they are a reception officer and the units where they are a specialist. The handover page
works for one of these places at a time; the papers waiting there are its starting list.
"""

from dataclasses import dataclass

from django.db.models import F

from motcua.dossiers.handover_selectors import current_movements
from motcua.dossiers.models import HandoverItem, PaperPlace
from motcua.organizations.models import Role
from motcua.organizations.roles import current_memberships


@dataclass(frozen=True)
class Place:
    kind: str  # "point" or "unit"
    obj: object  # the ServicePoint or the Unit

    @property
    def key(self) -> str:
        """How the page names the place in its URL: point:<code> or unit:<code>."""
        return f"{self.kind}:{self.obj.code}"

    @property
    def name(self) -> str:
        return self.obj.name

    @property
    def agency(self):
        """The unit whose working calendar the 15:00 rule of this place follows."""
        return self.obj.agency if self.kind == "point" else self.obj

    def as_sender(self) -> dict:
        return {"from_point": self.obj} if self.kind == "point" else {"from_unit": self.obj}


def places_of(user) -> list[Place]:
    """The points (reception officer) and units (specialist) where `user` carries papers."""
    places, seen = [], set()
    for membership in current_memberships(user):
        if membership.role == Role.RECEPTION_OFFICER and membership.service_point_id:
            place = Place("point", membership.service_point)
        elif membership.role == Role.SPECIALIST:
            place = Place("unit", membership.unit)
        else:
            continue
        if place.key not in seen:
            seen.add(place.key)
            places.append(place)
    return places


def chosen_place(places: list[Place], key: str) -> Place | None:
    """The place named by `key`, or the first one when nothing (or something unknown) is asked."""
    for place in places:
        if place.key == key:
            return place
    return places[0] if places else None


def papers_at(place: Place, limit: int = 200):
    """The dossiers whose paper originals are at `place` now: those owing a hand-over first
    (soonest due), then the others; each with `in_batch`, the number of the open batch they
    are already in, or "" (set on the rows)."""
    rows = current_movements().filter(
        place=PaperPlace.POINT if place.kind == "point" else PaperPlace.UNIT
    )
    rows = rows.filter(point=place.obj) if place.kind == "point" else rows.filter(unit=place.obj)
    rows = list(
        rows.select_related("dossier", "dossier__procedure_version").order_by(
            F("handover_due_at").asc(nulls_last=True), "at", "id"
        )[:limit]
    )
    batches = dict(
        HandoverItem.objects.filter(
            open=True, dossier_id__in=[r.dossier_id for r in rows]
        ).values_list("dossier_id", "batch__number")
    )
    for row in rows:
        row.in_batch = batches.get(row.dossier_id, "")
    return rows
