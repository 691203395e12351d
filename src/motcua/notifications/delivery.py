"""The worker's side of the outbox: attempt due deliveries, record the outcome, back off.

A delivery is claimed in a short transaction (row locked with SKIP LOCKED on PostgreSQL, so
parallel workers take different rows; SQLite takes one writer at a time anyway): its attempt
is counted and its next attempt pushed one lease ahead. The adapter is then called OUTSIDE any
transaction — a slow webhook must not hold a lock, and on SQLite a write transaction blocks
every other writer of the instance. The outcome is recorded in a second short transaction.

Guarantees: a delivered delivery is never attempted again; a worker that dies mid-send leaves
the delivery to be retried when its lease runs out (at-least-once), which is why every adapter
passes the event id downstream for deduplication. Two workers attempt the same delivery only
if one adapter call outlasts the lease (LEASE ≫ the webhook timeout).
"""

import logging
import random
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from motcua.notifications import conf
from motcua.notifications.adapters import registry
from motcua.notifications.adapters.base import OutgoingEvent, PermanentError
from motcua.notifications.models import OPEN_STATUSES, Delivery, DeliveryStatus

logger = logging.getLogger("motcua.outbox")

LEASE = timedelta(minutes=5)
BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=6)
DEFAULT_LIMIT = 200
ERROR_LENGTH = 2000


@dataclass
class RunReport:
    delivered: int = 0
    retrying: int = 0
    dead: int = 0
    limit_reached: bool = False

    @property
    def attempted(self) -> int:
        return self.delivered + self.retrying + self.dead

    def as_dict(self) -> dict:
        return asdict(self)


def retry_delay(attempts: int, *, rng: random.Random | None = None) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 30 s, 1 min, 2 min, … at most 6 h.

    Up to a quarter is taken off at random, so deliveries that failed together (one outage)
    do not all come back in the same second.
    """
    ceiling = min(BASE_DELAY * 2 ** min(max(attempts - 1, 0), 20), MAX_DELAY)
    return ceiling * (rng or random).uniform(0.75, 1.0)


def deliver_due(*, now: datetime | None = None, limit: int = DEFAULT_LIMIT) -> RunReport:
    """Attempt up to `limit` deliveries due at `now` (default: the clock); report outcomes.

    Call it outside a transaction: each claim must be committed before the adapter runs.
    """
    report = RunReport()
    for _ in range(limit):
        delivery = _claim_next(at=now or timezone.now())
        if delivery is None:
            return report
        status = _attempt(delivery, now=now)
        if status == DeliveryStatus.DELIVERED:
            report.delivered += 1
        elif status == DeliveryStatus.RETRYING:
            report.retrying += 1
        else:
            report.dead += 1
    report.limit_reached = True
    return report


def _claim_next(*, at: datetime) -> Delivery | None:
    with transaction.atomic():
        delivery = (
            Delivery.objects.due(at=at)
            .select_related("event")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("next_attempt_at", "id")
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        delivery.next_attempt_at = at + LEASE
        delivery.updated_at = at
        delivery.save(update_fields=["attempts", "next_attempt_at", "updated_at"])
        return delivery


def _attempt(delivery: Delivery, *, now: datetime | None) -> str:
    event = delivery.event
    message = OutgoingEvent(
        id=event.uuid,
        topic=event.topic,
        aggregate_type=event.aggregate_type,
        aggregate_id=event.aggregate_id,
        payload=event.payload,
        created_at=event.created_at,
        attempt=delivery.attempts,
    )
    adapter = registry.get(delivery.adapter)
    try:
        if adapter is None:
            # Retried, not dropped: the operator may have switched the adapter off for a while.
            raise LookupError(f"adapter {delivery.adapter!r} is not configured on this instance")
        adapter.deliver(message)
    except PermanentError as error:
        return _record_failure(delivery, error, now=now, final=True)
    except Exception as error:  # any adapter failure is retried; that is the point
        return _record_failure(delivery, error, now=now, final=False)
    finished = now or timezone.now()
    _record(
        delivery, DeliveryStatus.DELIVERED, at=finished, next_attempt_at=None, delivered_at=finished
    )
    return DeliveryStatus.DELIVERED


def _record_failure(delivery: Delivery, error: Exception, *, now, final: bool) -> str:
    finished = now or timezone.now()
    text = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
    if final or delivery.attempts >= conf.max_attempts():
        logger.error(
            "outbox delivery %s (%s, event %s) is dead after %d attempt(s): %s",
            delivery.uuid,
            delivery.adapter,
            delivery.event.uuid,
            delivery.attempts,
            text,
        )
        _record(delivery, DeliveryStatus.DEAD, at=finished, next_attempt_at=None, last_error=text)
        return DeliveryStatus.DEAD
    retry_at = finished + retry_delay(delivery.attempts)
    logger.warning(
        "outbox delivery %s (%s) failed, attempt %d, retry at %s: %s",
        delivery.uuid,
        delivery.adapter,
        delivery.attempts,
        retry_at.isoformat(),
        text,
    )
    _record(
        delivery, DeliveryStatus.RETRYING, at=finished, next_attempt_at=retry_at, last_error=text
    )
    return DeliveryStatus.RETRYING


def _record(delivery: Delivery, status: str, *, at: datetime, **fields) -> None:
    # Only an open delivery takes an outcome: nothing can turn a delivered one back.
    Delivery.objects.filter(pk=delivery.pk, status__in=OPEN_STATUSES).update(
        status=status, updated_at=at, **fields
    )
