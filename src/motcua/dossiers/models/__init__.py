"""Dossier models, one module per part: the code counter, the dossier aggregate, inter-agency
requests, processing."""

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
from motcua.dossiers.models.group import DossierGroup
from motcua.dossiers.models.handover import (
    BatchStatus,
    HandoverBatch,
    HandoverItem,
    ItemOutcome,
    PaperMovement,
    PaperPlace,
)
from motcua.dossiers.models.notes import InternalNote
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
    "BatchStatus",
    "Decision",
    "Dossier",
    "DossierChannel",
    "DossierCodeCounter",
    "DossierFee",
    "DossierGroup",
    "DossierStep",
    "HandoverBatch",
    "HandoverItem",
    "HistoryEntry",
    "InternalNote",
    "ItemOutcome",
    "PaperForm",
    "PaperMovement",
    "PaperPlace",
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
