"""Uploading the scan of one paper at the counter, before the dossier exists.

The file goes through the documents app's upload chain (size, kind read from the content,
programs, encrypted or scripted PDFs, damaged images, bombs) with the component's own limits.
A refused file is told at once, next to its paper, and nothing is stored. An accepted one is
stored by its content hash (the same bytes are stored once) and comes back as a signed token
that the counter form carries until the outcome attaches it to the paper (outcomes.py).
"""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.backoffice.counter.checklist import sign_scan
from motcua.backoffice.counter.points import counter_view
from motcua.catalog.models import Component
from motcua.documents.services import check_upload, component_limits, store


def _answer(request, component, *, scan=None, error="", status=200):
    return render(
        request,
        "backoffice/counter/_scan_result.html",
        {"component": component, "scan": scan, "error": error},
        status=status,
    )


@counter_view
@require_POST
def upload_scan(request):
    raw = (request.POST.get("component") or "").strip()
    component = Component.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if component is None:
        return _answer(request, None, error=_("This paper is not on the checklist."), status=400)
    upload = request.FILES.get("file")
    if upload is None:
        return _answer(request, component, error=_("Choose the file of the scan."), status=400)
    allowed, max_bytes = component_limits(component)
    try:
        checked, data = check_upload(upload, allowed=allowed, max_bytes=max_bytes)
    except ValidationError as refusal:
        return _answer(request, component, error=" ".join(refusal.messages), status=400)
    store(checked, data)
    scan = sign_scan(
        user=request.user,
        component_id=component.pk,
        sha256=checked.sha256,
        name=checked.name,
        size=checked.size,
    )
    return _answer(request, component, scan=scan)
