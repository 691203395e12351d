"""The outbox: events written in the caller's transaction, and one delivery per adapter.

An event is the fact ("dossier 000.00.11.H26-250101-0001 was received"); a delivery is the
bookkeeping of handing that fact to one outside system. Keeping them apart lets one adapter
fail and retry for hours while the others are long done, and lets an operator replay exactly
the delivery that died.
"""

import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxEvent(models.Model):
    # The uuid is the event id every adapter passes downstream (Idempotency-Key, Message-ID):
    # the receiver deduplicates by it when a delivery is retried after a lost answer.
    uuid = models.UUIDField(_("event id"), default=uuid.uuid4, unique=True, editable=False)
    topic = models.CharField(_("topic"), max_length=100)
    aggregate_type = models.CharField(_("aggregate type"), max_length=50)
    aggregate_id = models.CharField(_("aggregate id"), max_length=100)
    payload = models.JSONField(_("payload"), default=dict, encoder=DjangoJSONEncoder)
    # A default, not auto_now_add, so a test clock (time-machine) and a caller's `now` agree.
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("outbox event")
        verbose_name_plural = _("outbox events")
        indexes = [
            models.Index(fields=["aggregate_type", "aggregate_id"], name="notif_event_aggregate"),
            models.Index(fields=["created_at"], name="notif_event_created"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.aggregate_type}:{self.aggregate_id}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    RETRYING = "retrying", _("Failed, will retry")
    DEAD = "dead", _("Dead (needs an operator)")


# The statuses a worker still has to act on; the "due" index covers exactly these rows, so it
# stays small however many millions of delivered rows the table holds.
OPEN_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING)


class DeliveryQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def due(self, *, at):
        return self.open().filter(next_attempt_at__lte=at)

    def dead(self):
        return self.filter(status=DeliveryStatus.DEAD)


class Delivery(models.Model):
    uuid = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        OutboxEvent,
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("event"),
    )
    adapter = models.CharField(_("adapter"), max_length=50)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    # Counted when an attempt starts, so a worker that crashes mid-send still uses one up and
    # a poison event cannot crash workers forever.
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # While open: when the next attempt may start (also pushed forward by a worker's lease).
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["event", "adapter"], name="notif_one_delivery_each")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "retrying"]),
                name="notif_delivery_due",
            ),
            models.Index(
                fields=["updated_at"], condition=Q(status="dead"), name="notif_delivery_dead"
            ),
            models.Index(fields=["status", "adapter"], name="notif_delivery_status"),
        ]

    def __str__(self) -> str:
        return f"{self.adapter} ← {self.event}"


class WakeUp(models.Model):
    """The one deferred `deliver_outbox` run already queued, so runs do not multiply.

    Every publish queues a run; a run that leaves retries behind queues one more for the
    earliest retry. Without this row, a thousand events published during an outage would
    become a thousand chains of runs re-queueing themselves. Only the worker touches it.
    """

    run_after = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("outbox wake-up")
        verbose_name_plural = _("outbox wake-ups")

    def __str__(self) -> str:
        return f"wake-up at {self.run_after}"
