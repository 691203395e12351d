"""Links from a list to the dossier desk and paging through a long list."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

PAGE_SIZE = 25


def desk_url(reference: str) -> str:
    """The desk of one dossier (backoffice:dossier), by code, or by public id while an online
    dossier has no code yet."""
    try:
        return reverse("backoffice:dossier", args=[reference])
    except NoReverseMatch:
        # The desk's URL pattern is the desk's own; its address is fixed by the workspace.
        return f"/can-bo/ho-so/{reference}/"


@dataclass(frozen=True)
class Page:
    rows: list
    number: int
    pages: int
    total: int
    first: int  # position of the first row shown (1-based), 0 when empty
    previous_query: str
    next_query: str


def page_of(rows, *, total: int, number, query: dict) -> Page:
    """One page of an ordered queryset whose size is already known (from the counts query),
    so no second COUNT runs. `query` is the list's filters, kept in the paging links."""
    pages = max(1, -(-total // PAGE_SIZE))
    try:
        number = min(max(1, int(number)), pages)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * PAGE_SIZE
    shown = list(rows[start : start + PAGE_SIZE])

    def link(n):
        return "?" + urlencode({**{k: v for k, v in query.items() if v}, "trang": n})

    return Page(
        rows=shown,
        number=number,
        pages=pages,
        total=total,
        first=start + 1 if shown else 0,
        previous_query=link(number - 1) if number > 1 else "",
        next_query=link(number + 1) if number < pages else "",
    )
