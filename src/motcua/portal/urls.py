from django.contrib.auth.views import LogoutView
from django.urls import path

from motcua.portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.MotcuaLoginView.as_view(), name="login"),
    path("dang-xuat/", LogoutView.as_view(), name="logout"),
    path("dang-ky/", views.register, name="register"),
]
