"""What the API itself must remember: the answers to writes sent with an Idempotency-Key."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyRecord(models.Model):
    """The first answer to a write sent with `Idempotency-Key`, replayed to every retry.

    Written in the same transaction as the service call it guards, so it exists exactly when
    the change does (see api/idempotency.py). Kept 24 hours: `motcua purge_idempotency_keys`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("idempotency key"), max_length=255)
    # "POST /api/v1/dossiers": the same key sent to another endpoint is another request.
    endpoint = models.CharField(_("endpoint"), max_length=300)
    fingerprint = models.CharField(_("request fingerprint (SHA-256)"), max_length=64)
    # Empty only inside the transaction that is still running the service.
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True)
    response_body = models.JSONField(_("response body"), null=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.endpoint} [{self.key}]"
