"""Who a user is for one dossier after reception: the transition table names ROLES (actors);
these rules say which of them a user holds for THIS dossier: reception officer of its receiving
or return point, specialist or leader of its competent unit (or of the unit doing a step),
system administrator, or the citizen who owns it. The services then ask the table."""

from motcua.dossiers.transitions import Actor
from motcua.organizations.models import Role
from motcua.organizations.roles import current_memberships, has_role_over, is_system_admin
from motcua.policy import rule


def officer_at(user, *point_ids) -> bool:
    """A reception officer working at one of these service points."""
    points = set(point_ids) - {None}
    return any(
        m.role == Role.RECEPTION_OFFICER and m.service_point_id in points
        for m in current_memberships(user)
    )


def actors_for(user, dossier, *, unit=None) -> frozenset:
    """The table's actors `user` is for `dossier`. Staff roles count in `unit` (a step's unit)
    or, by default, in the competent unit, and in the units above it."""
    if user is None:
        # Nobody at the keyboard: a payment callback, a scheduled task.
        return frozenset({Actor.SYSTEM})
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    actors = set()
    if dossier.owner_id is not None and dossier.owner_id == user.pk:
        actors.add(Actor.CITIZEN)
    if officer_at(user, dossier.receiving_point_id, dossier.return_point_id):
        actors.add(Actor.RECEPTION_OFFICER)
    unit = unit or dossier.competent_unit
    if unit is not None:
        if has_role_over(user, unit, Role.SPECIALIST):
            actors.add(Actor.SPECIALIST)
        if has_role_over(user, unit, Role.UNIT_LEADER):
            actors.add(Actor.UNIT_LEADER)
    if is_system_admin(user):
        actors.add(Actor.SYSTEM_ADMIN)
    return frozenset(actors)


def may_handle(user, unit) -> bool:
    """A handler must be a specialist or leader of the unit that decides."""
    return has_role_over(user, unit, Role.SPECIALIST, Role.UNIT_LEADER)


@rule("dossiers.process")
def may_process_dossier(user, dossier) -> bool:
    """Anyone who is some actor for the dossier: in its competent unit, at its points, owning
    it, or in a unit that has an open step on it (a consulted agency). Which action each may
    take is the transition table's business."""
    if dossier is None:
        return False
    if actors_for(user, dossier):
        return True
    step_units = {s.unit for s in dossier.steps.filter(status="in_progress").select_related("unit")}
    return any(actors_for(user, dossier, unit=unit) for unit in step_units)
