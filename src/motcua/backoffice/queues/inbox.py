"""The online inbox (issue 7 §2): dossiers submitted online to my service point, the oldest
first, each with the time left on its reception clock; receive one, or several of ONE
applicant on one combined receipt."""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.backoffice import timeliness
from motcua.backoffice.access import refuse, staff_view
from motcua.backoffice.queues import bulk, receipts
from motcua.backoffice.queues.forms import parse_uuid
from motcua.backoffice.queues.links import desk_url, page_of
from motcua.backoffice.service_calls import attempt
from motcua.calendars.selectors import effective_calendar
from motcua.dossiers import work_selectors
from motcua.dossiers.codes import MalformedDossierCode
from motcua.dossiers.selectors import visible_dossier
from motcua.dossiers.services import receive_online


def _not_reception(request):
    return refuse(
        request,
        _(
            "The online inbox is for reception officers of a service point. Your roles hold "
            "no service point."
        ),
    )


def _selected(inbox, values) -> tuple[list, list[str]]:
    """The inbox's dossiers named by the posted public ids, in inbox order, and the ids that
    name none of them (unknown, already decided, or of another point)."""
    wanted = {parse_uuid(v) for v in values} - {None}
    found = list(inbox.filter(uuid__in=wanted)) if wanted else []
    unknown = [v for v in values if parse_uuid(v) not in {d.uuid for d in found}]
    return found, unknown


#: Working time left on the one-day reception clock under which a dossier is "due soon": the
#: queues' threshold of two working days would mark every dossier of the inbox due soon.
RECEPTION_DUE_SOON = datetime.timedelta(hours=2)


def reception_timeliness(due, unit, now=None) -> timeliness.Timeliness:
    if due is None:
        return timeliness.of_due(None)
    left = effective_calendar(unit, timeliness.language()).remaining(now or timezone.now(), due)
    detail = timeliness.describe_left(left)
    if left < datetime.timedelta(0):
        return timeliness.Timeliness(timeliness.OVERDUE, _("Overdue"), detail, left)
    if left <= RECEPTION_DUE_SOON:
        return timeliness.Timeliness(timeliness.DUE_SOON, _("Due soon"), detail, left)
    return timeliness.Timeliness(timeliness.ON_TIME, _("On time"), detail, left)


def _rows(dossiers, now=None):
    for dossier in dossiers:
        due = work_selectors.reception_due(dossier)
        dossier.reception_due = due
        dossier.reception_timeliness = reception_timeliness(
            due, dossier.receiving_point.agency, now
        )
        dossier.desk_url = desk_url(str(dossier.uuid))
    return dossiers


@staff_view
def online_inbox(request):
    if not work_selectors.reception_points_of(request.user):
        return _not_reception(request)
    inbox = work_selectors.online_inbox(request.user)
    context = {"points": work_selectors.reception_points_of(request.user)}
    status = 200
    if request.method == "POST":
        status = _act(request, inbox, context)
    page = page_of(inbox, total=inbox.count(), number=request.GET.get("trang"), query={})
    _rows(page.rows)
    context["page"] = page
    return render(request, "backoffice/queues/inbox.html", context, status=status)


def _act(request, inbox, context) -> int:
    """Carry out the posted action; put what happened in `context`; the response status."""
    # A row's own button posts receive=<public id>; the button under the list posts
    # action=receive_together with the ticked rows.
    action = "receive" if request.POST.get("receive") else request.POST.get("action")
    if action == "receive":
        dossiers, _unknown = _selected(inbox, [request.POST.get("receive", "")])
        if not dossiers:
            context["errors"] = [_gone()]
            return 400
        outcome = attempt(receive_online, actor=request.user, dossier=dossiers[0])
        if not outcome.ok:
            context["errors"] = outcome.all_messages
            context["failed"] = dossiers[0]
            return 403 if outcome.forbidden else 400
        context["received"] = [outcome.result]
        return 200
    if action == "receive_together":
        dossiers, unknown = _selected(inbox, request.POST.getlist("selected"))
        if unknown:
            context["errors"] = [_gone()]
            return 400
        try:
            together = bulk.receive_together(actor=request.user, dossiers=dossiers)
        except ValidationError as refusal:
            context["errors"] = refusal.messages
            return 400
        if together.refused:
            context["errors"] = [
                _("Nothing was received: %(name)s could not be received — %(why)s")
                % {"name": _describe(dossier), "why": " ".join(messages)}
                for dossier, messages in together.refused.items()
            ]
            return 400
        context["received"] = together.received
        context["together"] = True
        return 200
    context["errors"] = [_("Choose an action: receive one dossier, or the selected ones.")]
    return 400


def _gone() -> str:
    return _(
        "A selected dossier is no longer waiting in this inbox (received or decided by "
        "someone else meanwhile). The list below is up to date: select again."
    )


def _describe(dossier) -> str:
    return f"{dossier.procedure_version.name} ({dossier.applicant_name})"


@staff_view
def online_receipts(request):
    """The combined Form 01 of dossiers received together: ?ma=<code>&ma=<code>…"""
    codes = [c.strip().upper() for c in request.GET.getlist("ma") if c.strip()][:50]
    if not codes:
        return refuse(request, _("Select at least one dossier."), status=400)
    try:
        dossiers = [visible_dossier(request.user, code) for code in codes]
    except MalformedDossierCode as error:
        return refuse(request, str(error), status=400)
    if any(d is None or not d.code for d in dossiers):
        return refuse(request, _("No dossier with this code is visible to you."), status=404)
    try:
        bulk.check_one_applicant(dossiers)
    except ValidationError as refusal:
        return refuse(request, " ".join(refusal.messages), status=400)
    response = HttpResponse(
        receipts.combined_receipt(actor=request.user, dossiers=dossiers),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="{receipts.filename()}"'
    response["Cache-Control"] = "private, no-store"
    response["Motcua-Signed"] = "no"
    return response
