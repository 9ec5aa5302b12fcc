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
from .sql import positions_sql

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
