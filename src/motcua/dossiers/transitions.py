"""The one table of a dossier's life: which action, from which states, leads where, and who may.

Every change of a dossier's state goes through a service that first asks this table
(ARCHITECTURE MUST 1-2); no view, serializer or command decides a transition itself. The table
is data: it is tested exhaustively (tests/dossiers/test_transitions.py) and rendered into
docs/dossier-states.md, which a test keeps identical to it.

States map to the national status codes 1-10 (DOMAIN §3) that are synced to the national
portal. Several internal states may share one national code: a dossier waiting for papers
before it was accepted and one sent back after appraisal are both "5 supplement requested" for
the portal, but the law treats them differently (only the second restarts the clock).
"""

from dataclasses import dataclass

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted online, awaiting reception")
    AWAITING_COMPLETION = "awaiting_completion", _("Awaiting papers before acceptance")
    GUIDED = "guided", _("Not accepted: guidance given")
    REFUSED = "refused", _("Not accepted: refused")
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    RETURNED_INSUFFICIENT = "returned_insufficient", _("Returned for supplement after appraisal")
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting the financial obligation")
    WITHDRAWAL_REQUESTED = "withdrawal_requested", _("Withdrawal requested")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")
    RESULT_READY = "result_ready", _("Result ready")
    RETURNED = "returned", _("Result returned")


#: The national status code of each state (DOMAIN §3).
NATIONAL_STATUS: dict[str, int] = {
    State.SUBMITTED: 1,
    State.AWAITING_COMPLETION: 5,
    State.GUIDED: 3,
    State.REFUSED: 3,
    State.RECEIVED: 2,
    State.IN_PROGRESS: 4,
    State.RETURNED_INSUFFICIENT: 5,
    State.AWAITING_PAYMENT: 6,
    State.WITHDRAWAL_REQUESTED: 7,
    State.WITHDRAWN: 8,
    State.CANCELLED: 8,
    State.RESULT_READY: 9,
    State.RETURNED: 10,
}

#: States in which nothing more happens to the dossier.
FINAL_STATES = frozenset(
    {State.GUIDED, State.REFUSED, State.WITHDRAWN, State.CANCELLED, State.RETURNED}
)

#: States in which the legal clock runs; in every other state it is stopped or not started.
CLOCK_RUNNING = frozenset({State.RECEIVED, State.IN_PROGRESS, State.WITHDRAWAL_REQUESTED})


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submit online")
    RECEIVE = "receive", _("Receive (issue the receipt, Form 01)")
    REQUEST_COMPLETION = "request_completion", _("Ask for missing papers (Form 02)")
    GIVE_GUIDANCE = "give_guidance", _("Give guidance, not accepted yet")
    REFUSE = "refuse", _("Refuse (Form 03)")
    RESUBMIT = "resubmit", _("Send the completed dossier")
    CORRECT = "correct", _("Correct the reception")
    ROUTE = "route", _("Send to the competent unit")
    ASSIGN = "assign", _("Assign a handler")
    COMPLETE_STEP = "complete_step", _("Complete a step")
    CONSULT = "consult", _("Consult other agencies")
    RETURN_INSUFFICIENT = "return_insufficient", _("Return as insufficient (Form 02)")
    RECEIVE_SUPPLEMENT = "receive_supplement", _("Receive the supplement")
    REQUEST_PAYMENT = "request_payment", _("Request the financial obligation")
    CONFIRM_PAYMENT = "confirm_payment", _("Confirm the financial obligation is met")
    RESCHEDULE = "reschedule", _("Apologise and reschedule (Form 04)")
    RECORD_RESULT = "record_result", _("Record the result")
    RETURN_RESULT = "return_result", _("Return the result")
    REQUEST_WITHDRAWAL = "request_withdrawal", _("Ask to withdraw")
    WITHDRAW = "withdraw", _("Withdraw at the citizen's request")
    CANCEL = "cancel", _("Cancel")
    LOCATE_PAPERS = "locate_papers", _("Record where the paper originals are")


class Actor(models.TextChoices):
    """Who acts: a staff role of the unit concerned, the applicant, or the system itself."""

    CITIZEN = "citizen", _("The applicant (owner of the dossier)")
    RECEPTION_OFFICER = "reception_officer", _("Reception officer")
    SPECIALIST = "specialist", _("Specialist")
    UNIT_LEADER = "unit_leader", _("Unit leader")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SYSTEM = "system", _("The system (payment callback, scheduled task)")


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset
    #: None: the action keeps the state (a step completed, a handler assigned…).
    target: str | None
    actors: frozenset

    def target_from(self, state: str) -> str:
        return state if self.target is None else self.target


def _t(action, sources, target, actors) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(actors))


S, A, R = State, Action, Actor
NOT_YET_ACCEPTED = (S.SUBMITTED, S.AWAITING_COMPLETION)
BEING_HANDLED = (S.RECEIVED, S.IN_PROGRESS, S.AWAITING_PAYMENT, S.RETURNED_INSUFFICIENT)
STAFF_HANDLING = (R.SPECIALIST, R.UNIT_LEADER)

# "New" dossiers (recorded at the counter in one act) start from no state: the services treat
# reception at the counter as RECEIVE/REQUEST_COMPLETION/GIVE_GUIDANCE/REFUSE from None.
NEW = None

TRANSITIONS: tuple[Transition, ...] = (
    _t(A.SUBMIT, {NEW}, S.SUBMITTED, {R.CITIZEN, R.RECEPTION_OFFICER}),
    _t(A.RECEIVE, {NEW, *NOT_YET_ACCEPTED}, S.RECEIVED, {R.RECEPTION_OFFICER}),
    _t(
        A.REQUEST_COMPLETION, {NEW, *NOT_YET_ACCEPTED}, S.AWAITING_COMPLETION, {R.RECEPTION_OFFICER}
    ),
    _t(A.GIVE_GUIDANCE, {NEW, S.SUBMITTED}, S.GUIDED, {R.RECEPTION_OFFICER}),
    _t(A.REFUSE, {NEW, *NOT_YET_ACCEPTED}, S.REFUSED, {R.RECEPTION_OFFICER}),
    _t(A.RESUBMIT, {S.AWAITING_COMPLETION}, S.SUBMITTED, {R.CITIZEN}),
    _t(A.CORRECT, {S.RECEIVED}, None, {R.RECEPTION_OFFICER}),
    _t(A.ROUTE, {S.RECEIVED}, None, {R.RECEPTION_OFFICER, R.UNIT_LEADER}),
    _t(A.ASSIGN, {S.RECEIVED, S.IN_PROGRESS}, S.IN_PROGRESS, {R.UNIT_LEADER}),
    _t(A.COMPLETE_STEP, {S.IN_PROGRESS}, None, {*STAFF_HANDLING, R.RECEPTION_OFFICER}),
    _t(A.CONSULT, {S.IN_PROGRESS}, None, STAFF_HANDLING),
    _t(A.RETURN_INSUFFICIENT, {S.RECEIVED, S.IN_PROGRESS}, S.RETURNED_INSUFFICIENT, STAFF_HANDLING),
    _t(A.RECEIVE_SUPPLEMENT, {S.RETURNED_INSUFFICIENT}, S.IN_PROGRESS, {R.RECEPTION_OFFICER}),
    _t(A.REQUEST_PAYMENT, {S.IN_PROGRESS}, S.AWAITING_PAYMENT, STAFF_HANDLING),
    _t(
        A.CONFIRM_PAYMENT,
        {S.AWAITING_PAYMENT},
        S.IN_PROGRESS,
        {*STAFF_HANDLING, R.RECEPTION_OFFICER, R.SYSTEM},
    ),
    _t(A.RESCHEDULE, {S.RECEIVED, S.IN_PROGRESS}, None, {R.UNIT_LEADER}),
    _t(A.RECORD_RESULT, {S.IN_PROGRESS}, S.RESULT_READY, {R.UNIT_LEADER}),
    _t(A.RETURN_RESULT, {S.RESULT_READY}, S.RETURNED, {R.RECEPTION_OFFICER, R.SYSTEM}),
    _t(
        A.REQUEST_WITHDRAWAL,
        {*NOT_YET_ACCEPTED, *BEING_HANDLED},
        S.WITHDRAWAL_REQUESTED,
        {R.CITIZEN},
    ),
    _t(
        A.WITHDRAW,
        {*NOT_YET_ACCEPTED, *BEING_HANDLED, S.WITHDRAWAL_REQUESTED},
        S.WITHDRAWN,
        {R.RECEPTION_OFFICER, R.UNIT_LEADER},
    ),
    _t(
        A.CANCEL,
        {*NOT_YET_ACCEPTED, *BEING_HANDLED, S.WITHDRAWAL_REQUESTED, S.RESULT_READY},
        S.CANCELLED,
        {R.SYSTEM_ADMIN},
    ),
    _t(
        A.LOCATE_PAPERS,
        {S.RECEIVED, S.IN_PROGRESS, S.AWAITING_PAYMENT, S.RESULT_READY},
        None,
        {R.RECEPTION_OFFICER, R.SPECIALIST},
    ),
)

_BY_ACTION: dict[str, Transition] = {t.action: t for t in TRANSITIONS}


class TransitionRefused(Exception):
    """The table does not allow this action now, or not to this actor. `reason` says which."""

    def __init__(self, reason: str, *, action: str, state: str | None):
        super().__init__(reason)
        self.reason, self.action, self.state = reason, action, state


def transition_for(action: str) -> Transition:
    try:
        return _BY_ACTION[action]
    except KeyError:
        raise TransitionRefused(str(_("Unknown action.")), action=action, state=None) from None


def check(action: str, state: str | None, actors) -> str:
    """The state after `action` from `state` by someone acting as any of `actors`, or
    TransitionRefused with the reason (wrong state or not allowed to this actor)."""
    transition = transition_for(action)
    if state not in transition.sources:
        raise TransitionRefused(
            str(_("This action is not possible while the dossier is “%(state)s”."))
            % {"state": State(state).label if state else _("new")},
            action=action,
            state=state,
        )
    if not transition.actors & set(actors):
        raise TransitionRefused(
            str(_("Your role does not allow this action on this dossier.")),
            action=action,
            state=state,
        )
    return transition.target_from(state)


def available_actions(state: str | None, actors) -> list[str]:
    """The actions these actors may take now, in the table's order: what a screen offers."""
    actors = set(actors)
    return [t.action for t in TRANSITIONS if state in t.sources and t.actors & actors]


def render_markdown() -> str:
    """The table as Markdown, for docs/dossier-states.md (kept identical by a test). Always in
    English, so the file does not change with the language of whoever generates it."""
    with translation.override("en"):
        return _render_markdown()


def _render_markdown() -> str:
    lines = [
        "# Dossier states and transitions",
        "",
        "Generated from `src/motcua/dossiers/transitions.py` by",
        "`motcua dossier_states --write docs/dossier-states.md`; a test fails when this file and",
        "the table differ.",
        "",
        "## States",
        "",
        "| state | meaning | national status | clock |",
        "|---|---|---|---|",
    ]
    for state in State:
        clock = (
            "final" if state in FINAL_STATES else ("runs" if state in CLOCK_RUNNING else "stopped")
        )
        lines.append(f"| `{state.value}` | {state.label} | {NATIONAL_STATUS[state]} | {clock} |")
    lines += ["", "## Transitions", "", "| action | from | to | who may |", "|---|---|---|---|"]
    order = {state: index for index, state in enumerate([NEW, *State])}
    for t in TRANSITIONS:
        sources = ", ".join(
            "*(new)*" if s is NEW else f"`{s}`" for s in sorted(t.sources, key=order.__getitem__)
        )
        target = "*(unchanged)*" if t.target is None else f"`{t.target}`"
        who = ", ".join(f"`{a}`" for a in Actor if a in t.actors)
        lines.append(f"| `{t.action}` | {sources} | {target} | {who} |")
    return "\n".join(lines) + "\n"
