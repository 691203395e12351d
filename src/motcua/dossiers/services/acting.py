"""The opening of every processing action: lock the dossier, find who the user is for it, ask
the transition table. Refusals say why and happen before anything is written."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier
from motcua.dossiers.processing_rules import actors_for
from motcua.dossiers.transitions import TransitionRefused, check, transition_for


def lock(dossier: Dossier) -> Dossier:
    """The dossier row, locked until the transaction ends: two officers acting on the same
    dossier at once are served one after the other, each seeing the other's result."""
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("competent_unit")
        .get(pk=dossier.pk)
    )


def now_or(at):
    return at or timezone.now()


def refuse_unless_allowed(action: str, dossier: Dossier, actors) -> str:
    """The next state, or the table's refusal: a wrong state is bad input (ValidationError on
    "status"); a role that may not take the action is a PermissionDenied."""
    if not actors:
        raise PermissionDenied(_("You have no role on this dossier."))
    try:
        return check(action, dossier.status, actors)
    except TransitionRefused as refusal:
        if dossier.status not in transition_for(action).sources:
            raise ValidationError({"status": refusal.reason}) from None
        raise PermissionDenied(refusal.reason) from None


def start_action(action: str, dossier: Dossier, actor, *, unit=None) -> tuple[Dossier, str]:
    """Lock, identify, check: the locked dossier and the state the action leads to."""
    locked = lock(dossier)
    target = refuse_unless_allowed(action, locked, actors_for(actor, locked, unit=unit))
    return locked, target


def require_text(value: str, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text
