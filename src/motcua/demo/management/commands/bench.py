"""`motcua bench seed --dossiers N`: fill the database with synthetic dossiers for the
benchmarks of bench/ (the generation itself is motcua.demo.synthetic)."""

from django.core.management.base import BaseCommand, CommandError

from motcua.audit.context import Channel, audit_context
from motcua.demo.loader import load_hanoi_demo
from motcua.demo.synthetic import SeedRefused, seed_dossiers
from motcua.organizations.models import Unit


class Command(BaseCommand):
    help = (
        "Benchmark data. `seed --dossiers N [--years 3] [--seed 42] [--append]` writes N "
        "synthetic dossiers received over the last years at the province's service points "
        "(loads the Hanoi demo organisations and catalogue first when the database is empty). "
        "Synthetic history is written directly, like an import: no audit records, no outbox."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["seed"])
        parser.add_argument("--dossiers", type=int, required=True, help="how many to write")
        parser.add_argument("--years", type=float, default=3, help="spread over the last YEARS")
        parser.add_argument("--seed", type=int, default=42, help="random seed (same data again)")
        parser.add_argument(
            "--append", action="store_true", help="add to the dossiers already there"
        )
        parser.add_argument("--batch-size", type=int, default=5000, help="dossiers per commit")

    def handle(self, *args, action, dossiers, years, seed, append, batch_size, **options):
        if not Unit.objects.exists():
            # The organisations and catalogue of the demo, without which no dossier has a
            # point, a unit or a procedure. Its accounts log in only in demo mode.
            self.stdout.write("Empty database: loading the Hanoi organisations and catalogue…")
            with audit_context(channel=Channel.COMMAND):
                load_hanoi_demo()
        verbosity = options.get("verbosity", 1)

        def progress(report, total):
            if verbosity >= 1:
                self.stdout.write(f"  {report.dossiers:,} / {total:,} dossiers")

        try:
            report = seed_dossiers(
                count=dossiers,
                years=years,
                seed=seed,
                append=append,
                batch_size=batch_size,
                progress=progress,
            )
        except SeedRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        rate = report.dossiers / report.seconds if report.seconds else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {report.dossiers:,} dossiers, {report.history:,} history entries, "
                f"{report.steps:,} steps, {report.deadlines:,} deadlines, "
                f"{report.counters:,} code counters in {report.seconds:,.1f} s "
                f"({rate:,.0f} dossiers/s)."
            )
        )
        for status, number in sorted(report.by_status.items(), key=lambda item: -item[1]):
            self.stdout.write(f"  {status:<22} {number:>10,}")
