"""The four outcomes of the counter, each one call of its dossier service (DOMAIN §3.2):

- receipt: receive_at_counter — code, frozen due date, Form 01;
- supplement: request_completion — Form 02 listing every missing paper at once, with reasons;
- guidance: give_guidance — what to prepare, the dossier is not accepted;
- refusal: refuse — Form 03 with a reason code.

The scans uploaded for the papers are attached in the SAME transaction as the outcome, so the
dossier is written with its scans or not at all. That transaction is opened only when there
are scans: the reception service keeps its checks outside its own transaction on purpose
(SQLite's write lock), and without scans there is nothing to join it with.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.backoffice.counter.checklist import handed_in
from motcua.backoffice.service_calls import Outcome, attempt
from motcua.documents import storage
from motcua.documents.services import attach_file
from motcua.dossiers.models import SubmittedComponent
from motcua.dossiers.services.completion import receive_completed
from motcua.dossiers.services.outcomes import (
    ItemToSupplement,
    give_guidance,
    refuse,
    request_completion,
)
from motcua.dossiers.services.reception import ReceptionRequest, receive_at_counter

RECEIPT, SUPPLEMENT, GUIDANCE, REFUSAL = "receipt", "supplement", "guidance", "refusal"


def reception_request(form, procedure) -> ReceptionRequest:
    data = form.cleaned_data
    return ReceptionRequest(
        procedure_version=procedure.version,
        **form.applicant(),
        components=handed_in(procedure.rows),
        competent_unit=data.get("competent_unit"),
        return_channel=data["return_channel"],
        return_point=data.get("return_point"),
        return_address=data.get("return_address") or "",
    )


def _attach_scans(actor, dossier, rows) -> Outcome:
    """Attach each uploaded scan to its paper of the new dossier (the upload chain checks the
    content again: what is attached is what was checked)."""
    papers = {p.component_id: p for p in SubmittedComponent.objects.filter(dossier=dossier)}
    for row in rows:
        if row.scan is None or not row.handed_in or row.component.pk not in papers:
            continue
        with storage.open_content(row.scan.sha256) as content:
            upload = ContentFile(content.read(), name=row.scan.name)
        attached = attempt(
            attach_file,
            actor=actor,
            dossier=dossier,
            submitted_component=papers[row.component.pk],
            upload=upload,
        )
        if not attached.ok:
            attached.errors = [f"{row.component.name}: {m}" for m in attached.all_messages]
            attached.field_errors = {}
            return attached
    return Outcome(result=dossier)


def _with_scans(actor, procedure, write) -> Outcome:
    """Run `write()` (an Outcome whose result names the dossier), then attach the scans; all
    of it or nothing."""
    if not any(row.scan and row.handed_in for row in procedure.rows):
        return write()
    with transaction.atomic():
        outcome = write()
        if not outcome.ok:
            return outcome
        attached = _attach_scans(actor, dossier_of(outcome.result), procedure.rows)
        if not attached.ok:
            transaction.set_rollback(True)
            return attached
    return outcome


def dossier_of(result):
    """The dossier a service returned, directly or through its Form 02 / decision."""
    return getattr(result, "dossier", result)


def _as_dossier(outcome: Outcome) -> Outcome:
    if outcome.ok:
        outcome.result = dossier_of(outcome.result)
    return outcome


def receive(*, actor, point, form, procedure) -> Outcome:
    request = reception_request(form, procedure)
    return _with_scans(
        actor,
        procedure,
        lambda: attempt(receive_at_counter, actor=actor, point=point, request=request),
    )


def missing_items(rows) -> list[ItemToSupplement]:
    """Form 02's lines: every required paper not on file, and every paper on file that the
    officer noted as wrong — with the officer's note as the reason, or a plain one."""
    items = []
    for row in rows:
        if row.component.required and not row.handed_in:
            reason = row.note or _("Not handed in.")
        elif row.handed_in and row.note:
            reason = row.note
        else:
            continue
        items.append(ItemToSupplement(reason=reason, component_id=row.component.pk))
    return items


def ask_for_papers(*, actor, point, form, procedure) -> Outcome:
    request = reception_request(form, procedure)
    return _as_dossier(
        _with_scans(
            actor,
            procedure,
            lambda: attempt(
                request_completion,
                actor=actor,
                point=point,
                request=request,
                items=missing_items(procedure.rows),
                note=form.cleaned_data.get("outcome_text") or "",
            ),
        )
    )


def guide(*, actor, point, form, procedure) -> Outcome:
    """The guidance note: the papers the citizen showed are recorded, none is kept (no scan)."""
    return _as_dossier(
        attempt(
            give_guidance,
            actor=actor,
            point=point,
            request=reception_request(form, procedure),
            text=form.cleaned_data.get("outcome_text") or "",
        )
    )


def refuse_dossier(*, actor, point, form, procedure) -> Outcome:
    return _as_dossier(
        attempt(
            refuse,
            actor=actor,
            point=point,
            request=reception_request(form, procedure),
            reason_code=form.cleaned_data.get("reason_code") or "",
            text=form.cleaned_data.get("outcome_text") or "",
        )
    )


def receive_brought_papers(*, actor, dossier, procedure, competent_unit) -> Outcome:
    """A counter dossier waiting for its Form 02 papers: the papers brought now (the ticked
    rows) replace what was on file, and the dossier is received (Form 01)."""
    return _with_scans(
        actor,
        procedure,
        lambda: attempt(
            receive_completed,
            actor=actor,
            dossier=dossier,
            components=handed_in(procedure.rows),
            competent_unit=competent_unit,
        ),
    )


OUTCOMES = {
    RECEIPT: receive,
    SUPPLEMENT: ask_for_papers,
    GUIDANCE: guide,
    REFUSAL: refuse_dossier,
}
