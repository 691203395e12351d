"""Writing many plain rows fast, for the synthetic data of motcua.demo.synthetic.

Why not `bulk_create`: building a model instance and preparing each value through the ORM
costs about 70 µs per row here, so a million dossiers with their history (some seven million
rows) took half an hour. Rows given as dicts of attribute names, converted by the column's
type and sent with COPY (PostgreSQL) or one prepared INSERT run many times (SQLite), take a
tenth of that. The conversions below are the ones the ORM applies for these field types, so
the rows read back exactly as if the ORM had written them.

Ids are taken before the insert (from the table's sequence on PostgreSQL, above the largest
id inside the write transaction on SQLite), so that rows of the next table can point to them.
"""

import datetime
import json

from django.db import connection

UTC = datetime.UTC


def _sqlite_datetime(value):
    if value is None:
        return None
    # Django stores aware datetimes on SQLite as naive UTC text.
    return str(value.astimezone(UTC).replace(tzinfo=None))


def _converter(field, vendor: str):
    kind = field.get_internal_type()
    if kind == "JSONField":
        return lambda value: None if value is None else json.dumps(value, cls=field.encoder)
    if vendor != "sqlite":
        return None
    if kind == "DateTimeField":
        return _sqlite_datetime
    if kind == "DateField":
        return lambda value: None if value is None else value.isoformat()
    if kind == "UUIDField":
        return lambda value: None if value is None else value.hex
    if kind == "DecimalField":
        return lambda value: None if value is None else str(value)
    return None


class Table:
    """The columns of one model and how to turn a dict of attribute values into a row."""

    def __init__(self, model):
        self.model = model
        self.name = model._meta.db_table
        fields = list(model._meta.concrete_fields)
        self.attnames = [f.attname for f in fields]
        self.columns = [f.column for f in fields]
        self.converters = [_converter(f, connection.vendor) for f in fields]
        # Defaults as the model would fill them; primary keys are always given.
        self.defaults = {
            f.attname: (f.get_default() if f.has_default() or not f.null else None)
            for f in fields
            if not f.primary_key
        }

    def row(self, values: dict) -> list:
        out = []
        for attname, convert in zip(self.attnames, self.converters, strict=True):
            value = values[attname] if attname in values else self.defaults[attname]
            out.append(value if convert is None else convert(value))
        return out

    def take_ids(self, count: int) -> list[int]:
        if count == 0:
            return []
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [self.name, count],
                )
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f'SELECT COALESCE(MAX("id"), 0) FROM "{self.name}"')  # noqa: S608
            start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))

    def insert(self, rows: list[dict]) -> None:
        """Insert the rows (each with its "id"), inside the caller's transaction."""
        if not rows:
            return
        columns = ", ".join(f'"{c}"' for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor  # psycopg's own cursor, for COPY
                with raw.copy(f'COPY "{self.name}" ({columns}) FROM STDIN') as copy:
                    for values in rows:
                        copy.write_row(self.row(values))
                return
            marks = ", ".join(["%s"] * len(self.columns))
            cursor.executemany(
                f'INSERT INTO "{self.name}" ({columns}) VALUES ({marks})',  # noqa: S608
                [self.row(values) for values in rows],
            )
