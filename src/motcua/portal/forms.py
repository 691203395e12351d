from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.accounts import services
from motcua.accounts.models import IdentityKind


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username or identity number"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "The username (or identity number) and password do not match. Both are "
            "case-sensitive; after %(limit)s failed attempts the account is locked for a while."
        ),
        "inactive": _("This account is deactivated. Ask your unit administrator."),
    }

    def get_invalid_login_error(self):
        from django.conf import settings

        return ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT},
        )


class CitizenRegistrationForm(forms.Form):
    identity_kind = forms.ChoiceField(
        label=_("Identity kind"), choices=IdentityKind.choices, initial=IdentityKind.CCCD
    )
    identity_number = forms.CharField(
        label=_("Identity number"),
        max_length=20,
        help_text=_("12-digit citizen ID, or the organisation's tax code."),
    )
    full_name = forms.CharField(label=_("Full name (or organisation name)"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password_again = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data

    def save(self):
        """Register through the service; its validation errors land on the form's fields."""
        data = self.cleaned_data
        try:
            return services.register_citizen(
                identity_kind=data["identity_kind"],
                identity_number=data["identity_number"],
                full_name=data["full_name"],
                password=data["password"],
                email=data.get("email", ""),
                phone=data.get("phone", ""),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, messages in error.message_dict.items():
                    self.add_error(field if field in self.fields else "password", messages)
            else:
                self.add_error(None, error.messages)
            return None


class CitizenLoginForm(forms.Form):
    identity_number = forms.CharField(
        label=_("Citizen ID or tax code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "inputmode": "numeric"}
        ),
    )
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
