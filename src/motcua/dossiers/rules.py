"""Who may act on dossiers. The transition table says which ROLE may take an action; these
rules say whether a user holds that role where it matters (at this service point, in the
competent unit) and whether a citizen owns the dossier."""

from django.db.models import Q

from motcua.catalog.models import StepAction
from motcua.dossiers import processing_rules  # (also registers the processing rules)
from motcua.organizations.models import Role
from motcua.organizations.roles import current_memberships, has_role_anywhere, has_role_over
from motcua.policy import rule

#: Roles that see every dossier of the province.
SEE_ALL_ROLES = (Role.SUPERVISOR, Role.SYSTEM_ADMIN)

#: Steps that the service point does, not the deciding or consulted units.
COUNTER_STEP_ACTIONS = (StepAction.RECEIVE, StepAction.RETURN)

#: Roles that see the dossiers of their unit (and the units below it).
UNIT_STAFF_ROLES = (Role.SPECIALIST, Role.UNIT_LEADER, Role.UNIT_ADMIN)


def reception_officer_at(user, point) -> bool:
    return any(
        m.role == Role.RECEPTION_OFFICER and m.service_point_id == point.pk
        for m in current_memberships(user)
    )


@rule("dossiers.receive")
def may_receive_at_point(user, point) -> bool:
    """A reception officer receives at the service point where they work, any procedure of the
    province (boundary-free); nobody receives on behalf of another point."""
    return point is not None and reception_officer_at(user, point)


@rule("dossiers.view")
def may_view_dossier(user, dossier) -> bool:
    """The owner; the officers of the receiving point and of the return point (they hand the
    result over); the competent unit's staff, and the staff of every unit that has or had a
    step on it (a consulted agency) — with the units above them; supervisors and system
    administrators. Everyone else gets a 404."""
    if dossier is None:
        return False
    if dossier.owner_id is not None and dossier.owner_id == user.pk:
        return True
    if has_role_anywhere(user, *SEE_ALL_ROLES):
        return True
    if processing_rules.officer_at(user, dossier.receiving_point_id, dossier.return_point_id):
        return True
    unit = dossier.competent_unit
    if unit is not None and has_role_over(user, unit, *UNIT_STAFF_ROLES):
        return True
    paths = [m.unit.path for m in current_memberships(user) if m.role in UNIT_STAFF_ROLES]
    return bool(paths) and dossier.steps.filter(step_unit_within(paths)).exists()


def step_unit_within(paths) -> Q:
    """Steps of the decision done by a unit inside one of these subtrees. The counter's own
    steps (receive, return) do not count: they belong to the point's officers, who see the
    dossier anyway, not to every specialist of the agency that runs the point."""
    condition = Q()
    for path in paths:
        condition |= Q(unit__path__startswith=path)
    return condition & ~Q(action__in=COUNTER_STEP_ACTIONS)


from motcua.dossiers import reception_rules  # noqa: E402, F401  (rules of reception outcomes)


@rule("dossiers.view_group")
def may_view_group(user, group) -> bool:
    """An inter-agency request: its applicant, the officers of the point that took it, and
    whoever may see one of its dossiers (each agency sees the request its dossier is part
    of, with the other agencies' progress, not their dossiers' contents)."""
    if group is None:
        return False
    if group.owner_id is not None and group.owner_id == user.pk:
        return True
    if reception_officer_at(user, group.receiving_point):
        return True
    return any(may_view_dossier(user, dossier) for dossier in group.dossiers.all())


@rule("dossiers.view_tracking_book")
def may_view_tracking_book(user, point) -> bool:
    """The point's own reception officers, the leaders and administrators of its agency, and
    supervisors: the book names citizens, so nobody else reads it."""
    if point is None:
        return False
    if reception_officer_at(user, point):
        return True
    if has_role_anywhere(user, *SEE_ALL_ROLES):
        return True
    return has_role_over(user, point.agency, Role.UNIT_LEADER, Role.UNIT_ADMIN)


from motcua.dossiers import handover_rules  # noqa: E402, F401  (rules of paper handovers)
