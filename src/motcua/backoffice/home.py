"""The workspace's first page: the lists my roles open with what waits in each, and finding a
dossier by its code."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.backoffice.access import staff_view
from motcua.backoffice.navigation import menu_for
from motcua.backoffice.today import figure_for
from motcua.dossiers.codes import MalformedDossierCode
from motcua.dossiers.selectors import visible_dossier
from motcua.organizations.roles import current_memberships


@staff_view
def workspace_home(request):
    entries = [(item, figure_for(request.user, item.name)) for item in menu_for(request.user)]
    context = {"entries": entries, "memberships": current_memberships(request.user)}
    code = request.GET.get("ma", "").strip().upper()[:40]
    if code:
        context["find_code"] = code
        try:
            dossier = visible_dossier(request.user, code)
        except MalformedDossierCode as malformed:
            context["not_found"] = _(
                "“%(code)s” is not a dossier code: %(reason)s A code looks like "
                "000.00.02.H26-261130-0001."
            ) % {"code": code, "reason": malformed}
            return render(request, "backoffice/home.html", context, status=400)
        if dossier is not None:
            return redirect(reverse("backoffice:dossier", args=[dossier.code]))
        context["not_found"] = _(
            "No dossier with the code “%(code)s” is visible to you. Check the code on the "
            "receipt; a dossier of another unit is not shown."
        ) % {"code": code}
    return render(request, "backoffice/home.html", context, status=404 if code else 200)
