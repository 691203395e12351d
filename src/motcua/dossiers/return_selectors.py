"""Reads for the returns desk (DOMAIN §3.6): the results a reception officer's service point
must hand back. A result waits at the point the citizen chose for collection; a result to be
posted is dispatched by the point that received the dossier (the post channel has no return
point). Only result_ready dossiers are listed: the others have nothing to hand over yet.

These reads are filtered by the officer's own points, not by the "dossiers.view" rule: a
dossier received at another point (boundary-free reception) but collected here is still this
point's to return, and the return service lets this point's officers do it.
"""

from django.db.models import Q, QuerySet

from motcua.dossiers.models import Dossier, ReturnChannel
from motcua.dossiers.transitions import State
from motcua.organizations.models import Role, ServicePoint
from motcua.organizations.roles import current_memberships

_LIST_RELATIONS = ("procedure_version", "receiving_point", "return_point", "competent_unit")


def return_points_of(user) -> list[ServicePoint]:
    """The service points where `user` is a reception officer now, by name."""
    points = {
        m.service_point
        for m in current_memberships(user)
        if m.role == Role.RECEPTION_OFFICER and m.service_point_id
    }
    return sorted(points, key=lambda point: point.name)


def _returnable_here(points) -> Q:
    ids = [point.pk for point in points]
    collected_here = Q(return_channel=ReturnChannel.COUNTER, return_point_id__in=ids)
    posted_from_here = Q(return_channel=ReturnChannel.POST, receiving_point_id__in=ids)
    return collected_here | posted_from_here


def results_to_return(points) -> QuerySet[Dossier]:
    """Results ready at these points: waiting for collection at the counter, or to be posted
    from here; the oldest result first (the citizen has waited longest)."""
    if not points:
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(_returnable_here(points), status=State.RESULT_READY)
        .select_related(*_LIST_RELATIONS)
        .order_by("finished_at", "id")
    )


def waiting_at_counter(points) -> QuerySet[Dossier]:
    return results_to_return(points).filter(return_channel=ReturnChannel.COUNTER)


def to_post(points) -> QuerySet[Dossier]:
    return results_to_return(points).filter(return_channel=ReturnChannel.POST)


def result_to_return(points, code: str) -> Dossier | None:
    """One dossier of `results_to_return(points)` by its code (any case, spaces around), or
    None: a dossier that is not this point's to return is not confirmed to exist."""
    code = (code or "").strip().upper()
    if not code:
        return None
    return results_to_return(points).filter(code=code).first()


def recently_returned(points, *, since) -> QuerySet[Dossier]:
    """Results these points handed back or posted since `since`, newest first: the officer's
    check that what they just did is recorded."""
    if not points:
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(
            _returnable_here(points), status=State.RETURNED, returned_at__gte=since
        )
        .select_related(*_LIST_RELATIONS, "result_return")
        .order_by("-returned_at", "-id")
    )
