"""Set-based inserts for the daily jobs' large writes.

The daily collection run writes hundreds of thousands of rows at national scale (worklist
items, queued messages, timeline entries). Building a model instance per row and letting
the ORM compile multi-row ``INSERT`` statements costs more than the database's own work;
:func:`insert_rows` takes plain tuples instead and, on PostgreSQL, sends them with
``COPY`` (ADR 0010). Elsewhere (SQLite: the demo and most tests) it falls back to
``bulk_create``, so both paths give the same rows.

The values must already be what the database stores: ids for foreign keys (``field_id``),
plain strings for choices, ``Decimal`` for money. Fields left out get their model default
(``auto_now``/``auto_now_add`` fields: now; a callable default is called per row), exactly
as ``Model()`` would give them; a required field without a default must be given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.utils import timezone

#: From this many rows on, PostgreSQL gets them through ``COPY`` (tests lower it).
COPY_FROM = 500


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence],
    *,
    ignore_conflicts: bool = False,
    returning: Sequence[str] = (),
) -> list[tuple]:
    """Insert ``rows`` (one value per name in ``fields``, in that order) into ``model``'s
    table. With ``ignore_conflicts`` a row that would break a unique constraint is skipped
    (``ON CONFLICT DO NOTHING``). Returns, per inserted row, the values of the
    ``returning`` columns (attribute names such as ``id`` or ``tenancy_id``), in no
    particular order; an empty list when nothing is asked back."""
    rows = list(rows)
    if not rows:
        return []
    meta = model._meta
    given = [meta.get_field(name) for name in fields]
    for field, name in zip(given, fields, strict=True):
        if field.attname != name:
            raise ValueError(f"give {model.__name__}.{field.attname}, not {name}")
    now = timezone.now()
    same: list[tuple[models.Field, object]] = []  # left out: one value for every row
    per_row: list[models.Field] = []  # left out, with a callable default
    for field in meta.concrete_fields:
        if field.primary_key or field in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            same.append((field, now))
        elif field.has_default() and callable(field.default):
            per_row.append(field)
        else:
            value = field.get_default()
            if value is None and not field.null:
                raise ValueError(f"{model.__name__}.{field.name} has no default: give it")
            same.append((field, value))
    if returning and ignore_conflicts and connection.vendor != "postgresql":
        raise NotImplementedError("rows back with ignore_conflicts need PostgreSQL")
    few = len(rows) < COPY_FROM and not (returning and ignore_conflicts)
    if connection.vendor != "postgresql" or few:
        # (bulk_create gives no ids back for rows it may have skipped: those go by COPY.)
        return _bulk_create(model, given, rows, ignore_conflicts, returning)

    def prep(field, value):
        return field.get_db_prep_save(value, connection)

    if per_row:
        rows = [(*row, *(prep(f, f.get_default()) for f in per_row)) for row in rows]
    quote = connection.ops.quote_name
    columns = [quote(f.column) for f in (*given, *per_row)]
    constants = [quote(f.column) for f, _value in same]
    table = quote(meta.db_table)
    staged = "wk_bulk_rows"
    with connection.cursor() as cursor:
        _stage(cursor, staged, table, columns, rows)
        sql = (
            f"INSERT INTO {table} ({', '.join(columns + constants)}) "  # noqa: S608
            f"SELECT {', '.join(columns + ['%s'] * len(constants))} FROM {staged}"
        )
        if ignore_conflicts:
            sql += " ON CONFLICT DO NOTHING"
        if returning:
            sql += " RETURNING " + ", ".join(quote(_column(meta, n)) for n in returning)
        cursor.execute(sql, [prep(f, value) for f, value in same])
        result = [tuple(r) for r in cursor.fetchall()] if returning else []
        cursor.execute(f"DROP TABLE {staged}")
    return result


def update_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence]) -> int:
    """Give each row's object new values: a row is ``(pk, value per name in fields)``, in
    database values as for :func:`insert_rows`. On PostgreSQL, from ``COPY_FROM`` rows on,
    through ``COPY`` into a temporary table and one ``UPDATE … FROM``; elsewhere with
    ``bulk_update``. Returns the number of rows updated."""
    if not rows:
        return 0
    meta = model._meta
    targets = [meta.get_field(name) for name in fields]
    if connection.vendor != "postgresql" or len(rows) < COPY_FROM:
        names = [f.attname for f in targets]
        objects = [model(pk=row[0], **dict(zip(names, row[1:], strict=True))) for row in rows]
        return model.objects.bulk_update(objects, [f.name for f in targets], batch_size=1000)
    quote = connection.ops.quote_name
    pk = quote(meta.pk.column)
    columns = [quote(f.column) for f in targets]
    table = quote(meta.db_table)
    staged = "wk_bulk_values"
    with connection.cursor() as cursor:
        _stage(cursor, staged, table, [pk, *columns], rows)
        cursor.execute(
            f"UPDATE {table} t SET "  # noqa: S608 - the model's own names
            + ", ".join(f"{c} = s.{c}" for c in columns)
            + f" FROM {staged} s WHERE t.{pk} = s.{pk}"
        )
        updated = cursor.rowcount
        cursor.execute(f"DROP TABLE {staged}")
    return updated


def _stage(cursor, staged: str, table: str, columns: list[str], rows: Iterable[Sequence]) -> None:
    """A temporary table ``staged`` with ``columns`` typed as in ``table``, filled with
    ``rows`` through ``COPY``."""
    cursor.execute(f"DROP TABLE IF EXISTS {staged}")
    cursor.execute(
        f"CREATE TEMP TABLE {staged} AS SELECT {', '.join(columns)} "  # noqa: S608
        f"FROM {table} WITH NO DATA"
    )
    with cursor.cursor.copy(f"COPY {staged} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _column(meta, name: str) -> str:
    return meta.pk.column if name in ("id", "pk") else meta.get_field(name).column


def _bulk_create(model, given, rows, ignore_conflicts, returning) -> list[tuple]:
    """Elsewhere: model instances (they fill in their own defaults) and ``bulk_create``."""
    objects = [model(**{f.attname: v for f, v in zip(given, row, strict=True)}) for row in rows]
    created = model.objects.bulk_create(objects, batch_size=1000, ignore_conflicts=ignore_conflicts)
    if not returning:
        return []
    return [tuple(getattr(o, name) for name in returning) for o in created]


def update_by_ids(queryset: models.QuerySet, ids: Sequence[int], **values) -> int:
    """``queryset.filter(pk__in=ids).update(**values)`` for many ids: on PostgreSQL the
    ids go through ``COPY`` into a temporary table the update joins (one statement,
    instead of a long ``IN`` list per batch); elsewhere in batches. Returns the number
    of rows updated."""
    if not ids:
        return 0
    if connection.vendor != "postgresql" or len(ids) < COPY_FROM:
        return sum(
            queryset.filter(pk__in=ids[start : start + 500]).update(**values)
            for start in range(0, len(ids), 500)
        )
    staged = "wk_bulk_ids"
    meta = queryset.model._meta
    pk = connection.ops.quote_name(meta.pk.column)
    with connection.cursor() as cursor:
        _stage(cursor, staged, connection.ops.quote_name(meta.db_table), [pk], [(i,) for i in ids])
        cursor.execute(f"ANALYZE {staged}")
    listed = RawSQL(f"SELECT {pk} FROM wk_bulk_ids", ())  # noqa: S608, S611 - a model column
    updated = queryset.filter(pk__in=listed).update(**values)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {staged}")
    return updated
