"""The procedure catalogue, modelled after the national database of procedures (DOMAIN §6).

A `Procedure` is the container with its national code; what the procedure requires lives in
its `ProcedureVersion`s (dated, draft or published). A published version is never changed: a
change is a new version, and a dossier keeps the version it was received under. Everything a
version holds (channels with time limits and fees, components, results, agencies, the internal
process) hangs from the version, so that a new version is a complete copy.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Field(models.Model):
    """A subject area (lĩnh vực), e.g. "Hộ tịch" (civil status)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """An administrative procedure (thủ tục hành chính), known by its national code."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("national code"), max_length=30, unique=True)
    # True when the code is ours, not one confirmed in the national database.
    code_is_illustrative = models.BooleanField(_("illustrative code"), default=False)
    # Lowercase, without diacritics (đ → d): the name, code and field of the version in force,
    # refreshed at publication, so search is the same plain `contains` on every database.
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Level(models.TextChoices):
    CENTRAL = "central", _("Central")
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")


class OnlineLevel(models.TextChoices):
    FULL = "full", _("Fully online")
    PARTIAL = "partial", _("Partly online")
    NONE = "none", _("Not online")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ProcedureVersion(models.Model):
    """The rules of a procedure in force from a date (phiên bản, quyết định công bố)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="versions", verbose_name=_("procedure")
    )
    number = models.PositiveIntegerField(_("version number"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    name = models.CharField(_("name"), max_length=500)
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="versions", verbose_name=_("field")
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    for_citizens = models.BooleanField(_("for citizens"), default=True)
    for_organisations = models.BooleanField(_("for organisations"), default=False)
    publishing_decision = models.CharField(_("publishing decision"), max_length=255, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    steps_description = models.TextField(_("steps for the applicant"), blank=True)
    # Boundary-free: any service point of the province may receive it (Decree 118/2025).
    boundary_free = models.BooleanField(_("received anywhere in the province"), default=True)
    online_level = models.CharField(
        _("online service"), max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    # JSON Schema of the fields the citizen fills in online.
    online_form_schema = models.JSONField(_("online form (JSON Schema)"), default=dict, blank=True)

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure__code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="one_number_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} — {self.name}"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


class Channel(models.TextChoices):
    COUNTER = "counter", _("At a counter")
    ONLINE = "online", _("Online")
    POST = "post", _("By post")


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    WORKING_HOURS = "working_hours", _("working hours")
    ON_THE_SPOT = "on_the_spot", _("on the spot")


class ChannelOffer(models.Model):
    """How the procedure is done through one channel: its legal time limit and fees."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="channels")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    time_limit = models.DecimalField(_("time limit"), max_digits=7, decimal_places=2, default=0)
    time_unit = models.CharField(_("time unit"), max_length=15, choices=TimeUnit.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        constraints = [
            models.UniqueConstraint(fields=["version", "channel"], name="one_offer_per_channel"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.time_limit} {self.get_time_unit_display()}"

    @property
    def legal_hours(self):
        """The legal time in working hours (1 day = 8 hours; on the spot = 0)."""
        if self.time_unit == TimeUnit.WORKING_DAYS:
            return self.time_limit * 8
        if self.time_unit == TimeUnit.WORKING_HOURS:
            return self.time_limit
        return 0


class FeeKind(models.TextChoices):
    FEE = "fee", _("Fee (lệ phí)")
    CHARGE = "charge", _("Charge (phí)")


class Fee(models.Model):
    offer = models.ForeignKey(ChannelOffer, on_delete=models.CASCADE, related_name="fees")
    code = models.CharField(_("code"), max_length=30, blank=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=FeeKind.choices)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")

    def __str__(self) -> str:
        return f"{self.name}: {self.amount_vnd:,} đ"


class Component(models.Model):
    """A paper the procedure requires (thành phần hồ sơ), within a case (trường hợp)."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="components"
    )
    case = models.CharField(_("case"), max_length=255, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    code = models.CharField(_("code"), max_length=50, blank=True)
    name = models.CharField(_("name"), max_length=1000)
    originals = models.PositiveSmallIntegerField(_("originals"), default=1)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    required = models.BooleanField(_("required"), default=True)
    condition = models.CharField(_("condition"), max_length=500, blank=True)
    # The type of paper in the citizens' data warehouse that can replace it.
    document_type = models.CharField(_("document type"), max_length=50, blank=True)
    must_digitise = models.BooleanField(_("must be digitised"), default=True)
    allowed_file_types = models.JSONField(_("allowed file types"), default=list, blank=True)
    max_file_mb = models.PositiveSmallIntegerField(_("largest file (MB)"), default=20)
    form_template = models.CharField(_("form template"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["version", "case", "order", "id"]

    def __str__(self) -> str:
        return self.name


class Result(models.Model):
    """What the citizen receives at the end (kết quả)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="results")
    code = models.CharField(_("code"), max_length=50, blank=True)
    name = models.CharField(_("name"), max_length=500)
    document_type = models.CharField(_("document type"), max_length=50, blank=True)
    validity_months = models.PositiveIntegerField(
        _("valid for (months)"), null=True, blank=True, help_text=_("Empty: no expiry.")
    )

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return self.name


class AgencyRole(models.TextChoices):
    IMPLEMENTING = "implementing", _("Implementing agency")
    COMPETENT = "competent", _("Competent agency")
    DELEGATED = "delegated", _("Delegated agency")
    COOPERATING = "cooperating", _("Cooperating agency")


class AgencyAssignment(models.Model):
    """Which agency plays which role: a fixed unit (`unit`), or every unit of a level (e.g.
    "the People's Committee of the commune", resolved per dossier), with its description."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="agencies")
    role = models.CharField(_("role"), max_length=15, choices=AgencyRole.choices)
    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    unit_level = models.CharField(
        _("any unit of level"),
        max_length=12,
        blank=True,
        help_text=_("For procedures decided by e.g. every commune: the level, not one unit."),
    )
    description = models.CharField(_("description"), max_length=500)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.description}"


class PerformerKind(models.TextChoices):
    RECEIVING_POINT = "receiving_point", _("The receiving service point")
    COMPETENT_UNIT = "competent_unit", _("The competent unit")
    FIXED_UNIT = "fixed_unit", _("A fixed unit")
    ROLE_IN_UNIT = "role_in_unit", _("A role within the competent unit")


class StepAction(models.TextChoices):
    RECEIVE = "receive", _("Receive")
    APPRAISE = "appraise", _("Appraise")
    APPROVE = "approve", _("Approve and sign")
    CONSULT = "consult", _("Consult another agency")
    FINANCIAL_OBLIGATION = "financial_obligation", _("Financial obligation")
    RETURN = "return", _("Return the result")


class ProcessStep(models.Model):
    """One step of the internal process (quy trình nội bộ) with its share of the legal time.

    Steps with the same `parallel_group` run at the same time (electronic inter-agency
    consultation); one of them is the lead. The group takes as long as its longest step.
    """

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=255)
    action = models.CharField(_("action"), max_length=25, choices=StepAction.choices)
    performer_kind = models.CharField(_("performer"), max_length=20, choices=PerformerKind.choices)
    performer_unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("performing unit"),
    )
    performer_role = models.CharField(_("performing role"), max_length=20, blank=True)
    allotted_hours = models.DecimalField(
        _("allotted working hours"), max_digits=7, decimal_places=2
    )
    parallel_group = models.CharField(_("parallel group"), max_length=30, blank=True)
    is_lead = models.BooleanField(_("lead agency of the group"), default=False)

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ["version", "order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.name} ({self.allotted_hours} h)"


class ProcedureGroup(models.Model):
    """Linked procedures requested together (liên thông), e.g. birth registration + permanent
    residence + health insurance card for a child under 6."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)

    class Meta:
        verbose_name = _("procedure group")
        verbose_name_plural = _("procedure groups")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    """One procedure of a group: its place in the order and the agency that does it."""

    group = models.ForeignKey(ProcedureGroup, on_delete=models.CASCADE, related_name="members")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="groups")
    order = models.PositiveIntegerField(_("order"))
    agency_description = models.CharField(_("done by"), max_length=500)
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("procedure of a group")
        verbose_name_plural = _("procedures of a group")
        ordering = ["group", "order"]
        constraints = [
            models.UniqueConstraint(fields=["group", "procedure"], name="procedure_once_per_group"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.procedure.code}"
