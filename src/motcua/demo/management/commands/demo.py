from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.audit.context import Channel, audit_context
from motcua.demo import hanoi
from motcua.demo.dossiers import load_demo_dossiers
from motcua.demo.loader import demo_accounts, load_hanoi_demo
from motcua.organizations.models import Unit


class Command(BaseCommand):
    help = "Load the Hanoi demo data (demo mode only). A second run adds nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Load only when the database holds no unit yet."
        )

    def handle(self, *args, if_empty, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                "Demo data is loaded only in demo mode (MOTCUA_DEMO_MODE=1): "
                "its accounts have published passwords."
            )
        if if_empty and Unit.objects.exists():
            self.stdout.write("The database already holds data: demo not loaded again.")
        else:
            with audit_context(channel=Channel.COMMAND):
                summary = load_hanoi_demo()
                dossiers = load_demo_dossiers()
            self.stdout.write(
                f"Hanoi demo: {summary['communes']} communes, {summary['units']} units, "
                f"{summary['service_points']} service points, "
                f"{summary['users_created']} new accounts; catalogue: "
                f"{dict(summary['catalogue']) or 'unchanged'}; "
                f"{dossiers} demo dossiers."
            )
        self.stdout.write(f"Demo accounts (password: {hanoi.DEMO_PASSWORD}):")
        for username, role in demo_accounts():
            self.stdout.write(f"  {username:<20} {role}")
