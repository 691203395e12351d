"""The append-only, hash-chained audit log.

A record is written inside the transaction of the change it describes, with no lock on any
shared row, so writes across the city never wait for each other. A sealing task then gives
unsealed records their place in the chain (`chain_index`) and their hash, which covers the
record's content and the previous record's hash. Altering a sealed record breaks its hash;
deleting one leaves a gap in the chain indexes or breaks the next record's link; deleting the
last ones leaves the chain shorter than its head says. See docs/adr/0003-audit-chain.md.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyViolation(Exception):
    """Audit records are never changed or deleted."""


class AuditQuerySet(models.QuerySet):
    def delete(self):
        raise AppendOnlyViolation("Audit records are never deleted.")

    def unsealed(self):
        return self.filter(chain_index__isnull=True)


class AuditRecord(models.Model):
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # The actor's name at the time, kept even if the account is renamed later.
    actor_label = models.CharField(_("who (as shown then)"), max_length=255, blank=True)
    channel = models.CharField(_("channel"), max_length=10)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=100)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object"), max_length=100, blank=True, db_index=True)
    object_label = models.CharField(_("object (as shown then)"), max_length=255, blank=True)
    changes = models.JSONField(_("what changed"), default=dict, blank=True)
    # Set once by the sealing task.
    chain_index = models.BigIntegerField(null=True, blank=True, unique=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    record_hash = models.CharField(max_length=64, blank=True)
    sealed_at = models.DateTimeField(null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyViolation("Audit records are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyViolation("Audit records are never deleted.")


class ChainHead(models.Model):
    """The end of the chain: its length and last hash. Only the sealing task writes it."""

    last_index = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.last_index} {self.last_hash[:12]}"
