"""Dossier models, one module per part: the code counter, the dossier aggregate, processing."""

from motcua.dossiers.models.counter import DossierCodeCounter
from motcua.dossiers.models.dossier import (
    ApplicantKind,
    Dossier,
    DossierChannel,
    DossierFee,
    HistoryEntry,
    PaperForm,
    ReturnChannel,
    ReuseSource,
    SubmittedComponent,
)
from motcua.dossiers.models.processing import (
    Apology,
    Decision,
    DossierStep,
    RefusalReason,
    ResultReturn,
    StepOutcome,
    StepStatus,
    SupplementItem,
    SupplementRequest,
    SupplementStage,
)

__all__ = [
    "Apology",
    "ApplicantKind",
    "Decision",
    "Dossier",
    "DossierChannel",
    "DossierCodeCounter",
    "DossierFee",
    "DossierStep",
    "HistoryEntry",
    "PaperForm",
    "RefusalReason",
    "ResultReturn",
    "ReturnChannel",
    "ReuseSource",
    "StepOutcome",
    "StepStatus",
    "SubmittedComponent",
    "SupplementItem",
    "SupplementRequest",
    "SupplementStage",
]
