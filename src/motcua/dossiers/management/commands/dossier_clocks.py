import time

from django.core.management.base import BaseCommand, CommandError

from motcua.audit.context import Channel, audit_context
from motcua.dossiers.monitoring import hanging_dossiers, sweep_overdue


class Command(BaseCommand):
    help = (
        "Watch the dossier clocks: `sweep` marks what became overdue and notifies the units "
        "(--every SECONDS to keep sweeping); `check` lists hanging dossiers and exits 1 if "
        "there are any."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["sweep", "check"])
        parser.add_argument(
            "--every", type=int, default=0, help="sweep again every SECONDS until stopped (0: once)"
        )

    def handle(self, *args, action, every, **options):
        if action == "check":
            found = hanging_dossiers()
            for item in found:
                self.stdout.write(f"{item.reference}\t{item.status}\t{item.problem}")
            if found:
                raise CommandError(f"{len(found)} hanging dossier(s): see the list above.")
            self.stdout.write(self.style.SUCCESS("No hanging dossier."))
            return
        while True:
            with audit_context(channel=Channel.TASK):
                result = sweep_overdue()
            self.stdout.write(f"Overdue now: {result.dossiers} dossier(s), {result.steps} step(s).")
            if every <= 0:
                return
            try:
                time.sleep(every)
            except KeyboardInterrupt:
                return
