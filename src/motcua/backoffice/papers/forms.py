"""The forms of the paper desks: a handover batch, receiving it, returning a result, an apology.

They only parse what the officer typed; every rule (who, when, which state) is the service's,
and a service's refusal is put on the same form (service_calls.add_to_form).
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.backoffice.fields import date_field, time_field
from motcua.dossiers.models import ItemOutcome
from motcua.organizations.models import ServicePoint, Unit

CODE_PLACEHOLDER = "000.00.02.H26-261130-0001"


def _codes(text: str) -> list[str]:
    """Dossier codes typed one a line, or separated by commas or spaces, upper case."""
    return [part.strip().upper() for part in text.replace(",", " ").split() if part.strip()]


class DestinationField(forms.ChoiceField):
    """One service point or one unit, as "point:<code>" or "unit:<code>" (open places only)."""

    def __init__(self, **kwargs):
        super().__init__(choices=(), **kwargs)

    def load_choices(self, exclude_points=(), exclude_units=()):
        points = ServicePoint.objects.filter(closed_on__isnull=True).exclude(
            pk__in=[p.pk for p in exclude_points]
        )
        units = Unit.objects.filter(dissolved_on__isnull=True).exclude(
            pk__in=[u.pk for u in exclude_units]
        )
        self.choices = [
            ("", _("Choose where the papers go")),
            (
                _("Units"),
                [(f"unit:{u.code}", f"{u.name} ({u.code})") for u in units.order_by("name")],
            ),
            (
                _("Service points"),
                [(f"point:{p.code}", f"{p.name} ({p.code})") for p in points.order_by("name")],
            ),
        ]

    def clean(self, value):
        value = super().clean(value)
        kind, _sep, code = value.partition(":")
        if kind == "point":
            point = ServicePoint.objects.filter(code=code, closed_on__isnull=True).first()
            found = {"to_point": point} if point else None
        else:
            unit = Unit.objects.filter(code=code, dissolved_on__isnull=True).first()
            found = {"to_unit": unit} if unit else None
        if found is None:  # closed or dissolved since the page was shown
            raise forms.ValidationError(_("This place no longer receives papers; choose another."))
        return found


class NewBatchForm(forms.Form):
    destination = DestinationField(label=_("Hand over to"))
    dossiers = forms.MultipleChoiceField(
        label=_("Dossiers whose papers go"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note for the receiving side"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, waiting_codes=(), origin=None, **kwargs):
        """`waiting_codes`: the dossiers whose papers are at the sending place, free to go;
        `origin`: that place (papers.places.Place), which is not offered as a destination."""
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].choices = [(code, code) for code in waiting_codes]
        kind, place = (origin.kind, origin.obj) if origin is not None else ("", None)
        self.fields["destination"].load_choices(
            exclude_points=[place] if kind == "point" else (),
            exclude_units=[place] if kind == "unit" else (),
        )


class AddDossiersForm(forms.Form):
    codes = forms.CharField(
        label=_("Dossier codes to add"),
        help_text=_("One or several codes, separated by spaces, commas or new lines."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": CODE_PLACEHOLDER}),
    )

    def clean_codes(self):
        codes = _codes(self.cleaned_data["codes"])
        if not codes:
            raise forms.ValidationError(_("Give the codes of the dossiers to add."))
        return codes


class SendForm(forms.Form):
    note = forms.CharField(
        label=_("Note on sending"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


OUTCOME_CHOICES = [(o.value, o.label) for o in ItemOutcome if o.value]


class ReceiveForm(forms.Form):
    """One outcome and note per dossier of the batch (fields outcome-<code>, note-<code>)."""

    receipt_note = forms.CharField(
        label=_("Note on receipt"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.codes = list(codes)
        for code in self.codes:
            self.fields[f"outcome-{code}"] = forms.ChoiceField(
                label=_("Papers of %(code)s") % {"code": code},
                choices=OUTCOME_CHOICES,
                initial=ItemOutcome.ACCEPTED,
            )
            self.fields[f"note-{code}"] = forms.CharField(
                label=_("What is wrong with the papers of %(code)s") % {"code": code},
                required=False,
                max_length=1000,
            )

    def rows(self):
        """(code, outcome field, note field) for the table of the batch's dossiers."""
        return [(code, self[f"outcome-{code}"], self[f"note-{code}"]) for code in self.codes]

    def receipts(self):
        from motcua.dossiers.services import ItemReceipt

        return [
            ItemReceipt(
                dossier=code,
                outcome=self.cleaned_data[f"outcome-{code}"],
                note=self.cleaned_data.get(f"note-{code}", ""),
            )
            for code in self.codes
        ]


class PaperSearchForm(forms.Form):
    ma = forms.CharField(
        label=_("Dossier code"),
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": CODE_PLACEHOLDER, "autocomplete": "off"}),
    )


class CounterReturnForm(forms.Form):
    """Handing the result over at the counter."""

    collected_by_name = forms.CharField(label=_("Name of the person collecting"), max_length=255)
    collected_by_identity = forms.CharField(
        label=_("Identity number of the collector"),
        max_length=20,
        help_text=_("Citizen identity card (CCCD) or passport number, as shown to you."),
    )
    originals_kept = forms.BooleanField(
        label=_("The agency keeps the original papers handed in"), required=False
    )
    signed_book = forms.BooleanField(
        label=_("The collector signed the tracking book"),
        help_text=_("The signature is on the paper tracking book (Form 06), next to this dossier."),
        error_messages={"required": _("Have the collector sign the tracking book first.")},
    )


class PostReturnForm(forms.Form):
    """Dispatching the result by post."""

    waybill = forms.CharField(label=_("Postal waybill number"), max_length=50)


class ApologyForm(forms.Form):
    """Form 04: the reason for the delay and the new appointment (date and time in Vietnam)."""

    reason = forms.CharField(
        label=_("Reason for the delay"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    new_date = date_field(_("New due date"))
    new_time = time_field(_("New due time"))

    def new_due_at(self) -> datetime.datetime:
        local = datetime.datetime.combine(
            self.cleaned_data["new_date"], self.cleaned_data["new_time"]
        )
        return timezone.make_aware(local, timezone.get_default_timezone())
