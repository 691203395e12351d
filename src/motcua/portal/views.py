from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from motcua.organizations.roles import current_memberships, is_system_admin
from motcua.policy import can
from motcua.portal.forms import CitizenRegistrationForm, LoginForm


class MotcuaLoginView(LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


def home(request):
    user = request.user
    context = {}
    if user.is_authenticated:
        context = {
            "memberships": current_memberships(user),
            "is_system_admin": is_system_admin(user),
            "may_use_admin": can(user, "admin.access"),
            "may_view_audit": can(user, "audit.view_log"),
        }
    return render(request, "portal/home.html", context)


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = CitizenRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        if user is not None:
            login(request, user, backend="motcua.accounts.backends.AccountBackend")
            return redirect("home")
    return render(request, "portal/register.html", {"form": form})
