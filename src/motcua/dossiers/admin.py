"""Read-only admin screens of the dossiers app: handover batches and paper movements.

Nothing here writes: batches move only through their services, and paper movements are
append-only records (ADR 0006).
"""

from django.contrib import admin

from motcua.adminsite import PolicyModelAdmin, ReadOnlyAdminMixin
from motcua.dossiers.models import HandoverBatch, HandoverItem, PaperMovement
from motcua.policy import can


class HandoverItemInline(admin.TabularInline):
    model = HandoverItem
    fields = (
        "dossier",
        "papers",
        "handover_due_at",
        "sent_on_time",
        "outcome",
        "receipt_note",
        "removed_at",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return can(request.user, "handovers.view_all")


@admin.register(HandoverBatch)
class HandoverBatchAdmin(ReadOnlyAdminMixin, PolicyModelAdmin):
    view_action = "handovers.view_all"
    change_action = "handovers.view_all"
    list_display = (
        "number",
        "status",
        "from_point",
        "from_unit",
        "to_point",
        "to_unit",
        "created_at",
        "sent_at",
        "received_at",
    )
    list_filter = ("status",)
    list_select_related = ("from_point", "from_unit", "to_point", "to_unit")
    search_fields = ("=number", "items__dossier__code")
    date_hierarchy = "created_at"
    inlines = [HandoverItemInline]


@admin.register(PaperMovement)
class PaperMovementAdmin(ReadOnlyAdminMixin, PolicyModelAdmin):
    view_action = "handovers.view_all"
    change_action = "handovers.view_all"
    list_display = (
        "dossier",
        "at",
        "place",
        "point",
        "unit",
        "batch",
        "handover_due_at",
        "recorded_by_label",
    )
    list_filter = ("place",)
    list_select_related = ("dossier", "point", "unit", "batch")
    search_fields = ("=dossier__code", "=batch__number")
    date_hierarchy = "at"
    ordering = ("-at", "-id")
