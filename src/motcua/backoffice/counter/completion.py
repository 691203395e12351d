"""A dossier recorded at the counter with a supplement request (Form 02) comes back: the
citizen brings the missing papers, the officer ticks and scans them, and the dossier is
received — code and clock start now (dossiers.services.completion.receive_completed).

The officer finds it by the applicant's ID number on the counter page (the lookup lists the
applicant's dossiers waiting for papers at this point). Only the officers of the point that
recorded it may receive it; a dossier they may not see is a 404.
"""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.backoffice.access import refuse, visible_dossier_or_404
from motcua.backoffice.counter.checklist import build_rows, row_errors
from motcua.backoffice.counter.context import ChosenProcedure, unit_by_rules
from motcua.backoffice.counter.forms import CompletionForm
from motcua.backoffice.counter.outcomes import receive_brought_papers
from motcua.backoffice.counter.points import counter_view
from motcua.backoffice.service_calls import add_to_form
from motcua.catalog.counter_selectors import competent_candidates
from motcua.dossiers.models import DossierChannel, SupplementStage
from motcua.dossiers.transitions import State
from motcua.policy import can


def _asked_for(dossier) -> list:
    """The lines of the open Form 02 of reception: what the citizen was asked to bring."""
    request = (
        dossier.supplement_requests.filter(stage=SupplementStage.RECEPTION)
        .order_by("-requested_at", "-id")
        .first()
    )
    return list(request.items.order_by("id")) if request else []


@counter_view
@require_http_methods(["GET", "POST"])
def receive_completed_dossier(request, reference: str):
    dossier = visible_dossier_or_404(request, reference)
    if not can(request.user, "dossiers.decide_at_reception", dossier):
        return refuse(
            request,
            _("Only the officers of the point that recorded this dossier may receive it."),
        )
    if dossier.status != State.AWAITING_COMPLETION or dossier.channel != DossierChannel.COUNTER:
        return refuse(
            request,
            _("This dossier is not waiting for papers brought to the counter."),
            status=409,
        )
    asked = _asked_for(dossier)
    version = dossier.procedure_version
    rules = unit_by_rules(version, dossier.applicant_area_id)
    candidates = competent_candidates(version)
    on_file = set(dossier.components.values_list("component_id", flat=True))
    if request.method == "GET":
        # The papers asked for are ticked: the citizen came back to bring them.
        data = {f"c-{item.component_id}-given": "on" for item in asked if item.component_id}
        procedure = ChosenProcedure(version, build_rows(version, data, user=request.user))
        form = CompletionForm(
            competent_units=candidates,
            initial={"competent_unit": rules.unit.code if rules.unit else None},
        )
        return _page(request, dossier, form, procedure, asked, on_file, rules)
    procedure = ChosenProcedure(version, build_rows(version, request.POST, user=request.user))
    form = CompletionForm(request.POST, competent_units=candidates)
    messages = row_errors(procedure.rows)
    if form.is_valid() and not messages:
        outcome = receive_brought_papers(
            actor=request.user,
            dossier=dossier,
            procedure=procedure,
            competent_unit=form.cleaned_data.get("competent_unit"),
        )
        if outcome.ok:
            return redirect("backoffice:counter_done", reference=outcome.result.code)
        add_to_form(form, outcome)
    return _page(request, dossier, form, procedure, asked, on_file, rules, messages)


def _page(request, dossier, form, procedure, asked, on_file, rules, messages=()):
    return render(
        request,
        "backoffice/counter/complete.html",
        {
            "dossier": dossier,
            "form": form,
            "procedure": procedure,
            "asked": asked,
            "on_file": on_file,
            "rules": rules,
            "messages_for_form": list(messages),
        },
    )
