"""Who may act on a dossier before and at its acceptance (issue: reception outcomes).

The transition table says which ROLE may take an action; these rules say whether this user
holds it for THIS dossier. A dossier that is not new already names its receiving point (the
counter that recorded it, or the point the citizen addressed online), and only that point's
officers decide on it: nobody passes it from one office to another (Decree 61 Art. 5).
"""

from motcua.accounts.models import AccountKind
from motcua.dossiers.rules import reception_officer_at
from motcua.policy import rule


@rule("dossiers.decide_at_reception")
def may_decide_at_reception(user, dossier) -> bool:
    """Receive, ask for papers, guide, refuse or correct: an officer of the receiving point."""
    point = getattr(dossier, "receiving_point", None)
    return point is not None and reception_officer_at(user, point)


@rule("dossiers.submit_online")
def may_submit_online(user, _obj=None) -> bool:
    """A citizen or organisation account with an identity: the dossier is copied from it."""
    return user.kind == AccountKind.CITIZEN and bool(user.identity_number)


@rule("dossiers.act_as_applicant")
def may_act_as_applicant(user, dossier) -> bool:
    """Only the account that submitted the dossier sends its completed papers."""
    return (
        dossier is not None
        and user.kind == AccountKind.CITIZEN
        and dossier.owner_id is not None
        and dossier.owner_id == user.pk
    )
