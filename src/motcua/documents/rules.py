"""Who may give, see and reuse stored files and documents of the data warehouse."""

from motcua.dossiers.processing_rules import officer_at
from motcua.dossiers.rules import SEE_ALL_ROLES, may_view_dossier
from motcua.dossiers.transitions import FINAL_STATES, State
from motcua.organizations.models import Role
from motcua.organizations.roles import current_memberships, has_role_anywhere, has_role_over
from motcua.policy import rule

#: An online dossier its owner may still add files to: not yet accepted.
_OWNER_MAY_ADD = frozenset({State.SUBMITTED, State.AWAITING_COMPLETION})


@rule("documents.attach_file")
def may_attach_file(user, dossier) -> bool:
    """A scan or file of a paper: the reception officers of the receiving point while the
    dossier is open (digitisation at reception and later); the owner of an online dossier
    until it is accepted."""
    if dossier is None or dossier.status in FINAL_STATES:
        return False
    if dossier.receiving_point_id and officer_at(user, dossier.receiving_point_id):
        return True
    return (
        dossier.owner_id is not None
        and dossier.owner_id == user.pk
        and dossier.channel == "online"
        and dossier.status in _OWNER_MAY_ADD
    )


@rule("documents.attach_result_file")
def may_attach_result_file(user, dossier) -> bool:
    """The electronic result: the specialists and leaders of the competent unit, and the
    officers of the point that returns it, once the dossier is received."""
    if dossier is None or not dossier.code:
        return False
    if dossier.status in {State.GUIDED, State.REFUSED, State.WITHDRAWN, State.CANCELLED}:
        return False
    if officer_at(user, dossier.receiving_point_id, dossier.return_point_id):
        return True
    unit = dossier.competent_unit
    return unit is not None and has_role_over(user, unit, Role.SPECIALIST, Role.UNIT_LEADER)


@rule("documents.view_file")
def may_view_file(user, dossier) -> bool:
    """A file of a dossier is seen by whoever may see the dossier, and by nobody else."""
    if has_role_anywhere(user, *SEE_ALL_ROLES):
        return True
    return may_view_dossier(user, dossier)


def is_owner_of_identity(user, identity_kind: str, identity_number: str) -> bool:
    return (
        bool(identity_number)
        and getattr(user, "identity_number", "") == identity_number
        and (not identity_kind or getattr(user, "identity_kind", "") == identity_kind)
    )


@rule("documents.view_warehouse")
def may_view_warehouse(user, identity) -> bool:
    """A person's data warehouse (`identity` = (kind, number)): the person; reception officers
    (they offer its documents at the counter) and supervisors and system administrators."""
    if has_role_anywhere(user, *SEE_ALL_ROLES):
        return True
    if identity is None:
        return False
    kind, number = identity
    if is_owner_of_identity(user, kind, number):
        return True
    return any(m.role == Role.RECEPTION_OFFICER for m in current_memberships(user))


@rule("documents.view_document")
def may_view_document(user, document) -> bool:
    """One document of the warehouse: its owner, and whoever may see the dossier it came from."""
    if has_role_anywhere(user, *SEE_ALL_ROLES):
        return True
    if document is None:
        return False
    if is_owner_of_identity(user, document.owner_identity_kind, document.owner_identity_number):
        return True
    return may_view_dossier(user, document.source_dossier)


@rule("documents.revoke_document")
def may_revoke_document(user, document) -> bool:
    """A wrong copy is revoked by the officers of the point that received its dossier, the
    leaders of the unit that issued it, or a system administrator."""
    if has_role_anywhere(user, Role.SYSTEM_ADMIN):
        return True
    if document is None:
        return False
    dossier = document.source_dossier
    if officer_at(user, dossier.receiving_point_id):
        return True
    unit = document.issuing_unit
    return unit is not None and has_role_over(user, unit, Role.UNIT_LEADER)


@rule("documents.manage_types")
def may_manage_types(user, obj) -> bool:
    return has_role_anywhere(user, Role.SYSTEM_ADMIN)


@rule("documents.view_admin")
def may_view_admin(user, obj) -> bool:
    return has_role_anywhere(user, *SEE_ALL_ROLES)
