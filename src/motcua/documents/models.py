"""Stored files, the files of dossiers, and the citizens' data warehouse (kho dữ liệu).

A `StoredFile` is content: its SHA-256 names it, and the same bytes uploaded twice are stored
once. What a file IS for somebody is a link row: a `ComponentFile` (a scan of a paper of a
dossier), a `ResultFile` (the electronic result of a dossier) or a `WarehouseDocument` (an
electronic copy in a person's data warehouse). Links point at content with PROTECT, so content
is never deleted while anything refers to it; nothing in the app deletes a link either.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """Content, named by its SHA-256 and stored at `aa/bb/<hash>` in the "documents" storage."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    # The kind detected from the content (validation.Kind), never from the name.
    kind = models.CharField(_("kind"), max_length=10)
    content_type = models.CharField(_("content type"), max_length=100)
    created_at = models.DateTimeField(_("stored at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return f"{self.sha256[:12]}… ({self.kind}, {self.size} B)"

    @property
    def path(self) -> str:
        return f"{self.sha256[:2]}/{self.sha256[2:4]}/{self.sha256}"


class ComponentFile(models.Model):
    """A file of one paper of a dossier: a scan made at reception, a file the citizen sent
    online, or an electronic copy reused from the data warehouse (`reused_from`).

    `submitted_component` is cleared (not the row) when a correction replaces the paper on
    file: the dossier keeps every file it was ever given."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="component_files"
    )
    submitted_component = models.ForeignKey(
        "dossiers.SubmittedComponent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="files",
    )
    component = models.ForeignKey(
        "catalog.Component", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    stored_file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    reused_from = models.ForeignKey(
        "documents.WarehouseDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reuses",
    )

    class Meta:
        verbose_name = _("file of a paper")
        verbose_name_plural = _("files of papers")
        ordering = ["dossier", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class ResultFile(models.Model):
    """The electronic result of a dossier (a certificate, a licence), uploaded by the unit."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="result_files"
    )
    result = models.ForeignKey(
        "catalog.Result", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    stored_file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("result file")
        verbose_name_plural = _("result files")
        ordering = ["dossier", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class ReusableDocumentType(models.Model):
    """A type of paper the data warehouse keeps and offers again (the catalogue's
    `document_type` codes). A component or result whose type is not listed is not kept."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    validity_months = models.PositiveIntegerField(
        _("valid for (months)"), null=True, blank=True, help_text=_("Empty: no expiry.")
    )
    active = models.BooleanField(_("kept in the data warehouse"), default=True)

    class Meta:
        verbose_name = _("reusable document type")
        verbose_name_plural = _("reusable document types")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Origin(models.TextChoices):
    COMPONENT = "component", _("A paper digitised at reception")
    RESULT = "result", _("The result of a dossier")


class WarehouseDocument(models.Model):
    """An electronic copy in a person's data warehouse, keyed by their identity (kind and
    number), with where it came from, the unit that issued or digitised it, and its validity.
    A document is never deleted; a wrong one is revoked (`revoked_at`)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner_identity_kind = models.CharField(_("identity kind"), max_length=10)
    owner_identity_number = models.CharField(_("identity number"), max_length=20)
    document_type = models.ForeignKey(
        ReusableDocumentType, on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=1000)
    stored_file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    source_dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="warehouse_documents"
    )
    source_component_file = models.OneToOneField(
        ComponentFile, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_result_file = models.OneToOneField(
        ResultFile, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # For a result, the competent unit that issued it; for a digitised paper, the agency that
    # received and certified the electronic copy.
    issuing_unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason of the revocation"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document in the data warehouse")
        verbose_name_plural = _("data warehouse")
        ordering = ["owner_identity_number", "-valid_from", "-id"]
        indexes = [
            models.Index(
                fields=["owner_identity_number", "owner_identity_kind", "document_type"],
                name="warehouse_owner_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.owner_identity_number})"

    def is_valid_on(self, day) -> bool:
        return (
            self.revoked_at is None
            and self.valid_from <= day
            and (self.valid_until is None or day <= self.valid_until)
        )


class DossierFigures(models.Model):
    """What the reports read per dossier (Decision 766 digitisation and reuse), stored so that
    they never recount: written by every service that changes one of them."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="figures", primary_key=True
    )
    components_required = models.PositiveIntegerField(_("papers on file"), default=0)
    components_digitised = models.PositiveIntegerField(_("papers digitised"), default=0)
    components_reused = models.PositiveIntegerField(_("papers reused"), default=0)
    results_electronic = models.PositiveIntegerField(_("results issued electronically"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("figures of a dossier")
        verbose_name_plural = _("figures of dossiers")

    def __str__(self) -> str:
        return str(self.dossier_id)
