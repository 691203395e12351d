"""The printed forms: which certificate a unit signs its forms with, and the templates an
administrator put in place of the built-in ones (per unit, per field, per procedure)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FormKind(models.TextChoices):
    """The forms of DOMAIN §4 and the two notes, named as in the glossary."""

    RECEIPT = "receipt", _("Form 01: receipt and appointment")
    SUPPLEMENT_REQUEST = "supplement_request", _("Form 02: request to supplement")
    REFUSAL = "refusal", _("Form 03: refusal to receive")
    APOLOGY = "apology", _("Form 04: apology and new appointment")
    CONTROL_SHEET = "control_sheet", _("Form 05: process control sheet")
    TRACKING_BOOK = "tracking_book", _("Form 06: tracking book")
    GUIDANCE = "guidance", _("Guidance note")
    HANDOVER_SLIP = "handover_slip", _("Handover slip")


class SigningCertificate(models.Model):
    """The certificate a unit signs its forms with: a PKCS#12 file (key and certificate) and
    the NAME of the environment variable holding its passphrase. The passphrase itself is
    never stored; the file lives in the data folder (or any path the operator gives)."""

    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="signing_certificates",
        verbose_name=_("unit"),
    )
    pkcs12_path = models.CharField(
        _("PKCS#12 file"),
        max_length=500,
        help_text=_("Absolute, or relative to the data folder (DATA_DIR)."),
    )
    passphrase_env = models.CharField(
        _("passphrase variable"),
        max_length=100,
        blank=True,
        help_text=_("Name of the environment variable that holds the file's passphrase."),
    )
    subject = models.CharField(_("subject"), max_length=500, blank=True, editable=False)
    not_after = models.DateTimeField(_("valid until"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo certificate"), default=False, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(active=True), name="one_active_certificate_per_unit"
            )
        ]

    def __str__(self) -> str:
        return self.subject or self.pkcs12_path


class FormTemplate(models.Model):
    """A template in place of the built-in one for a form: for one unit, one field (lĩnh vực),
    one procedure, or any combination; the most specific active one wins (procedure, then
    field, then unit), the built-in file is the fallback. Checked when uploaded, never at
    print time (services.upload_template)."""

    form = models.CharField(_("form"), max_length=20, choices=FormKind.choices)
    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    field = models.ForeignKey(
        "catalog.Field",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("field"),
    )
    procedure = models.ForeignKey(
        "catalog.Procedure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("procedure"),
    )
    text = models.TextField(_("template"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("form template")
        verbose_name_plural = _("form templates")
        ordering = ["form", "-uploaded_at"]
        indexes = [models.Index(fields=["form", "active"], name="form_template_lookup")]

    def __str__(self) -> str:
        scope = [str(part) for part in (self.unit, self.field, self.procedure) if part]
        return f"{self.get_form_display()} ({', '.join(scope) or _('everywhere')})"
