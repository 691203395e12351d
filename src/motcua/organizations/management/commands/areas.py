from django.core.management.base import BaseCommand

from motcua.audit.context import Channel, audit_context
from motcua.organizations.services import sync_areas_from_package


class Command(BaseCommand):
    help = (
        "Load or refresh the 34 provinces and 3,321 communes (vietnam-provinces): motcua areas sync"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["sync"])

    def handle(self, *args, **options):
        with audit_context(channel=Channel.COMMAND):
            summary = sync_areas_from_package(actor=None)
        self.stdout.write(f"Areas: {summary['created']} created, {summary['renamed']} renamed.")
