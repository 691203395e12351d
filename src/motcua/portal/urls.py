from django.contrib.auth.views import LogoutView
from django.urls import path

from motcua.portal import guide_views, identity_views, lookup_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.MotcuaLoginView.as_view(), name="login"),
    path("dang-xuat/", LogoutView.as_view(), name="logout"),
    path("dang-ky/", views.register, name="register"),
    path("dang-nhap/cong-dan/", identity_views.citizen_login, name="citizen_login"),
    path(
        "dang-nhap/cong-dan/callback/", identity_views.identity_callback, name="identity_callback"
    ),
    path(
        "dang-nhap/cong-dan/loi/", identity_views.citizen_login_failed, name="citizen_login_failed"
    ),
    path("thu-tuc/", guide_views.guide_index, name="guide_index"),
    path("thu-tuc/<str:code>/", guide_views.guide_procedure, name="guide_procedure"),
    path("diem-tiep-nhan/", guide_views.guide_service_points, name="guide_service_points"),
    path("tra-cuu/", lookup_views.lookup, name="public_lookup"),
    path("tra-cuu/<str:code>/", lookup_views.lookup, name="public_lookup_code"),
]
