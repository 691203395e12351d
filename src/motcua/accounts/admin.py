from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import ApiToken, User
from motcua.adminsite import ReadOnlyAdminMixin
from motcua.audit.services import record
from motcua.policy import can


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "full_name", "kind", "identity_number", "is_active", "is_demo")
    list_filter = ("kind", "is_active", "is_demo")
    search_fields = ("username", "full_name", "identity_number", "email")
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Person"),
            {"fields": ("full_name", "email", "phone", "kind", "identity_kind", "identity_number")},
        ),
        (_("Status"), {"fields": ("is_active", "is_demo", "last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"fields": ("username", "full_name", "password1", "password2")}),)
    readonly_fields = (
        "kind",
        "identity_kind",
        "identity_number",
        "is_demo",
        "last_login",
        "date_joined",
    )

    def has_module_permission(self, request):
        return can(request.user, "accounts.manage_users")

    def has_view_permission(self, request, obj=None):
        return can(request.user, "accounts.manage_users")

    def has_add_permission(self, request):
        return can(request.user, "accounts.manage_users")

    def has_change_permission(self, request, obj=None):
        return can(request.user, "accounts.manage_users")

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: the audit log and dossiers point to the account

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record(
            actor=request.user,
            action="accounts.change_user" if change else "accounts.create_staff_user",
            obj=obj,
            changes={"fields": sorted(form.changed_data)},
        )


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    exclude = ("digest",)

    def has_module_permission(self, request):
        return can(request.user, "accounts.manage_users")

    def has_view_permission(self, request, obj=None):
        return can(request.user, "accounts.manage_users")
