"""Writes to dossiers: one function per action, each one transaction (ARCHITECTURE MUST 1).

Every function checks the actor's permission (policy), the transition (the table in
transitions.py), then writes the state, a history entry, an audit record and an outbox event
together, or nothing at all.
"""

from motcua.dossiers.services.reception import (
    ComponentHandedIn,
    ReceptionRequest,
    receive_at_counter,
)

__all__ = ["ComponentHandedIn", "ReceptionRequest", "receive_at_counter"]
