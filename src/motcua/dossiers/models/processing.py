"""What happens after reception: steps with their deadlines, supplement requests (Form 02),
decisions (Form 03, guidance, result), the apology (Form 04) and the return of the result."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models.dossier import Dossier, ReturnChannel
from motcua.organizations.models import ServicePoint, Unit

# --- Processing: steps, supplements, apologies, results and returns --------------------------


class StepStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    # The dossier ended without a result (withdrawn, cancelled) while the step was open or
    # waiting: it leaves every work queue, and its outcome stays empty.
    STOPPED = "stopped", _("Stopped")


class StepOutcome(models.TextChoices):
    # Form 05's result column for each hand-off.
    EARLY = "early", _("Early")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")


class DossierStep(models.Model):
    """One hand-off of the internal process for this dossier, with its own share of the legal
    time (an adjustable deadline) and, once done, whether it was early, on time or late."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="steps")
    process_step = models.ForeignKey(
        "catalog.ProcessStep", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    order = models.PositiveIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=255)
    action = models.CharField(_("action"), max_length=25)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="dossier_steps", verbose_name=_("unit")
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossier_steps",
        verbose_name=_("handler"),
    )
    parallel_group = models.CharField(_("parallel group"), max_length=30, blank=True)
    is_lead = models.BooleanField(_("lead"), default=False)
    allotted_hours = models.DecimalField(
        _("allotted working hours"), max_digits=7, decimal_places=2
    )
    deadline = models.OneToOneField(
        "calendars.Deadline", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=StepStatus.choices, default=StepStatus.WAITING
    )
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    overdue_since = models.DateTimeField(_("overdue since"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=8, choices=StepOutcome.choices, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("dossier step")
        verbose_name_plural = _("dossier steps")
        ordering = ["dossier", "order", "id"]
        indexes = [models.Index(fields=["unit", "status", "due_at"], name="step_unit_queue")]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class SupplementStage(models.TextChoices):
    RECEPTION = "reception", _("At reception (before acceptance)")
    APPRAISAL = "appraisal", _("After appraisal (the clock restarts)")


class SupplementRequest(models.Model):
    """Form 02: everything missing or wrong, told once and completely, each item with its
    reason. Fulfilled when the completed dossier comes back."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="supplement_requests"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=SupplementStage.choices)
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    note = models.TextField(_("note"), blank=True)
    fulfilled_at = models.DateTimeField(_("fulfilled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("supplement request")
        verbose_name_plural = _("supplement requests")
        ordering = ["dossier", "requested_at"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.requested_at:%d/%m/%Y}"


class SupplementItem(models.Model):
    request = models.ForeignKey(SupplementRequest, on_delete=models.PROTECT, related_name="items")
    component = models.ForeignKey(
        "catalog.Component", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("paper"), max_length=1000)
    reason = models.CharField(_("reason"), max_length=1000)

    class Meta:
        verbose_name = _("item to supplement")
        verbose_name_plural = _("items to supplement")

    def __str__(self) -> str:
        return self.name


class RefusalReason(models.TextChoices):
    NOT_COMPETENT = "not_competent", _("Not a procedure of this province")
    NOT_ELIGIBLE = "not_eligible", _("The applicant is not eligible")
    FORGED_PAPERS = "forged_papers", _("Forged or altered papers")
    NOT_COMPLETED = "not_completed", _("Not completed after the supplement request")
    OTHER = "other", _("Other reason")


class Decision(models.Model):
    """A written decision on the dossier that is not a state by itself: the refusal at
    reception (Form 03), the guidance note, the result (granted or refused with reasons)."""

    class Kind(models.TextChoices):
        REFUSAL = "refusal", _("Refusal to receive (Form 03)")
        GUIDANCE = "guidance", _("Guidance note")
        RESULT_GRANTED = "result_granted", _("Result: granted")
        RESULT_REFUSED = "result_refused", _("Result: refused with reasons")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    reason_code = models.CharField(
        _("reason code"), max_length=20, blank=True, choices=RefusalReason.choices
    )
    text = models.TextField(_("text"))
    decided_at = models.DateTimeField(_("decided at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["dossier", "decided_at"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Apology(models.Model):
    """Form 04: apology and new appointment, with its reason; at most one per dossier."""

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="apology")
    reason = models.TextField(_("reason for the delay"))
    old_due_at = models.DateTimeField(_("original due date"))
    new_due_at = models.DateTimeField(_("new due date"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )

    class Meta:
        verbose_name = _("apology and new appointment")
        verbose_name_plural = _("apologies and new appointments")

    def __str__(self) -> str:
        return f"{self.old_due_at:%d/%m/%Y} → {self.new_due_at:%d/%m/%Y}"


class ResultReturn(models.Model):
    """How the result reached the citizen: who collected it and with which identity, whether
    the originals were kept, or the postal waybill number."""

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="result_return")
    channel = models.CharField(_("channel"), max_length=10, choices=ReturnChannel.choices)
    returned_at = models.DateTimeField(_("returned at"))
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    point = models.ForeignKey(
        ServicePoint, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    collected_by_name = models.CharField(_("collected by"), max_length=255, blank=True)
    collected_by_identity = models.CharField(
        _("identity number of the collector"), max_length=20, blank=True
    )
    originals_kept = models.BooleanField(_("originals kept by the agency"), default=False)
    waybill = models.CharField(_("postal waybill number"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("return of the result")
        verbose_name_plural = _("returns of results")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.returned_at:%d/%m/%Y}"
