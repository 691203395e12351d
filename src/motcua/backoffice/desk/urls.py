"""URLs of the dossier desk (included by backoffice/urls.py)."""

from django.urls import path

from motcua.backoffice.desk import views

urlpatterns = [
    path("ho-so/<str:code>/", views.dossier_desk, name="dossier"),
    path("ho-so/<str:code>/thao-tac/<str:action>/", views.perform_action, name="dossier_action"),
    path("ho-so/<str:code>/ghi-chu/", views.write_note, name="dossier_note"),
    path("ho-so/<str:code>/tep/<uuid:file_id>/", views.dossier_file, name="dossier_file"),
]
