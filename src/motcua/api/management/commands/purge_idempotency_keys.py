from django.core.management.base import BaseCommand

from motcua.api.idempotency import purge_expired


class Command(BaseCommand):
    help = (
        "Delete the remembered answers to Idempotency-Key requests older than 24 hours "
        "(run it daily, e.g. from cron)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{purge_expired()} idempotency records purged.")
