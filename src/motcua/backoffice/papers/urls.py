"""URLs of the paper desks (included by backoffice/urls.py): handovers of paper originals and
where they are, the returns desk, late management."""

from django.urls import path

from motcua.backoffice.papers import handovers, late, returns, trail

urlpatterns = [
    path("ban-giao/", handovers.handover_list, name="handovers"),
    path("ban-giao/giay-to/", trail.paper_trail, name="paper_trail"),
    path("ban-giao/lo/<str:number>/", handovers.batch_detail, name="handover_batch"),
    path("ban-giao/lo/<str:number>/them/", handovers.batch_add, name="handover_add"),
    path("ban-giao/lo/<str:number>/bot/", handovers.batch_remove, name="handover_remove"),
    path("ban-giao/lo/<str:number>/gui/", handovers.batch_send, name="handover_send"),
    path("ban-giao/lo/<str:number>/nhan/", handovers.batch_receive, name="handover_receive"),
    path("ban-giao/lo/<str:number>/phieu.pdf", handovers.batch_slip, name="handover_slip"),
    path("tra-ket-qua/", returns.returns_desk, name="returns"),
    path("tra-ket-qua/<str:code>/", returns.return_one, name="return_result"),
    path("tre-han/", late.late_list, name="late"),
    path("tre-han/<str:code>/xin-loi/", late.apology, name="apology"),
    path("tre-han/<str:code>/mau-04.pdf", late.apology_pdf, name="apology_pdf"),
]
