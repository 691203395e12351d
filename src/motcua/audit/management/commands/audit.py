from django.core.management.base import BaseCommand, CommandError

from motcua.audit.services import seal_pending, verify_chain


class Command(BaseCommand):
    help = "Verify (or seal) the hash-chained audit log. Exits non-zero on a broken chain."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "seal"])

    def handle(self, *args, action, **options):
        if action == "seal":
            count = seal_pending()
            self.stdout.write(f"Sealed {count} audit record(s).")
            return
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"Audit chain BROKEN after {report.checked} good record(s): {report.problem}."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {report.checked} sealed record(s) verified; "
                f"{report.unsealed} not yet sealed."
            )
        )
