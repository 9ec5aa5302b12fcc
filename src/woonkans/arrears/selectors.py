"""Reading arrears positions for many tenancies at once.

:func:`arrears_positions` computes them in one SQL query (window functions, PostgreSQL and
SQLite alike) with the closed form of :func:`woonkans.arrears.positions.position_by_totals`.
:func:`arrears_positions_streamed` streams the ledger ordered by tenancy through the pure
function :func:`woonkans.arrears.positions.position_at`. Both give the same rows; tests hold
them to each other and the benchmark measures both.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import groupby

from django.db import connection

from woonkans.households.models import Tenancy
from woonkans.organisations.models import Organisation

from .models import LedgerEntry
from .positions import Entry, Position, position_at

CENT = Decimal("0.01")

CSV_HEADER = (
    "overeenkomstnummer",
    "achterstand",
    "open_termijnen",
    "oudste_vervaldatum",
    "dagen_achterstand",
)


@dataclass(frozen=True, slots=True)
class TenancyPosition:
    contract_number: str
    position: Position

    def csv_row(self) -> tuple[str, str, str, str, str]:
        p = self.position
        return (
            self.contract_number,
            f"{p.achterstand.quantize(CENT):.2f}",
            str(p.open_termijnen),
            p.oudste_vervaldatum.isoformat() if p.oudste_vervaldatum else "",
            str(p.dagen_achterstand),
        )


def positions_sql(source: str, tenancies: str) -> str:
    """The positions query over any ``source`` relation with columns ``t`` (tenancy key),
    ``kind``, ``booking_date``, ``due_date``, ``amount`` (signed euros), ``mid``
    (mutation id), and ``tenancies`` with ``t`` and ``contract_number``. The reference date
    is a ``%s`` parameter after any in ``source`` and before any in ``tenancies``. Only
    these fixed relation texts are put into the SQL, never a value."""
    pos = "CASE WHEN cr - co - pr > 0 THEN cr - co - pr ELSE 0 END"
    return f"""  -- arrears positions
WITH e AS (
  SELECT t,
         CASE WHEN kind = 'betaling' OR due_date IS NULL THEN booking_date ELSE due_date END
           AS d,
         kind,
         CAST(ROUND(amount * 100) AS BIGINT) AS c,
         mid
  FROM {source} src
  WHERE (CASE WHEN kind = 'betaling' OR due_date IS NULL THEN booking_date ELSE due_date END)
        <= %s
),
daily AS (
  SELECT t, d,
    SUM(CASE WHEN kind = 'kosten' THEN c ELSE 0 END) AS co,
    SUM(CASE WHEN kind = 'huur' OR (kind = 'correctie' AND c > 0) THEN c ELSE 0 END) AS pr,
    SUM(CASE WHEN kind = 'betaling' OR (kind = 'correctie' AND c < 0) THEN -c ELSE 0 END)
      AS cr
  FROM e GROUP BY t, d
),
cum AS (
  SELECT t, SUM(co) OVER w AS co, SUM(pr) OVER w AS pr, SUM(cr) OVER w AS cr
  FROM daily
  WINDOW w AS (PARTITION BY t ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
tot AS (
  SELECT t, MAX(co) AS co, MAX(pr) AS pr, MAX(cr) AS cr,
    MIN(co - cr + {pos}) AS low
  FROM cum GROUP BY t
),
paid AS (
  SELECT t, co + pr - cr AS owed,
    pr - (CASE WHEN co + pr - cr > 0 THEN co + pr - cr ELSE 0 END)
       + (CASE WHEN co - cr - (CASE WHEN low < 0 THEN low ELSE 0 END) > 0
               THEN co - cr - (CASE WHEN low < 0 THEN low ELSE 0 END) ELSE 0 END) AS pp
  FROM tot
),
princ AS (
  SELECT t, d, kind, c,
    SUM(c) OVER (
      PARTITION BY t
      ORDER BY d, CASE WHEN kind = 'huur' THEN 0 ELSE 1 END, c, mid
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS run
  FROM e WHERE kind = 'huur' OR (kind = 'correctie' AND c > 0)
),
open_terms AS (
  SELECT princ.t, COUNT(*) AS n, MIN(princ.d) AS oldest
  FROM princ JOIN paid ON paid.t = princ.t
  WHERE princ.kind = 'huur' AND princ.c > 0 AND princ.run > paid.pp
  GROUP BY princ.t
)
SELECT tn.contract_number, COALESCE(paid.owed, 0), COALESCE(open_terms.n, 0),
       open_terms.oldest
FROM {tenancies} tn
LEFT JOIN paid ON paid.t = tn.t
LEFT JOIN open_terms ON open_terms.t = tn.t
ORDER BY tn.contract_number
"""  # noqa: S608 - fixed relation texts only, values go in as parameters


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _row_to_position(row, on: date) -> TenancyPosition:
    contract, cents, open_terms, oldest = row
    oldest = _as_date(oldest)
    return TenancyPosition(
        contract_number=contract,
        position=Position(
            achterstand=(Decimal(int(cents)) / 100).quantize(CENT),
            open_termijnen=int(open_terms),
            oudste_vervaldatum=oldest,
            dagen_achterstand=(on - oldest).days if oldest else 0,
        ),
    )


def arrears_positions(*, corporation: Organisation, on: date) -> Iterator[TenancyPosition]:
    """One position per tenancy of the corporation (ordered by contract number)."""
    ledger = LedgerEntry._meta.db_table
    tenancy = Tenancy._meta.db_table
    # Table names only; the corporation and the date go in as parameters.
    source = (
        "(SELECT tenancy_id AS t, kind, booking_date, due_date, amount, mutation_id AS mid "  # noqa: S608
        f"FROM {ledger} WHERE corporation_id = %s)"
    )
    tenancies = f"(SELECT id AS t, contract_number FROM {tenancy} WHERE corporation_id = %s)"  # noqa: S608
    sql = positions_sql(source, tenancies)
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [corporation.pk, on, corporation.pk])
        while rows := cursor.fetchmany(2000):
            for row in rows:
                yield _row_to_position(row, on)


def arrears_positions_streamed(*, corporation: Organisation, on: date) -> Iterator[TenancyPosition]:
    """The same rows as :func:`arrears_positions`, through the pure Python function."""
    contracts = dict(
        Tenancy.objects.filter(corporation=corporation).values_list("pk", "contract_number")
    )
    entries = (
        LedgerEntry.objects.filter(corporation=corporation)
        .order_by("tenancy_id")
        .values_list("tenancy_id", "kind", "amount", "booking_date", "due_date", "mutation_id")
        .iterator(chunk_size=10000)
    )
    found: dict[str, Position] = {}
    for tenancy_id, group in groupby(entries, key=lambda r: r[0]):
        ledger = [
            Entry(kind, amount, booked, due, mid) for _t, kind, amount, booked, due, mid in group
        ]
        found[contracts[tenancy_id]] = position_at(ledger, on)
    empty = Position(Decimal("0.00"), 0, None, 0)
    for contract in sorted(contracts.values()):
        yield TenancyPosition(contract, found.get(contract, empty))
