"""Doing less per statement on the busiest paths (a reception, every dossier action, the
public lookup).

Three tools:

* `OncePerWindow`: queue a background run at most once per window per process. A run of the
  audit sealing or of the outbox delivery handles everything committed before it starts. Under
  load many transactions commit every second, and queuing one run for each was a second write
  (and commit) per action on the busiest path. So a process queues at most one run per window,
  deferred to the end of the window: that run starts after every commit made inside the window
  and covers them all. A backend that cannot defer (the tests' immediate backend) runs the
  task every time.
* `insert_rows`: write new rows with an INSERT compiled once per model, database and row
  count. The ORM builds the same INSERT afresh on every `create()`/`bulk_create()`, which cost
  more Python than the database took to run it (bench/bench_reception.py: a reception writes
  eight such rows).
* `statement_cursor`: a cursor for such SQL compiled once. On PostgreSQL its statements are
  prepared once per connection (parsed and planned once, then only run with new values);
  Django's own cursors bind the values into the SQL text on the client, which can never be
  prepared, and the quoting itself costs Python time.
"""

import contextlib
import datetime
import functools
import threading

from django.db import connections, router
from django.db.models.sql import InsertQuery
from django.utils import timezone


class OncePerWindow:
    def __init__(self, window: datetime.timedelta = datetime.timedelta(seconds=1)):
        self.window = window
        self._lock = threading.Lock()
        self._queued_for: datetime.datetime | None = None

    def enqueue(self, task) -> None:
        """Queue `task` (a django-tasks task) unless a run queued earlier starts after now."""
        if not task.get_backend().supports_defer:
            task.enqueue()
            return
        now = timezone.now()
        with self._lock:
            if self._queued_for is not None and now < self._queued_for:
                return  # the run already queued starts after this commit and covers it
            self._queued_for = run_after = now + self.window
        try:
            task.using(run_after=run_after).enqueue()
        except Exception:
            self._queued_for = None  # the next commit queues one again
            raise


def insert_rows(objs: list) -> list:
    """Insert new model instances (all of one model, none saved yet) and set their primary
    keys: what `bulk_create(objs)` does, with the SQL compiled once.

    Each value is prepared exactly as the ORM prepares it (the field's `pre_save`, which fills
    `auto_now_add` and the like, then `get_db_prep_save`), so the rows are the ORM's rows. What
    is skipped is the model's `save()` and the pre/post-save signals, as with `bulk_create`: use
    it only for models whose `save()` adds nothing to a creation (an append-only guard that
    refuses changes to saved rows is fine: these rows are new).
    """
    if not objs:
        return objs
    model = type(objs[0])
    alias = router.db_for_write(model)
    connection = connections[alias]
    too_many = len(objs) > connection.ops.bulk_batch_size(_insertable_fields(model), objs)
    if too_many or not connection.features.can_return_rows_from_bulk_insert:
        # More rows than one statement may carry parameters for, or an old SQLite without
        # RETURNING: the ORM knows how to split the rows and how to get the keys back.
        return model._base_manager.using(alias).bulk_create(objs)
    sql, fields, by_column = _insert_sql(model, alias, len(objs))
    rows = []
    for obj in objs:
        if type(obj) is not model or obj.pk is not None:
            raise ValueError("insert_rows writes new instances of one model only.")
        # As bulk_create: a related object saved after it was assigned gives its key now, and
        # an unsaved one is refused rather than written as NULL.
        obj._prepare_related_fields_for_save(operation_name="insert_rows")
        row = []
        for field in fields:
            value = field.pre_save(obj, True)
            if hasattr(value, "resolve_expression"):
                raise ValueError(f"insert_rows writes plain values; {field.name} is an expression.")
            row.append(field.get_db_prep_save(value, connection))
        rows.append(row)
    # PostgreSQL inserts several rows from one array per column (UNNEST); otherwise the
    # placeholders take the rows' values one after the other.
    params = (
        [list(column) for column in zip(*rows, strict=True)]
        if by_column
        else [v for r in rows for v in r]
    )
    with statement_cursor(connection) as cursor:
        cursor.execute(sql, params)
        keys = cursor.fetchall()
    for obj, (key,) in zip(objs, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = alias
    return objs


@functools.cache
def _insertable_fields(model) -> list:
    """The columns an INSERT of `model` writes: all but the automatic key (and generated ones)."""
    meta = model._meta
    return [f for f in meta.concrete_fields if not f.generated and f is not meta.auto_field]


@functools.lru_cache(maxsize=256)  # a few models, each with a few row counts
def _insert_sql(model, alias: str, count: int) -> tuple[str, list, bool]:
    """(SQL, fields, by column) of an INSERT of `count` rows of `model` returning their keys,
    as the ORM compiles it for `bulk_create` (quoting, placeholders, RETURNING of this
    database). "By column": the SQL takes one array of values per field, not one value per
    placeholder (PostgreSQL's UNNEST form for several rows)."""
    meta = model._meta
    fields = _insertable_fields(model)
    if meta.auto_field is None or meta.pk is not meta.auto_field:
        raise ValueError(f"insert_rows needs an automatic primary key; {meta.label} has none.")
    if any(hasattr(field, "get_placeholder") for field in fields):
        # A field whose placeholder depends on its value (binary, ranges, geometry) cannot
        # share one SQL text between rows.
        raise ValueError(f"insert_rows cannot write {meta.label}: a field needs its own SQL.")
    query = InsertQuery(model)
    # Unsaved instances with their defaults stand in for the rows: only the SQL is kept.
    query.insert_values(fields, [model() for _ in range(count)])
    compiler = query.get_compiler(alias)
    compiler.returning_fields = [meta.pk]
    statements = compiler.as_sql()
    if len(statements) != 1:
        raise RuntimeError(f"The ORM split the insert of {count} {meta.label} rows.")
    sql, params = statements[0]
    by_column = count > 1 and len(params) == len(fields)
    if not by_column and len(params) != count * len(fields):
        raise RuntimeError(f"Unexpected parameters of the insert of {meta.label} rows.")
    return sql, fields, by_column


#: psycopg prepares a statement after this many runs; Django sets no threshold (None: never, for
#: the sake of connection poolers), under which even `prepare=True` is ignored. This one lets the
#: statements that ask be prepared, and no other: none runs 2**62 times.
_PREPARE_ONLY_WHEN_ASKED = 2**62


@contextlib.contextmanager
def statement_cursor(connection):
    """A cursor of `connection` (a Django connection) for SQL compiled once.

    On PostgreSQL: a server-binding psycopg cursor that prepares every statement it runs (once
    per connection; psycopg keeps the last hundred). It is wrapped as Django wraps its own
    cursors, so its queries are logged and counted (CaptureQueriesContext) and its errors are
    Django's (a connection that had one is checked before the next request uses it). Behind
    PgBouncer in transaction mode this needs PgBouncer 1.21 or later (docs/operations.md).
    Elsewhere: Django's cursor.

    Unlike `connection.cursor()` it does not run the per-request health check (`SELECT 1`, one
    more round trip): the public lookup's one query would pay it on every request. A kept
    connection that broke meanwhile fails that one statement, then Django replaces it.
    """
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        raw.prepare_threshold = _PREPARE_ONLY_WHEN_ASKED
    connection.validate_thread_sharing()
    preparing_class, logging_wrapper_class = _postgresql_classes()
    preparing = preparing_class(raw)
    wrapped = (
        logging_wrapper_class(preparing, connection)
        if connection.queries_logged
        else connection.make_cursor(preparing)
    )
    with wrapped as cursor:
        yield cursor


@functools.cache
def _postgresql_classes():
    """(cursor, debug wrapper) of `statement_cursor` on PostgreSQL, made on first use: psycopg
    is only there with PostgreSQL."""
    import psycopg
    from django.db.backends.postgresql.base import CursorDebugWrapper

    class PreparingCursor(psycopg.Cursor):
        """Binds on the server and asks for every statement to be prepared."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    class LoggedWithValues(CursorDebugWrapper):
        """Logs a statement with its values, as Django logs its own queries (DEBUG, tests'
        CaptureQueriesContext): Django reads the text back from psycopg, which keeps none for
        a prepared statement, so it is composed here before it runs."""

        def debug_sql(self, sql=None, params=None, use_last_executed_query=False, many=False):
            if use_last_executed_query and not many:
                sql = self.db.ops.compose_sql(sql, params)
            return super().debug_sql(sql, params, use_last_executed_query=False, many=many)

    return PreparingCursor, LoggedWithValues
