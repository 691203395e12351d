"""URLs of the counter (included by backoffice/urls.py, namespace "backoffice")."""

from django.urls import path

from motcua.backoffice.counter import completion, correction, done, uploads, views

urlpatterns = [
    path("tiep-nhan/", views.counter, name="counter"),
    path("tiep-nhan/thu-tuc/", views.procedure_search, name="counter_procedures"),
    path("tiep-nhan/thu-tuc/chon/", views.procedure_chosen, name="counter_procedure"),
    path("tiep-nhan/co-quan/", views.competent_unit, name="counter_competent"),
    path("tiep-nhan/nguoi-nop/", views.applicant_lookup, name="counter_applicant"),
    path("tiep-nhan/ban-quet/", uploads.upload_scan, name="counter_scan"),
    path(
        "tiep-nhan/bo-sung/<str:reference>/",
        completion.receive_completed_dossier,
        name="counter_complete",
    ),
    path("tiep-nhan/xong/<str:reference>/", done.done, name="counter_done"),
    path("tiep-nhan/xong/<str:reference>/in/<str:form>/", done.print_form, name="counter_print"),
    path("ho-so/<str:code>/dinh-chinh/", correction.correct_reception, name="correct"),
]
