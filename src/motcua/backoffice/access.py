"""Who may enter the staff workspace, and how a refusal is shown.

Every backoffice view is wrapped in `staff_view`: an anonymous visitor is sent to the login
page (and back afterwards), a signed-in person without a current staff role — a citizen, or an
officer whose role has ended — gets a page that says why, with status 403. What a staff member
may see or do INSIDE the workspace is asked of the selectors and services, never decided here.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.codes import MalformedDossierCode
from motcua.organizations.roles import is_staff_member


def refuse(request, message: str, *, status: int = 403):
    """The page every refusal in the workspace uses: the reason in plain words."""
    return render(request, "backoffice/refused.html", {"reason": message}, status=status)


def staff_view(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_member(request.user):
            return refuse(
                request,
                _(
                    "The staff workspace is for officers of the city's agencies. Your account "
                    "holds no current staff role; if it should, ask your unit administrator."
                ),
            )
        return view(request, *args, **kwargs)

    return wrapped


def visible_dossier_or_404(request, reference: str):
    """A dossier the user may see, by code (or public id, before an online dossier is received),
    or 404: a dossier of another unit is not even confirmed to exist (the same answer as an
    unknown code)."""
    try:
        dossier = dossier_selectors.visible_dossier_by_reference(request.user, reference)
    except MalformedDossierCode:
        dossier = None
    if dossier is None:
        raise Http404(_("No dossier with this code is visible to you."))
    return dossier
