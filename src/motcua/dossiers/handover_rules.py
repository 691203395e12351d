"""Who may move paper originals (ADR 0006).

A batch goes from a place (a service point or a unit) to another. The people of the sending
place prepare and send it: the reception officers of a point, the specialists of a unit. The
people of the receiving place receive it, the same way. These are the two roles the transition
table allows to record where papers are (LOCATE_PAPERS: reception officer, specialist), so the
rules and the table agree. Leaders and administrators of the units concerned, supervisors and
system administrators read batches; they do not carry papers.
"""

from motcua.dossiers.processing_rules import officer_at
from motcua.dossiers.rules import SEE_ALL_ROLES
from motcua.organizations.models import Role
from motcua.organizations.roles import has_role_anywhere, has_role_over
from motcua.policy import rule

#: Roles that read a unit's batches (and those of its points) without carrying papers.
_READING_ROLES = (Role.SPECIALIST, Role.UNIT_LEADER, Role.UNIT_ADMIN)


def works_at(user, *, point=None, unit=None) -> bool:
    """The user carries papers for this place: a reception officer of the point, or a
    specialist of the unit (or of a unit above it)."""
    if point is not None:
        return officer_at(user, point.pk)
    return unit is not None and has_role_over(user, unit, Role.SPECIALIST)


def _reads_for(user, *, point=None, unit=None) -> bool:
    if works_at(user, point=point, unit=unit):
        return True
    unit = point.agency if point is not None else unit
    return unit is not None and has_role_over(user, unit, *_READING_ROLES)


@rule("dossiers.send_handover")
def may_send_batch(user, batch) -> bool:
    """Prepare (create, add, remove) and send: the people of the sending place."""
    return batch is not None and works_at(user, point=batch.from_point, unit=batch.from_unit)


@rule("dossiers.receive_handover")
def may_receive_batch(user, batch) -> bool:
    """Receive, item by item: the people of the receiving place."""
    return batch is not None and works_at(user, point=batch.to_point, unit=batch.to_unit)


@rule("handovers.view")
def may_view_batch(user, batch) -> bool:
    """Both ends, the leaders and administrators of their units, supervisors, system
    administrators. Anyone else gets a 404: a batch lists citizens' dossiers."""
    if batch is None:
        return False
    if has_role_anywhere(user, *SEE_ALL_ROLES):
        return True
    return _reads_for(user, point=batch.from_point, unit=batch.from_unit) or _reads_for(
        user, point=batch.to_point, unit=batch.to_unit
    )


@rule("dossiers.view_paper_movements")
def may_view_paper_movements(user, dossier) -> bool:
    """The whole trail of the originals: the staff who may see the dossier (not the applicant,
    who is told only where the papers are now, by the public name of the place)."""
    if dossier is None:
        return False
    if has_role_anywhere(user, *SEE_ALL_ROLES):
        return True
    if officer_at(user, dossier.receiving_point_id, dossier.return_point_id):
        return True
    unit = dossier.competent_unit
    return unit is not None and has_role_over(user, unit, *_READING_ROLES)


@rule("handovers.view_all")
def may_view_all_handovers(user, _obj=None) -> bool:
    """The admin's read-only screens of batches and movements: supervisors, system admins."""
    return has_role_anywhere(user, *SEE_ALL_ROLES)
