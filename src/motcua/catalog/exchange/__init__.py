"""Import and export of the catalogue in the exchange format (docs/catalog-format.md).

    export_bytes(kind) / export_file(path)       the whole catalogue as JSON or a workbook
    import_bytes(data, kind, actor=…)            check everything, then write all or nothing
    import_file(path, actor=…)                   the same, the kind chosen by the extension

An import reads the file, cleans every value, checks every rule, and only when nothing at all
is wrong writes it through the services in one transaction. Otherwise it raises
`ImportRefused` with every problem and its place; nothing is written.
"""

from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.audit.services import record
from motcua.catalog.exchange import jsonfile, workbook
from motcua.catalog.exchange.checks import check
from motcua.catalog.exchange.load import Loader
from motcua.catalog.exchange.parse import Parser
from motcua.catalog.exchange.problems import ImportProblem, ImportRefused, Problems
from motcua.catalog.records import catalogue_document
from motcua.policy import authorize

__all__ = [
    "KINDS",
    "ImportProblem",
    "ImportRefused",
    "export_bytes",
    "export_file",
    "import_bytes",
    "import_file",
    "kind_of",
]

KINDS = ("json", "xlsx")


def kind_of(path: str | Path) -> str:
    """ "json" or "xlsx" from the file's extension; ImportRefused for any other."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in KINDS:
        raise ImportRefused(
            [ImportProblem(str(path), "", _("Name a .json or .xlsx file."), "unknown_format")]
        )
    return suffix


def export_bytes(kind: str, document: dict | None = None) -> bytes:
    document = catalogue_document() if document is None else document
    return jsonfile.dumps(document) if kind == "json" else workbook.dumps(document)


def export_file(path: str | Path) -> dict:
    """Write the catalogue to `path`; returns how many of each it holds."""
    kind = kind_of(path)
    document = catalogue_document()
    Path(path).write_bytes(export_bytes(kind, document))
    return {
        "fields": len(document["fields"]),
        "procedures": len(document["procedures"]),
        "versions": sum(len(p["versions"]) for p in document["procedures"]),
        "groups": len(document["groups"]),
    }


def read(data: bytes, kind: str) -> tuple[dict, Problems]:
    """The clean document and the problems of its values (nothing checked against the
    database yet)."""
    problems = Problems()
    if kind == "json":
        raw, lenient = jsonfile.loads(data), False
    else:
        raw, lenient = workbook.loads(data, problems), True
    document = Parser(lenient=lenient, problems=problems).document(raw)
    return document, problems


def import_bytes(data: bytes, kind: str, *, actor=None) -> Counter:
    """Import a catalogue file; returns what was done, or raises ImportRefused."""
    authorize(actor, "catalog.manage")
    document, problems = read(data, kind)
    check(document, problems)
    if problems:
        raise ImportRefused(problems.items)
    try:
        with transaction.atomic():
            counts = Loader(actor=actor).load(document)
            record(actor=actor, action="catalog.import", changes=dict(counts))
    except ValidationError as error:
        # Checked above, so only a concurrent change gets here; nothing was kept.
        raise ImportRefused(
            [
                ImportProblem(_("the catalogue"), "", message, "conflict")
                for message in error.messages
            ]
        ) from None
    return counts


def import_file(path: str | Path, *, actor=None) -> Counter:
    kind = kind_of(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ImportRefused(
            [
                ImportProblem(
                    str(path),
                    "",
                    _("The file cannot be read: %(reason)s.") % {"reason": error.strerror or error},
                    "unreadable",
                )
            ]
        ) from None
    return import_bytes(data, kind, actor=actor)
