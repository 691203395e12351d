from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from motcua.api import (
    calendar,
    documents,
    dossier_groups,
    dossier_writes,
    dossiers,
    forms,
    handovers,
    health,
    me,
    procedures,
    registers,
)

app_name = "api"

urlpatterns = [
    path("health", health.health, name="health"),
    path("me", me.me, name="me"),
    path("calendar/due", calendar.due, name="calendar-due"),
    path("calendar/days", calendar.days, name="calendar-days"),
    path("calendar/overrides", calendar.overrides, name="calendar-overrides"),
    path(
        "calendar/overrides/<uuid:override_id>", calendar.override_detail, name="calendar-override"
    ),
    path("procedures", procedures.procedure_list, name="procedures"),
    path("procedures/<str:code>", procedures.procedure_detail, name="procedure"),
    path("public/dossiers/<str:code>", dossiers.public_lookup, name="public-dossier"),
    path("dossiers", dossier_writes.DossierCollection.as_view(), name="dossiers"),
    path("dossier-groups", dossier_groups.GroupCollection.as_view(), name="dossier-groups"),
    path("dossier-groups/<str:code>", dossier_groups.group_detail, name="dossier-group"),
    path("dossiers/<str:code>", dossiers.dossier_detail, name="dossier"),
    path("dossiers/<str:code>/history", dossiers.dossier_history, name="dossier-history"),
    path("dossiers/<str:code>/control-sheet", registers.control_sheet, name="control-sheet"),
    path("service-points/<str:code>/tracking-book", registers.tracking_book, name="tracking-book"),
    path("dossiers/<str:code>/papers", handovers.dossier_papers, name="dossier-papers"),
    path("dossiers/<str:code>/forms/<str:form>", forms.dossier_form, name="dossier-form"),
    path(
        "service-points/<str:code>/tracking-book/<str:day>.pdf",
        forms.tracking_book_pdf,
        name="tracking-book-pdf",
    ),
    path(
        "service-points/<str:code>/tracking-book/<str:day>.xlsx",
        forms.tracking_book_xlsx,
        name="tracking-book-xlsx",
    ),
    path("handovers/<str:number>/slip", forms.handover_slip, name="handover-slip"),
    path("handovers", handovers.HandoverCollection.as_view(), name="handovers"),
    path("handovers/<str:number>", handovers.handover_detail, name="handover"),
    path("handovers/<str:number>/add", handovers.handover_add, name="handover-add"),
    path("handovers/<str:number>/remove", handovers.handover_remove, name="handover-remove"),
    path("handovers/<str:number>/send", handovers.handover_send, name="handover-send"),
    path("handovers/<str:number>/receive", handovers.handover_receive, name="handover-receive"),
    # Stored files and the data warehouse (issue 6): before the generic action route.
    path(
        "dossiers/<str:code>/components/<int:component>/files",
        documents.upload_component_file,
        name="dossier-component-files",
    ),
    path("dossiers/<str:code>/files", documents.dossier_files, name="dossier-files"),
    path(
        "dossiers/<str:code>/result-files",
        documents.upload_result_file,
        name="dossier-result-files",
    ),
    path("files/<str:file_id>", documents.download_file, name="file"),
    path("warehouse/offers", documents.warehouse_offers, name="warehouse-offers"),
    path("me/warehouse", documents.my_warehouse, name="my-warehouse"),
    # After history: "history" is a read, not an action.
    path(
        "dossiers/<str:code>/<slug:action>",
        dossier_writes.DossierAction.as_view(),
        name="dossier-action",
    ),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[]), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="api:schema", permission_classes=[]),
        name="docs",
    ),
]
