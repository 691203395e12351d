"""One printable receipt for several dossiers of one applicant received together.

Each dossier's Form 01 is printed as usual (printing.services, signed by its unit when the
unit has a certificate), then the pages are put one after the other into one PDF with pypdf,
so the officer prints once and hands the citizen one set of papers. Joining PDFs does not keep
their digital signatures valid, so the combined file says it is unsigned (header
Motcua-Signed: no); each dossier's signed Form 01 stays available on its own.
"""

import io

from django.utils import timezone
from pypdf import PdfWriter

from motcua.printing import services as printing


def combined_receipt(*, actor, dossiers) -> bytes:
    writer = PdfWriter()
    for dossier in dossiers:
        printed = printing.print_dossier_form(actor=actor, dossier=dossier, form="01")
        writer.append(io.BytesIO(printed.data))
    writer.add_metadata({"/Title": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def filename() -> str:
    return f"giay-tiep-nhan-{timezone.localtime():%Y%m%d-%H%M}.pdf"
