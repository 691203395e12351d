"""The staff workspace under /can-bo/. Each area keeps its own URLs; names live in the one
"backoffice" namespace (backoffice:counter, backoffice:dossier …)."""

from django.urls import include, path

from motcua.backoffice import home

app_name = "backoffice"

urlpatterns = [
    path("", home.workspace_home, name="home"),
    path("", include("motcua.backoffice.counter.urls")),
    path("", include("motcua.backoffice.queues.urls")),
    path("", include("motcua.backoffice.desk.urls")),
    path("", include("motcua.backoffice.papers.urls")),
]
