"""Where a paper dossier is now, and every place its originals have been (ADR 0006): searched by
dossier code. Only staff who may see the dossier's paper trail get an answer; for anyone else
the code is "not found", as for an unknown code, so a search confirms nothing."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.backoffice.access import staff_view
from motcua.backoffice.papers.forms import PaperSearchForm
from motcua.dossiers import handover_selectors, selectors
from motcua.dossiers.codes import MalformedDossierCode
from motcua.dossiers.services.handover import has_paper_originals
from motcua.policy import can


def _trail_of(user, code: str):
    try:
        dossier = selectors.visible_dossier(user, code)
    except MalformedDossierCode:
        return None
    if dossier is None or not can(user, "dossiers.view_paper_movements", dossier):
        return None
    return dossier


@require_GET
@staff_view
def paper_trail(request):
    form = PaperSearchForm(request.GET or None)
    context, status = {"form": form}, 200
    if form.is_valid():
        code = form.cleaned_data["ma"].strip().upper()
        dossier = _trail_of(request.user, code)
        if dossier is None:
            status = 404
            context["not_found"] = _(
                "No dossier with the code “%(code)s” whose papers you may follow. Check the "
                "code on the receipt."
            ) % {"code": code}
        else:
            movements = list(handover_selectors.movements_of(dossier).order_by("-at", "-id"))
            item = handover_selectors.open_item_of(dossier)
            context.update(
                dossier=dossier,
                has_paper=has_paper_originals(dossier),
                current=movements[0] if movements else None,
                movements=movements,
                open_batch=item.batch if item else None,
            )
    elif request.GET:
        status = 400
    return render(request, "backoffice/papers/trail.html", context, status=status)
