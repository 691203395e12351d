from django.core.management.base import BaseCommand, CommandError

from motcua.accounts import selectors, services
from motcua.audit.context import Channel, audit_context


class Command(BaseCommand):
    help = "Create an API token for a user and print it (shown once): motcua token create USER"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create"])
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="A label to tell the token apart.")

    def handle(self, *args, action, username, name, **options):
        owner = selectors.user_by_username(username)
        if owner is None:
            raise CommandError(f"No user named {username!r}.")
        if not owner.is_active:
            raise CommandError(f"User {username!r} is deactivated.")
        with audit_context(channel=Channel.COMMAND):
            _token, raw = services.create_api_token(actor=None, owner=owner, name=name)
        self.stdout.write(raw)
