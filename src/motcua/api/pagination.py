"""Keyset ("cursor") pages over a queryset ordered newest first by (a time, uuid).

Why not page numbers: a dossier list grows while an officer reads it; with OFFSET a new
dossier shifts every page and rows are shown twice or never. Why not DRF's CursorPagination:
it takes the position from one field only, and our time (`listed_at`) repeats and would need
the offset back for ties. Here the position is the pair (time, uuid), unique, so each page is
one range query with no OFFSET to skip, however deep the client goes.

The cursor is opaque to clients (base64 of a little JSON) and holds no database id: only the
dossier's time and public UUID (ARCHITECTURE MUST 5).
"""

import base64
import binascii
import datetime
import json
import uuid
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class Cursor:
    at: datetime.datetime
    uuid: uuid.UUID
    # True: the page BEFORE this position (the "previous" link), else the page after it.
    backwards: bool = False

    def encode(self) -> str:
        payload = {"at": self.at.isoformat(), "id": str(self.uuid), "back": self.backwards}
        raw = json.dumps(payload, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> "Cursor":
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            payload = json.loads(raw)
            at = datetime.datetime.fromisoformat(payload["at"])
            if at.tzinfo is None:
                raise ValueError("naive")
            return cls(at, uuid.UUID(payload["id"]), bool(payload.get("back", False)))
        except (binascii.Error, ValueError, KeyError, TypeError, AttributeError) as error:
            raise serializers.ValidationError(
                {"cursor": [_("cursor is not valid: use the next or previous link as given.")]}
            ) from error


@dataclass(frozen=True)
class Page:
    rows: list
    next: Cursor | None
    previous: Cursor | None


def keyset_page(queryset: QuerySet, *, time_field: str, cursor: Cursor | None, size: int) -> Page:
    """One page of `queryset`, newest first by (`time_field`, uuid)."""
    if cursor is None:
        rows = list(queryset.order_by(f"-{time_field}", "-uuid")[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        return Page(rows, _at(rows[-1], time_field) if more else None, None)
    at, key = cursor.at, cursor.uuid
    if not cursor.backwards:
        after = Q(**{f"{time_field}__lt": at}) | Q(**{time_field: at, "uuid__lt": key})
        rows = list(queryset.filter(after).order_by(f"-{time_field}", "-uuid")[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        following = _at(rows[-1], time_field) if more else None
        preceding = _at(rows[0], time_field, backwards=True) if rows else None
        return Page(rows, following, preceding)
    before = Q(**{f"{time_field}__gt": at}) | Q(**{time_field: at, "uuid__gt": key})
    rows = list(queryset.filter(before).order_by(time_field, "uuid")[: size + 1])
    more = len(rows) > size
    rows = list(reversed(rows[:size]))
    preceding = _at(rows[0], time_field, backwards=True) if more else None
    following = _at(rows[-1], time_field) if rows else None
    return Page(rows, following, preceding)


def _at(row, time_field: str, *, backwards: bool = False) -> Cursor:
    return Cursor(getattr(row, time_field), row.uuid, backwards)


def page_link(request, cursor: Cursor | None) -> str | None:
    if cursor is None:
        return None
    params = request.query_params.copy()
    params["cursor"] = cursor.encode()
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


_WHOLE_NUMBER = _("page_size must be a whole number from 1 to 100.")


class PageQuery(serializers.Serializer):
    """The paging part of a list's query string: `page_size` and the `cursor` of a link."""

    page_size = serializers.IntegerField(
        required=False,
        default=DEFAULT_PAGE_SIZE,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        error_messages={
            "invalid": _WHOLE_NUMBER,
            "min_value": _WHOLE_NUMBER,
            "max_value": _WHOLE_NUMBER,
            "max_string_length": _WHOLE_NUMBER,
        },
    )
    cursor = serializers.CharField(required=False, max_length=500)

    def validate_cursor(self, value):
        return Cursor.decode(value)


def status_list(value: str, allowed) -> list[str]:
    """`a,b` → ["a", "b"], each among `allowed`, or a message naming the unknown ones."""
    statuses = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [s for s in statuses if s not in allowed]
    if unknown:
        raise serializers.ValidationError(
            _("status must be among %(states)s; unknown: %(unknown)s.")
            % {"states": ", ".join(allowed), "unknown": ", ".join(unknown)[:200]}
        )
    return statuses
