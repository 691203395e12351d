"""The dossier aggregate: the dossier, its submitted components, fees and history."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Channel
from motcua.dossiers.models.append_only import AppendOnly
from motcua.dossiers.transitions import NATIONAL_STATUS, State
from motcua.organizations.models import AdministrativeArea, ServicePoint, Unit

# --- The dossier ----------------------------------------------------------------------------


class ApplicantKind(models.TextChoices):
    # The national packet's LoaiDoiTuong: 1 citizen, 2 business, 3 state agency, 4 other.
    CITIZEN = "citizen", _("Citizen")
    ORGANISATION = "organisation", _("Business or organisation")
    STATE_AGENCY = "state_agency", _("State agency")
    OTHER = "other", _("Other")


# The channels a procedure is offered through are the channels a dossier comes by (the
# national KenhThucHien: 1 counter, 2 online, 3 post).
DossierChannel = Channel


class ReturnChannel(models.TextChoices):
    COUNTER = "counter", _("At a service point")
    POST = "post", _("By post")
    ELECTRONIC = "electronic", _("Electronically")


class Dossier(models.Model):
    """One request by one applicant for one procedure (hồ sơ), received under one version.

    The applicant's details are copied at reception: the dossier shows who asked, as they were
    then, whatever happens to the account later. `status` is changed only by the services, after
    the transition table allowed it; every change writes a `HistoryEntry`.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Given at reception (Form 01); empty while the dossier is not accepted.
    code = models.CharField(_("dossier code"), max_length=40, unique=True, null=True, blank=True)
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("procedure version"),
    )
    status = models.CharField(_("status"), max_length=25, choices=State.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=DossierChannel.choices)

    # Applicant, as at reception.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("account of the applicant"),
    )
    applicant_kind = models.CharField(
        _("applicant kind"),
        max_length=15,
        choices=ApplicantKind.choices,
        default=ApplicantKind.CITIZEN,
    )
    applicant_name = models.CharField(_("applicant"), max_length=255)
    applicant_identity_kind = models.CharField(_("identity kind"), max_length=10, blank=True)
    applicant_identity_number = models.CharField(
        _("identity number"), max_length=20, blank=True, db_index=True
    )
    applicant_address = models.CharField(_("address"), max_length=500, blank=True)
    applicant_area = models.ForeignKey(
        AdministrativeArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area of residence"),
    )
    applicant_phone = models.CharField(_("phone"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    # The authorised representative (người được ủy quyền), when someone else submits.
    representative_name = models.CharField(_("representative"), max_length=255, blank=True)
    representative_identity_number = models.CharField(
        _("representative's identity number"), max_length=20, blank=True
    )
    representative_authorisation = models.CharField(
        _("authorisation document"), max_length=255, blank=True
    )
    summary = models.CharField(_("request"), max_length=1000, blank=True)
    # The inter-agency request this dossier is one procedure of, if any.
    group = models.ForeignKey(
        "dossiers.DossierGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("inter-agency request"),
    )
    form_data = models.JSONField(_("online form"), default=dict, blank=True)

    # Reception and routing.
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )
    receiving_point = models.ForeignKey(
        ServicePoint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("receiving service point"),
    )
    receiving_agency = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_dossiers",
        verbose_name=_("receiving agency"),
    )
    competent_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="competent_dossiers",
        verbose_name=_("competent unit"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_dossiers",
        verbose_name=_("handler"),
    )
    return_channel = models.CharField(
        _("return of the result"),
        max_length=10,
        choices=ReturnChannel.choices,
        default=ReturnChannel.COUNTER,
    )
    return_point = models.ForeignKey(
        ServicePoint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("return point"),
    )
    return_address = models.CharField(
        _("postal address for the result"), max_length=500, blank=True
    )

    # The clock: the legal time and the due instant printed on the receipt (frozen; it moves
    # only by reschedule or restart, each recorded on the deadline).
    legal_hours = models.DecimalField(
        _("legal time (working hours)"), max_digits=8, decimal_places=2, default=0
    )
    due_deadline = models.OneToOneField(
        "calendars.Deadline",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A copy of due_deadline.due_at, indexed with the unit and status: the work queues read it.
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    rescheduled = models.BooleanField(_("rescheduled once"), default=False)
    # Set once by the clock sweep when the due instant passed while the clock ran.
    overdue_since = models.DateTimeField(_("overdue since"), null=True, blank=True)
    finished_at = models.DateTimeField(_("result recorded at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("result returned at"), null=True, blank=True)

    # Facts the national packet and the service index read (NATIONAL_PORTAL §3, §7).
    has_digitised_components = models.BooleanField(_("has digitised components"), default=False)
    identity_verified = models.BooleanField(_("identity verified by VNeID"), default=False)
    paid_online = models.PositiveSmallIntegerField(_("paid online"), default=0)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            models.Index(fields=["competent_unit", "status", "due_at"], name="dossier_unit_queue"),
            models.Index(fields=["receiving_point", "received_at"], name="dossier_point_book"),
            models.Index(fields=["status", "due_at"], name="dossier_status_due"),
        ]

    def __str__(self) -> str:
        return self.code or f"{self.applicant_name} ({self.get_status_display()})"

    @property
    def reference(self) -> str:
        """How pages name the dossier in a URL: its code, or before reception (online, not
        yet received) its public id."""
        return self.code or str(self.uuid)

    @property
    def national_status(self) -> int:
        return NATIONAL_STATUS[self.status]

    @property
    def national_channel(self) -> int:
        return {"counter": 1, "online": 2, "post": 3}[self.channel]


class PaperForm(models.TextChoices):
    ORIGINAL = "original", _("Original")
    CERTIFIED_COPY = "certified_copy", _("Certified copy")
    COPY = "copy", _("Copy")


class ReuseSource(models.IntegerChoices):
    # The national DuocTaiSuDung: 0 no, 1 reused, 2 reused from another dossier's result.
    NONE = 0, _("Not reused")
    WAREHOUSE = 1, _("Reused from the data warehouse")
    RESULT = 2, _("Reused from another dossier's result")


class SubmittedComponent(models.Model):
    """One paper handed in (or reused) for a component of the procedure."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    component = models.ForeignKey(
        "catalog.Component", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=1000)
    form = models.CharField(
        _("form"), max_length=15, choices=PaperForm.choices, default=PaperForm.ORIGINAL
    )
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    digitised = models.BooleanField(_("digitised"), default=False)
    reuse = models.PositiveSmallIntegerField(
        _("reuse"), choices=ReuseSource.choices, default=ReuseSource.NONE
    )
    from_national_warehouse = models.BooleanField(
        _("taken from the national warehouse"), default=False
    )

    class Meta:
        verbose_name = _("submitted component")
        verbose_name_plural = _("submitted components")
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return self.name


class DossierFee(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="fees")
    code = models.CharField(_("code"), max_length=30, blank=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))

    class Meta:
        verbose_name = _("dossier fee")
        verbose_name_plural = _("dossier fees")

    def __str__(self) -> str:
        return f"{self.name}: {self.amount_vnd:,} đ"


class HistoryEntry(AppendOnly, models.Model):
    """One thing that happened to a dossier: append-only, never changed. A correction is a new
    entry. Together with the steps, this is the process control sheet (Form 05)."""

    append_only_name = "History entries"

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="history")
    occurred_at = models.DateTimeField(_("when"))
    action = models.CharField(_("action"), max_length=25)
    from_status = models.CharField(_("from"), max_length=25, blank=True)
    to_status = models.CharField(_("to"), max_length=25)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who (as shown then)"), max_length=255, blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["dossier", "occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%d/%m/%Y %H:%M} {self.action}"
