"""Folding text for search: lowercase, no Vietnamese diacritics, đ → d, single spaces.

The folded form is stored in `Procedure.search_text` at publication, and queries are folded the
same way, so search is a plain `contains` that behaves the same on SQLite and PostgreSQL: no
collation, no `unaccent` extension, and "Khai Sinh", "KHAI SINH" and "khai sinh" all meet
"Đăng ký khai sinh".
"""

import unicodedata

# "đ" is a letter of its own in Unicode (not d + a combining mark), so NFD leaves it alone.
_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """`text` lowercased, without diacritics, đ/Đ as d, whitespace collapsed to one space."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.lower().split())


def procedure_search_text(version) -> str:
    """What search looks through for a procedure: the fold of its version's name, the
    procedure's code, and the field's name and code."""
    field = version.field
    parts = [version.name, version.procedure.code, field.name, field.code]
    return fold(" ".join(part for part in parts if part))


def query_tokens(query: str) -> list[str]:
    """The distinct folded words of a query, in order; empty for a blank query."""
    seen: dict[str, None] = {}
    # NUL cannot be sent to PostgreSQL in a literal; it never belongs in a search anyway.
    for token in fold((query or "").replace("\x00", " ")).split(" "):
        if token:
            seen.setdefault(token, None)
    return list(seen)
