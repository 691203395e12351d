"""`motcua catalog import FILE` and `motcua catalog export FILE` (.json or .xlsx).

An import prints what it did, or every problem of the file with its place and exits non-zero
having changed nothing. Bad input never ends in a traceback.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.audit.context import Channel, audit_context
from motcua.catalog import exchange
from motcua.catalog.exchange.load import summary


class Command(BaseCommand):
    help = "Import or export the procedure catalogue (docs/catalog-format.md): .json or .xlsx"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import", "export"])
        parser.add_argument("file", help="a .json or .xlsx file")

    def handle(self, *args, action, file, **options):
        try:
            with audit_context(channel=Channel.COMMAND):
                if action == "export":
                    counts = exchange.export_file(file)
                    self.stdout.write(
                        _(
                            "Exported %(fields)s field(s), %(procedures)s procedure(s) with "
                            "%(versions)s version(s), %(groups)s group(s) to %(file)s."
                        )
                        % {**counts, "file": file}
                    )
                    return
                counts = exchange.import_file(file, actor=None)
        except exchange.ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _("%(count)s problem(s) found; nothing was imported.")
                % {"count": len(refused.problems)}
            ) from None
        except OSError as error:
            raise CommandError(
                _("Cannot write %(file)s: %(reason)s.")
                % {"file": file, "reason": error.strerror or error}
            ) from None
        done = summary(counts) or _("nothing new")
        self.stdout.write(self.style.SUCCESS(_("Imported: %(done)s.") % {"done": done}))
