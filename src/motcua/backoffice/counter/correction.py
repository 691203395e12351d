"""Correcting a reception the counter got wrong (a misspelt name, a paper entered wrongly, the
wrong procedure),
by the point that received the dossier and before processing starts — the service's rules
(dossiers.services.correction). The dossier keeps its code; the officer reprints the receipt.

Not visible to the officer: 404, like any dossier of another point. Visible but not theirs to
correct: 403 with the reason.
"""

from django import forms
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.backoffice.access import refuse, visible_dossier_or_404
from motcua.backoffice.counter.checklist import build_rows, handed_in, row_errors
from motcua.backoffice.counter.forms import ApplicantFields
from motcua.backoffice.counter.points import counter_view
from motcua.backoffice.service_calls import add_to_form, attempt
from motcua.catalog.counter_selectors import version_for_counter
from motcua.dossiers.codes import reception_day
from motcua.dossiers.services.correction import correct
from motcua.dossiers.services.reception import APPLICANT_FIELDS
from motcua.policy import can


class CorrectionForm(ApplicantFields):
    reason = forms.CharField(
        label=_("Why the reception is corrected"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the reception is corrected.")},
    )


def _papers_as_posted(dossier) -> dict:
    """The dossier's papers in the checklist's field names, as if the officer had posted them."""
    data = {}
    for paper in dossier.components.exclude(component__isnull=True):
        prefix = f"c-{paper.component_id}"
        data.update(
            {
                f"{prefix}-given": "on",
                f"{prefix}-form": paper.form,
                f"{prefix}-quantity": str(paper.quantity),
            }
        )
    return data


def _signature(components) -> list[tuple]:
    return sorted((c.component_id, c.form, c.quantity) for c in components)


@counter_view
@require_http_methods(["GET", "POST"])
def correct_reception(request, code: str):
    dossier = visible_dossier_or_404(request, code)
    if not can(request.user, "dossiers.decide_at_reception", dossier):
        return refuse(
            request,
            _(
                "Only the officers of the point that received this dossier may correct its "
                "reception."
            ),
        )
    current = dossier.procedure_version
    on_file = _papers_as_posted(dossier)
    data = request.POST if request.method == "POST" else request.GET
    # Another procedure chosen (the receipt named the wrong one): its version in force on the
    # reception day, whose papers are then given again.
    wanted = (data.get("procedure") or "").strip()
    version = current
    if wanted and wanted != current.procedure.code:
        version = version_for_counter(wanted, reception_day(dossier.received_at))
        if version is None:
            form = CorrectionForm(initial=model_to_dict(dossier, fields=APPLICANT_FIELDS))
            rows = build_rows(current, on_file, user=request.user)
            message = _("No procedure in force has the code “%(code)s”.") % {"code": wanted[:30]}
            return _page(request, dossier, form, rows, current, [message])
    if request.method == "GET":
        form = CorrectionForm(initial=model_to_dict(dossier, fields=APPLICANT_FIELDS))
        rows = build_rows(version, on_file if version == current else {}, user=request.user)
        return _page(request, dossier, form, rows, version)
    form = CorrectionForm(request.POST)
    rows = build_rows(version, request.POST, user=request.user)
    messages = row_errors(rows)
    if not form.is_valid() or messages:
        return _page(request, dossier, form, rows, version, messages)
    components = handed_in(rows)
    before = handed_in(build_rows(current, on_file, user=request.user))
    new_procedure = version != current
    changed_papers = new_procedure or _signature(components) != _signature(before)
    outcome = attempt(
        correct,
        actor=request.user,
        dossier=dossier,
        reason=form.cleaned_data["reason"],
        applicant=form.applicant(),
        procedure_version=version if new_procedure else None,
        components=components if changed_papers else None,
    )
    if not outcome.ok:
        add_to_form(form, outcome)
        return _page(request, dossier, form, rows, version, messages)
    url = reverse("backoffice:counter_done", kwargs={"reference": dossier.code})
    return redirect(f"{url}?dinh-chinh=1")


def _page(request, dossier, form, rows, version, messages=()):
    return render(
        request,
        "backoffice/counter/correct.html",
        {
            "dossier": dossier,
            "form": form,
            "rows": rows,
            "version": version,
            "procedure_changed": version != dossier.procedure_version,
            "messages_for_form": list(messages),
        },
    )
