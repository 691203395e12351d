from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from motcua.api import calendar, dossier_writes, dossiers, health, me, procedures, registers

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
    path("public/dossiers/<str:code>", dossiers.public_dossier, name="public-dossier"),
    path("dossiers", dossier_writes.DossierCollection.as_view(), name="dossiers"),
    path("dossiers/<str:code>", dossiers.dossier_detail, name="dossier"),
    path("dossiers/<str:code>/history", dossiers.dossier_history, name="dossier-history"),
    path("dossiers/<str:code>/control-sheet", registers.control_sheet, name="control-sheet"),
    path("service-points/<str:code>/tracking-book", registers.tracking_book, name="tracking-book"),
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
