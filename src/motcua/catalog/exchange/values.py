"""The kinds of value the exchange format holds, each able to check and clean one value.

A JSON file is read strictly (a number is a number, a flag is true or false). A workbook is
read leniently, because a spreadsheet turns codes into numbers, dates into date cells and
flags into TRUE/FALSE: what a careful person typed in Excel must import.
"""

import datetime
import json
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from motcua.catalog.records import number as normal_number


class Bad(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


MISSING = object()


class Value:
    """A key's kind; `required` keys must be present, others take `default`."""

    def __init__(self, *, required: bool = False, default=None, nullable: bool = False):
        self.required = required
        self.default = default
        self.nullable = nullable

    def empty(self):
        """The value of an absent optional key (a fresh copy for mutable defaults)."""
        return self.default() if callable(self.default) else self.default

    def clean(self, value, lenient: bool):
        if value is None or (lenient and value == ""):
            if self.nullable:
                return None
            if self.required:
                raise Bad("required", _("This field is required."))
            return self.empty()
        return self.convert(value, lenient)

    def convert(self, value, lenient: bool):  # pragma: no cover - abstract
        raise NotImplementedError


# Control characters other than tab and line breaks: PostgreSQL refuses NUL in text, and a
# workbook cannot hold any of them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class Text(Value):
    def __init__(self, *, max_length: int | None = None, blank: bool = True, **kwargs):
        kwargs.setdefault("default", "")
        super().__init__(**kwargs)
        self.max_length = max_length
        self.blank = blank

    def convert(self, value, lenient):
        if lenient and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(normal_number(Decimal(str(value))))
        if not isinstance(value, str):
            raise Bad("wrong_type", _("Expected text."))
        if CONTROL_CHARACTERS.search(value):
            raise Bad("control_character", _("Remove the control characters from this text."))
        # The services keep text without surrounding spaces; read it the same way, so that a
        # file imported twice compares equal to what the first import stored.
        value = value.strip()
        if not self.blank and not value:
            raise Bad("blank", _("This field cannot be empty."))
        if self.max_length and len(value) > self.max_length:
            raise Bad(
                "too_long",
                _("Too long: at most %(max)s characters.") % {"max": self.max_length},
            )
        return value


class Code(Text):
    """A code naming another record (a unit, a field): text, or null for none."""

    def __init__(self, **kwargs):
        kwargs.setdefault("nullable", True)
        kwargs.setdefault("default", None)
        super().__init__(**kwargs)

    def convert(self, value, lenient):
        value = super().convert(value, lenient).strip()
        return value or None


class Flag(Value):
    WORDS = {"true": True, "false": False, "1": True, "0": False}

    def convert(self, value, lenient):
        if isinstance(value, bool):
            return value
        if lenient and isinstance(value, int) and value in (0, 1):
            return bool(value)
        if lenient and isinstance(value, str) and value.strip().lower() in self.WORDS:
            return self.WORDS[value.strip().lower()]
        raise Bad("wrong_type", _("Expected true or false."))


class Whole(Value):
    def __init__(self, *, minimum: int = 0, maximum: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.minimum = minimum
        self.maximum = maximum

    def convert(self, value, lenient):
        if isinstance(value, bool):
            raise Bad("wrong_type", _("Expected a whole number."))
        if lenient and isinstance(value, str):
            try:
                value = Decimal(value.strip())
            except InvalidOperation:
                raise Bad("wrong_type", _("Expected a whole number.")) from None
        if isinstance(value, float | Decimal) and value == int(value):
            value = int(value)
        if not isinstance(value, int):
            raise Bad("wrong_type", _("Expected a whole number."))
        if value < self.minimum or (self.maximum is not None and value > self.maximum):
            raise Bad("out_of_range", _("Out of range."))
        return value


class Amount(Value):
    """A decimal number ≥ 0 with at most two decimals (hours, days)."""

    def __init__(self, *, maximum: int = 99999, **kwargs):
        super().__init__(**kwargs)
        self.maximum = maximum

    def convert(self, value, lenient):
        if isinstance(value, bool) or not (
            isinstance(value, int | float) or (lenient and isinstance(value, str))
        ):
            raise Bad("wrong_type", _("Expected a number."))
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            raise Bad("wrong_type", _("Expected a number.")) from None
        if not amount.is_finite() or amount < 0 or amount > self.maximum:
            raise Bad(
                "out_of_range", _("Expected a number from 0 to %(max)s.") % {"max": self.maximum}
            )
        if amount != amount.quantize(Decimal("0.01")):
            raise Bad("too_precise", _("At most two decimals."))
        return normal_number(amount)


class Day(Value):
    def __init__(self, **kwargs):
        kwargs.setdefault("nullable", True)
        super().__init__(**kwargs)

    def convert(self, value, lenient):
        if lenient and isinstance(value, datetime.datetime):
            return value.date().isoformat()
        if lenient and isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip()).isoformat()
            except ValueError:
                pass
        raise Bad("wrong_type", _("Expected a date written YYYY-MM-DD."))


class Choice(Value):
    def __init__(self, choices, *, blank: bool = False, **kwargs):
        if blank:
            kwargs.setdefault("default", "")
        super().__init__(**kwargs)
        self.choices = list(choices)
        self.blank = blank

    def convert(self, value, lenient):
        if not isinstance(value, str):
            raise Bad("wrong_type", _("Expected text."))
        value = value.strip()
        if value == "" and self.blank:
            return ""
        if value not in self.choices:
            raise Bad(
                "invalid_choice",
                _("“%(value)s” is not allowed; expected one of: %(choices)s.")
                % {"value": value, "choices": ", ".join(self.choices)},
            )
        return value


class JsonObject(Value):
    def __init__(self, **kwargs):
        kwargs.setdefault("default", dict)
        super().__init__(**kwargs)

    def convert(self, value, lenient):
        if lenient and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                raise Bad("wrong_type", _("Expected a JSON object.")) from None
        if not isinstance(value, dict):
            raise Bad("wrong_type", _("Expected a JSON object."))
        if "\\u0000" in json.dumps(value):  # PostgreSQL cannot store NUL in JSON
            raise Bad("control_character", _("Remove the control characters from this text."))
        return value


class FileTypes(Value):
    # The kinds of the upload chain (documents.validation.Kind); "zip" only where a paper
    # really is a bundle of files.
    ALLOWED = ("pdf", "jpeg", "png", "tiff", "docx", "xlsx", "zip")

    def __init__(self, **kwargs):
        kwargs.setdefault("default", list)
        super().__init__(**kwargs)

    def convert(self, value, lenient):
        if lenient and isinstance(value, str):
            text = value.strip()
            try:
                value = json.loads(text) if text.startswith("[") else None
            except ValueError:
                value = None
            if value is None:  # "pdf, png" typed by hand
                value = [part.strip() for part in text.split(",") if part.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise Bad("wrong_type", _("Expected a list of file types."))
        unknown = [v for v in value if v not in self.ALLOWED]
        if unknown:
            raise Bad(
                "invalid_choice",
                _("Unknown file type(s) %(types)s; expected any of: %(choices)s.")
                % {"types": ", ".join(unknown), "choices": ", ".join(self.ALLOWED)},
            )
        return value
