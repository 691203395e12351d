"""The per-agency, per-day dossier code counter (DOMAIN §4, ADR 0005)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.organizations.models import Unit

# --- Dossier codes --------------------------------------------------------------------------


class DossierCodeCounter(models.Model):
    """The last sequence number given out by one agency on one reception day.

    One row per agency and day, locked by `codes.allocate_code` inside the reception
    transaction: this row is the only point of contention the law asks for (gap-free numbering,
    DOMAIN §4). Rows are never deleted; they double as a record of each day's last number.
    """

    agency = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("receiving agency")
    )
    # The reception date in Vietnam time, not the server's or UTC's date.
    day = models.DateField(_("reception day"))
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("dossier code counter")
        verbose_name_plural = _("dossier code counters")
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="one_code_counter_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day:%Y-%m-%d}: {self.last_number}"
