"""The counter form's fields other than the checklist: who applies (and who submits for them),
where the dossier goes and where the result comes back, and what the officer writes when the
dossier cannot be accepted yet. Everything the services check again is checked here first only
where the officer deserves a message next to the field (an ID number's format)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import IdentityKind
from motcua.accounts.validators import normalize_tax_code, validate_cccd, validate_tax_code
from motcua.dossiers.models import ApplicantKind, RefusalReason, ReturnChannel
from motcua.organizations.models import AdministrativeArea, AreaLevel, ServicePoint, Unit


def check_identity(kind: str, number: str) -> str:
    """The identity number in its canonical form, or a ValidationError saying what is wrong."""
    number = (number or "").strip()
    if kind == IdentityKind.TAX_CODE:
        validate_tax_code(number)
        return normalize_tax_code(number)
    validate_cccd(number)
    return number


class ApplicantFields(forms.Form):
    """Who applies: the same fields at reception and in a correction."""

    applicant_kind = forms.ChoiceField(
        label=_("Kind of applicant"), choices=ApplicantKind.choices, initial=ApplicantKind.CITIZEN
    )
    applicant_identity_kind = forms.ChoiceField(
        label=_("Identity document"), choices=IdentityKind.choices, initial=IdentityKind.CCCD
    )
    applicant_identity_number = forms.CharField(
        label=_("ID number"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    applicant_name = forms.CharField(label=_("Full name or organisation name"), max_length=255)
    applicant_address = forms.CharField(label=_("Address"), max_length=500, required=False)
    applicant_area = forms.ModelChoiceField(
        label=_("Commune of residence"),
        queryset=AdministrativeArea.objects.none(),
        required=False,
        empty_label=_("— not given —"),
    )
    applicant_phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    applicant_email = forms.EmailField(label=_("E-mail"), required=False)
    representative_name = forms.CharField(
        label=_("Representative's full name"), max_length=255, required=False
    )
    representative_identity_number = forms.CharField(
        label=_("Representative's citizen ID number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    representative_authorisation = forms.CharField(
        label=_("Letter of authorisation"),
        max_length=255,
        required=False,
        help_text=_("Its number and date, e.g. “Giấy ủy quyền số 12/2026 ngày 02/03/2026”."),
    )

    REPRESENTATIVE_FIELDS = (
        "representative_name",
        "representative_identity_number",
        "representative_authorisation",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant_area"].queryset = AdministrativeArea.objects.filter(
            level=AreaLevel.COMMUNE, dissolved_on__isnull=True
        ).order_by("name")

    def clean(self):
        data = super().clean()
        number = data.get("applicant_identity_number")
        if number is not None:
            try:
                data["applicant_identity_number"] = check_identity(
                    data.get("applicant_identity_kind"), number
                )
            except ValidationError as error:
                self.add_error("applicant_identity_number", error)
        self._clean_representative(data)
        return data

    def _clean_representative(self, data):
        """Someone submitting for another names themselves, shows their citizen ID and the
        letter of authorisation: all three or none."""
        given = {name: (data.get(name) or "").strip() for name in self.REPRESENTATIVE_FIELDS}
        if not any(given.values()):
            return
        messages = {
            "representative_name": _("Enter the representative's full name."),
            "representative_identity_number": _("Enter the representative's citizen ID number."),
            "representative_authorisation": _("Name the letter of authorisation."),
        }
        for name, value in given.items():
            if not value:
                self.add_error(name, messages[name])
        number = given["representative_identity_number"]
        if number:
            try:
                validate_cccd(number)
            except ValidationError as error:
                self.add_error("representative_identity_number", error)

    def applicant(self) -> dict:
        """The applicant fields as the services name them (ReceptionRequest, correct)."""
        return {
            name: self.cleaned_data.get(name) or (None if name == "applicant_area" else "")
            for name in ApplicantFields.base_fields
        }


class CompletionForm(forms.Form):
    """Receiving a dossier whose Form 02 papers came back: only the competent unit is asked
    (the applicant and the return were recorded the first time)."""

    competent_unit = forms.ModelChoiceField(
        label=_("Competent unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— chosen by the rules —"),
        to_field_name="code",
    )

    def __init__(self, *args, competent_units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competent_unit"].queryset = Unit.objects.filter(
            pk__in=[unit.pk for unit in competent_units]
        ).order_by("name")


class CounterForm(ApplicantFields):
    """The whole counter form except the checklist (checklist.py)."""

    procedure = forms.CharField(
        label=_("Procedure"),
        max_length=30,
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose the procedure first: type part of its name.")},
    )
    competent_unit = forms.ModelChoiceField(
        label=_("Competent unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— chosen by the rules —"),
        to_field_name="code",
    )
    return_channel = forms.ChoiceField(
        label=_("Where the result is returned"),
        choices=ReturnChannel.choices,
        initial=ReturnChannel.COUNTER,
    )
    return_point = forms.ModelChoiceField(
        label=_("Service point that returns the result"),
        queryset=ServicePoint.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=None,
    )
    return_address = forms.CharField(
        label=_("Postal address for the result"), max_length=500, required=False
    )
    outcome_text = forms.CharField(
        label=_("What the applicant must prepare, or why the dossier is refused"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason_code = forms.ChoiceField(
        label=_("Reason for a refusal"),
        choices=[("", _("— choose —")), *RefusalReason.choices],
        required=False,
    )

    def __init__(self, *args, competent_units=(), return_points=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competent_unit"].queryset = Unit.objects.filter(
            pk__in=[unit.pk for unit in competent_units]
        ).order_by("name")
        if return_points is not None:
            self.fields["return_point"].queryset = return_points
