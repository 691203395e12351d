"""The short forms of the desk's actions: one per action, asking only what its service needs.

A form checks the shape of the input (a date is a date, a choice is one of the list); every
rule of the domain (the 3-working-day window, the one-reschedule rule, who may act) is the
service's to check, so the desk shows exactly the service's refusal.
"""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.backoffice.fields import date_field, time_field
from motcua.dossiers.models import PaperPlace, RefusalReason, StepStatus
from motcua.dossiers.models.processing import DossierStep
from motcua.dossiers.processing_rules import actors_for
from motcua.dossiers.services.steps import COUNTER_STEPS
from motcua.dossiers.transitions import Action, Actor, transition_for
from motcua.organizations.models import Membership, Role, ServicePoint, Unit

NOTE_LENGTH = 2000


def note_field(label=None):
    return forms.CharField(
        label=label or _("Note (optional)"),
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def reason_field(label, *, required=True):
    return forms.CharField(
        label=label,
        required=required,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason.")},
    )


class DeskForm(forms.Form):
    """Every desk form knows its dossier and who fills it in (for its choices). Field ids are
    prefixed with the action, so that the many forms of one page never share an id."""

    def __init__(self, *args, dossier, user, action: str, **kwargs):
        kwargs.setdefault("prefix", action)
        super().__init__(*args, **kwargs)
        self.dossier, self.user = dossier, user


class NoteOnlyForm(DeskForm):
    note = note_field()


class AssignForm(DeskForm):
    handler = forms.ModelChoiceField(
        label=_("Handler"),
        queryset=get_user_model().objects.none(),
        empty_label=_("— choose a specialist —"),
        error_messages={"required": _("Choose the handler.")},
    )
    note = note_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.dossier.competent_unit
        ids = Membership.objects.current().filter(
            role__in=[Role.SPECIALIST, Role.UNIT_LEADER],
            unit_id__in=unit.ancestor_ids() if unit else [],
            unit__dissolved_on__isnull=True,
        )
        field = self.fields["handler"]
        field.queryset = (
            get_user_model()
            .objects.filter(is_active=True, pk__in=ids.values("user_id"))
            .order_by("full_name", "username")
        )
        field.label_from_instance = lambda user: user.full_name or user.username
        field.initial = self.dossier.handler_id


def running_steps(dossier):
    return (
        DossierStep.objects.filter(dossier=dossier, status=StepStatus.IN_PROGRESS)
        .select_related("unit")
        .order_by("order", "id")
    )


def steps_completable_by(user, dossier):
    """The running steps this user may complete: those of a unit where they are staff (the
    counter's own steps for a reception officer), as the service will check again."""
    allowed = transition_for(Action.COMPLETE_STEP).actors
    steps = running_steps(dossier)
    mine = []
    for step in steps:
        actors = set(actors_for(user, dossier, unit=step.unit))
        if step.action not in COUNTER_STEPS:
            actors.discard(Actor.RECEPTION_OFFICER)
        if allowed & actors:
            mine.append(step.pk)
    return steps.filter(pk__in=mine)


def _step_label(step) -> str:
    return f"{step.order}. {step.name} — {step.unit.name}"


class StepChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, step):
        return _step_label(step)


class CompleteStepForm(DeskForm):
    step = StepChoiceField(
        label=_("Step"),
        queryset=DossierStep.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("This step is no longer in progress.")},
    )
    note = note_field(_("Outcome and note (optional)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = steps_completable_by(self.user, self.dossier)
        self.fields["step"].help_text = _(
            "Early, on time or late is worked out from the step's due time."
        )


class ConsultForm(DeskForm):
    units = forms.ModelMultipleChoiceField(
        label=_("Agencies to consult"),
        queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"required": _("Choose the agencies to consult.")},
        help_text=_("Hold Ctrl to choose several; they answer in parallel."),
    )
    allotted_hours = forms.DecimalField(
        label=_("Working hours allotted"),
        min_value=0.25,
        max_value=999,
        decimal_places=2,
        initial=8,
        help_text=_("8 hours = one working day."),
    )
    note = note_field(_("Question to the agencies (optional)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = (
            Unit.objects.filter(dissolved_on__isnull=True)
            .exclude(pk=self.dossier.competent_unit_id)
            .order_by("name")
        )


class PaymentForm(DeskForm):
    amount_vnd = forms.IntegerField(
        label=_("Amount (đồng, optional)"),
        required=False,
        min_value=1,
        max_value=10**12,
        error_messages={
            "min_value": _("The amount must be a positive number of đồng."),
            "max_value": _("The amount must be a positive number of đồng."),
            "invalid": _("The amount must be a positive number of đồng."),
        },
    )
    note = note_field(_("What to pay and how (optional)"))


class InsufficientForm(DeskForm):
    """Form 02 after appraisal: every missing or faulty paper at once, each with its reason."""

    LINES = 4

    note = note_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        papers = [("", _("— another paper (name it) —"))] + [
            (str(c.pk), c.name) for c in self.dossier.procedure_version.components.all()
        ]
        for number in range(1, self.LINES + 1):
            self.fields[f"paper_{number}"] = forms.ChoiceField(
                label=_("Paper %(n)s") % {"n": number}, choices=papers, required=False
            )
            self.fields[f"other_{number}"] = forms.CharField(
                label=_("Name of another paper %(n)s") % {"n": number},
                required=False,
                max_length=1000,
            )
            self.fields[f"reason_{number}"] = forms.CharField(
                label=_("Reason %(n)s") % {"n": number}, required=False, max_length=1000
            )
        # The note last, after the lines it explains.
        self.fields["note"] = self.fields.pop("note")

    def lines(self):
        """The fields of each line, for the template: [(paper, other, reason), …]."""
        return [
            (self[f"paper_{n}"], self[f"other_{n}"], self[f"reason_{n}"])
            for n in range(1, self.LINES + 1)
        ]

    def items(self) -> list[dict]:
        """The filled lines as (component id or None, name, reason); empty lines are skipped,
        half-filled ones are passed on so that the service names what is missing."""
        names = {str(c.pk): c.name for c in self.dossier.procedure_version.components.all()}
        items = []
        for number in range(1, self.LINES + 1):
            paper = self.cleaned_data.get(f"paper_{number}") or ""
            other = (self.cleaned_data.get(f"other_{number}") or "").strip()
            reason = (self.cleaned_data.get(f"reason_{number}") or "").strip()
            if not (paper or other or reason):
                continue
            items.append(
                {
                    "component_id": int(paper) if paper else None,
                    "name": names.get(paper, other) if paper else other,
                    "reason": reason,
                }
            )
        return items


class RescheduleForm(DeskForm):
    new_due_date = date_field(_("New due date"))
    new_due_time = time_field(_("New due time"), initial=datetime.time(17, 0))
    reason = reason_field(_("Reason for the delay (printed on Form 04)"))

    def new_due_at(self) -> datetime.datetime:
        day, time = self.cleaned_data["new_due_date"], self.cleaned_data["new_due_time"]
        return timezone.make_aware(datetime.datetime.combine(day, time))


class ResultForm(DeskForm):
    granted = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("yes", _("Granted")), ("no", _("Refused (with written reasons)"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
        error_messages={"required": _("Choose granted or refused.")},
    )
    reason_code = forms.ChoiceField(
        label=_("Reason for a refusal"),
        choices=[("", "—"), *RefusalReason.choices],
        required=False,
    )
    text = forms.CharField(
        label=_("Reasons or remarks"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonForm(DeskForm):
    reason = reason_field(_("Reason"))


class OptionalReasonForm(DeskForm):
    reason = reason_field(_("Reason (optional)"), required=False)


class LocatePapersForm(DeskForm):
    place = forms.ChoiceField(
        label=_("Where the originals are now"),
        choices=[p for p in PaperPlace.choices if p[0] != PaperPlace.IN_TRANSIT],
    )
    point = forms.ModelChoiceField(
        label=_("Service point (when at a point)"),
        queryset=ServicePoint.objects.none(),
        required=False,
        empty_label="—",
    )
    unit = forms.ModelChoiceField(
        label=_("Unit (when at a unit or archived)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label="—",
    )
    note = note_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = ServicePoint.objects.filter(
            closed_on__isnull=True
        ).order_by("name")
        self.fields["unit"].queryset = Unit.objects.filter(dissolved_on__isnull=True).order_by(
            "name"
        )
        self.fields["point"].initial = self.dossier.receiving_point_id
        self.fields["unit"].initial = self.dossier.competent_unit_id


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("New internal note"),
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the note before saving it.")},
        help_text=_(
            "Seen only by staff; never shown to the applicant. A note cannot be changed "
            "later: to correct one, add another."
        ),
    )
