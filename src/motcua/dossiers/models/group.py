"""Inter-agency requests (liên thông): one request for a catalogue group of procedures.

The citizen asks once, e.g. for birth registration + permanent residence + health insurance
card (Decree 63/2024); the system makes one dossier per procedure, each with its own code,
competent unit, clock and history, linked to one `DossierGroup` whose code is the one the
citizen is given and looks up. The group has no state of its own: its status is derived from
its dossiers (`motcua.dossiers.groups.group_status`), so it can never disagree with them.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.organizations.models import ServicePoint, Unit


class DossierGroup(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The tracking code given to the citizen: allocated from the receiving agency's counter,
    # in the same format as a dossier's code, so one lookup box answers both.
    code = models.CharField(_("tracking code"), max_length=40, unique=True)
    procedure_group = models.ForeignKey(
        "catalog.ProcedureGroup",
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("procedure group"),
    )
    channel = models.CharField(_("channel"), max_length=10)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossier_groups",
        verbose_name=_("account of the applicant"),
    )
    applicant_name = models.CharField(_("applicant"), max_length=255)
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    receiving_point = models.ForeignKey(
        ServicePoint,
        on_delete=models.PROTECT,
        related_name="dossier_groups",
        verbose_name=_("receiving service point"),
    )
    receiving_agency = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("receiving agency")
    )

    class Meta:
        verbose_name = _("inter-agency request")
        verbose_name_plural = _("inter-agency requests")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return self.code
