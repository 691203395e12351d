"""motcua forms verify FILE.pdf       is the signature valid, who signed, when, changed since?
motcua forms print CODE FORM [-o F]  a dossier's form as PDF (e.g. to look at a template)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.dossiers import selectors
from motcua.printing import services
from motcua.printing.contexts import FormNotAvailable
from motcua.printing.signing import verify_pdf


class Command(BaseCommand):
    help = "Printed forms: verify a signed PDF, or print a dossier's form."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        verify = commands.add_parser("verify", help="Verify the signature of a PDF form.")
        verify.add_argument("file")
        printing = commands.add_parser("print", help="Print a dossier's form to a PDF file.")
        printing.add_argument("code", help="dossier code (or public id)")
        printing.add_argument("form", help="01…05, receipt, supplement_request, … guidance")
        printing.add_argument("-o", "--output", help="file to write (default: the form's name)")

    def handle(self, *args, action, **options):
        if action == "verify":
            return self.verify(options["file"])
        return self.print_form(options["code"], options["form"], options.get("output"))

    def verify(self, file: str) -> None:
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        result = verify_pdf(data)
        write = self.stdout.write
        if result.signed:
            write(f"Signer: {result.signer or '?'}")
            if result.signed_at:
                write(f"Signed at: {timezone.localtime(result.signed_at):%d/%m/%Y %H:%M:%S %Z}")
            write(f"Intact: {'yes' if result.intact else 'NO'}")
            write(f"Trusted: {'yes' if result.trusted else 'NO'}")
            write(f"Modified after signing: {'YES' if result.modified_after_signing else 'no'}")
        if not result.valid:
            raise CommandError(f"INVALID: {result.problem}.")
        write(self.style.SUCCESS("VALID: the signature is intact and trusted."))

    def print_form(self, code: str, form_name: str, output: str | None) -> None:
        form = services.form_named(form_name)
        if form is None:
            raise CommandError(f"Unknown form {form_name!r}.")
        dossier = selectors.dossier_by_reference(code)
        if dossier is None:
            raise CommandError(f"No dossier {code}.")
        try:
            printed = services.print_dossier_form(actor=None, dossier=dossier, form=form)
        except FormNotAvailable as error:
            raise CommandError(f"Dossier {code} has no {form} form.") from error
        target = Path(output or printed.filename)
        target.write_bytes(printed.data)
        signed = f"signed by {printed.signer}" if printed.signed else "UNSIGNED"
        self.stdout.write(f"{target} ({len(printed.data)} bytes, {signed})")
        sys.stdout.flush()
