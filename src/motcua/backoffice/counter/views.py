"""The counter page: one form for one dossier, and its htmx parts (procedure search, applicant
lookup, checklist, competent unit). The officer ends with exactly one outcome — the receipt
(Form 01), a supplement request (Form 02), a guidance note or a refusal (Form 03) — each one
call of its dossier service; a refusal of the service comes back as messages on the form, and
nothing is written."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.backoffice.counter import outcomes
from motcua.backoffice.counter.applicants import known_applicant
from motcua.backoffice.counter.checklist import row_errors
from motcua.backoffice.counter.context import (
    chosen_procedure,
    today,
    unit_by_rules,
    valid_identity,
)
from motcua.backoffice.counter.forms import ApplicantFields, CounterForm, check_identity
from motcua.backoffice.counter.points import chosen_point, counter_view
from motcua.backoffice.service_calls import add_to_form
from motcua.catalog.selectors import search_procedures
from motcua.dossiers.codes import MalformedDossierCode, parse_code
from motcua.organizations.selectors import active_service_points

#: How many matches the procedure search shows: the officer types on rather than scrolls.
SEARCH_RESULTS = 8


def _form(data=None, *, procedure=None, point=None, initial=None):
    return CounterForm(
        data,
        initial=initial or {"return_point": point.code if point else None},
        competent_units=procedure.candidates if procedure else (),
        return_points=active_service_points().order_by("name"),
    )


def _page(request, *, form, point, procedure, messages=()):
    return render(
        request,
        "backoffice/counter/page.html",
        {
            "form": form,
            "point": point,
            "points": request.counter_points,
            "procedure": procedure,
            "messages_for_form": list(messages),
            "rules": _rules(procedure, form),
        },
    )


def _rules(procedure, form):
    if procedure is None:
        return None
    area = form.data.get("applicant_area") if form.is_bound else None
    return unit_by_rules(procedure.version, area)


@counter_view
@require_http_methods(["GET", "POST"])
def counter(request):
    """The counter form (GET) and the outcome the officer chose (POST)."""
    point = chosen_point(request, request.POST.get("point") or request.GET.get("point"))
    if request.method == "GET":
        return _page(request, form=_form(point=point), point=point, procedure=None)
    data = request.POST
    code = (data.get("procedure") or "").strip()
    procedure = chosen_procedure(request.user, code, data) if code else None
    form = _form(data, procedure=procedure, point=point)
    messages = []
    valid = form.is_valid()
    if code and procedure is None:
        form.add_error(
            None, _("No procedure in force has the code “%(code)s”.") % {"code": code[:30]}
        )
        valid = False
    if procedure is not None and (errors := row_errors(procedure.rows)):
        messages.extend(errors)
        valid = False
    outcome_name = data.get("outcome", outcomes.RECEIPT)
    if outcome_name not in outcomes.OUTCOMES:
        form.add_error(
            None, _("Choose one outcome: receipt, supplement request, guidance or refusal.")
        )
        valid = False
    if not valid:
        return _page(request, form=form, point=point, procedure=procedure, messages=messages)
    result = outcomes.OUTCOMES[outcome_name](
        actor=request.user, point=point, form=form, procedure=procedure
    )
    if not result.ok:
        add_to_form(form, result)
        return _page(request, form=form, point=point, procedure=procedure, messages=messages)
    dossier = result.result
    return redirect("backoffice:counter_done", reference=dossier.code or str(dossier.uuid))


@counter_view
@require_GET
def procedure_search(request):
    """The procedures in force whose name or code holds every typed word, diacritics or not."""
    query = (request.GET.get("q") or "").strip()
    versions = (
        list(search_procedures(query, on=today())[:SEARCH_RESULTS]) if len(query) >= 2 else []
    )
    return render(
        request,
        "backoffice/counter/_procedure_results.html",
        {"query": query, "versions": versions, "correcting": _dossier_code(request)},
    )


def _dossier_code(request) -> str:
    """The dossier being corrected, when the search serves the correction page: its code in
    canonical form, or "" for anything that is not a dossier code."""
    try:
        return str(parse_code(request.GET.get("correcting") or ""))
    except MalformedDossierCode:
        return ""


@counter_view
@require_GET
def procedure_chosen(request):
    """The chosen procedure (`choose`): its checklist with the reuse offers, its fees and the
    competent unit the rules pick. Without `choose`, the checklist alone is read again from
    the posted form (the applicant changed, so did the offers), keeping every tick and scan."""
    code = request.GET.get("choose") or request.GET.get("procedure") or ""
    refresh = "choose" not in request.GET
    procedure = chosen_procedure(
        request.user, code, request.GET, fresh=not refresh, refresh=refresh
    )
    if procedure is None:
        return render(request, "backoffice/counter/_procedure_missing.html", {"code": code[:30]})
    rules = unit_by_rules(procedure.version, request.GET.get("applicant_area"))
    if refresh:
        return render(request, "backoffice/counter/_checklist.html", {"procedure": procedure})
    form = _form(
        initial={"competent_unit": rules.unit.code if rules.unit else None}, procedure=procedure
    )
    return render(
        request,
        "backoffice/counter/_procedure.html",
        {
            "form": form,
            "procedure": procedure,
            "rules": rules,
            "focus_first": True,
            "identity_known": valid_identity(request.GET) is not None,
        },
    )


@counter_view
@require_GET
def competent_unit(request):
    """The competent-unit field again when the applicant's commune changes: the rules'
    choice is pre-selected."""
    procedure = chosen_procedure(request.user, request.GET.get("procedure") or "", request.GET)
    if procedure is None:
        return render(request, "backoffice/counter/_procedure_missing.html", {"code": ""})
    rules = unit_by_rules(procedure.version, request.GET.get("applicant_area"))
    form = _form(
        initial={"competent_unit": rules.unit.code if rules.unit else None}, procedure=procedure
    )
    return render(
        request,
        "backoffice/counter/_competent.html",
        {"form": form, "procedure": procedure, "rules": rules},
    )


@counter_view
@require_GET
def applicant_lookup(request):
    """The applicant's details by ID number: a known applicant's are filled in; an ID number
    of the wrong shape is told at once, in the officer's language."""
    kind = request.GET.get("applicant_identity_kind") or "cccd"
    number = request.GET.get("applicant_identity_number") or ""
    typed = {name: request.GET.get(name, "") for name in ApplicantFields.base_fields}
    error, found = "", None
    try:
        number = check_identity(kind, number)
    except ValidationError as refusal:
        error = " ".join(refusal.messages)
    else:
        found = known_applicant(request.user, number)
        if found.found:
            typed.update(found.initial)
    form = ApplicantFields(initial=typed)
    response = render(
        request,
        "backoffice/counter/_applicant.html",
        {"form": form, "lookup_error": error, "found": found, "number": number},
    )
    # The reuse offers and the competent unit depend on who applies: their parts reload.
    response["HX-Trigger-After-Swap"] = "counter-applicant-changed"
    return response
