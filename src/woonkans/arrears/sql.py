"""The arrears positions query as SQL text, for PostgreSQL, SQLite and DuckDB alike.

No Django imports: the benchmark runs the same text in DuckDB over the CSV files. It is the
closed form of :func:`woonkans.arrears.positions.position_by_totals`, in integer cents.
"""

from __future__ import annotations


def positions_sql(source: str, tenancies: str, *, order: bool = True) -> str:
    """The positions query over any ``source`` relation with columns ``t`` (tenancy key),
    ``kind``, ``booking_date``, ``due_date``, ``amount`` (signed euros), ``mid``
    (mutation id), and ``tenancies`` with ``t`` and ``contract_number``. The reference date
    is a ``%s`` parameter after any in ``source`` and before any in ``tenancies``. Only
    these fixed relation texts are put into the SQL, never a value. ``order=False`` leaves
    the rows unordered (for a ``UNION`` that orders the whole)."""
    effective = (
        "CASE WHEN kind = 'betaling' OR due_date IS NULL THEN booking_date ELSE due_date END"
    )
    principal = "kind = 'huur' OR (kind = 'correctie' AND c > 0)"
    # One pass of window functions per tenancy, then one GROUP BY and one join: no joins
    # between aggregates, so the planner cannot pick a nested loop over them. Principal
    # items equal in day, kind and amount are interchangeable, so no mutation-id tie-break
    # is needed (sorting on it with a locale collation costs more than the rest).
    return f"""
WITH e AS (
  SELECT t, d, kind, c, mid,
    CASE WHEN kind = 'kosten' THEN c ELSE 0 END AS co1,
    CASE WHEN {principal} THEN c ELSE 0 END AS pr1,
    CASE WHEN kind = 'betaling' OR (kind = 'correctie' AND c < 0) THEN -c ELSE 0 END AS cr1
  FROM (
    SELECT t, {effective} AS d, kind, CAST(ROUND(amount * 100) AS BIGINT) AS c, mid
    FROM {source} src
  ) b
  WHERE d <= %s
),
x AS (
  SELECT t, d, kind, c,
    SUM(co1) OVER day_end AS co_s,
    SUM(pr1) OVER day_end AS pr_s,
    SUM(cr1) OVER day_end AS cr_s,
    SUM(pr1) OVER principal_order AS run
  FROM e
  WINDOW
    day_end AS (PARTITION BY t ORDER BY d RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
    principal_order AS (
      PARTITION BY t ORDER BY d, CASE WHEN kind = 'huur' THEN 0 ELSE 1 END, c
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    )
),
y AS (
  SELECT t, d, kind, c, run,
    MAX(co_s) OVER whole AS co, MAX(pr_s) OVER whole AS pr, MAX(cr_s) OVER whole AS cr,
    MIN(co_s - cr_s + CASE WHEN cr_s - co_s - pr_s > 0 THEN cr_s - co_s - pr_s ELSE 0 END)
      OVER whole AS low
  FROM x
  WINDOW whole AS (PARTITION BY t)
),
z AS (
  SELECT t, d, kind, c, run, co + pr - cr AS owed,
    pr - (CASE WHEN co + pr - cr > 0 THEN co + pr - cr ELSE 0 END)
       + (CASE WHEN co - cr - (CASE WHEN low < 0 THEN low ELSE 0 END) > 0
               THEN co - cr - (CASE WHEN low < 0 THEN low ELSE 0 END) ELSE 0 END) AS pp
  FROM y
),
agg AS (
  SELECT t, MAX(owed) AS owed,
    SUM(CASE WHEN kind = 'huur' AND c > 0 AND run > pp THEN 1 ELSE 0 END) AS n,
    MIN(CASE WHEN kind = 'huur' AND c > 0 AND run > pp THEN d END) AS oldest
  FROM z GROUP BY t
)
SELECT tn.contract_number, COALESCE(agg.owed, 0), COALESCE(agg.n, 0), agg.oldest
FROM {tenancies} tn
LEFT JOIN agg ON agg.t = tn.t
{"ORDER BY tn.contract_number" if order else ""}
"""  # noqa: S608 - fixed relation texts only, values go in as parameters
