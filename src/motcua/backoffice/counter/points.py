"""Who may use the counter, and at which service point.

Only a reception officer works the counter, and only at a service point where they hold that
role (policy "dossiers.receive"). Everyone else in the workspace is told why they cannot; an
officer who holds the role at several points chooses one, and the choice is remembered for the
session so the next dossier starts at the same point.
"""

from functools import wraps

from django.utils.translation import gettext as _

from motcua.backoffice.access import refuse, staff_view
from motcua.organizations.models import Role, ServicePoint
from motcua.organizations.roles import current_memberships

SESSION_KEY = "counter_point"


def counter_points(user) -> list[ServicePoint]:
    """The open service points where `user` is a reception officer, by name."""
    points: dict[int, ServicePoint] = {}
    for membership in current_memberships(user):
        point = membership.service_point
        if membership.role == Role.RECEPTION_OFFICER and point and point.closed_on is None:
            points.setdefault(point.pk, point)
    return sorted(points.values(), key=lambda point: point.name)


def counter_view(view):
    """A staff page of the counter: refused (403, with the reason) to anyone who is not a
    reception officer at an open service point; `request.counter_points` lists their points."""

    @staff_view
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        points = counter_points(request.user)
        if not points:
            return refuse(
                request,
                _(
                    "The counter is for reception officers of a service point. None of your "
                    "current roles is one; if it should be, ask your unit administrator."
                ),
            )
        request.counter_points = points
        return view(request, *args, **kwargs)

    return wrapped


def chosen_point(request, code: str | None = None) -> ServicePoint:
    """The point the officer works at now: the one named (when it is theirs), else the one
    remembered for the session, else their first."""
    points = {point.code: point for point in request.counter_points}
    for candidate in (code, request.session.get(SESSION_KEY)):
        if candidate in points:
            request.session[SESSION_KEY] = candidate
            return points[candidate]
    return request.counter_points[0]
