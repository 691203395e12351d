from django.contrib import admin

from motcua.adminsite import ReadOnlyAdminMixin
from motcua.audit.models import AuditRecord
from motcua.policy import can


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: no page may add, edit or delete an audit record."""

    list_display = (
        "occurred_at",
        "actor_label",
        "channel",
        "action",
        "object_label",
        "chain_index",
    )
    list_filter = ("channel", "action")
    search_fields = ("actor_label", "object_label", "object_id", "action")
    date_hierarchy = "occurred_at"

    def has_view_permission(self, request, obj=None):
        return can(request.user, "audit.view_log")

    def has_module_permission(self, request):
        return can(request.user, "audit.view_log")
