"""Who reads a dossier's internal notes, and the notes themselves.

Notes are for the staff who may see the dossier through their work: supervisors and system
administrators, the officers of the point that received it, the staff of its competent unit
and the units above it — the "dossiers.view" rule WITHOUT its owner clause, so that an
applicant never reads them, even one who also holds a staff account.
"""

from django.db.models import QuerySet

from motcua.dossiers.models import Dossier, InternalNote
from motcua.dossiers.rules import SEE_ALL_ROLES, reception_officer_at
from motcua.organizations.models import Role
from motcua.organizations.roles import has_role_anywhere, has_role_over


def may_read_notes(user, dossier: Dossier | None) -> bool:
    if dossier is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if has_role_anywhere(user, *SEE_ALL_ROLES):
        return True
    if dossier.receiving_point_id and reception_officer_at(user, dossier.receiving_point):
        return True
    unit = dossier.competent_unit
    return unit is not None and has_role_over(
        user, unit, Role.SPECIALIST, Role.UNIT_LEADER, Role.UNIT_ADMIN
    )


def notes_of(user, dossier: Dossier) -> QuerySet[InternalNote]:
    """The dossier's notes, oldest first, or none for someone who may not read them."""
    if not may_read_notes(user, dossier):
        return InternalNote.objects.none()
    return InternalNote.objects.filter(dossier=dossier).order_by("written_at", "id")
