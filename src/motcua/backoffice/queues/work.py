"""Work queues (issue 7 §3): the open dossiers of my unit(s) and the steps assigned to me, the
most urgent first, with on time / due soon / overdue in colour AND words and the time left or
over in working time; filters, counts, paging; the leader assigns a selection, and an officer
completes a step for a selection.

Filters travel in the query string, so a filtered list can be bookmarked and htmx swaps only
the results (`request.htmx`); the same URL without htmx renders the whole page.
"""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.backoffice.access import refuse, staff_view
from motcua.backoffice.queues import bulk
from motcua.backoffice.queues.forms import (
    TIMELINESS_CHOICES,
    UNASSIGNED,
    AssignForm,
    QueueFilterForm,
    user_by_uuid,
)
from motcua.backoffice.queues.links import desk_url, page_of
from motcua.dossiers import work_selectors as ws
from motcua.dossiers.models import DossierStep, StepStatus
from motcua.dossiers.selectors import dossiers_visible_to
from motcua.dossiers.transitions import CLOCK_RUNNING
from motcua.organizations.models import Role
from motcua.organizations.roles import has_role_anywhere

#: The counts shown above a list, in the order of urgency.
COUNT_LABELS = (
    (ws.OVERDUE, "overdue"),
    (ws.DUE_SOON, "due_soon"),
    (ws.ON_TIME, "on_time"),
    (ws.PAUSED, "paused"),
)


def _counts(counts: dict, query: dict) -> list[dict]:
    """The counts per timeliness, each with the query string that filters the list by it."""
    labels = dict(TIMELINESS_CHOICES)
    kept = {k: v for k, v in query.items() if k not in ("timeliness", "trang") and v}
    return [
        {
            "kind": kind,
            "label": labels[kind],
            "count": counts[key],
            "query": "?" + urlencode({**kept, "timeliness": kind}),
            "current": query.get("timeliness") == kind,
        }
        for kind, key in COUNT_LABELS
    ]


def _template(request, full: str, part: str) -> str:
    return part if request.htmx and not request.htmx.boosted else full


# --- The unit's queue -----------------------------------------------------------------------


def _unit_scope(request, units):
    """The unit asked for (its code in ?unit=), else the one the user's queue opens on."""
    code = request.GET.get("unit") or request.POST.get("unit")
    if code:
        return next((u for u in units if u.code == code), None)
    return ws.default_queue_unit(request.user) or (units[0] if units else None)


#: Consultations asked of a unit are few at a time; the oldest first, these many at most.
CONSULTATIONS_SHOWN = 100


@staff_view
def unit_queue(request):
    units = list(ws.queue_units(request.user))
    if not units:
        return refuse(
            request,
            _(
                "The unit queue is for specialists, leaders and supervisors. Your roles hold "
                "no unit whose dossiers you handle."
            ),
        )
    unit = _unit_scope(request, units)
    if unit is None:
        return refuse(request, _("This unit's queue is not open to you."), status=404)
    may_assign = ws.leads(request.user, unit)
    staff = ws.staff_of(unit)
    data = request.GET.copy()
    data.setdefault("unit", unit.code)  # the list shows which unit it is for
    form = QueueFilterForm(data, units=units, handlers=staff)
    filters = _queue_filters(form, staff)
    context = {
        "unit": unit,
        "form": form,
        "may_assign": may_assign,
        "read_only": not may_assign,
        "supervising": ws.sees_every_unit(request.user),
    }
    status = 200
    if request.method == "POST":
        if not may_assign:
            return refuse(
                request,
                _("Only a leader of %(unit)s assigns its dossiers.") % {"unit": unit.name},
            )
        status = _assign(request, unit, context)
    if may_assign:
        context.setdefault(
            "assign_form", AssignForm(candidates=ws.handler_candidates(unit, below=True))
        )
    _list_dossiers(request, unit, filters, form, context)
    context["consultations"] = list(ws.consultations_for(unit)[:CONSULTATIONS_SHOWN])
    return render(
        request,
        _template(
            request, "backoffice/queues/unit_queue.html", "backoffice/queues/_unit_rows.html"
        ),
        context,
        status=status,
    )


def _queue_filters(form, staff) -> ws.QueueFilters:
    """The filters asked for; none when a value is not one the form offers (the form then
    shows why beside its field, and the whole list is shown)."""
    if not form.is_bound or not form.is_valid():
        return ws.QueueFilters()
    data = form.cleaned_data
    handler_value = data.get("handler", "")
    return ws.QueueFilters(
        statuses=(data["status"],) if data.get("status") else (),
        procedure_code=(data.get("procedure") or "").strip(),
        timeliness=data.get("timeliness", ""),
        handler=user_by_uuid(handler_value, staff) if handler_value != UNASSIGNED else None,
        unassigned=handler_value == UNASSIGNED,
        text=data.get("q") or "",
    )


def _list_dossiers(request, unit, filters, form, context) -> None:
    edges = ws.edges(unit)
    rows = ws.unit_queue(unit, filters)
    counts = ws.timeliness_counts(rows, edges)
    shown = ws.with_timeliness(rows, filters.timeliness, edges)
    total = counts[filters.timeliness.replace("-", "_")] if filters.timeliness else counts["total"]
    query = {k: v for k, v in request.GET.items() if k != "trang"}
    page = page_of(shown, total=total, number=request.GET.get("trang"), query=query)
    steps = ws.open_steps_by_dossier(page.rows)
    for dossier in page.rows:
        dossier.open_steps = steps.get(dossier.pk, [])
        dossier.desk_url = desk_url(dossier.code or str(dossier.uuid))
    context.update({"page": page, "counts": _counts(counts, query), "total": counts["total"]})


def _assign(request, unit, context) -> int:
    candidates = ws.handler_candidates(unit, below=True)
    form = AssignForm(request.POST, candidates=candidates)
    context["assign_form"] = form
    codes = [c for c in request.POST.getlist("selected") if c]
    if not codes:
        context["errors"] = [_("Select at least one dossier.")]
        return 400
    if not form.is_valid():
        context["errors"] = [e for errors in form.errors.values() for e in errors]
        return 400
    subtree = ws.subtree_ids(unit)
    found = {
        d.code: d
        for d in dossiers_visible_to(request.user).filter(
            code__in=codes[:200], competent_unit_id__in=subtree
        )
    }
    unknown = [c for c in codes if c not in found]
    if unknown:
        context["errors"] = [
            _("Not a dossier of %(unit)s: %(codes)s. Nothing was assigned.")
            % {"unit": unit.name, "codes": ", ".join(unknown[:10])}
        ]
        return 400
    handler = form.chosen()
    context["results"] = bulk.assign_each(
        actor=request.user, dossiers=[found[c] for c in codes], handler=handler
    )
    context["results_title"] = _("Assigned to %(name)s") % {
        "name": handler.full_name or handler.get_username()
    }
    return 200


# --- My work --------------------------------------------------------------------------------


@staff_view
def my_queue(request):
    if not has_role_anywhere(request.user, Role.SPECIALIST, Role.UNIT_LEADER):
        return refuse(
            request,
            _(
                "“My work” lists the steps assigned to a specialist or leader. Your roles "
                "hold neither."
            ),
        )
    form = QueueFilterForm(request.GET or None)
    filters = _queue_filters(form, [])
    context = {"form": form}
    status = 200
    if request.method == "POST":
        status = _complete(request, context)
    units = ws.home_units(request.user)
    edges = ws.edges(units[0] if units else None)
    names = {"due": "due_at", "status": "dossier__status"}
    rows = ws.my_steps(request.user, filters)
    counts = ws.timeliness_counts(rows, edges, **names)
    shown = ws.with_timeliness(rows, filters.timeliness, edges, **names)
    total = counts[filters.timeliness.replace("-", "_")] if filters.timeliness else counts["total"]
    query = {k: v for k, v in request.GET.items() if k != "trang"}
    page = page_of(shown, total=total, number=request.GET.get("trang"), query=query)
    for step in page.rows:
        step.running = step.dossier.status in CLOCK_RUNNING
        step.desk_url = desk_url(step.dossier.code or str(step.dossier.uuid))
    context.update({"page": page, "counts": _counts(counts, query), "total": counts["total"]})
    return render(
        request,
        _template(request, "backoffice/queues/my_queue.html", "backoffice/queues/_my_rows.html"),
        context,
        status=status,
    )


def _complete(request, context) -> int:
    wanted = []
    for value in request.POST.getlist("selected"):
        try:
            wanted.append(int(value))
        except (TypeError, ValueError):
            continue
    if not wanted:
        context["errors"] = [_("Select at least one step.")]
        return 400
    steps = list(
        DossierStep.objects.filter(
            pk__in=wanted[:200],
            dossier__in=dossiers_visible_to(request.user).values("pk"),
        ).select_related("dossier", "unit")
    )
    if len(steps) != len(set(wanted)):
        context["errors"] = [
            _("A selected step is not visible to you. Nothing was done: select again.")
        ]
        return 400
    not_mine = [s for s in steps if s.handler_id != request.user.pk]
    if not_mine or any(s.status != StepStatus.IN_PROGRESS for s in steps):
        context["errors"] = [
            _(
                "A selected step is no longer yours or no longer in progress. Nothing was "
                "done: the list below is up to date."
            )
        ]
        return 400
    note = (request.POST.get("note") or "").strip()[:1000]
    context["results"] = bulk.complete_each(actor=request.user, steps=steps, note=note)
    context["results_title"] = _("Steps completed")
    return 200
