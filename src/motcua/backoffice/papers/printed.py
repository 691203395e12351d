"""A printed form (printing.services.PrintedForm) as the browser's answer: the PDF opens in a
new tab, is never cached (it names citizens), and says whether it is signed."""

from urllib.parse import quote

from django.http import HttpResponse


def pdf_response(printed) -> HttpResponse:
    response = HttpResponse(printed.data, content_type=printed.content_type)
    response["Content-Disposition"] = f'inline; filename="{printed.filename}"'
    response["Cache-Control"] = "private, no-store"
    response["Motcua-Signed"] = "yes" if printed.signed else "no"
    if printed.signer:
        response["Motcua-Signer"] = quote(printed.signer)
    return response
