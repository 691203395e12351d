from django.contrib import admin

from motcua.adminsite import PolicyModelAdmin, ReadOnlyAdminMixin
from motcua.documents import services
from motcua.documents.models import DossierFigures, ReusableDocumentType, WarehouseDocument
from motcua.policy import can


@admin.register(ReusableDocumentType)
class ReusableDocumentTypeAdmin(PolicyModelAdmin):
    """The types of paper the data warehouse keeps and offers again."""

    view_action = "documents.view_admin"
    change_action = "documents.manage_types"
    list_display = ("code", "name", "validity_months", "active")
    list_filter = ("active",)
    search_fields = ("code", "name")

    def save_via_service(self, request, obj, form, change):
        return services.save_document_type(actor=request.user, document_type=obj)


class _ReadOnly(ReadOnlyAdminMixin, admin.ModelAdmin):
    def has_view_permission(self, request, obj=None):
        return can(request.user, "documents.view_admin")

    def has_module_permission(self, request):
        return can(request.user, "documents.view_admin")


@admin.register(WarehouseDocument)
class WarehouseDocumentAdmin(_ReadOnly):
    """Read-only: documents enter the warehouse by reception and return, and leave it only by
    revocation (a service), never by editing."""

    list_display = (
        "owner_identity_number",
        "document_type",
        "title",
        "origin",
        "valid_from",
        "valid_until",
        "revoked_at",
    )
    list_filter = ("origin", "document_type")
    search_fields = ("owner_identity_number", "title")
    raw_id_fields = ("source_dossier", "stored_file", "issuing_unit")


@admin.register(DossierFigures)
class DossierFiguresAdmin(_ReadOnly):
    list_display = (
        "dossier",
        "components_required",
        "components_digitised",
        "components_reused",
        "results_electronic",
    )
