import uuid

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.audit.context import Channel, audit_context
from motcua.notifications import selectors, services
from motcua.notifications.delivery import deliver_due
from motcua.notifications.models import Delivery
from motcua.notifications.scheduling import keep_moving


class Command(BaseCommand):
    help = (
        "The notification outbox: deliver what is due now, list the dead-letter deliveries, "
        "replay dead ones."
    )

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True)
        commands.add_parser(
            "deliver", help="Deliver every due delivery now, then re-arm the worker."
        )
        commands.add_parser("dead", help="List the dead deliveries.")
        replay = commands.add_parser("replay", help="Put dead deliveries back in the queue.")
        which = replay.add_mutually_exclusive_group(required=True)
        which.add_argument("delivery", nargs="?", help="the delivery id (a UUID)")
        which.add_argument("--all-dead", action="store_true", help="every dead delivery")

    def handle(self, *args, subcommand, **options):
        # The operator has shell access: the system acts (actor=None), audited as "command".
        with audit_context(channel=Channel.COMMAND):
            getattr(self, f"handle_{subcommand}")(**options)

    def handle_deliver(self, **options):
        while True:
            report = deliver_due()
            self.stdout.write(
                f"Delivered {report.delivered}, retrying {report.retrying}, dead {report.dead}."
            )
            if not report.limit_reached:
                break
        next_run = keep_moving(more_due_now=False)
        if next_run is not None:
            self.stdout.write(
                f"Next run queued for {timezone.localtime(next_run):%d/%m/%Y %H:%M:%S}."
            )

    def handle_dead(self, **options):
        dead = list(selectors.dead_deliveries())
        if not dead:
            self.stdout.write("No dead deliveries.")
            return
        for delivery in dead:
            event = delivery.event
            error = (delivery.last_error.splitlines() or [""])[0][:100]
            self.stdout.write(
                f"{delivery.uuid}  {delivery.adapter:<10} {event.topic:<24} "
                f"{event.aggregate_type}:{event.aggregate_id}  attempts={delivery.attempts}  "
                f"{timezone.localtime(delivery.updated_at):%d/%m/%Y %H:%M}  {error}"
            )
        self.stdout.write(f"{len(dead)} dead delivery(ies).")

    def handle_replay(self, *, delivery=None, all_dead=False, **options):
        if all_dead:
            count = services.replay_all_dead(actor=None)
            self.stdout.write(self.style.SUCCESS(f"Replayed {count} dead delivery(ies)."))
            return
        try:
            key = uuid.UUID(delivery)
        except ValueError as error:
            raise CommandError(f"{delivery!r} is not a delivery id (a UUID).") from error
        target = Delivery.objects.filter(uuid=key).first()
        if target is None:
            raise CommandError(f"No delivery with id {key}.")
        try:
            services.replay(actor=None, delivery=target)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Replayed delivery {key}."))
