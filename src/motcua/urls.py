from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("motcua.api.urls")),
    path("can-bo/", include("motcua.backoffice.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("motcua.portal.urls")),
]
