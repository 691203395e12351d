from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.adminsite import PolicyModelAdmin
from motcua.calendars import selectors, services
from motcua.calendars.models import CalendarOverride, UnitOfficeHours
from motcua.policy import can

OVERRIDE_FIELDS = ("date", "kind", "reason", "reason_en", "legal_reference", "note")


class CalendarOverrideForm(forms.ModelForm):
    class Meta:
        model = CalendarOverride
        fields = OVERRIDE_FIELDS

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            services.validate_override(
                date=data.get("date"),
                kind=data.get("kind"),
                reason=data.get("reason"),
                legal_reference=data.get("legal_reference"),
                exclude_pk=self.instance.pk,
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return data


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(PolicyModelAdmin):
    """The overrides beside the year they change, drawn as a calendar grid."""

    view_action = "calendars.view"
    change_action = "calendars.manage"
    form = CalendarOverrideForm
    change_list_template = "admin/calendars/calendaroverride/change_list.html"
    list_display = ("date", "kind", "reason", "legal_reference", "withdrawn_at")
    list_filter = ("kind",)
    search_fields = ("reason", "legal_reference", "note")
    actions = ["withdraw_selected"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.withdrawn_at is not None:
            return False  # a withdrawn correction is history; add a new one instead
        return super().has_change_permission(request, obj)

    def save_via_service(self, request, obj, form, change):
        data = {field: form.cleaned_data[field] for field in OVERRIDE_FIELDS}
        if not change:
            return services.add_override(actor=request.user, **data)
        original = CalendarOverride.objects.get(pk=obj.pk)
        return services.change_override(actor=request.user, override=original, **data)

    @admin.action(description=_("Withdraw the selected corrections"))
    def withdraw_selected(self, request, queryset):
        for override in queryset:
            services.withdraw_override(actor=request.user, override=override)

    def changelist_view(self, request, extra_context=None):
        # `year` chooses the grid; it is not a filter of the list, so take it out before
        # Django's changelist sees it.
        query = request.GET.copy()
        raw_year = query.pop("year", [None])[0]
        request.GET = query
        today = timezone.localdate()
        try:
            year = int(raw_year) if raw_year else today.year
        except ValueError:
            year = today.year
        year = min(max(year, 2015), 2040)
        calendar = selectors.effective_calendar()
        context = {
            "grid_year": year,
            "grid_months": selectors.year_grid(calendar, year),
            "grid_previous": year - 1 if year > 2015 else None,
            "grid_next": year + 1 if year < 2040 else None,
            "may_manage": can(request.user, "calendars.manage"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context=context)


class UnitOfficeHoursForm(forms.ModelForm):
    class Meta:
        model = UnitOfficeHours
        fields = ("unit", "periods", "note")
        help_texts = {
            "periods": _(
                "Weekday (0 = Monday … 6 = Sunday) → periods, e.g. "
                '{"0": [["08:00", "12:00"], ["13:00", "17:00"]], …}'
            )
        }

    def clean_periods(self):
        try:
            return services.validate_office_hours(self.cleaned_data["periods"])
        except ValidationError as error:
            raise forms.ValidationError(
                error.message_dict.get("periods", error.messages)
            ) from error


@admin.register(UnitOfficeHours)
class UnitOfficeHoursAdmin(PolicyModelAdmin):
    view_action = "calendars.view"
    change_action = "calendars.manage"
    form = UnitOfficeHoursForm
    list_display = ("unit", "note", "updated_at")
    autocomplete_fields = ("unit",)

    def save_via_service(self, request, obj, form, change):
        return services.set_unit_office_hours(
            actor=request.user,
            unit=form.cleaned_data["unit"],
            periods=form.cleaned_data["periods"],
            note=form.cleaned_data.get("note", ""),
        )
