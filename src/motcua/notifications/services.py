"""Writes of the outbox: publishing an event, and an operator's replay of dead deliveries."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.audit.services import describe_changes, record
from motcua.batching import insert_rows
from motcua.notifications.adapters import registry
from motcua.notifications.models import Delivery, DeliveryStatus, OutboxEvent
from motcua.notifications.scheduling import arrange_delivery
from motcua.policy import authorize

REPLAY_BATCH_SIZE = 500


def publish(*, topic: str, aggregate_type: str, aggregate_id: str, payload: dict) -> OutboxEvent:
    """Record that something happened, for every adapter subscribed to `topic`.

    Call it inside the transaction of the change it reports: the event and its deliveries
    commit with the change or vanish with it, and nothing is sent before the commit.
    """
    if not topic or not aggregate_type or not aggregate_id:
        raise ValueError("publish() needs a topic, an aggregate type and an aggregate id")
    if not isinstance(payload, dict):
        raise TypeError("the payload of an outbox event is a JSON object (a dict)")
    # Atomic on its own too, so that a caller in autocommit mode never commits an event
    # without its deliveries. Inside the caller's transaction no savepoint is needed: an error
    # here fails that whole transaction anyway (two round trips saved on every action).
    with transaction.atomic(savepoint=False):
        # Every dossier action publishes: both INSERTs are compiled once (motcua.batching).
        [event] = insert_rows(
            [
                OutboxEvent(
                    topic=topic,
                    aggregate_type=aggregate_type,
                    aggregate_id=str(aggregate_id),
                    payload=payload,
                )
            ]
        )
        adapters = registry.subscribers(topic)
        insert_rows(
            [
                Delivery(
                    event=event,
                    adapter=adapter.key,
                    next_attempt_at=event.created_at,
                    updated_at=event.created_at,
                )
                for adapter in adapters
            ]
        )
        if adapters:
            arrange_delivery()
    return event


def replay(*, actor, delivery: Delivery) -> Delivery:
    """Put a dead delivery back in the queue with its attempts reset (audited)."""
    authorize(actor, "notifications.manage_outbox", delivery)
    with transaction.atomic():
        replayed = _replay_locked(actor=actor, pk=delivery.pk)
        arrange_delivery()
    return replayed


def replay_all_dead(*, actor) -> int:
    """Replay every dead delivery; returns how many. One run is queued per batch."""
    authorize(actor, "notifications.manage_outbox")
    ids = list(Delivery.objects.dead().order_by("id").values_list("pk", flat=True))
    for start in range(0, len(ids), REPLAY_BATCH_SIZE):
        with transaction.atomic():
            for pk in ids[start : start + REPLAY_BATCH_SIZE]:
                _replay_locked(actor=actor, pk=pk, skip_if_not_dead=True)
            arrange_delivery()
    return len(ids)


def _replay_locked(*, actor, pk: int, skip_if_not_dead: bool = False) -> Delivery:
    delivery = Delivery.objects.select_for_update().select_related("event").get(pk=pk)
    if delivery.status != DeliveryStatus.DEAD:
        if skip_if_not_dead:
            return delivery  # replayed by someone else since the list was read
        raise ValidationError(
            _("Only a dead delivery can be replayed; this one is “%(status)s”.")
            % {"status": delivery.get_status_display()}
        )
    before = {
        "status": delivery.status,
        "attempts": delivery.attempts,
        "last_error": delivery.last_error,
    }
    now = timezone.now()
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.last_error = ""
    delivery.next_attempt_at = now
    delivery.updated_at = now
    delivery.save(
        update_fields=["status", "attempts", "last_error", "next_attempt_at", "updated_at"]
    )
    after = {"status": delivery.status, "attempts": 0, "last_error": ""}
    record(
        actor=actor,
        action="notifications.replay_delivery",
        obj=delivery,
        changes=describe_changes(before, after),
    )
    return delivery
