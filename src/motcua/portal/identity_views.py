"""Citizens sign in through the configured identity provider (accounts.identity).

A redirecting provider (VNeID-style OpenID Connect) gets the browser with a one-time `state`
and sends it back to the callback; the local provider shows the portal's own form. Either way
the provider only says who the person is; the account is found or made here.
"""

import secrets

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts.identity import get_identity_provider
from motcua.accounts.services import citizen_for_verified_identity
from motcua.portal.forms import CitizenLoginForm

STATE_SESSION_KEY = "motcua_identity_state"
NEXT_SESSION_KEY = "motcua_identity_next"
BACKEND = "motcua.accounts.backends.AccountBackend"


def _safe_next(request, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, {request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


@require_http_methods(["GET", "POST"])
def citizen_login(request):
    provider = get_identity_provider()
    next_url = _safe_next(request, request.GET.get("next") or request.POST.get("next"))
    if provider.redirects:
        state = secrets.token_urlsafe(24)
        request.session[STATE_SESSION_KEY] = state
        request.session[NEXT_SESSION_KEY] = next_url
        return redirect(provider.authorization_url(request, state))
    form = CitizenLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identity = provider.verify(request, **form.cleaned_data)
        if identity is None:
            form.add_error(None, _("The identity number and password do not match."))
        else:
            return _sign_in(request, identity, next_url)
    return render(
        request, "portal/citizen_login.html", {"form": form, "provider": provider, "next": next_url}
    )


@require_GET
def identity_callback(request):
    provider = get_identity_provider()
    expected = request.session.pop(STATE_SESSION_KEY, None)
    next_url = request.session.pop(NEXT_SESSION_KEY, reverse("home"))
    if not provider.redirects or not expected or request.GET.get("state") != expected:
        messages.error(
            request,
            _(
                "The sign-in could not be confirmed (expired or forged "
                "request). Please sign in again."
            ),
        )
        return redirect("citizen_login_failed")
    if request.GET.get("error"):
        messages.error(
            request,
            _("The identity provider refused the sign-in: %(error)s")
            % {"error": request.GET["error"][:200]},
        )
        return redirect("citizen_login_failed")
    identity = provider.verify(request, code=request.GET.get("code", ""))
    if identity is None:
        messages.error(request, _("The identity provider did not confirm who you are."))
        return redirect("citizen_login_failed")
    return _sign_in(request, identity, next_url)


def _sign_in(request, identity, next_url):
    try:
        user = citizen_for_verified_identity(identity=identity)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("citizen_login_failed")
    login(request, user, backend=BACKEND)
    return redirect(next_url)


def citizen_login_failed(request):
    return render(request, "portal/citizen_login_failed.html", status=400)
