"""The exchange document as JSON text."""

import json

from django.utils.translation import gettext as _

from motcua.catalog.exchange.problems import ImportProblem, ImportRefused


def dumps(document: dict) -> bytes:
    # Stable text: the same catalogue always gives the same file, so files can be diffed.
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def loads(data: bytes):
    """The raw document of a JSON file, or ImportRefused saying why it is not one."""
    if not data.strip():
        raise ImportRefused([ImportProblem(_("the file"), "", _("The file is empty."), "empty")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            [ImportProblem(_("the file"), "", _("The file is not UTF-8 text."), "not_json")]
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRefused(
            [
                ImportProblem(
                    _("line %(line)s, column %(column)s")
                    % {"line": error.lineno, "column": error.colno},
                    "",
                    _("The file is not valid JSON: %(reason)s.") % {"reason": error.msg},
                    "not_json",
                )
            ]
        ) from None
    except RecursionError:
        raise ImportRefused(
            [ImportProblem(_("the file"), "", _("The file nests too deeply."), "not_json")]
        ) from None
