from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from motcua.api import health, me

app_name = "api"

urlpatterns = [
    path("health", health.health, name="health"),
    path("me", me.me, name="me"),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[]), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="api:schema", permission_classes=[]),
        name="docs",
    ),
]
