"""Reads of the procedure catalogue as the public sees it: only published versions in force.

A procedure is public on a day when one of its published versions is in force that day:
valid_from ≤ day (or no start) and day ≤ valid_to (or no end). Drafts are never public. Should
two published versions overlap, the one that started last (then the higher number) wins, so
every public procedure shows exactly one version.

Search reads `Procedure.search_text`, folded at publication (see catalog.search); the query
is folded the same way and every word must occur (AND). That is a plain `contains` per word,
the same SQL on SQLite and PostgreSQL, so results never differ between the two.
"""

import datetime
from zoneinfo import ZoneInfo

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Length

from motcua.catalog.models import (
    AgencyAssignment,
    ChannelOffer,
    Component,
    Field,
    Level,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    VersionStatus,
)
from motcua.catalog.search import fold, query_tokens

# Legal days are Vietnamese days, whatever time zone the server is configured with.
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

# Longer queries are cut: nothing is named with more words, and each word is one LIKE.
MAX_QUERY_TOKENS = 8


def today() -> datetime.date:
    return datetime.datetime.now(tz=VIETNAM).date()


def _in_force(on: datetime.date, prefix: str = "") -> Q:
    """The condition "published and in force on `on`", for versions reached through `prefix`."""
    return (
        Q(**{f"{prefix}status": VersionStatus.PUBLISHED})
        & (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": on}))
        & (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on}))
    )


def _current_version_id(on: datetime.date, procedure_ref: str) -> Subquery:
    """The id of the version in force of the procedure `OuterRef(procedure_ref)` names."""
    return Subquery(
        ProcedureVersion.objects.filter(_in_force(on), procedure=OuterRef(procedure_ref))
        .order_by("-valid_from", "-number")
        .values("id")[:1]
    )


def versions_in_force(on: datetime.date | None = None) -> QuerySet[ProcedureVersion]:
    """One version per public procedure: the one in force on `on` (default: today in Vietnam),
    with its procedure and field loaded."""
    on = on or today()
    return (
        ProcedureVersion.objects.filter(_in_force(on))
        .filter(id=_current_version_id(on, "procedure_id"))
        .select_related("procedure", "field")
    )


def version_in_force(procedure: Procedure, on: datetime.date | None = None):
    """The published version of `procedure` in force on `on` (default: today in Vietnam), or
    None when no published version is in force that day.

    Publishing ends the previous version the day before (catalog.services.publish), so at most
    one is in force on a day: the procedure's few published versions are read and the one in
    force picked here. Every reception asks this; the query with the date conditions cost more
    to build than to run (bench/bench_reception.py)."""
    on = on or today()
    published = procedure.versions.filter(status=VersionStatus.PUBLISHED).select_related("field")
    return next((v for v in published if _window_holds(v.valid_from, v.valid_to, on)), None)


def is_in_force(version: ProcedureVersion, on: datetime.date) -> bool:
    """Whether `version` is published and in force on `on`, as the database has it now (the
    object in hand may predate a publication that ended it)."""
    rows = ProcedureVersion.objects.filter(pk=version.pk).values_list(
        "status", "valid_from", "valid_to"
    )
    row = next(iter(rows), None)
    return (
        row is not None and row[0] == VersionStatus.PUBLISHED and _window_holds(row[1], row[2], on)
    )


def _window_holds(valid_from, valid_to, on: datetime.date) -> bool:
    return (valid_from is None or valid_from <= on) and (valid_to is None or on <= valid_to)


def published_procedures(on: datetime.date | None = None) -> QuerySet[Procedure]:
    """Procedures with a published version in force on `on` (default: today in Vietnam)."""
    on = on or today()
    return Procedure.objects.filter(
        Exists(ProcedureVersion.objects.filter(_in_force(on), procedure=OuterRef("pk")))
    )


def search_procedures(
    query: str = "",
    field: str | None = None,
    level: str | None = None,
    *,
    on: datetime.date | None = None,
) -> QuerySet[ProcedureVersion]:
    """The versions in force of the procedures matching `query`, in `field` (a field code) and
    at `level` (a `Level` value), best matches first.

    Every folded word of `query` must occur in the procedure's search text; case, diacritics
    and đ/d do not matter. Ranked: the name starts with the whole query; the name starts with
    its first word; the text holds the query as a phrase; the rest. Within a rank, shorter
    first, then by folded name, which sorts the same on every database. A blank query lists
    everything by folded name.
    """
    versions = versions_in_force(on)
    if field:
        versions = versions.filter(field__code=field)
    if level:
        versions = versions.filter(level=level)
    tokens = query_tokens(query)[:MAX_QUERY_TOKENS]
    if not tokens:
        return versions.order_by("procedure__search_text", "procedure__code")
    # Match the procedures first, in a subquery: otherwise SQLite looks for the version in
    # force of every procedure before it tests a word (3x slower on 2,000 procedures).
    matching = Procedure.objects.all()
    for token in tokens:
        matching = matching.filter(search_text__contains=token)
    versions = versions.filter(procedure_id__in=matching.values("id"))
    # search_text begins with the folded name, so "starts with" is "the name starts with";
    # within a rank a shorter text is a closer match ("Đăng ký khai sinh" before "Cấp bản sao
    # trích lục khai sinh" for "khai sinh"). All of it is computed on the matching rows only.
    phrase = " ".join(tokens)
    rank = Case(
        When(procedure__search_text__startswith=phrase, then=Value(0)),
        When(procedure__search_text__startswith=tokens[0], then=Value(1)),
        When(procedure__search_text__contains=f" {phrase}", then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return versions.annotate(rank=rank, length=Length("procedure__search_text")).order_by(
        "rank", "length", "procedure__search_text", "procedure__code"
    )


def procedure_detail(code: str, on: datetime.date | None = None):
    """The version in force of the procedure with national code `code`, with everything a
    procedure page or the API shows loaded; None when there is no such public procedure."""
    on = on or today()
    code = (code or "").strip()
    # Nothing longer than the column can match, and NUL would make PostgreSQL raise.
    if not code or len(code) > Procedure._meta.get_field("code").max_length or "\x00" in code:
        return None
    return (
        versions_in_force(on)
        .filter(procedure__code=code)
        .prefetch_related(
            Prefetch(
                "channels",
                queryset=ChannelOffer.objects.order_by("id").prefetch_related("fees"),
            ),
            Prefetch("components", queryset=Component.objects.order_by("case", "order", "id")),
            "results",
            Prefetch(
                "agencies",
                queryset=AgencyAssignment.objects.select_related("unit").order_by("role", "id"),
            ),
            Prefetch(
                "steps",
                queryset=ProcessStep.objects.select_related("performer_unit").order_by(
                    "order", "id"
                ),
            ),
        )
        .first()
    )


def fields_with_counts(on: datetime.date | None = None) -> list[Field]:
    """Fields that have public procedures, each with `procedure_count` set, by folded name
    (a database's collation would put "Đất đai" after "Hộ tịch")."""
    counts = dict(
        versions_in_force(on)
        .order_by()
        .values("field_id")
        .annotate(n=Count("id"))
        .values_list("field_id", "n")
    )
    fields = sorted(Field.objects.filter(id__in=list(counts)), key=lambda f: (fold(f.name), f.code))
    for field in fields:
        field.procedure_count = counts[field.id]
    return fields


def level_counts(on: datetime.date | None = None) -> list[tuple[str, str, int]]:
    """(level, label, number of public procedures) for each level that has any, in the order
    of `Level` (central, province, commune)."""
    counts = dict(
        versions_in_force(on)
        .order_by()
        .values("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    return [(value, label, counts[value]) for value, label in Level.choices if counts.get(value)]


def field_by_code(code: str) -> Field | None:
    return Field.objects.filter(code=code).first() if code else None
