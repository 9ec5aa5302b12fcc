"""The PostgreSQL fast path of the tenancy and ledger imports: set-based, same rules.

:func:`woonkans.arrears.imports.run_import` uses it on PostgreSQL when the corporation's
column mapping keeps the canonical date format and decimal separator (the other cases take
the general row-by-row path). The rules are the general path's, and so are the results and
the error reports (tests run both paths on the same files and compare):

* **whole or nothing** — everything runs inside ``run_import``'s transaction; with any bad
  row nothing is written at all and the transaction is rolled back;
* **every bad row reported** — line, column and reason, in line order, with the same texts;
* **idempotent** — a ``mutatie_id`` already imported with the same content is counted as
  present, with other content it is refused; a repeat inside the file likewise;
* **exact** — amounts go from text to ``numeric`` in the database, never through a float;
* **constant memory** — the file is streamed into a temporary staging table with ``COPY``
  (no Python row objects are kept); errors are written to a temporary table and streamed
  back in line order.

Ledger files (the monthly volume) are validated in SQL: each row is checked with
conservative patterns (a row that passes is certainly valid for the Python parser too). A
row that fails them is handed to the Python parser of the general path, which gives the
exact reasons — or, when the SQL pattern was merely stricter than the rules (a leap day, a
space inside an amount), the parsed values. Cross-row rules (unknown contract, repeated or
already imported ``mutatie_id``) are joins. Tenancy files are parsed in streaming Python
(the same per-row function as the general path), then written with set-based
``INSERT ... SELECT`` statements.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import psycopg
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from woonkans.households.models import Relation
from woonkans.organisations.policy import FieldGroup

from . import state
from .readers import RowError, iter_records


class _ChunkedCopy:
    """``COPY`` one chunk at a time: between chunks the connection is free again, so a
    progress callback may use the database."""

    def __init__(self, cursor, sql: str):
        self.cursor, self.sql = cursor, sql
        self.texts: list[str] = []
        self.rows: list[tuple] = []

    def flush(self) -> None:
        if self.texts or self.rows:
            with self.cursor.cursor.copy(self.sql) as copy:
                if self.texts:
                    copy.write("".join(self.texts))
                for row in self.rows:
                    copy.write_row(row)
            self.texts, self.rows = [], []


def _progress_every() -> int:
    """Progress is reported every chunk of rows, as on the general path."""
    from . import imports

    return imports.CHUNK


# A valid ISO date with a day that exists in every year (29 February goes to the Python
# parser, which knows leap years).
_DATE_RE = r"^[12][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
# An amount the general parser accepts for sure: up to 10 digits, at most two decimals.
_AMOUNT_RE = r"^[+-]?[0-9]{1,10}([.,][0-9]{1,2})?$"


def fast_path_applies(mapping) -> bool:
    """The fast path handles the canonical date format and either decimal separator."""
    return (
        connection.vendor == "postgresql"
        and not mapping.date_format
        and (not mapping.decimal_separator)
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value if isinstance(value, str) else str(value)


def _valid_date_sql(column: str) -> str:
    """True when ``column`` is a ``YYYY-MM-DD`` date whose day exists (any year)."""
    return (
        f"({column} ~ '{_DATE_RE}' AND substr({column}, 9, 2) <= "
        f"CASE substr({column}, 6, 2) WHEN '02' THEN '28' WHEN '04' THEN '30' "
        "WHEN '06' THEN '30' WHEN '09' THEN '30' WHEN '11' THEN '30' ELSE '31' END)"
    )


class _Stage:
    """Temporary tables of one import, dropped at the end (also on rollback)."""

    def __init__(self, batch_pk: int, prefix: str):
        self.name = f"wk_{prefix}_{batch_pk}"

    def table(self, suffix: str) -> str:
        return f"{self.name}_{suffix}"


def _create_error_table(cursor, stage: _Stage) -> str:
    errors = stage.table("err")
    cursor.execute(
        f"CREATE TEMP TABLE {errors} (line integer NOT NULL, seq integer NOT NULL, "
        "col text NOT NULL, code text NOT NULL, reason text NOT NULL DEFAULT '', "
        "value text NOT NULL DEFAULT '', ref_line integer)"
    )
    return errors


def _stream_errors(errors_table: str, log, reasons: dict) -> None:
    """Report the errors in line order (within a line, in the parser's order)."""
    with connection.chunked_cursor() as cursor:
        cursor.execute(
            f"SELECT line, col, code, reason, value, ref_line FROM {errors_table} "  # noqa: S608
            "ORDER BY line, seq"
        )
        while rows := cursor.fetchmany(2000):
            for line, col, code, reason, value, ref_line in rows:
                text = reason if code == "parse" else reasons[code](value, ref_line)
                log.add(RowError(line, col, text))


def _write_errors(cursor, table: str, errors: list[RowError], start_seq: int = 0) -> None:
    if errors:
        cursor.executemany(
            f"INSERT INTO {table} (line, seq, col, code, reason) "  # noqa: S608
            "VALUES (%s, %s, %s, 'parse', %s)",
            [(e.line, start_seq + i, e.column, e.reason) for i, e in enumerate(errors)],
        )


# ------------------------------------------------------------------------------ ledger

_LEDGER_REASONS = {
    "unknown_contract": lambda value, _ref: (
        _("Unknown contract number %(value)s for this corporation.") % {"value": value}
    ),
    "repeated_in_file": lambda value, ref: (
        _("Mutation id %(value)s also appears on line %(line)s with different content.")
        % {"value": value, "line": ref}
    ),
    "due_required": lambda _value, _ref: _(
        "A due date is required for rent, costs and corrections."
    ),
    "not_positive": lambda value, _ref: (
        _(
            "The amount must be greater than zero for %(kind)s; "
            "the kind gives the direction. Only a correction is signed."
        )
        % {"kind": value}
    ),
    "imported_before": lambda value, _ref: (
        _(
            "Mutation id %(value)s was imported before with different content. Booked entries "
            "are never overwritten: book a correction with a new mutation id instead."
        )
        % {"value": value}
    ),
}


def apply_ledger(*, corporation, batch, path: Path, mapping, log, counts, progress) -> None:
    from .imports import LEDGER_COLUMNS, LEDGER_REQUIRED, _parse_ledger_row

    columns, records = iter_records(
        path, canonical=LEDGER_COLUMNS, required=LEDGER_REQUIRED, mapping=mapping.columns
    )
    names = columns.names
    stage = _Stage(batch.pk, "ledger")
    typed = stage.table("typed")
    resolved, checked = stage.table("resolved"), stage.table("checked")
    dups, earlier = stage.table("dups"), stage.table("earlier")
    errors = None
    if not mapping.columns:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    errors = _create_error_table(cursor, stage)
                counts.read = _ledger_fast_lane(
                    path, typed, errors, names, mapping, _parse_ledger_row, progress
                )
        except (_NotSimple, psycopg.errors.DataError, UnicodeDecodeError):
            errors = None  # rolled back: read the file the general way below
    if errors is None:
        with connection.cursor() as cursor:
            errors = _create_error_table(cursor, stage)
        counts.read = _ledger_text_lane(
            records, typed, stage, errors, names, mapping, _parse_ledger_row, progress
        )
    with connection.cursor() as cursor:
        # 4. Cross-row rules: the contract, and the mutation id in the file and before.
        cursor.execute(f"ANALYZE {typed}")
        cursor.execute(
            f"""CREATE TEMP TABLE {resolved} AS
            SELECT t.line, t.mid, t.contract, tn.id AS tenancy_id, t.booking_date, t.due_date,
              t.k, t.signed_amount, t.description
            FROM {typed} t
            LEFT JOIN households_tenancy tn
              ON tn.corporation_id = %s AND tn.contract_number = t.contract
            WHERE t.ok""",  # noqa: S608
            [corporation.pk],
        )
        cursor.execute(f"DROP TABLE {typed}")
        cursor.execute(
            f"""INSERT INTO {errors} (line, seq, col, code, value)
            SELECT line, 0, %s, 'unknown_contract', contract FROM {resolved}
            WHERE tenancy_id IS NULL""",  # noqa: S608
            [names["overeenkomstnummer"]],
        )
        # Mutation ids more than once in the file (few or none): the later rows are
        # compared with the first.
        cursor.execute(
            f"""CREATE TEMP TABLE {dups} AS
            SELECT mid, min(line) AS first_line FROM {resolved}
            WHERE tenancy_id IS NOT NULL GROUP BY mid HAVING count(*) > 1"""  # noqa: S608
        )
        cursor.execute(f"SELECT count(*) FROM {errors}")  # noqa: S608
        (bad_so_far,) = cursor.fetchone()
        first_rows = f"""FROM {resolved} r WHERE r.tenancy_id IS NOT NULL AND NOT EXISTS (
              SELECT 1 FROM {dups} d WHERE d.mid = r.mid AND d.first_line <> r.line)"""  # noqa: S608
        cursor.execute(f"SELECT count(*) {first_rows}")
        (firsts,) = cursor.fetchone()
        inserted = 0
        if not bad_so_far and firsts:
            # 5. Write the first row of each id; an id imported before is left alone here
            #    and compared below. A bad file is rolled back by the caller as a whole.
            cursor.execute(
                f"""INSERT INTO arrears_ledgerentry (corporation_id, tenancy_id, mutation_id,
                  booking_date, due_date, kind, amount, description, batch_id, source_line,
                  in_state)
                SELECT %s, tenancy_id, mid, booking_date, due_date, k, signed_amount,
                  description, %s, line, %s
                {first_rows}
                ON CONFLICT (corporation_id, mutation_id) DO NOTHING""",
                [corporation.pk, batch.pk, state.ENABLED],
            )
            inserted = cursor.rowcount
        unchanged = 0
        if inserted < firsts:
            # Ids imported before (the usual monthly file has none: this join is skipped).
            cursor.execute(
                f"""CREATE TEMP TABLE {earlier} AS
                SELECT r.line, r.mid,
                  (r.tenancy_id, r.booking_date, r.k, r.signed_amount, r.description)
                    = (e.tenancy_id, e.booking_date, e.kind, e.amount, e.description)
                    AND r.due_date IS NOT DISTINCT FROM e.due_date AS same
                FROM {resolved} r
                JOIN arrears_ledgerentry e ON e.corporation_id = %s AND e.mutation_id = r.mid
                WHERE r.tenancy_id IS NOT NULL AND e.batch_id IS DISTINCT FROM %s""",  # noqa: S608
                [corporation.pk, batch.pk],
            )
            cursor.execute(
                f"""INSERT INTO {errors} (line, seq, col, code, value)
                SELECT line, 0, %s, 'imported_before', mid FROM {earlier}
                WHERE NOT same""",  # noqa: S608
                [names["mutatie_id"]],
            )
            cursor.execute(f"SELECT count(*) FROM {earlier} WHERE same")  # noqa: S608
            unchanged += cursor.fetchone()[0]
        else:
            cursor.execute(f"CREATE TEMP TABLE {earlier} (line integer, mid text, same boolean)")
        # Later rows of an id repeated in the file (and not imported before).
        cursor.execute(
            f"""CREATE TEMP TABLE {checked} AS
            SELECT r.line, r.mid, d.first_line,
              (r.tenancy_id, r.booking_date, r.k, r.signed_amount, r.description)
                = (f.tenancy_id, f.booking_date, f.k, f.signed_amount, f.description)
                AND r.due_date IS NOT DISTINCT FROM f.due_date AS same
            FROM {dups} d
            JOIN {resolved} r ON r.mid = d.mid AND r.line <> d.first_line
              AND r.tenancy_id IS NOT NULL
            JOIN {resolved} f ON f.line = d.first_line
            WHERE NOT EXISTS (SELECT 1 FROM {earlier} x WHERE x.mid = d.mid)"""  # noqa: S608
        )
        cursor.execute(
            f"""INSERT INTO {errors} (line, seq, col, code, value, ref_line)
            SELECT line, 0, %s, 'repeated_in_file', mid, first_line FROM {checked}
            WHERE NOT same""",  # noqa: S608
            [names["mutatie_id"]],
        )
        cursor.execute(f"SELECT count(*) FROM {checked} WHERE same")  # noqa: S608
        unchanged += cursor.fetchone()[0]
        cursor.execute(f"SELECT count(*) FROM {errors}")  # noqa: S608
        (bad,) = cursor.fetchone()
        if not bad:
            counts.created = inserted
        counts.unchanged = unchanged
        cursor.execute(f"DROP TABLE {resolved}, {dups}, {earlier}")
        cursor.execute(f"DROP TABLE {checked}")
    _stream_errors(errors, log, _LEDGER_REASONS)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {errors}")
    if progress is not None:
        progress(counts.read)


class _NotSimple(Exception):
    """The file is not a plain canonical CSV: read it the general way."""


#: Rows the fast lane hands to the Python parser before it gives up on the file.
SLOW_ROWS_LIMIT = 20_000
_DATE = r"[12][0-9]{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"


def _plain_row_pattern(d: str) -> re.Pattern:
    """One canonical ledger line without quotes whose every value is certainly valid
    (dates still checked by PostgreSQL: 30 February matches here)."""
    d = re.escape(d)
    edge = f'[^{d}"\\s]'
    inner = f'[^{d}"]'
    decimal = "[.,]" if d != "," else "[.]"
    return re.compile(
        f"^{edge}(?:{inner}{{0,62}}{edge})?"  # mutatie_id, at most 64 characters
        f"{d}{edge}(?:{inner}*{edge})?"  # overeenkomstnummer
        f"{d}{_DATE}{d}(?:{_DATE})?"  # boekdatum, vervaldatum
        f"{d}(?:huur|kosten|betaling|correctie)"
        f"{d}-?[0-9]{{1,10}}(?:{decimal}[0-9]{{1,2}})?"  # bedrag
        f"{d}(?:{edge}(?:{inner}{{0,253}}{edge})?)?$"  # omschrijving, at most 255
    )


def _ledger_fast_lane(path, typed, errors, names, mapping, parse, progress) -> int:
    """A canonical CSV (the ERP export or ``generate-data``): each line is checked with one
    regular expression in Python and passed to ``COPY`` as it is, into typed columns.
    Lines the expression does not pass go through the Python parser (its reasons, or its
    values when the line was valid after all). Raises :class:`_NotSimple` — or
    PostgreSQL's data error for a date that does not exist — to let the general lane
    read the file instead; the caller's savepoint undoes what this lane did."""
    from .imports import LEDGER_COLUMNS
    from .readers import _is_blank

    with open(path, "rb") as handle:
        if handle.read(4) == b"PK\x03\x04":
            raise _NotSimple
    handle = open(path, encoding="utf-8-sig", errors="strict", newline="")
    with handle, connection.cursor() as cursor:
        first = handle.readline()
        d = ";" if first.count(";") > first.count(",") else ","
        header = [c.strip().lower() for c in first.rstrip("\r\n").split(d)]
        if '"' in first or tuple(header) != LEDGER_COLUMNS:
            raise _NotSimple
        match = _plain_row_pattern(d).match
        incoming = f"{typed}_in"
        cursor.execute(
            f"CREATE TEMP TABLE {incoming} (line integer, mid text, contract text, "
            "booking_date date, due_date date, k text, amount text, description text)"
        )
        slow: list[tuple[int, list]] = []
        every = _progress_every()
        number = 1
        read = 0
        chunk = _ChunkedCopy(
            cursor,
            f"COPY {incoming} FROM STDIN WITH (FORMAT csv, DELIMITER '{d}', "
            "FORCE_NOT_NULL (description))",
        )
        texts = chunk.texts
        for text in handle:
            number += 1
            text = text.rstrip("\r\n")
            if match(text):
                texts.append(f"{number}{d}{text}\n")
            else:
                if '"' in text:
                    raise _NotSimple  # quoted values may span lines: the general reader
                values = next(csv.reader([text], delimiter=d), [])
                if _is_blank(values):
                    continue
                slow.append((number, values))
                if len(slow) > SLOW_ROWS_LIMIT:
                    raise _NotSimple
            read += 1
            if read % every == 0:
                chunk.flush()
                texts = chunk.texts
                if progress is not None:
                    progress(read)
        chunk.flush()
        signed = "CASE WHEN k = 'betaling' THEN -a ELSE a END"
        cursor.execute(
            f"""CREATE TEMP TABLE {typed} AS
            SELECT line, mid, contract, booking_date, due_date, k, {signed} AS signed_amount,
              description,
              (due_date IS NOT NULL OR k = 'betaling') AND (k = 'correctie' OR a > 0) AS ok,
              due_date IS NULL AND k <> 'betaling' AS due_missing,
              k <> 'correctie' AND a <= 0 AS not_positive
            FROM (SELECT i.*, replace(amount, ',', '.')::numeric(12, 2) AS a
                  FROM {incoming} i) q"""  # noqa: S608
        )
        cursor.execute(f"DROP TABLE {incoming}")
        cursor.execute(
            f"""INSERT INTO {errors} (line, seq, col, code, value)
            SELECT line, 0, %s, 'due_required', '' FROM {typed} WHERE due_missing
            UNION ALL
            SELECT line, 1, %s, 'not_positive', k FROM {typed} WHERE not_positive""",  # noqa: S608
            [names["vervaldatum"], names["bedrag"]],
        )
        # The lines the expression did not pass: the Python parser decides.
        found: list = []
        fixed: list[tuple] = []
        for line, values in slow:
            raw = {
                column: (values[i].strip() if i < len(values) else "")
                for i, column in enumerate(LEDGER_COLUMNS)
            }
            row = parse(line, raw, names, mapping, found)
            if row is not None:
                fixed.append(
                    (
                        line,
                        row.mutation_id,
                        row.contract,
                        row.booking_date,
                        row.due_date,
                        row.kind,
                        row.amount,
                        row.description,
                    )
                )
        _write_errors(cursor, errors, found)
        if fixed:
            cursor.executemany(
                f"INSERT INTO {typed} (line, mid, contract, booking_date, due_date, k, "  # noqa: S608
                "signed_amount, description, ok, due_missing, not_positive) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, true, false, false)",
                fixed,
            )
    return read


def _ledger_text_lane(records, typed, stage, errors, names, mapping, parse, progress) -> int:
    """Any ledger file: its values as text into a staging table, per-row rules in SQL with
    the Python parser for the rows the SQL patterns do not pass."""
    raw = stage.table("raw")
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE {raw} (line integer, mid text, contract text, booked text, "
            "due text, kind text, amount text, description text)"
        )
        # 1. The file, as text, into the staging table.
        read = 0
        every = _progress_every()
        chunk = _ChunkedCopy(
            cursor,
            f"COPY {raw} (line, mid, contract, booked, due, kind, amount, description) FROM STDIN",
        )
        for line, values in records:
            chunk.rows.append(
                (
                    line,
                    _text(values.get("mutatie_id")),
                    _text(values.get("overeenkomstnummer")),
                    _text(values.get("boekdatum")),
                    _text(values.get("vervaldatum")),
                    _text(values.get("soort")),
                    _text(values.get("bedrag")),
                    _text(values.get("omschrijving")),
                )
            )
            read += 1
            if read % every == 0:
                chunk.flush()
                if progress is not None:
                    progress(read)
        chunk.flush()
        # 2. Per-row rules in SQL: typed values for the rows that certainly pass.
        amount = "replace(amount, ',', '.')::numeric(12, 2)"
        ok = f"""(
            mid <> '' AND char_length(mid) <= 64 AND contract <> ''
            AND k IN ('huur', 'kosten', 'betaling', 'correctie')
            AND {_valid_date_sql("booked")}
            AND (CASE WHEN due = '' THEN k = 'betaling' ELSE {_valid_date_sql("due")} END)
            AND (CASE WHEN amount ~ '{_AMOUNT_RE}'
                      THEN k = 'correctie' OR {amount} > 0 ELSE false END)
            AND char_length(description) <= 255
        )"""
        cursor.execute(
            f"""CREATE TEMP TABLE {typed} AS
            SELECT line, mid, contract, booked, due, kind, amount, description, k, ok,
              CASE WHEN ok THEN booked::date END AS booking_date,
              CASE WHEN ok AND due <> '' THEN due::date END AS due_date,
              CASE WHEN ok THEN CASE WHEN k = 'betaling' THEN -{amount} ELSE {amount} END
              END AS signed_amount
            FROM (SELECT q0.*, {ok} AS ok
                  FROM (SELECT r.*, lower(kind) AS k FROM {raw} r) q0) q"""  # noqa: S608
        )
        cursor.execute(f"DROP TABLE {raw}")
        _ledger_fallback(typed, errors, names, mapping, parse)
    return read


def _ledger_fallback(typed: str, errors: str, names, mapping, parse) -> None:
    fields = ("mutatie_id", "overeenkomstnummer", "boekdatum", "vervaldatum", "soort", "bedrag")
    fix = f"{typed}_fix"
    any_fixed = False
    with connection.cursor() as writer:
        writer.execute(
            f"CREATE TEMP TABLE {fix} (line integer, booking_date date, due_date date, "
            "signed_amount numeric(12, 2), k text)"
        )
        with connection.chunked_cursor() as reader:
            reader.execute(
                "SELECT line, mid, contract, booked, due, kind, amount, description "  # noqa: S608
                f"FROM {typed} WHERE NOT ok ORDER BY line"
            )
            while rows := reader.fetchmany(2000):
                found: list[RowError] = []
                fixed: list[tuple] = []
                for line, *values in rows:
                    raw = dict(zip((*fields, "omschrijving"), values, strict=True))
                    row = parse(line, raw, names, mapping, found)
                    if row is not None:
                        # Valid after all (the SQL patterns are stricter than the rules).
                        fixed.append((line, row.booking_date, row.due_date, row.amount, row.kind))
                _write_errors(writer, errors, found)
                if fixed:
                    any_fixed = True
                    writer.executemany(
                        f"INSERT INTO {fix} VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
                        fixed,
                    )
        if any_fixed:
            writer.execute(
                f"UPDATE {typed} t SET ok = true, booking_date = f.booking_date, "  # noqa: S608
                "due_date = f.due_date, signed_amount = f.signed_amount, k = f.k "
                f"FROM {fix} f WHERE t.line = f.line"
            )
        writer.execute(f"DROP TABLE {fix}")


# --------------------------------------------------------------------------- tenancies

_TENANCY_REASONS = {
    "repeated_contract": lambda value, ref: (
        _("Contract number %(value)s also appears on line %(line)s.")
        % {"value": value, "line": ref}
    ),
}

_STAGED_TENANCY = (
    "line",
    "contract",
    "household_ref",
    "start_date",
    "end_date",
    "street",
    "house_number",
    "postcode",
    "city",
    "rent",
    "first_name",
    "last_name",
    "date_of_birth",
    "phone",
    "email",
)
_STAGED_COLUMNS = (*_STAGED_TENANCY, "is_error", "seq", "col", "reason")
_NO_VALUES = (None,) * (len(_STAGED_TENANCY) - 1)


def _staged_tenancies(records, names, mapping, corporation, parse) -> Iterator[tuple]:
    """Staging tuples: a good row's parsed values, or one tuple per error of a bad row."""
    for line, raw in records:
        found: list[RowError] = []
        row = parse(line, raw, names, mapping, corporation, found)
        if row is None:
            for seq, error in enumerate(found):
                yield (error.line, *_NO_VALUES, True, seq, error.column, error.reason)
            continue
        yield (*(getattr(row, f) for f in _STAGED_TENANCY), False, None, None, None)


def apply_tenancies(
    *, actor, corporation, batch, path: Path, mapping, log, counts, progress
) -> None:
    from woonkans.households.models import Tenancy

    from .imports import (
        TENANCY_COLUMNS,
        TENANCY_REQUIRED,
        _parse_tenancy_row,
        _TenancyRow,
        _update_existing,
    )

    columns, records = iter_records(
        path, canonical=TENANCY_COLUMNS, required=TENANCY_REQUIRED, mapping=mapping.columns
    )
    names = columns.names
    stage = _Stage(batch.pk, "tenancy")
    staged = stage.table("rows")
    now = timezone.now()
    read = 0
    every = _progress_every()

    def counted():
        nonlocal read
        for item in records:
            read += 1
            yield item

    with connection.cursor() as cursor:
        errors = _create_error_table(cursor, stage)
        cursor.execute(
            f"CREATE TEMP TABLE {staged} (line integer, contract text, household_ref text,"
            " start_date date, end_date date, street text, house_number text, postcode text,"
            " city text, rent numeric(9, 2), first_name text, last_name text,"
            " date_of_birth date, phone text, email text, is_error boolean NOT NULL,"
            " seq integer, col text, reason text)"
        )
        # 1. Each row parsed in Python (the general path's function); its values — or its
        #    errors — streamed into the staging table.
        chunk = _ChunkedCopy(cursor, f"COPY {staged} ({', '.join(_STAGED_COLUMNS)}) FROM STDIN")
        reported = 0
        for item in _staged_tenancies(counted(), names, mapping, corporation, _parse_tenancy_row):
            chunk.rows.append(item)
            if read % every == 0 and read != reported:
                reported = read
                chunk.flush()
                if progress is not None:
                    progress(read)
        chunk.flush()
        counts.read = read
        cursor.execute(
            f"INSERT INTO {errors} (line, seq, col, code, reason) "  # noqa: S608
            f"SELECT line, seq, col, 'parse', reason FROM {staged} WHERE is_error"
        )
        cursor.execute(f"DELETE FROM {staged} WHERE is_error")  # noqa: S608
        cursor.execute(f"ANALYZE {staged}")
        # 2. A contract twice in the file: the later rows are refused.
        cursor.execute(
            f"""INSERT INTO {errors} (line, seq, col, code, value, ref_line)
            SELECT line, 0, %s, 'repeated_contract', contract, first_line FROM (
              SELECT line, contract, min(line) OVER (PARTITION BY contract) AS first_line
              FROM {staged}) q
            WHERE line <> first_line""",  # noqa: S608
            [names["overeenkomstnummer"]],
        )
        cursor.execute(f"SELECT count(*) FROM {errors}")  # noqa: S608
        (bad,) = cursor.fetchone()
        if not bad:
            # 3. Tenancies already known: the general path's update, a chunk at a time.
            with connection.chunked_cursor() as reader:
                reader.execute(
                    f"SELECT {', '.join('s.' + f for f in _STAGED_TENANCY)} "  # noqa: S608
                    f"FROM {staged} s JOIN households_tenancy tn "
                    "ON tn.corporation_id = %s AND tn.contract_number = s.contract "
                    "ORDER BY s.line",
                    [corporation.pk],
                )
                while chunk := reader.fetchmany(5000):
                    rows = [
                        _TenancyRow(**dict(zip(_STAGED_TENANCY, r, strict=True))) for r in chunk
                    ]
                    existing = {
                        t.contract_number: t
                        for t in Tenancy.objects.filter(
                            corporation=corporation,
                            contract_number__in=[r.contract for r in rows],
                        )
                    }
                    counts.updated += _update_existing(rows, existing, counts=counts)
            # 4. New tenancies, set-based.
            _write_tenancies(cursor, staged, corporation, actor, now, counts)
        cursor.execute(f"DROP TABLE {staged}")
    _stream_errors(errors, log, _TENANCY_REASONS)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {errors}")
    if progress is not None:
        progress(counts.read)


def _write_tenancies(cursor, staged: str, corporation, actor, now, counts) -> None:
    """New tenancies, with a household and main tenant where the household is new."""
    fresh = f"{staged}_fresh"
    cursor.execute(
        f"""CREATE TEMP TABLE {fresh} AS
        SELECT s.* FROM {staged} s
        WHERE NOT EXISTS (SELECT 1 FROM households_tenancy tn
          WHERE tn.corporation_id = %s AND tn.contract_number = s.contract)""",  # noqa: S608
        [corporation.pk],
    )
    # One household per new reference, named after (and with a main tenant from) the
    # first row that brings it.
    cursor.execute(
        f"""CREATE TEMP TABLE {fresh}_hh AS
        SELECT DISTINCT ON (household_ref) * FROM {fresh} f
        WHERE NOT EXISTS (SELECT 1 FROM households_household h
          WHERE h.reference = f.household_ref)
        ORDER BY household_ref, line"""  # noqa: S608
    )
    cursor.execute(
        f"""INSERT INTO households_household (reference, name, version, created_at,
          updated_at)
        SELECT household_ref, left(btrim(first_name || ' ' || last_name), 200), 1, %s, %s
        FROM {fresh}_hh ORDER BY line""",  # noqa: S608
        [now, now],
    )
    cursor.execute("ANALYZE households_household")
    cursor.execute(
        f"""INSERT INTO households_person (household_id, first_name, last_name,
          date_of_birth, relation, phone, email, version, created_at, updated_at)
        SELECT h.id, f.first_name, f.last_name, f.date_of_birth, %s, f.phone, f.email, 1,
          %s, %s
        FROM {fresh}_hh f JOIN households_household h ON h.reference = f.household_ref
        ORDER BY f.line""",  # noqa: S608
        [Relation.HOOFDHUURDER.value, now, now],
    )
    cursor.execute(
        f"""INSERT INTO households_tenancy (corporation_id, household_id, contract_number,
          start_date, end_date, street, house_number, postcode, city, district, rent,
          created_at)
        SELECT %s, h.id, f.contract, f.start_date, f.end_date, f.street, f.house_number,
          f.postcode, f.city, '', f.rent, %s
        FROM {fresh} f JOIN households_household h ON h.reference = f.household_ref
        ORDER BY f.line""",  # noqa: S608
        [corporation.pk, now],
    )
    counts.created = cursor.rowcount
    cursor.execute("ANALYZE households_tenancy")
    cursor.execute(
        f"""INSERT INTO households_timelineentry (household_id, occurred_at, kind, summary,
          field_group, organisation_id, actor_label, created_at)
        SELECT tn.household_id, %s, 'tenancy.created', tn.contract_number, %s, %s, %s, %s
        FROM {fresh} f JOIN households_tenancy tn
          ON tn.corporation_id = %s AND tn.contract_number = f.contract
        ORDER BY tn.id""",  # noqa: S608
        [now, FieldGroup.TENANCY.value, corporation.pk, actor.label, now, corporation.pk],
    )
    cursor.execute(f"DROP TABLE {fresh}, {fresh}_hh")
    cursor.execute("ANALYZE households_person")
