from pathlib import Path

from django.core.management.base import BaseCommand

from motcua.dossiers.transitions import render_markdown


class Command(BaseCommand):
    help = (
        "Print the dossier transition table as Markdown, or --write it to docs/dossier-states.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--write", metavar="FILE", help="write the Markdown to FILE")

    def handle(self, *args, write=None, **options):
        text = render_markdown()
        if write:
            Path(write).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {write}.")
        else:
            self.stdout.write(text, ending="")
