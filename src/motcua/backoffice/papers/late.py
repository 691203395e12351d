"""Late management (issue 7 §6, DOMAIN §3.5): the dossiers of my units at risk of lateness
while an apology with a new date (Form 04) is still allowed, and those already overdue; the
leader drafts the apology (reason, new date), the reschedule service records it, and Form 04
is printed.

Unit leaders act for their units; supervisors (and system administrators) follow every unit
read-only: the reschedule service accepts only a leader of the unit that decides.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.backoffice.access import refuse, staff_view, visible_dossier_or_404
from motcua.backoffice.papers.forms import ApologyForm
from motcua.backoffice.papers.printed import pdf_response
from motcua.backoffice.service_calls import add_to_form, attempt
from motcua.backoffice.timeliness import due_soon_threshold
from motcua.dossiers import late_selectors
from motcua.dossiers.models import Apology
from motcua.dossiers.rules import SEE_ALL_ROLES
from motcua.dossiers.services import reschedule
from motcua.organizations.models import Role, Unit
from motcua.organizations.roles import has_role_anywhere, has_role_over, units_with_role
from motcua.printing.contexts import FormNotAvailable
from motcua.printing.models import FormKind
from motcua.printing.services import print_dossier_form


def _blocker_text(blocker: str) -> str:
    """The reason, in words, why no apology can be drafted for a dossier."""
    return {
        late_selectors.ALREADY_RESCHEDULED: _("Already rescheduled once: no second apology."),
        late_selectors.TOO_LATE: _(
            "Less than one working day before the due date: too late for an apology."
        ),
        late_selectors.WRONG_STATE: _("Its state does not allow a new date."),
    }.get(blocker, "")


def _led_units(user) -> list[Unit]:
    return units_with_role(user, Role.UNIT_LEADER)


@staff_view
def late_list(request):
    led = _led_units(request.user)
    oversees = has_role_anywhere(request.user, *SEE_ALL_ROLES)
    if not led and not oversees:
        return refuse(
            request,
            _(
                "Late management is for unit leaders, who apologise and set a new date, and "
                "for supervisors, who follow every unit."
            ),
        )
    unit_code = request.GET.get("don-vi", "").strip()[:20]
    unit = Unit.objects.filter(code=unit_code).first() if unit_code else None
    if unit is not None and not (oversees or any(unit.path.startswith(u.path) for u in led)):
        unit = None  # a leader follows only the units they lead
    units = [unit] if unit is not None else (None if oversees else led)
    watch = late_selectors.late_watch(units, window=due_soon_threshold())
    for row in watch.at_risk + watch.overdue:
        row.dossier.may_act = row.may_apologise and has_role_over(
            request.user, row.dossier.competent_unit, Role.UNIT_LEADER
        )
        row.dossier.blocker_text = _blocker_text(row.blocker)
    return render(
        request,
        "backoffice/papers/late.html",
        {
            "watch": watch,
            "unit": unit,
            "unit_code": unit_code,
            "led": led,
            "oversees": oversees,
            "window_days": int(due_soon_threshold().total_seconds() // (8 * 3600)),
        },
    )


@staff_view
def apology(request, code):
    """GET: the apology drafted for the dossier (with Form 04), or the form to draft it;
    POST: record it through the reschedule service."""
    dossier = visible_dossier_or_404(request, code)
    recorded = Apology.objects.filter(dossier=dossier).select_related("issued_by").first()
    if recorded is not None and request.method != "POST":
        return render(
            request, "backoffice/papers/apology.html", {"dossier": dossier, "apology": recorded}
        )
    if not has_role_over(request.user, dossier.competent_unit, Role.UNIT_LEADER):
        return refuse(
            request,
            _(
                "Only a leader of the unit that decides this dossier apologises and sets a new "
                "date."
            ),
        )
    blocker = "" if recorded else late_selectors.apology_blocker(dossier)
    if request.method != "POST":
        context = {"dossier": dossier, "form": ApologyForm(), "blocker": _blocker_text(blocker)}
        return render(request, "backoffice/papers/apology.html", context)
    form = ApologyForm(request.POST)
    if form.is_valid():
        outcome = attempt(
            reschedule,
            actor=request.user,
            dossier=dossier,
            new_due_at=form.new_due_at(),
            reason=form.cleaned_data["reason"],
        )
        if outcome.ok:
            messages.success(
                request,
                _(
                    "The apology is recorded and the new date is set. Print Form 04 for the "
                    "applicant."
                ),
            )
            return redirect("backoffice:apology", code=dossier.code)
        add_to_form(form, outcome)
        status = 403 if outcome.forbidden else 400
    else:
        status = 400
    context = {"dossier": dossier, "form": form, "blocker": ""}
    return render(request, "backoffice/papers/apology.html", context, status=status)


@require_GET
@staff_view
def apology_pdf(request, code):
    dossier = visible_dossier_or_404(request, code)
    try:
        printed = print_dossier_form(actor=request.user, dossier=dossier, form=FormKind.APOLOGY)
    except FormNotAvailable as error:
        raise Http404(_("No apology was issued for this dossier.")) from error
    return pdf_response(printed)
