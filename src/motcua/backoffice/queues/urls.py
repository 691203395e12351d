"""URLs of this area of the staff workspace (included by backoffice/urls.py): the online
inbox, the work queues and the hand-over of an officer's work."""

from django.urls import path

from motcua.backoffice.queues import handover, inbox, work

urlpatterns = [
    path("truc-tuyen/", inbox.online_inbox, name="online_inbox"),
    path("truc-tuyen/giay-tiep-nhan/", inbox.online_receipts, name="online_receipts"),
    path("viec-cua-toi/", work.my_queue, name="my_queue"),
    path("hang-doi/", work.unit_queue, name="unit_queue"),
    path("hang-doi/ban-giao-cong-viec/", handover.work_handover, name="work_handover"),
]
