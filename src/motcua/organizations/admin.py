from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.adminsite import PolicyModelAdmin
from motcua.organizations import selectors, services
from motcua.organizations.models import (
    AdministrativeArea,
    AreaName,
    Membership,
    ServicePoint,
    Unit,
    UnitName,
)


class FormerNameInline(admin.TabularInline):
    """Former names, shown and never edited: a rename is made by changing the name."""

    extra = 0
    can_delete = False
    fields = ("name", "valid_until", "legal_reference")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class AreaNameInline(FormerNameInline):
    model = AreaName


@admin.register(AdministrativeArea)
class AdministrativeAreaAdmin(PolicyModelAdmin):
    view_action = "organizations.view_units"
    change_action = "organizations.manage_areas"
    list_display = ("code", "name", "division_type", "parent", "dissolved_on")
    list_filter = ("level",)
    search_fields = ("code", "name")
    readonly_fields = ("code", "level", "parent", "dissolved_on", "successor")
    fields = ("code", "name", "division_type", "level", "parent", "dissolved_on", "successor")
    inlines = [AreaNameInline]

    def has_add_permission(self, request):
        # Areas come from the official list (`motcua organizations sync-areas`), not by hand.
        return False

    def save_via_service(self, request, obj, form, change):
        original = AdministrativeArea.objects.get(pk=obj.pk)
        if form.cleaned_data["name"] != original.name:
            from django.utils import timezone

            services.rename_area(
                actor=request.user,
                area=original,
                new_name=form.cleaned_data["name"],
                effective=timezone.localdate(),
            )
        return original


class UnitNameInline(FormerNameInline):
    model = UnitName


class UnitAdminForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ("code", "name", "short_name", "level", "parent", "area")

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if self.instance.pk and parent is not None and parent.path.startswith(self.instance.path):
            raise forms.ValidationError(
                _("A unit cannot be placed under itself or its own sub-unit.")
            )
        return parent


@admin.register(Unit)
class UnitAdmin(PolicyModelAdmin):
    view_action = "organizations.view_units"
    change_action = "organizations.change_unit"
    form = UnitAdminForm
    list_display = ("code", "name", "level", "parent", "area", "dissolved_on")
    list_filter = ("level",)
    search_fields = ("code", "name", "short_name")
    autocomplete_fields = ("area", "parent")
    inlines = [UnitNameInline]

    def visible_queryset(self, request):
        return selectors.units_visible_to(request.user).select_related("parent", "area")

    def save_via_service(self, request, obj, form, change):
        data = {field: form.cleaned_data[field] for field in UnitAdminForm.Meta.fields}
        if not change:
            return services.create_unit(actor=request.user, **data)
        original = Unit.objects.get(pk=obj.pk)
        changed = {k: v for k, v in data.items() if getattr(original, k) != v}
        return services.update_unit(actor=request.user, unit=original, **changed)


@admin.register(ServicePoint)
class ServicePointAdmin(PolicyModelAdmin):
    view_action = "organizations.view_units"
    change_action = "organizations.change_service_point"
    list_display = ("code", "name", "kind", "agency", "area", "receives_all_procedures")
    list_filter = ("kind", "receives_all_procedures")
    search_fields = ("code", "name", "address")
    autocomplete_fields = ("agency", "area")
    fields = ("code", "name", "kind", "agency", "address", "area", "receives_all_procedures")

    def save_via_service(self, request, obj, form, change):
        if not change:
            return services.create_service_point(actor=request.user, **form.cleaned_data)
        return services.update_service_point(
            actor=request.user, point=ServicePoint.objects.get(pk=obj.pk), **form.cleaned_data
        )


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ("user", "unit", "role", "service_point")

    def clean(self):
        data = super().clean()
        if not self.instance.pk and all(data.get(f) for f in ("user", "unit", "role")):
            try:
                services.validate_grant(
                    user=data["user"],
                    unit=data["unit"],
                    role=data["role"],
                    service_point=data.get("service_point"),
                )
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from error
        return data


@admin.register(Membership)
class MembershipAdmin(PolicyModelAdmin):
    view_action = "organizations.view_units"
    change_action = "organizations.manage_memberships"
    list_display = ("user", "role", "unit", "service_point", "started_at", "ended_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "unit__name")
    autocomplete_fields = ("user", "unit", "service_point")
    form = MembershipAdminForm
    fields = ("user", "unit", "role", "service_point")
    actions = ["end_selected"]

    def get_readonly_fields(self, request, obj=None):
        # A role is granted or ended, never edited: history stays exact.
        return self.fields if obj is not None else ()

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def visible_queryset(self, request):
        return selectors.memberships_administered_by(request.user)

    def save_via_service(self, request, obj, form, change):
        return services.grant_role(actor=request.user, **form.cleaned_data)

    @admin.action(description=_("End the selected roles"))
    def end_selected(self, request, queryset):
        for membership in queryset:
            services.end_membership(actor=request.user, membership=membership)
