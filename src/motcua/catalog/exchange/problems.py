"""Where a problem of an imported file is, and how it is told.

A JSON file names its places by path (`procedures[0].versions[1].steps[2]`); a workbook by
sheet, row and column. Both readers give every item its place, and every check reports through
it, so one message reads right for either kind of file.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Place:
    """A place in a JSON document: its path."""

    path: str

    def describe(self) -> str:
        return self.path or _("the file")

    def column(self, key: str) -> str:
        return key

    def child(self, key: str, index: int | None = None) -> "Place":
        path = f"{self.path}.{key}" if self.path else key
        return Place(path if index is None else f"{path}[{index}]")


@dataclass(frozen=True)
class Row:
    """A row of a workbook sheet; `letters` maps a column's key to its letter."""

    sheet: str
    number: int
    letters: dict = field(default_factory=dict, compare=False, hash=False)

    def describe(self) -> str:
        return _("sheet “%(sheet)s”, row %(row)s") % {"sheet": self.sheet, "row": self.number}

    def column(self, key: str) -> str:
        letter = self.letters.get(key)
        if letter:
            return _("column %(name)s (%(letter)s)") % {"name": key, "letter": letter}
        return _("column %(name)s") % {"name": key}

    def child(self, key: str, index: int | None = None) -> "Row":
        # A list inside a cell (allowed_file_types) is still that cell.
        return self


@dataclass(frozen=True)
class ImportProblem:
    """One reason a file cannot be imported: where, which key or column, what, and a code for
    programs."""

    where: str
    field: str
    message: str
    code: str

    def __str__(self) -> str:
        if self.field:
            return f"{self.where}, {self.field}: {self.message}"
        return f"{self.where}: {self.message}"


class Problems:
    """The problems found so far; checks keep going after one so that all are reported."""

    def __init__(self) -> None:
        self.items: list[ImportProblem] = []

    def add(self, place, key: str, message: str, code: str) -> None:
        self.items.append(
            ImportProblem(place.describe(), place.column(key) if key else "", message, code)
        )

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)


class ImportRefused(Exception):
    """The file was not imported; `problems` says every reason."""

    def __init__(self, problems: list[ImportProblem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
