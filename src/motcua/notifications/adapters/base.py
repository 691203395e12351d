"""The interface every adapter implements, and what it is handed.

An adapter is an object with a `key` (stored on each delivery, so keep it stable), the
`topics` it wants (shell-style patterns: "*" for all, "dossier.*" for a family) and
`deliver(event)`, which returns on success and raises on failure. Raising `PermanentError`
says "retrying cannot help" (a rejected payload, a missing address): the delivery goes
straight to the dead-letter list. Any other exception is retried with back-off.

An adapter may also have `enabled` (default true): a disabled adapter is not loaded, e.g.
the webhook without a URL.
"""

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable
from uuid import UUID


class PermanentError(Exception):
    """Delivering this event can never succeed as it is; do not retry."""


@dataclass(frozen=True)
class OutgoingEvent:
    """What an adapter sees: a frozen copy, so no adapter can change the stored event."""

    id: UUID  # the idempotency key: the same for every attempt of every adapter
    topic: str
    aggregate_type: str
    aggregate_id: str
    payload: dict
    created_at: datetime
    attempt: int  # 1 for the first attempt of this delivery


@runtime_checkable
class Adapter(Protocol):
    key: str
    topics: Sequence[str]

    def deliver(self, event: OutgoingEvent) -> None: ...


def wants(adapter: Adapter, topic: str) -> bool:
    return any(fnmatch.fnmatchcase(topic, pattern) for pattern in adapter.topics)
