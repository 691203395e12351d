"""Reads of files and of the data warehouse, filtered by who asks: a file or a document the
user may not see does not exist for them (None → 404)."""

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from motcua.documents.models import (
    ComponentFile,
    DossierFigures,
    ResultFile,
    ReusableDocumentType,
    WarehouseDocument,
)
from motcua.dossiers.models import Dossier, SubmittedComponent
from motcua.policy import can


def files_of_dossier(dossier: Dossier) -> QuerySet[ComponentFile]:
    return ComponentFile.objects.filter(dossier=dossier).select_related(
        "stored_file", "component", "submitted_component", "reused_from"
    )


def result_files_of(dossier: Dossier) -> QuerySet[ResultFile]:
    return ResultFile.objects.filter(dossier=dossier).select_related("stored_file", "result")


def _public_id(raw) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw).strip())
    except ValueError:
        return None


def visible_file(user, file_id):
    """(the link row, its dossier or None) of a file the user may download: a file of a
    dossier's paper or result (who may see the dossier), or a document of the warehouse (its
    owner, and who may see its source dossier). None when there is none the user may see."""
    public_id = _public_id(file_id)
    if public_id is None:
        return None
    for model in (ComponentFile, ResultFile):
        link = model.objects.select_related("stored_file", "dossier").filter(uuid=public_id)
        link = next(iter(link[:1]), None)
        if link is not None:
            return link if can(user, "documents.view_file", link.dossier) else None
    document = (
        WarehouseDocument.objects.select_related("stored_file", "source_dossier")
        .filter(uuid=public_id)
        .first()
    )
    if document is not None and can(user, "documents.view_document", document):
        return document
    return None


# --- The data warehouse ---------------------------------------------------------------------


def reusable_types() -> dict[str, ReusableDocumentType]:
    return {t.code: t for t in ReusableDocumentType.objects.filter(active=True)}


def documents_of(identity_kind: str, identity_number: str) -> QuerySet[WarehouseDocument]:
    """Every document of a person (an unknown or blank kind matches any)."""
    documents = WarehouseDocument.objects.filter(
        owner_identity_number=(identity_number or "").strip()
    ).select_related("document_type", "stored_file", "source_dossier", "issuing_unit")
    if identity_kind:
        documents = documents.filter(owner_identity_kind__in=[identity_kind, ""])
    return documents


def valid_documents(identity_kind: str, identity_number: str, *, on: datetime.date):
    """The documents valid on `on`: not revoked, begun, not expired; newest first."""
    return (
        documents_of(identity_kind, identity_number)
        .filter(revoked_at__isnull=True, valid_from__lte=on, document_type__active=True)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .order_by("-valid_from", "-id")
    )


@dataclass(frozen=True)
class ReuseOffer:
    """A component of the version that a valid document of the person can replace."""

    component: object
    document: WarehouseDocument


def reuse_offers(
    identity_kind: str, identity_number: str, version, *, on: datetime.date
) -> list[ReuseOffer]:
    """For each component of `version` whose document type the person's warehouse holds valid
    on `on`, the newest such document (one query for the documents)."""
    if not (identity_number or "").strip():
        return []
    components = [c for c in version.components.all() if c.document_type]
    if not components:
        return []
    newest: dict[str, WarehouseDocument] = {}
    wanted = {c.document_type for c in components}
    for document in valid_documents(identity_kind, identity_number, on=on).filter(
        document_type__code__in=wanted
    ):
        newest.setdefault(document.document_type.code, document)
    return [
        ReuseOffer(component=c, document=newest[c.document_type])
        for c in components
        if c.document_type in newest
    ]


# --- Figures --------------------------------------------------------------------------------


def count_papers(dossier: Dossier) -> dict[str, int]:
    """The paper figures of a dossier, in one query."""
    papers = SubmittedComponent.objects.filter(dossier=dossier).aggregate(
        required=Count("id"),
        digitised=Count("id", filter=Q(digitised=True)),
        reused=Count("id", filter=~Q(reuse=0)),
    )
    return {
        "components_required": papers["required"],
        "components_digitised": papers["digitised"],
        "components_reused": papers["reused"],
    }


def count_paper_rows(rows) -> dict[str, int]:
    """The paper figures of these SubmittedComponent rows (all of a dossier's papers), counted
    as count_papers counts them in the database."""
    rows = list(rows)
    return {
        "components_required": len(rows),
        "components_digitised": sum(1 for r in rows if r.digitised),
        "components_reused": sum(1 for r in rows if r.reuse != 0),
    }


def count_results(dossier: Dossier) -> dict[str, int]:
    """Results issued electronically: the dossier's results that have a file."""
    results = ResultFile.objects.filter(dossier=dossier).values("result_id").distinct().count()
    return {"results_electronic": results}


def recount_figures(dossier: Dossier) -> dict[str, int]:
    """The figures of a dossier counted from its rows (what DossierFigures must equal)."""
    return {**count_papers(dossier), **count_results(dossier)}


def figures_of(dossier: Dossier) -> DossierFigures | None:
    return DossierFigures.objects.filter(dossier=dossier).first()
