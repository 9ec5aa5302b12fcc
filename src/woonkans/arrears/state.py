"""The stored arrears state: positions from running totals, kept up to date by each import.

Design and alternatives: ``docs/adr/0009-incremental-arrears-state.md``. In short, per
corporation there is a *state date* ``S`` (:class:`~.models.ArrearsStateDate`) and:

* per tenancy the totals of its entries that count on or before ``S`` (costs, principal,
  credits, and the lowest end-of-day value the closed form needs —
  :class:`~.models.ArrearsState`), in integer cents;
* the rent charges still open at ``S``, each with its running principal sum
  (:class:`~.models.ArrearsOpenRent`);
* the entries that count after ``S`` (:class:`~.models.ArrearsPending`).

The position at any date ``T >= S`` is the closed form of
:func:`woonkans.arrears.positions.position_by_totals` continued from the stored totals over
the pending entries up to ``T`` (:func:`positions_sql`); the stored open rents stay open
exactly while their running sum exceeds the principal paid, which never decreases. Dates
before ``S`` fall back to the full query over the ledger.

A ledger import folds itself in, in its own transaction (:func:`fold_import`): its rows
that count after ``S`` become pending; a tenancy that receives a row counting on or before
``S`` (booked back in time), or that has ledger entries not yet in the state (written
outside an import), is rebuilt from its whole ledger; then ``S`` moves to the last day of
the month before the import's latest booking date, and the pending entries up to it are
folded into the totals. The monthly work is therefore proportional to the month's rows and
to the tenancies they touch, and the result never depends on the order of the imports.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.db import connection

from .models import (
    ArrearsOpenRent,
    ArrearsPending,
    ArrearsState,
    ArrearsStateDate,
    LedgerEntry,
)

#: Keep the state up to date on import and use it for positions. Tests switch it off to
#: compare; with it off, imports write their entries as not in the state, and the next
#: import with it on rebuilds those tenancies.
ENABLED = True

LEDGER = LedgerEntry._meta.db_table
STATE = ArrearsState._meta.db_table
OPEN = ArrearsOpenRent._meta.db_table
PENDING = ArrearsPending._meta.db_table
STATE_DATE = ArrearsStateDate._meta.db_table

EFFECTIVE = "CASE WHEN kind = 'betaling' OR due_date IS NULL THEN booking_date ELSE due_date END"
CENTS = "CAST(ROUND(amount * 100) AS BIGINT)"

_CO = "CASE WHEN kind = 'kosten' THEN c ELSE 0 END"
_PR = "CASE WHEN kind = 'huur' OR (kind = 'correctie' AND c > 0) THEN c ELSE 0 END"
_CR = "CASE WHEN kind = 'betaling' OR (kind = 'correctie' AND c < 0) THEN -c ELSE 0 END"
_WINDOWS = """WINDOW
    day_end AS (PARTITION BY t ORDER BY d RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
    principal_order AS (
      PARTITION BY t ORDER BY d, CASE WHEN kind = 'huur' THEN 0 ELSE 1 END, c
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    )"""


def _pos(expr: str) -> str:
    return f"(CASE WHEN {expr} > 0 THEN {expr} ELSE 0 END)"


def _continued_rows(pending_where: str) -> str:
    """Per pending row (``pending_where`` selects them): the end-of-day totals and the
    running principal sum, continued from the stored state (zero without one), and the
    stored ``low``. Columns ``t, d, kind, c, co_s, pr_s, cr_s, run, low0``."""
    return f"""
SELECT x.t, x.d, x.kind, x.c,
  COALESCE(st.co, 0) + x.co_s AS co_s, COALESCE(st.pr, 0) + x.pr_s AS pr_s,
  COALESCE(st.cr, 0) + x.cr_s AS cr_s, COALESCE(st.pr, 0) + x.run AS run,
  COALESCE(st.low, 0) AS low0
FROM (
  SELECT t, d, kind, c,
    SUM(co1) OVER day_end AS co_s, SUM(pr1) OVER day_end AS pr_s,
    SUM(cr1) OVER day_end AS cr_s, SUM(pr1) OVER principal_order AS run
  FROM (
    SELECT tenancy_id AS t, d, kind, c, {_CO} AS co1, {_PR} AS pr1, {_CR} AS cr1
    FROM {PENDING} WHERE {pending_where}
  ) e
  {_WINDOWS}
) x
LEFT JOIN {STATE} st ON st.tenancy_id = x.t"""  # noqa: S608 - fixed texts only


def _totals(rows: str) -> str:
    """Per tenancy from :func:`_continued_rows`: ``t, co, pr, cr, low, owed, pp`` (``pp``:
    the principal paid)."""
    f = "co_s - cr_s + " + _pos("cr_s - co_s - pr_s")
    return f"""
SELECT t, co, pr, cr, low, co + pr - cr AS owed,
  pr - {_pos("co + pr - cr")} + {_pos("co - cr - low")} AS pp
FROM (
  SELECT t, MAX(co_s) AS co, MAX(pr_s) AS pr, MAX(cr_s) AS cr,
    MIN(CASE WHEN {f} < low0 THEN {f} ELSE low0 END) AS low
  FROM {rows} r GROUP BY t
) g"""  # noqa: S608 - fixed texts only


# ------------------------------------------------------------------------------ reading


def state_date(corporation_id: int) -> date | None:
    row = ArrearsStateDate.objects.filter(corporation_id=corporation_id).values("as_of").first()
    return row["as_of"] if row else None


def usable_on(corporation_id: int, on: date) -> bool:
    """Whether positions at ``on`` can come from the state."""
    if not ENABLED:
        return False
    as_of = state_date(corporation_id)
    return as_of is not None and on >= as_of


def has_entries_outside_state(corporation_id: int) -> bool:
    return LedgerEntry.objects.filter(corporation_id=corporation_id, in_state=False).exists()


def outside_state_sql() -> str:
    """Tenancy ids (column ``tenancy_id``) with ledger entries not in the state; one
    parameter, the corporation's id."""
    return f"SELECT tenancy_id FROM {LEDGER} WHERE corporation_id = %s AND NOT in_state"  # noqa: S608


def positions_sql(*, only: str = "", exclude_outside: bool = False) -> tuple[str, list[str]]:
    """The positions of a corporation's tenancies at a date ``T >= S`` from the state:
    columns ``contract_number, cents owed, open terms, oldest due date`` (not ordered).

    Returns the SQL and the names of its parameters in order (``corp``, ``on``):
    ``only`` is a fixed SQL text selecting tenancy ids; ``exclude_outside`` leaves out the
    tenancies with entries outside the state (the caller computes those in full)."""
    params: list[str] = []

    def tenancy_filter(column: str) -> str:
        text = ""
        if only:
            text += f" AND {column} IN ({only})"
        if exclude_outside:
            text += f" AND {column} NOT IN ({outside_state_sql()})"
            params.append("corp")
        return text

    params.append("corp")
    params.append("on")
    pending_where = f"corporation_id = %s AND d <= %s{tenancy_filter('tenancy_id')}"
    rows = f"({_continued_rows(pending_where)})"
    totals_sql = _totals("rows_")
    params.append("corp")
    open_filter = tenancy_filter("o.tenancy_id")
    params.append("corp")
    tenancy_where = tenancy_filter("tn.id")
    sql = f"""
WITH rows_ AS {rows},
totals AS ({totals_sql}),
new_open AS (
  SELECT r.t, COUNT(*) AS n, MIN(r.d) AS oldest
  FROM rows_ r JOIN totals h ON h.t = r.t
  WHERE r.kind = 'huur' AND r.c > 0 AND r.run > h.pp
  GROUP BY r.t
),
old_open AS (
  SELECT o.tenancy_id AS t, COUNT(*) AS n, MIN(o.due_date) AS oldest
  FROM {OPEN} o LEFT JOIN totals h ON h.t = o.tenancy_id
  WHERE o.corporation_id = %s{open_filter} AND (h.t IS NULL OR o.running > h.pp)
  GROUP BY o.tenancy_id
)
SELECT tn.contract_number,
  COALESCE(h.owed, st.co + st.pr - st.cr, 0) AS owed,
  COALESCE(oo.n, 0) + COALESCE(nw.n, 0) AS n,
  COALESCE(oo.oldest, nw.oldest) AS oldest
FROM households_tenancy tn
LEFT JOIN {STATE} st ON st.tenancy_id = tn.id
LEFT JOIN totals h ON h.t = tn.id
LEFT JOIN old_open oo ON oo.t = tn.id
LEFT JOIN new_open nw ON nw.t = tn.id
WHERE tn.corporation_id = %s{tenancy_where}"""  # noqa: S608 - fixed texts only
    return sql, params


def owing_sql() -> tuple[str, list[str]]:
    """Tenancy ids (column ``t``) whose ``achterstand`` at ``T >= S`` is above zero by the
    state, plus every tenancy with entries outside the state (a superset: the caller
    computes their positions). Parameter names in order, as :func:`positions_sql`."""
    sql = f"""
SELECT t FROM (
  SELECT tenancy_id AS t, co + pr - cr AS c FROM {STATE} WHERE corporation_id = %s
  UNION ALL
  SELECT tenancy_id AS t, c FROM {PENDING} WHERE corporation_id = %s AND d <= %s
) q GROUP BY t HAVING SUM(c) > 0
UNION SELECT tenancy_id AS t FROM {LEDGER} WHERE corporation_id = %s AND NOT in_state"""  # noqa: S608
    return sql, ["corp", "corp", "on", "corp"]


# ------------------------------------------------------------------------------ writing


def _month_before_end(day: date) -> date:
    """The last day of the month before ``day``'s month."""
    return day.replace(day=1) - timedelta(days=1)


def target_date(latest_booking: date) -> date:
    """Where an import moves the state date: the end of the month before its latest
    booking date, so that positions at any date in the latest month still come from the
    state (the daily run's date is normally after the latest booking)."""
    end = _month_before_end(latest_booking)
    assert end.day == calendar.monthrange(end.year, end.month)[1]
    return end


_T = "wk_state"  # prefix of this module's temporary tables


def _drop(cursor, *names: str) -> None:
    for name in names:
        cursor.execute(f"DROP TABLE IF EXISTS {_T}_{name}")


def fold_import(*, corporation_id: int, batch_id: int) -> None:
    """Fold an import's entries (and any entries written outside an import) into the
    state, inside the import's transaction. See the module docstring."""
    if not ENABLED:
        return
    old = state_date(corporation_id)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MAX(booking_date) FROM {LEDGER} WHERE batch_id = %s",  # noqa: S608
            [batch_id],
        )
        (latest,) = cursor.fetchone()
        if latest is not None and not isinstance(latest, date):
            latest = date.fromisoformat(str(latest)[:10])
        outside = has_entries_outside_state(corporation_id)
        if latest is None and not outside:
            return  # nothing new (a file whose rows were all present already)
        new = old
        if latest is not None:
            new = max(old, target_date(latest)) if old else target_date(latest)
        if new is None:
            # Only entries outside the state and no state yet: keep it that way (they are
            # computed in full) until an import brings rows.
            return
        if connection.vendor == "postgresql":
            # The window functions' sorts in memory rather than in files on disk; bulk
            # joins only (see ``selectors.arrears_positions``).
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute("SET LOCAL enable_nestloop = off")
        if old is None:
            # No state yet: it is built from the corporation's whole ledger.
            _build_all(cursor, corporation_id, new)
            ArrearsStateDate.objects.create(corporation_id=corporation_id, as_of=new)
            return
        # Entries not in the state are claimed first (so that one written by another
        # transaction from here on stays outside the state and is computed in full):
        # their tenancies, and those with a row of this import counting on or before the
        # state date, are rebuilt from their whole ledger.
        cursor.execute(
            f"UPDATE {LEDGER} SET in_state = %s "  # noqa: S608
            "WHERE corporation_id = %s AND NOT in_state RETURNING tenancy_id",
            [True, corporation_id],
        )
        claimed = sorted({t for (t,) in cursor.fetchall()})
        _drop(cursor, "rebuild")
        cursor.execute(
            f"CREATE TEMP TABLE {_T}_rebuild AS "  # noqa: S608
            f"SELECT DISTINCT tenancy_id AS t FROM {LEDGER} "
            f"WHERE batch_id = %s AND {EFFECTIVE} <= %s",
            [batch_id, old],
        )
        if claimed:
            cursor.executemany(
                f"INSERT INTO {_T}_rebuild (t) VALUES (%s)",  # noqa: S608
                [(t,) for t in claimed],
            )
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {_T}_rebuild")
        for table in (STATE, OPEN, PENDING):
            cursor.execute(
                f"DELETE FROM {table} WHERE tenancy_id IN (SELECT t FROM {_T}_rebuild)"  # noqa: S608
            )
        insert = f"INSERT INTO {PENDING} (corporation_id, tenancy_id, d, kind, c) "
        cursor.execute(
            f"{insert} SELECT corporation_id, tenancy_id, {EFFECTIVE}, kind, {CENTS} "  # noqa: S608
            f"FROM {LEDGER} WHERE corporation_id = %s "
            f"AND tenancy_id IN (SELECT t FROM {_T}_rebuild)",
            [corporation_id],
        )
        cursor.execute(
            f"{insert} SELECT corporation_id, tenancy_id, {EFFECTIVE}, kind, {CENTS} "  # noqa: S608
            f"FROM {LEDGER} WHERE batch_id = %s "
            f"AND tenancy_id NOT IN (SELECT t FROM {_T}_rebuild)",
            [batch_id],
        )
        _drop(cursor, "rebuild")
        _fold_pending(cursor, corporation_id, new)
    ArrearsStateDate.objects.filter(corporation_id=corporation_id).update(as_of=new)


def _fold_pending(cursor, corporation_id: int, upto: date) -> None:
    """Fold the corporation's pending entries counting on or before ``upto`` into the
    totals and the open rents, and remove them from the pending ones."""
    _drop(cursor, "rows", "totals", "open")
    rows = _continued_rows("corporation_id = %s AND d <= %s")
    cursor.execute(f"CREATE TEMP TABLE {_T}_rows AS {rows}", [corporation_id, upto])
    cursor.execute(f"CREATE TEMP TABLE {_T}_totals AS {_totals(f'{_T}_rows')}")
    cursor.execute(
        f"""CREATE TEMP TABLE {_T}_open AS
        SELECT r.t, r.d AS due_date, r.run AS running
        FROM {_T}_rows r JOIN {_T}_totals h ON h.t = r.t
        WHERE r.kind = 'huur' AND r.c > 0 AND r.run > h.pp
        UNION ALL
        SELECT o.tenancy_id AS t, o.due_date, o.running
        FROM {OPEN} o JOIN {_T}_totals h ON h.t = o.tenancy_id
        WHERE o.running > h.pp"""  # noqa: S608
    )
    touched = f"(SELECT t FROM {_T}_totals)"  # noqa: S608
    cursor.execute(f"DELETE FROM {OPEN} WHERE tenancy_id IN {touched}")  # noqa: S608
    cursor.execute(
        f"INSERT INTO {OPEN} (corporation_id, tenancy_id, due_date, running) "  # noqa: S608
        f"SELECT %s, t, due_date, running FROM {_T}_open",
        [corporation_id],
    )
    cursor.execute(f"DELETE FROM {STATE} WHERE tenancy_id IN {touched}")  # noqa: S608
    cursor.execute(
        f"INSERT INTO {STATE} (tenancy_id, corporation_id, co, pr, cr, low) "  # noqa: S608
        f"SELECT t, %s, co, pr, cr, low FROM {_T}_totals",
        [corporation_id],
    )
    cursor.execute(
        f"DELETE FROM {PENDING} WHERE corporation_id = %s AND d <= %s",  # noqa: S608
        [corporation_id, upto],
    )
    _drop(cursor, "rows", "totals", "open")
    if connection.vendor == "postgresql":
        # Planner statistics for the next query (autovacuum analyses only after commit).
        for table in (STATE, OPEN, PENDING):
            cursor.execute(f"ANALYZE {table}")


def rebuild(*, corporation_id: int, as_of: date) -> None:
    """Build the corporation's state from its whole ledger, as of ``as_of`` (a repair
    tool and the tests' reference; imports keep the state up to date themselves)."""
    with connection.cursor() as cursor:
        _build_all(cursor, corporation_id, as_of)
    ArrearsStateDate.objects.update_or_create(
        corporation_id=corporation_id, defaults={"as_of": as_of}
    )


def _build_all(cursor, corporation_id: int, as_of: date) -> None:
    for table in (STATE, OPEN, PENDING):
        cursor.execute(f"DELETE FROM {table} WHERE corporation_id = %s", [corporation_id])  # noqa: S608
    # Claimed before they are read: an entry another transaction writes in between is
    # read too but stays outside the state (computed in full, rebuilt by the next import).
    cursor.execute(
        f"UPDATE {LEDGER} SET in_state = %s WHERE corporation_id = %s AND NOT in_state",  # noqa: S608
        [True, corporation_id],
    )
    cursor.execute(
        f"INSERT INTO {PENDING} (corporation_id, tenancy_id, d, kind, c) "  # noqa: S608
        f"SELECT corporation_id, tenancy_id, {EFFECTIVE}, kind, {CENTS} "
        f"FROM {LEDGER} WHERE corporation_id = %s",
        [corporation_id],
    )
    _fold_pending(cursor, corporation_id, as_of)
