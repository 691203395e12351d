"""The forms of the work lists: filters (GET), the leader's assignment and the hand-over of an
officer's work (POST). Choices are built for the user who asks, so a value that is not among
them — another unit, an unknown officer — is refused with a message, never a server error."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.selectors import UNIT_QUEUE_STATES
from motcua.dossiers.transitions import State
from motcua.dossiers.work_selectors import DUE_SOON, ON_TIME, OVERDUE, PAUSED

UNASSIGNED = "none"

TIMELINESS_CHOICES = (
    ("", _("Any")),
    (OVERDUE, _("Overdue")),
    (DUE_SOON, _("Due soon")),
    (ON_TIME, _("On time")),
    (PAUSED, _("Clock stopped")),
)


def person(user) -> str:
    return user.full_name or user.get_username()


def user_choices(users, *, empty) -> list[tuple[str, str]]:
    return [("", empty), *[(str(u.uuid), f"{person(u)} ({u.get_username()})") for u in users]]


class QueueFilterForm(forms.Form):
    """Filters of a work list; every field may stay empty. `units` and `handlers` are what
    the user may choose (None: the field is not shown)."""

    unit = forms.ChoiceField(label=_("Unit"), required=False)
    status = forms.ChoiceField(label=_("State"), required=False)
    procedure = forms.CharField(
        label=_("Procedure code"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"placeholder": "1.001193", "autocomplete": "off"}),
    )
    timeliness = forms.ChoiceField(
        label=_("Timeliness"), required=False, choices=TIMELINESS_CHOICES
    )
    handler = forms.ChoiceField(label=_("Handler"), required=False)
    q = forms.CharField(
        label=_("Code or applicant"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def __init__(self, data=None, *, units=None, handlers=None, statuses=UNIT_QUEUE_STATES):
        super().__init__(data)
        self.fields["status"].choices = [("", _("Any")), *[(s, State(s).label) for s in statuses]]
        if units is None:
            del self.fields["unit"]
        else:
            self.fields["unit"].choices = [(u.code, u.name) for u in units]
        if handlers is None:
            del self.fields["handler"]
        else:
            self.fields["handler"].choices = [
                *user_choices(handlers, empty=_("Anyone")),
                (UNASSIGNED, _("Not assigned yet")),
            ]
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("id", f"filter-{name}")


def parse_uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def user_by_uuid(value, candidates):
    """The candidate with this public id, or None (unknown, or not among the candidates)."""
    wanted = parse_uuid(value)
    return next((u for u in candidates if wanted and u.uuid == wanted), None)


class AssignForm(forms.Form):
    handler = forms.ChoiceField(
        label=_("Assign the selected dossiers to"),
        error_messages={
            "required": _("Choose the officer who handles the selected dossiers."),
            "invalid_choice": _(
                "This officer is not a specialist or leader of the unit: choose one from the list."
            ),
        },
    )

    def __init__(self, data=None, *, candidates=()):
        super().__init__(data)
        self.candidates = list(candidates)
        self.fields["handler"].choices = user_choices(self.candidates, empty=_("— choose —"))
        self.fields["handler"].widget.attrs["id"] = "assign-handler"

    def chosen(self):
        return user_by_uuid(self.cleaned_data["handler"], self.candidates)


class HandoverForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit"))
    from_user = forms.ChoiceField(
        label=_("Officer who leaves or moves"),
        error_messages={
            "required": _("Choose the officer whose work is handed over."),
            "invalid_choice": _("No officer of this unit has this id: choose one from the list."),
        },
    )
    to_user = forms.ChoiceField(
        label=_("Successor"),
        error_messages={
            "required": _("Choose the officer who takes the work over."),
            "invalid_choice": _(
                "This officer holds no specialist or leader role in the unit: choose one "
                "from the list."
            ),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        error_messages={"required": _("Say why the work is handed over.")},
        widget=forms.TextInput(attrs={"placeholder": _("e.g. transferred to another unit")}),
    )

    def __init__(self, data=None, *, initial=None, units=(), staff=(), successors=()):
        super().__init__(data, initial=initial)
        self.units, self.staff, self.successors = list(units), list(staff), list(successors)
        self.fields["unit"].choices = [(u.code, u.name) for u in self.units]
        self.fields["from_user"].choices = user_choices(self.staff, empty=_("— choose —"))
        self.fields["to_user"].choices = user_choices(self.successors, empty=_("— choose —"))

    def chosen_unit(self):
        code = self.cleaned_data.get("unit")
        return next((u for u in self.units if u.code == code), None)

    def from_officer(self):
        return user_by_uuid(self.cleaned_data.get("from_user"), self.staff)

    def successor(self):
        return user_by_uuid(self.cleaned_data.get("to_user"), self.successors)
