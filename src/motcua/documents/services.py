"""Writes of the documents app: files of papers and results, digitisation, the data warehouse
(kho dữ liệu) and its reuse, and the per-dossier figures of the reports.

Each use case is one function with keyword arguments. The upload chain (validation.py) reads
and checks the file BEFORE the transaction: it is the slow part and writes nothing, so no
database lock waits on it. The content is then written to storage under its hash (idempotent:
the same bytes land on the same path, and a rolled-back transaction leaves at most an
unreferenced copy that the next upload of the same content reuses), and the rows, the audit
record and the figures are written in one transaction.

History: attaching a file or digitising a paper does not change a dossier's state and has no
action in the transition table, so it writes an audit record, not a history entry.
"""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.audit.services import record
from motcua.documents import selectors, storage
from motcua.documents.models import (
    ComponentFile,
    DossierFigures,
    Origin,
    ResultFile,
    StoredFile,
    WarehouseDocument,
)
from motcua.documents.validation import (
    SCAN_KINDS,
    CheckedFile,
    check_size,
    megabytes,
    validate_upload,
)
from motcua.dossiers.codes import reception_day
from motcua.dossiers.models import Dossier, DossierChannel, ReuseSource, SubmittedComponent
from motcua.dossiers.transitions import State
from motcua.policy import authorize

# --- Stored content -------------------------------------------------------------------------


def read_upload(upload, *, max_bytes: int) -> bytes:
    """The bytes of an uploaded file, refusing an oversize one before reading it all."""
    declared = getattr(upload, "size", None)
    if declared is not None:
        check_size(declared, max_bytes)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    check_size(len(data), max_bytes)
    return data


def check_upload(upload, *, allowed=(), max_bytes: int) -> tuple[CheckedFile, bytes]:
    data = read_upload(upload, max_bytes=max_bytes)
    return validate_upload(
        name=getattr(upload, "name", "") or "", data=data, allowed=allowed, max_bytes=max_bytes
    ), data


def store(checked: CheckedFile, data: bytes) -> StoredFile:
    """The stored file of this content: written once, found again by its hash."""
    storage.put(checked.sha256, data)
    stored, _created = StoredFile.objects.get_or_create(
        sha256=checked.sha256,
        defaults={
            "size": checked.size,
            "kind": checked.kind,
            "content_type": checked.content_type,
        },
    )
    return stored


def component_limits(component) -> tuple[list, int]:
    """The kinds and the size a component accepts (scans and the default size when unset)."""
    if component is None:
        return list(SCAN_KINDS), megabytes(_default_mb())
    return list(component.allowed_file_types or SCAN_KINDS), megabytes(
        component.max_file_mb or _default_mb()
    )


def _default_mb() -> int:
    from django.conf import settings

    return settings.DOCUMENTS_MAX_FILE_MB


def _field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _locked(dossier: Dossier) -> Dossier:
    locked = Dossier.objects.select_for_update(of=("self",)).select_related("competent_unit")
    return locked.get(pk=dossier.pk)


def _component_of(dossier: Dossier, submitted_component: SubmittedComponent):
    if submitted_component is None or submitted_component.dossier_id != dossier.pk:
        raise _field_error(
            "component", _("This paper is not on file for this dossier."), "not_on_file"
        )
    return submitted_component


# --- Files of papers and digitisation -------------------------------------------------------


def attach_file(
    *,
    actor,
    dossier: Dossier,
    submitted_component: SubmittedComponent,
    upload,
    digitise: bool = True,
    at=None,
) -> ComponentFile:
    """A scan or file of one paper of the dossier, checked by the upload chain; with
    `digitise` (the default) the paper is marked digitised in the same transaction."""
    authorize(actor, "documents.attach_file", dossier)
    submitted_component = _component_of(dossier, submitted_component)
    allowed, max_bytes = component_limits(submitted_component.component)
    checked, data = check_upload(upload, allowed=allowed, max_bytes=max_bytes)
    at = at or timezone.now()
    stored = store(checked, data)
    with transaction.atomic():
        dossier = _locked(dossier)
        authorize(actor, "documents.attach_file", dossier)  # again, on the locked row
        link = ComponentFile.objects.create(
            dossier=dossier,
            submitted_component=submitted_component,
            component=submitted_component.component,
            stored_file=stored,
            name=checked.name,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
            uploaded_at=at,
        )
        record(
            actor=actor,
            action="documents.attach_file",
            obj=dossier,
            changes={
                "file": str(link.uuid),
                "paper": submitted_component.name[:200],
                "sha256": stored.sha256,
                "kind": stored.kind,
                "size": stored.size,
            },
        )
        if digitise:
            _digitise(dossier, submitted_component, actor=actor)
        else:
            refresh_figures(dossier)
    return link


def mark_digitised(
    *, actor, dossier: Dossier, submitted_component: SubmittedComponent, at=None
) -> SubmittedComponent:
    """The officer marks a paper digitised: only once it has a file."""
    authorize(actor, "documents.attach_file", dossier)
    submitted_component = _component_of(dossier, submitted_component)
    with transaction.atomic():
        dossier = _locked(dossier)
        authorize(actor, "documents.attach_file", dossier)
        if not ComponentFile.objects.filter(submitted_component=submitted_component).exists():
            raise _field_error(
                "component", _("Scan or upload the paper before marking it digitised."), "no_file"
            )
        _digitise(dossier, submitted_component, actor=actor)
    return submitted_component


def _digitise(dossier: Dossier, submitted_component: SubmittedComponent, *, actor) -> None:
    if not submitted_component.digitised:
        submitted_component.digitised = True
        submitted_component.save(update_fields=["digitised"])
        record(
            actor=actor,
            action="documents.mark_digitised",
            obj=dossier,
            changes={"paper": submitted_component.name[:200], "digitised": [False, True]},
        )
    if not dossier.has_digitised_components:
        dossier.has_digitised_components = True
        dossier.save(update_fields=["has_digitised_components", "updated_at"])
    if dossier.received_at is not None:
        for link in ComponentFile.objects.filter(
            submitted_component=submitted_component, reused_from__isnull=True
        ).select_related("stored_file", "component"):
            _capture_paper(dossier, link, submitted_component, actor=actor)
    refresh_figures(dossier)


# --- The data warehouse ---------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _valid_until(valid_from: datetime.date, months) -> datetime.date | None:
    if not months:
        return None
    return add_months(valid_from, months) - datetime.timedelta(days=1)


def _capture_paper(dossier: Dossier, link: ComponentFile, paper: SubmittedComponent, *, actor):
    """The electronic copy of a digitised paper of a received dossier, in the applicant's
    warehouse, when its document type is one the warehouse keeps. Once per file."""
    component = link.component
    number = (dossier.applicant_identity_number or "").strip()
    if component is None or not component.document_type or not number or paper.reuse:
        return None
    kept = selectors.reusable_types().get(component.document_type)
    if kept is None:
        return None
    if WarehouseDocument.objects.filter(source_component_file=link).exists():
        return None
    valid_from = reception_day(dossier.received_at)
    document = WarehouseDocument.objects.create(
        owner_identity_kind=dossier.applicant_identity_kind,
        owner_identity_number=number,
        document_type=kept,
        title=paper.name[:1000],
        stored_file=link.stored_file,
        origin=Origin.COMPONENT,
        source_dossier=dossier,
        source_component_file=link,
        issuing_unit=dossier.receiving_agency,
        valid_from=valid_from,
        valid_until=_valid_until(valid_from, kept.validity_months),
    )
    record(
        actor=actor,
        action="documents.keep_in_warehouse",
        obj=document,
        changes={"dossier": dossier.code, "type": kept.code, "origin": Origin.COMPONENT},
    )
    return document


def capture_received(*, dossier: Dossier, actor=None) -> list[WarehouseDocument]:
    """At reception: every digitised paper with a file (sent online before reception) goes
    into the applicant's warehouse when its type is kept."""
    captured = []
    if dossier.channel != DossierChannel.ONLINE:
        return captured  # at the counter the papers are recorded (and scanned) after this
    links = ComponentFile.objects.filter(
        dossier=dossier, reused_from__isnull=True, submitted_component__digitised=True
    ).select_related("stored_file", "component", "submitted_component")
    for link in links:
        document = _capture_paper(dossier, link, link.submitted_component, actor=actor)
        if document is not None:
            captured.append(document)
    return captured


def _capture_result(dossier: Dossier, result_file: ResultFile, *, at, actor=None):
    result = result_file.result
    number = (dossier.applicant_identity_number or "").strip()
    if result is None or not result.document_type or not number:
        return None
    kept = selectors.reusable_types().get(result.document_type)
    if kept is None or WarehouseDocument.objects.filter(source_result_file=result_file).exists():
        return None
    valid_from = reception_day(at)
    document = WarehouseDocument.objects.create(
        owner_identity_kind=dossier.applicant_identity_kind,
        owner_identity_number=number,
        document_type=kept,
        title=result.name[:1000],
        stored_file=result_file.stored_file,
        origin=Origin.RESULT,
        source_dossier=dossier,
        source_result_file=result_file,
        issuing_unit=dossier.competent_unit,
        valid_from=valid_from,
        valid_until=_valid_until(valid_from, result.validity_months or kept.validity_months),
    )
    record(
        actor=actor,
        action="documents.keep_in_warehouse",
        obj=document,
        changes={"dossier": dossier.code, "type": kept.code, "origin": Origin.RESULT},
    )
    return document


def capture_results(*, dossier: Dossier, at=None, actor=None) -> list[WarehouseDocument]:
    """When the result is returned: its electronic files go into the applicant's warehouse."""
    at = at or dossier.returned_at or timezone.now()
    captured = [
        document
        for result_file in ResultFile.objects.filter(dossier=dossier).select_related(
            "result", "stored_file"
        )
        if (document := _capture_result(dossier, result_file, at=at, actor=actor)) is not None
    ]
    return captured


def attach_result_file(*, actor, dossier: Dossier, upload, result=None, at=None) -> ResultFile:
    """The electronic result (a scan or the signed PDF) of a dossier, uploaded by its unit or
    the returning point. Kept in the warehouse when the result is returned (at once when it
    already was)."""
    authorize(actor, "documents.attach_result_file", dossier)
    if result is not None and result.version_id != dossier.procedure_version_id:
        raise _field_error(
            "result", _("This result is not one of the dossier's procedure."), "wrong_result"
        )
    checked, data = check_upload(upload, allowed=SCAN_KINDS, max_bytes=megabytes(_default_mb()))
    at = at or timezone.now()
    stored = store(checked, data)
    with transaction.atomic():
        dossier = _locked(dossier)
        authorize(actor, "documents.attach_result_file", dossier)
        result_file = ResultFile.objects.create(
            dossier=dossier,
            result=result,
            stored_file=stored,
            name=checked.name,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
            uploaded_at=at,
        )
        record(
            actor=actor,
            action="documents.attach_result_file",
            obj=dossier,
            changes={
                "file": str(result_file.uuid),
                "result": result.name[:200] if result else "",
                "sha256": stored.sha256,
            },
        )
        if dossier.status == State.RETURNED:
            _capture_result(dossier, result_file, at=dossier.returned_at or at, actor=actor)
        refresh_figures(dossier, papers=False, results=True)
    return result_file


@transaction.atomic
def revoke_document(*, actor, document: WarehouseDocument, reason: str, at=None):
    """A wrong copy leaves the warehouse: kept (never deleted), no longer offered."""
    authorize(actor, "documents.revoke_document", document)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the revocation.")})
    if document.revoked_at is None:
        document.revoked_at, document.revoked_reason = at or timezone.now(), reason[:500]
        document.save(update_fields=["revoked_at", "revoked_reason"])
        record(actor=actor, action="documents.revoke", obj=document, changes={"reason": reason})
    return document


# --- Reuse ----------------------------------------------------------------------------------


def _reuse_error(document, component, dossier: Dossier, day: datetime.date) -> str | None:
    """Why `document` cannot replace `component` in `dossier` on `day`, or None."""
    if document is None:
        return _("The document chosen for “%(paper)s” is not in the data warehouse.")
    number = (dossier.applicant_identity_number or "").strip()
    kinds = {dossier.applicant_identity_kind, ""} if dossier.applicant_identity_kind else None
    if document.owner_identity_number != number or (
        kinds is not None and document.owner_identity_kind not in kinds
    ):
        return _("The document chosen for “%(paper)s” belongs to another person.")
    if not component.document_type or document.document_type.code != component.document_type:
        return _("The document chosen for “%(paper)s” is not the kind of paper it asks for.")
    if document.revoked_at is not None or not document.document_type.active:
        return _("The document chosen for “%(paper)s” was revoked and cannot be reused.")
    if document.valid_from > day or (document.valid_until and document.valid_until < day):
        return _(
            "The document chosen for “%(paper)s” is not valid on %(day)s (valid from %(start)s "
            "to %(end)s)."
        )
    return None


def apply_reuse(*, dossier: Dossier, handed_in, rows) -> None:
    """For each paper given as a document of the warehouse: check it (the applicant's own, of
    the component's type, valid on the reception day, not revoked), record it reused (1, or 2
    when the document is another dossier's result) and digitised, and link its stored file.
    Every refused choice is told at once; one refusal refuses the whole action."""
    chosen = [(c, row) for c, row in zip(handed_in, rows, strict=True) if c.reused_document_id]
    if not chosen:
        return
    ids = [selectors._public_id(c.reused_document_id) for c, _row in chosen]
    documents = {
        d.uuid: d
        for d in WarehouseDocument.objects.filter(uuid__in=[i for i in ids if i]).select_related(
            "document_type", "stored_file"
        )
    }
    day = reception_day(dossier.received_at or dossier.submitted_at or timezone.now())
    errors = []
    for (_c, row), public_id in zip(chosen, ids, strict=True):
        document = documents.get(public_id)
        message = _reuse_error(document, row.component, dossier, day)
        if message is not None:
            errors.append(
                message
                % {
                    "paper": row.name[:200],
                    "day": day.strftime("%d/%m/%Y"),
                    "start": document.valid_from.strftime("%d/%m/%Y") if document else "",
                    "end": document.valid_until.strftime("%d/%m/%Y")
                    if document and document.valid_until
                    else "…",
                }
            )
    if errors:
        raise ValidationError(
            {"components": [ValidationError(e, code="reuse_refused") for e in errors]}
        )
    actor = dossier.received_by or dossier.owner
    at = timezone.now()
    for (_c, row), public_id in zip(chosen, ids, strict=True):
        document = documents[public_id]
        row.reuse = (
            ReuseSource.RESULT if document.origin == Origin.RESULT else ReuseSource.WAREHOUSE
        )
        row.digitised = True
        row.save(update_fields=["reuse", "digitised"])
        ComponentFile.objects.create(
            dossier=dossier,
            submitted_component=row,
            component=row.component,
            stored_file=document.stored_file,
            name=f"{document.title[:200]}.{document.stored_file.kind}",
            uploaded_by=None,
            uploaded_at=at,
            reused_from=document,
        )
        record(
            actor=actor,
            action="documents.reuse",
            obj=dossier,
            changes={
                "paper": row.name[:200],
                "document": str(document.uuid),
                "reuse": int(row.reuse),
            },
        )
    if not dossier.has_digitised_components:
        dossier.has_digitised_components = True
        Dossier.objects.filter(pk=dossier.pk).update(has_digitised_components=True)


# --- Figures --------------------------------------------------------------------------------


def refresh_figures(
    dossier: Dossier, *, papers: bool = True, results: bool = False, papers_on_file=None
) -> None:
    """Store the dossier's figures as they are now, inside the caller's transaction and after
    the change they count: the paper figures (one query) and/or the results issued
    electronically, written with one INSERT … ON CONFLICT UPDATE (reception is a hot path: two
    queries in all)."""
    values = {}
    if papers_on_file is not None:
        values.update(selectors.count_paper_rows(papers_on_file))
    elif papers:
        values.update(selectors.count_papers(dossier))
    if results:
        values.update(selectors.count_results(dossier))
    DossierFigures.objects.bulk_create(
        [DossierFigures(dossier_id=dossier.pk, **values)],
        update_conflicts=True,
        unique_fields=["dossier"],
        update_fields=[*values, "updated_at"],
    )


# --- Reusable document types ----------------------------------------------------------------


@transaction.atomic
def save_document_type(*, actor, document_type):
    """Add or change a type the warehouse keeps (system administrators)."""
    from motcua.audit.services import describe_changes
    from motcua.documents.models import ReusableDocumentType

    authorize(actor, "documents.manage_types", document_type)
    document_type.code = (document_type.code or "").strip().upper()
    if not document_type.code:
        raise ValidationError({"code": _("Enter the code of the document type.")})
    fields = ("code", "name", "validity_months", "active")
    before = {}
    if document_type.pk:
        old = ReusableDocumentType.objects.get(pk=document_type.pk)
        before = {f: getattr(old, f) for f in fields}
    document_type.full_clean()
    document_type.save()
    record(
        actor=actor,
        action="documents.save_document_type",
        obj=document_type,
        changes=describe_changes(before, {f: getattr(document_type, f) for f in fields}),
    )
    return document_type
