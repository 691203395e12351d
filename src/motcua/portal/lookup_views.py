"""The public lookup page: anyone with a dossier code (or an inter-agency tracking code) sees
where the dossier stands — status, procedure, dates, where to collect the result — and nothing
about the person. The QR code printed on Forms 01 and 04 opens this page.

It answers the same reads as GET /api/v1/public/dossiers/{code}, under the same throttle per
address: a code is a key to a citizen's dossier status, so guessing codes in bulk stays slow.
"""

from django import forms
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from motcua.api.dossiers import PublicLookupThrottle
from motcua.dossiers import selectors
from motcua.dossiers.codes import MalformedDossierCode
from motcua.dossiers.groups import GroupStatus


class LookupForm(forms.Form):
    ma = forms.CharField(
        label=gettext_lazy("Dossier code"),
        max_length=60,
        help_text=gettext_lazy("As printed on your receipt, e.g. 000.00.01.H26-260302-0001."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


def _found(code: str) -> dict:
    """What the page shows for `code`: the dossier, the inter-agency request, or why not."""
    try:
        dossier = selectors.dossier_by_code(code)
    except MalformedDossierCode as error:
        return {"problem": error.message}
    if dossier is not None:
        return {"dossier": dossier}
    group = selectors.group_by_code(code)
    if group is not None:
        return {"group": group, "group_status": GroupStatus(group.status).label}
    return {"problem": _("No dossier has this code. Check it against your receipt.")}


@require_safe
def lookup(request, code: str | None = None):
    if code is None and "ma" in request.GET:
        form = LookupForm(request.GET)
        if form.is_valid():
            return redirect("public_lookup_code", code=form.cleaned_data["ma"].strip())
        return render(request, "portal/lookup/page.html", {"form": form}, status=400)
    context = {"form": LookupForm(initial={"ma": code} if code else None)}
    if code is not None:
        throttle = PublicLookupThrottle()
        if not throttle.allow_request(request, None):
            context["problem"] = _("Too many lookups from your connection. Try again in a minute.")
            return render(request, "portal/lookup/page.html", context, status=429)
        context.update(code=code, **_found(code))
        status = 200 if "problem" not in context else 404
        return render(request, "portal/lookup/page.html", context, status=status)
    return render(request, "portal/lookup/page.html", context)
