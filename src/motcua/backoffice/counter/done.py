"""After the outcome: what was issued, the form to print, and the next dossier.

The page names the dossier by its code (or, for a dossier not accepted, which has no code, by
its public id) and is shown only to those who may see the dossier; others get a 404, as for
any dossier of another point. The print button opens the signed PDF inline, so the browser's
own print dialog is one keystroke away.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.backoffice.access import visible_dossier_or_404
from motcua.backoffice.counter.context import vnd
from motcua.backoffice.counter.points import counter_view
from motcua.dossiers.transitions import State
from motcua.printing import services as printing
from motcua.printing.contexts import FormNotAvailable
from motcua.printing.models import FormKind

#: The form each outcome issues.
FORM_OF_STATE = {
    State.RECEIVED: FormKind.RECEIPT,
    State.AWAITING_COMPLETION: FormKind.SUPPLEMENT_REQUEST,
    State.GUIDED: FormKind.GUIDANCE,
    State.REFUSED: FormKind.REFUSAL,
}
PRINTABLE = frozenset(FORM_OF_STATE.values())


@counter_view
@require_GET
def done(request, reference: str):
    dossier = visible_dossier_or_404(request, reference)
    return render(
        request,
        "backoffice/counter/done.html",
        {
            "dossier": dossier,
            "form_kind": FORM_OF_STATE.get(dossier.status),
            "reference": reference,
            "corrected": request.GET.get("dinh-chinh") == "1",
            "fees": [(fee.name, vnd(fee.amount_vnd)) for fee in dossier.fees.order_by("id")],
        },
    )


@counter_view
@require_GET
def print_form(request, reference: str, form: str):
    dossier = visible_dossier_or_404(request, reference)
    if form not in PRINTABLE:
        raise Http404(_("No such form."))
    try:
        printed = printing.print_dossier_form(actor=request.user, dossier=dossier, form=form)
    except FormNotAvailable as error:
        raise Http404(_("This dossier has no such form.")) from error
    response = HttpResponse(printed.data, content_type=printed.content_type)
    response["Content-Disposition"] = f'inline; filename="{printed.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
