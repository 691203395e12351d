"""The Django admin of motcua: entry and every screen decided by the policy layer.

Django's own `is_staff` and model permissions are not used: a user reaches the admin when the
policy says "admin.access", and each screen asks the policy for view/add/change. Nothing in the
admin deletes: organisations keep their history and the audit log is append-only.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _

from motcua.policy import can


class MotcuaAdminSite(admin.AdminSite):
    site_header = _("motcua — administration")
    site_title = _("motcua administration")
    index_title = _("Administration")

    def has_permission(self, request) -> bool:
        return request.user.is_active and can(request.user, "admin.access")


class MotcuaAdminConfig(AdminConfig):
    default_site = "motcua.adminsite.MotcuaAdminSite"


class PolicyModelAdmin(admin.ModelAdmin):
    """A model admin whose permissions come from the policy layer.

    `view_action` and `change_action` name policy actions; `visible_queryset(request)` filters
    the list to what the user may see. Saving goes through `save_via_service`, which subclasses
    implement with the app's service, so the admin never writes a model by itself.
    """

    view_action: str = ""
    change_action: str = ""

    def visible_queryset(self, request):
        return super().get_queryset(request)

    def get_queryset(self, request):
        return self.visible_queryset(request)

    def has_module_permission(self, request):
        return can(request.user, self.view_action)

    def has_view_permission(self, request, obj=None):
        return can(request.user, self.view_action, obj)

    def has_add_permission(self, request):
        return can(request.user, self.change_action, None)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return can(request.user, self.view_action)
        return can(request.user, self.change_action, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = self.save_via_service(request, obj, form, change)
        if saved is not None and saved is not obj:
            obj.pk = saved.pk

    def save_via_service(self, request, obj, form, change):  # pragma: no cover - abstract
        raise NotImplementedError


class ReadOnlyAdminMixin:
    """For records nobody edits from a screen (audit log, API tokens): view only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
