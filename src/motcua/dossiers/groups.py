"""The status of an inter-agency request, derived from its dossiers' states.

A group has no state of its own (it could then disagree with its dossiers); what the citizen
needs to know first decides:

1. a dossier is waiting for the CITIZEN (papers to complete or supplement, a financial
   obligation to pay) → "waiting for you", whatever the others do;
2. otherwise a dossier is still being handled (submitted, received, in progress, withdrawal
   asked) → the least advanced of these, so the group is never shown further than it is;
3. otherwise every live dossier has its result ready → "results ready";
4. otherwise every dossier has ended: "completed" when at least one result was returned,
   else "ended without a result" (all refused, withdrawn or cancelled).
"""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.transitions import FINAL_STATES, State


class GroupStatus(models.TextChoices):
    WAITING_FOR_APPLICANT = "waiting_for_applicant", _("Waiting for you (papers or payment)")
    SUBMITTED = "submitted", _("Submitted, awaiting reception")
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    RESULTS_READY = "results_ready", _("Results ready")
    COMPLETED = "completed", _("Completed")
    ENDED = "ended", _("Ended without a result")


#: States in which the applicant must act before anything moves.
WAITING_FOR_APPLICANT = frozenset(
    {State.AWAITING_COMPLETION, State.RETURNED_INSUFFICIENT, State.AWAITING_PAYMENT}
)

#: Live states still being handled, least advanced first, with the group status each shows.
HANDLING_ORDER: tuple[tuple[str, str], ...] = (
    (State.SUBMITTED, GroupStatus.SUBMITTED),
    (State.RECEIVED, GroupStatus.RECEIVED),
    (State.IN_PROGRESS, GroupStatus.IN_PROGRESS),
    (State.WITHDRAWAL_REQUESTED, GroupStatus.IN_PROGRESS),
)


def group_status(states: Iterable[str]) -> str:
    """The group's status from its dossiers' states (see the module's rules)."""
    states = set(states)
    if not states:
        raise ValueError("An inter-agency request has at least one dossier.")
    if states & WAITING_FOR_APPLICANT:
        return GroupStatus.WAITING_FOR_APPLICANT
    for state, status in HANDLING_ORDER:
        if state in states:
            return status
    if State.RESULT_READY in states:
        return GroupStatus.RESULTS_READY
    unknown = states - FINAL_STATES
    if unknown:
        raise ValueError(f"States the group status does not know: {sorted(unknown)}")
    return GroupStatus.COMPLETED if State.RETURNED in states else GroupStatus.ENDED
