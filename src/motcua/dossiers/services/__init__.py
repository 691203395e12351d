"""Writes to dossiers: one function per action, each one transaction (ARCHITECTURE MUST 1).

Every function checks the actor's permission (policy), the transition (the table in
transitions.py), then writes the state, a history entry, an audit record and an outbox event
together, or nothing at all. One module per group of actions:

- reception: counter and online reception (code, frozen due date, Form 01 data)
- outcomes: Form 02 at reception, guidance note, Form 03 refusal
- online: online submission and resubmission by the citizen
- correction: correcting a reception before processing starts
- steps: route, assign, complete a step, consult (parallel steps under a lead)
- processing: supplement after appraisal, financial obligation, reschedule (Form 04)
- closing: record and return the result, withdrawal, cancellation
- handover: paper originals in handover batches, and where they are (LOCATE_PAPERS)
- reassignment: all open work of an officer who leaves, to a successor, in one action
- notes: internal notes of the staff on a dossier (append-only, never shown to the applicant)
"""

from motcua.dossiers.services.closing import (
    cancel,
    record_result,
    request_withdrawal,
    return_result,
    withdraw,
)
from motcua.dossiers.services.correction import correct
from motcua.dossiers.services.handover import (
    ItemReceipt,
    add_to_batch,
    create_batch,
    locate_papers,
    receive_batch,
    remove_from_batch,
    send_batch,
)
from motcua.dossiers.services.online import resubmit, submit_online
from motcua.dossiers.services.outcomes import give_guidance, refuse, request_completion
from motcua.dossiers.services.processing import (
    MissingItem,
    confirm_payment,
    receive_supplement,
    request_payment,
    reschedule,
    return_insufficient,
)
from motcua.dossiers.services.reassignment import reassign_all_open_work
from motcua.dossiers.services.reception import (
    ComponentHandedIn,
    ReceptionRequest,
    receive_at_counter,
    receive_online,
)
from motcua.dossiers.services.steps import assign, complete_step, consult, route

__all__ = [
    "ComponentHandedIn",
    "ItemReceipt",
    "MissingItem",
    "ReceptionRequest",
    "add_to_batch",
    "assign",
    "cancel",
    "complete_step",
    "confirm_payment",
    "consult",
    "correct",
    "create_batch",
    "give_guidance",
    "locate_papers",
    "reassign_all_open_work",
    "receive_at_counter",
    "receive_batch",
    "receive_online",
    "receive_supplement",
    "record_result",
    "refuse",
    "remove_from_batch",
    "request_completion",
    "request_payment",
    "request_withdrawal",
    "reschedule",
    "resubmit",
    "return_insufficient",
    "return_result",
    "route",
    "send_batch",
    "submit_online",
    "withdraw",
]
