"""What the desk shows of one dossier, read through the selectors: the header facts, the
timeline (Form 05's hand-offs and the history), the papers with their files, where the paper
originals are, the internal notes and the printable forms."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.documents import selectors as documents
from motcua.documents.validation import PREVIEWABLE
from motcua.dossiers import handover_selectors, registers, selectors
from motcua.dossiers.models import Decision, PaperForm, StepOutcome
from motcua.dossiers.transitions import NATIONAL_STATUS, Action, State


@dataclass(frozen=True)
class TimelineRow:
    """One hand-off of Form 05, with its outcome in words (and a CSS class for its colour)."""

    sheet: registers.ControlSheetRow
    outcome_label: str
    outcome_class: str
    running: bool


def timeline(dossier) -> list[TimelineRow]:
    rows = []
    for row in registers.process_control_sheet(dossier):
        running = row.received_at is not None and row.finished_at is None
        if row.outcome:
            label, css = StepOutcome(row.outcome).label, f"outcome-{row.outcome}"
        elif running:
            label, css = _("In progress"), "outcome-running"
        else:
            label, css = _("Not started"), "outcome-waiting"
        rows.append(TimelineRow(row, str(label), css, running))
    return rows


def _state_label(value: str) -> str:
    return State(value).label if value in State.values else value


@dataclass(frozen=True)
class HistoryLine:
    occurred_at: object
    action: str
    change: str
    who: str
    unit: str
    note: str


def history(dossier) -> list[HistoryLine]:
    lines = []
    for entry in selectors.history_of(dossier):
        action = Action(entry.action).label if entry.action in Action.values else entry.action
        change = ""
        if entry.from_status and entry.from_status != entry.to_status:
            change = f"{_state_label(entry.from_status)} → {_state_label(entry.to_status)}"
        lines.append(
            HistoryLine(
                occurred_at=entry.occurred_at,
                action=str(action),
                change=change,
                who=entry.actor_label if entry.actor_label != "system" else _("The system"),
                unit=entry.unit.name if entry.unit_id else "",
                note=entry.note,
            )
        )
    return lines


@dataclass(frozen=True)
class FileLink:
    name: str
    url: str
    preview_url: str | None
    is_image: bool


def _file_link(dossier, link) -> FileLink:
    url = reverse("backoffice:dossier_file", args=[dossier.reference, link.uuid])
    kind = link.stored_file.kind
    preview = f"{url}?xem=1" if kind in PREVIEWABLE else None
    return FileLink(link.name, url, preview, kind in {"jpeg", "png"})


@dataclass(frozen=True)
class PaperLine:
    name: str
    form: str
    quantity: int
    digitised: bool
    reused: bool
    files: list


def papers(dossier) -> tuple[list[PaperLine], list[FileLink], list[FileLink]]:
    """(each paper handed in with its files, files of papers since replaced, result files)."""
    by_paper: dict[int | None, list[FileLink]] = {}
    for link in documents.files_of_dossier(dossier):
        by_paper.setdefault(link.submitted_component_id, []).append(_file_link(dossier, link))
    lines = [
        PaperLine(
            name=paper.name,
            form=str(PaperForm(paper.form).label) if paper.form in PaperForm.values else paper.form,
            quantity=paper.quantity,
            digitised=paper.digitised,
            reused=bool(paper.reuse),
            files=by_paper.get(paper.pk, []),
        )
        for paper in dossier.components.order_by("id")
    ]
    results = [_file_link(dossier, link) for link in documents.result_files_of(dossier)]
    return lines, by_paper.get(None, []), results


def paper_location(dossier) -> dict:
    current = handover_selectors.current_location(dossier)
    item = handover_selectors.open_item_of(dossier)
    return {
        "movement": current,
        "place": handover_selectors.public_place_name(current) if current else "",
        "batch": item.batch if item else None,
    }


@dataclass(frozen=True)
class PrintLink:
    label: str
    url: str


def print_links(dossier) -> list[PrintLink]:
    """The forms this dossier has, as the API's signed PDFs (who may see the dossier may
    print them; the endpoint checks again)."""
    wanted = []
    if dossier.code and dossier.received_at:
        wanted.append(("01", _("Form 01: receipt and appointment")))
    if dossier.supplement_requests.exists():
        wanted.append(("02", _("Form 02: request to supplement")))
    if dossier.decisions.filter(kind=Decision.Kind.REFUSAL).exists():
        wanted.append(("03", _("Form 03: refusal")))
    if hasattr(dossier, "apology"):
        wanted.append(("04", _("Form 04: apology and new appointment")))
    if dossier.code:
        wanted.append(("05", _("Form 05: process control sheet")))
    return [
        PrintLink(str(label), reverse("api:dossier-form", kwargs={"code": dossier.code, "form": n}))
        for n, label in wanted
    ]


def national_status(dossier) -> int | None:
    return NATIONAL_STATUS.get(dossier.status)
