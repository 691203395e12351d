"""Form fields the workspace writes the same way everywhere.

Dates and times are typed as text, dd/mm/yyyy and 24 h, not with the browser's pickers: those
show the browser's own format (mm/dd and "05:00 PM" on an English browser), and the rule of
the system is dd/mm/yyyy and 24 h on every screen.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _


def date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=["%d/%m/%Y"],
        widget=forms.DateInput(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "class": "short-input"},
            format="%d/%m/%Y",
        ),
        help_text=_("Written dd/mm/yyyy, e.g. 15/03/2026."),
        error_messages={
            "required": _("Give the date."),
            "invalid": _("Write the date as dd/mm/yyyy."),
        },
        **kwargs,
    )


def time_field(label, initial: datetime.time | None = None, **kwargs) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        initial=initial,
        input_formats=["%H:%M"],
        widget=forms.TimeInput(
            attrs={"placeholder": "HH:MM", "inputmode": "numeric", "class": "short-input"},
            format="%H:%M",
        ),
        help_text=_("24 h, e.g. 16:30."),
        error_messages={
            "required": _("Give the time."),
            "invalid": _("Write the time as HH:MM (24 h)."),
        },
        **kwargs,
    )
