"""The returns desk (issue 7 §6): the results waiting at my service point, handed to the citizen
(who collected it, with which identity, whether the originals are kept, the tracking book
signed) or posted from here with the waybill number.

The collector's signature stays where the law and the counter keep it: in the paper tracking
book (Form 06 has a signature column for each line). The form asks the officer to confirm that
the collector signed it; the return service has no place for a drawn image, and a picture of
a signature captured on a screen would be a copy of personal data with no legal force of its
own (it is not a digital signature), so none is stored.
"""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.backoffice.access import refuse, staff_view
from motcua.backoffice.papers.forms import CounterReturnForm, PostReturnForm
from motcua.backoffice.service_calls import add_to_form, attempt
from motcua.dossiers import return_selectors
from motcua.dossiers.models import ReturnChannel
from motcua.dossiers.services import return_result


def _points_or_refusal(request):
    points = return_selectors.return_points_of(request.user)
    if points:
        return points, None
    return None, refuse(
        request,
        _(
            "The returns desk is for the reception officers of a service point: results are "
            "handed back at the point the applicant chose."
        ),
    )


def _start_of_today() -> datetime.datetime:
    local = timezone.localtime()
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


@staff_view
def returns_desk(request):
    points, refusal = _points_or_refusal(request)
    if refusal:
        return refusal
    return render(
        request,
        "backoffice/papers/returns.html",
        {
            "points": points,
            "waiting": list(return_selectors.waiting_at_counter(points)[:200]),
            "to_post": list(return_selectors.to_post(points)[:200]),
            "returned_today": list(
                return_selectors.recently_returned(points, since=_start_of_today())[:50]
            ),
        },
    )


def _form_class(dossier):
    return CounterReturnForm if dossier.return_channel == ReturnChannel.COUNTER else PostReturnForm


@staff_view
def return_one(request, code):
    """GET: the return form of one result; POST: return it (the service decides)."""
    points, refusal = _points_or_refusal(request)
    if refusal:
        return refusal
    dossier = return_selectors.result_to_return(points, code)
    if dossier is None:
        raise Http404(_("No result with this code waits at your service point."))
    form_class = _form_class(dossier)
    if request.method != "POST":
        form = form_class()
        return render(request, "backoffice/papers/return_form.html", _context(dossier, form))
    form = form_class(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        outcome = attempt(
            return_result,
            actor=request.user,
            dossier=dossier,
            collected_by_name=data.get("collected_by_name", ""),
            collected_by_identity=data.get("collected_by_identity", ""),
            originals_kept=data.get("originals_kept", False),
            waybill=data.get("waybill", ""),
        )
        if outcome.ok:
            if dossier.return_channel == ReturnChannel.POST:
                text = _("The result of %(code)s is posted, waybill %(waybill)s.") % {
                    "code": dossier.code,
                    "waybill": data["waybill"].strip(),
                }
            else:
                text = _("The result of %(code)s was handed to %(name)s.") % {
                    "code": dossier.code,
                    "name": data["collected_by_name"].strip(),
                }
            messages.success(request, text)
            return redirect("backoffice:returns")
        add_to_form(form, outcome)
        status = 403 if outcome.forbidden else 400
    else:
        status = 400
    return render(
        request, "backoffice/papers/return_form.html", _context(dossier, form), status=status
    )


def _context(dossier, form) -> dict:
    return {
        "dossier": dossier,
        "form": form,
        "by_post": dossier.return_channel == ReturnChannel.POST,
    }
