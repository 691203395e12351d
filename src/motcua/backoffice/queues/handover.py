"""Handing over all open work of an officer who leaves or moves (issue 7 §3): the leader picks
the unit, the officer and the successor, sees the list of what will pass, confirms, and every
dossier passes in one act (dossiers.services.reassignment)."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.backoffice.access import refuse, staff_view
from motcua.backoffice.queues.forms import HandoverForm
from motcua.backoffice.queues.links import desk_url
from motcua.backoffice.service_calls import add_to_form, attempt
from motcua.dossiers import work_selectors as ws
from motcua.dossiers.services.reassignment import reassign_all_open_work
from motcua.organizations.models import Role
from motcua.organizations.roles import units_with_role


def _led_units(user) -> list:
    """The units the user leads and the units below them."""
    led = units_with_role(user, Role.UNIT_LEADER)
    return [u for u in ws.queue_units(user) if any(u.path.startswith(m.path) for m in led)]


@staff_view
def work_handover(request):
    units = _led_units(request.user)
    if not units:
        return refuse(request, _("Only a unit leader hands over an officer's work."))
    # A GET with an officer chosen is the preview; a GET naming only the unit fills the lists.
    data = request.POST if request.method == "POST" else None
    if request.method == "GET" and request.GET.get("from_user"):
        data = request.GET
    code = (data or request.GET).get("unit") or units[0].code
    unit = next((u for u in units if u.code == code), units[0])
    form = HandoverForm(
        data,
        initial={"unit": unit.code},
        units=units,
        staff=ws.staff_of(unit),
        successors=ws.handler_candidates(unit),
    )
    context = {"form": form, "unit": unit}
    status = 200
    if data is not None and form.is_valid():
        officer = form.from_officer()
        work = list(ws.open_work_of(officer, unit))
        for dossier in work:
            dossier.desk_url = desk_url(dossier.code)
            dossier.movable = dossier.status in ws.REASSIGNABLE_STATES
        context.update({"officer": officer, "successor": form.successor(), "work": work})
        if request.method == "POST":
            outcome = attempt(
                reassign_all_open_work,
                actor=request.user,
                from_user=officer,
                to_user=form.successor(),
                unit=unit,
                reason=form.cleaned_data["reason"],
            )
            if outcome.ok:
                context["handover"] = outcome.result
                for dossier in outcome.result.moved:
                    dossier.desk_url = desk_url(dossier.code)
                context["work"] = []
            else:
                add_to_form(form, outcome)
                status = 403 if outcome.forbidden else 400
    elif data is not None:
        status = 400
    return render(request, "backoffice/queues/handover.html", context, status=status)
