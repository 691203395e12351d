"""Reads of dossiers, filtered by who asks. A dossier the user may not see does not exist for
them (None → 404), so a code reveals nothing about other people's dossiers."""

from motcua.dossiers.codes import parse_code
from motcua.dossiers.models import Dossier, HistoryEntry
from motcua.policy import can

_DETAIL_RELATIONS = (
    "procedure_version__procedure",
    "procedure_version__field",
    "receiving_point",
    "receiving_agency",
    "competent_unit",
    "return_point",
)


def dossier_by_code(code: str) -> Dossier | None:
    """The dossier with this code, for public lookup; raises MalformedDossierCode first."""
    canonical = str(parse_code(code))
    return Dossier.objects.select_related(*_DETAIL_RELATIONS).filter(code=canonical).first()


def visible_dossier(user, code: str) -> Dossier | None:
    dossier = dossier_by_code(code)
    if dossier is None or not can(user, "dossiers.view", dossier):
        return None
    return dossier


def history_of(dossier: Dossier):
    return (
        HistoryEntry.objects.filter(dossier=dossier)
        .select_related("unit")
        .order_by("occurred_at", "id")
    )
