"""Paper originals on the move (DOMAIN §3.3, ADR 0006): handover batches between service points
and units, and the append-only record of where each dossier's originals physically are.

Electronic data moves at once; paper travels in a handover batch (biên bản bàn giao): created
at the sending place, sent (the papers are then in transit), received at the other end, where
each dossier's papers are accepted, accepted with a noted discrepancy, or refused with a reason
(they then go back). Where the papers are at any moment is the latest `PaperMovement` of the
dossier: rows are only ever added, a correction is a new row.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models.append_only import AppendOnly
from motcua.dossiers.models.dossier import Dossier
from motcua.organizations.models import ServicePoint, Unit


class BatchStatus(models.TextChoices):
    CREATED = "created", _("Being prepared")
    SENT = "sent", _("Sent, in transit")
    RECEIVED = "received", _("Received")


#: A dossier in a batch with one of these statuses cannot join another batch.
OPEN_BATCH_STATUSES = (BatchStatus.CREATED, BatchStatus.SENT)


def _one_of(first: str, second: str) -> Q:
    return Q(**{f"{first}__isnull": False, f"{second}__isnull": True}) | Q(
        **{f"{first}__isnull": True, f"{second}__isnull": False}
    )


class HandoverBatch(models.Model):
    """One hand-over of paper originals from a service point (or unit) to another point or
    unit: the delivery slip that both sides sign. Its number is its public name."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("batch number"), max_length=80, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.CREATED
    )
    from_point = models.ForeignKey(
        ServicePoint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handovers_sent",
        verbose_name=_("from service point"),
    )
    from_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handovers_sent",
        verbose_name=_("from unit"),
    )
    to_point = models.ForeignKey(
        ServicePoint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handovers_received",
        verbose_name=_("to service point"),
    )
    to_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handovers_received",
        verbose_name=_("to unit"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )
    receipt_note = models.TextField(_("note on receipt"), blank=True)

    class Meta:
        verbose_name = _("handover batch")
        verbose_name_plural = _("handover batches")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=_one_of("from_point", "from_unit"), name="handover_one_sender"
            ),
            models.CheckConstraint(
                condition=_one_of("to_point", "to_unit"), name="handover_one_recipient"
            ),
        ]
        indexes = [
            models.Index(fields=["from_point", "status"], name="handover_from_point"),
            models.Index(fields=["to_point", "status"], name="handover_to_point"),
            models.Index(fields=["to_unit", "status"], name="handover_to_unit"),
            models.Index(fields=["from_unit", "status"], name="handover_from_unit"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def origin(self):
        """The sending place: a service point or a unit."""
        return self.from_point or self.from_unit

    @property
    def destination(self):
        """The receiving place: a service point or a unit."""
        return self.to_point or self.to_unit

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_BATCH_STATUSES


class ItemOutcome(models.TextChoices):
    PENDING = "", _("Not received yet")
    ACCEPTED = "accepted", _("Accepted")
    DISCREPANCY = "discrepancy", _("Accepted with a discrepancy")
    REFUSED = "refused", _("Refused, sent back")


class HandoverItem(models.Model):
    """One dossier's paper originals in a batch: which papers and how many (a copy of the
    submitted components when added), when they were due to leave, whether they left on time,
    and how the receiving side found them."""

    batch = models.ForeignKey(HandoverBatch, on_delete=models.PROTECT, related_name="items")
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="handover_items")
    #: [{"component": submitted component id, "name": …, "form": …, "quantity": n}, …]
    papers = models.JSONField(_("papers"), default=list, blank=True)
    handover_due_at = models.DateTimeField(_("hand-over due at"), null=True, blank=True)
    added_at = models.DateTimeField(_("added at"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Taken out while the batch was being prepared: kept, never deleted.
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: True while the batch is being prepared or in transit and the item was not removed: the
    #: database then refuses a second open item for the same dossier.
    open = models.BooleanField(_("open"), default=True)
    sent_on_time = models.BooleanField(_("left on time"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome on receipt"),
        max_length=12,
        choices=ItemOutcome.choices,
        default=ItemOutcome.PENDING,
        blank=True,
    )
    receipt_note = models.CharField(_("discrepancy or reason"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("handover item")
        verbose_name_plural = _("handover items")
        ordering = ["batch", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(open=True), name="one_open_handover_per_dossier"
            ),
            models.UniqueConstraint(
                fields=["batch", "dossier"],
                condition=Q(removed_at__isnull=True),
                name="dossier_once_per_batch",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.dossier}"


class PaperPlace(models.TextChoices):
    POINT = "point", _("At a service point")
    UNIT = "unit", _("At a unit")
    IN_TRANSIT = "in_transit", _("In transit")
    CITIZEN = "citizen", _("With the applicant")
    ARCHIVED = "archived", _("Archived")


class PaperMovementQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValueError("Paper movements are never changed; record a new movement instead.")

    def delete(self):
        raise ValueError("Paper movements are never deleted.")


class PaperMovement(AppendOnly, models.Model):
    """Where a dossier's paper originals are from `at` on: append-only, like the history. The
    current location is the latest row by (at, id); a correction is a new row.

    `handover_due_at` is set while the papers wait at the place where they were received and
    must travel on (the 15:00 rule, ADR 0006); it is empty once they left or when they are
    where they belong.
    """

    append_only_name = "Paper movements"

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="paper_movements")
    at = models.DateTimeField(_("since"))
    place = models.CharField(_("where"), max_length=12, choices=PaperPlace.choices)
    point = models.ForeignKey(
        ServicePoint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service point"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    batch = models.ForeignKey(
        HandoverBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
        verbose_name=_("handover batch"),
    )
    handover_due_at = models.DateTimeField(_("hand-over due at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_by_label = models.CharField(_("recorded by (as shown then)"), max_length=255)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = PaperMovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("paper movement")
        verbose_name_plural = _("paper movements")
        ordering = ["dossier", "at", "id"]
        indexes = [
            models.Index(fields=["dossier", "at"], name="paper_movement_dossier_at"),
            models.Index(fields=["point", "handover_due_at"], name="paper_movement_point_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(place=PaperPlace.POINT, point__isnull=False, unit__isnull=True)
                    | Q(place=PaperPlace.UNIT, unit__isnull=False, point__isnull=True)
                    | Q(
                        place=PaperPlace.IN_TRANSIT,
                        batch__isnull=False,
                        point__isnull=True,
                        unit__isnull=True,
                    )
                    | Q(place__in=[PaperPlace.CITIZEN, PaperPlace.ARCHIVED], point__isnull=True)
                ),
                name="paper_movement_place_consistent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_place_display()}"

    @property
    def where(self):
        """The point or unit the papers are at, if any."""
        return self.point or self.unit
