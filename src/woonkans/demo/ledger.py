"""The demo ledger: 12 months of rent charges and payments per tenancy, as import rows.

Pure (no database): :mod:`woonkans.demo.arrears` writes the rows to a CSV file in the
canonical import format (docs/import-format.md) and imports it with the arrears app's use
case, like a corporation's ERP export.

Rent is due and booked on the 1st. Mutation ids are fixed per tenancy and month
(``<contract>-<YYYYMM>-H`` for the rent, ``-B`` for its payment; a pilot household's
opening balance and partial payment have one fixed id each), and whether and when a
background tenant pays in a month depends only on the tenancy and that month. Loading the
demo again later imports only the ids not booked yet: the new months (and payments that
were still in the future), never a change to a booked entry.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from woonkans.arrears.imports import LEDGER_COLUMNS
from woonkans.arrears.positions import Entry, position_at

from . import data

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUUR, BETALING, CORRECTIE = "huur", "betaling", "correctie"


@dataclass(frozen=True)
class LedgerRow:
    """One row of the import file. ``amount`` as in the file: positive for rent and
    payments (the kind gives the direction), signed for a correction."""

    mutation_id: str
    contract: str
    booked: date
    due: date | None
    kind: str
    amount: Decimal
    description: str

    def entry(self) -> Entry:
        signed = -self.amount if self.kind == BETALING else self.amount
        return Entry(self.kind, signed, self.booked, self.due, self.mutation_id)

    def csv_row(self) -> tuple[str, ...]:
        return (
            self.mutation_id,
            self.contract,
            self.booked.isoformat(),
            self.due.isoformat() if self.due else "",
            self.kind,
            f"{self.amount:.2f}",
            self.description,
        )


def add_months(day: date, months: int) -> date:
    """The 1st of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def rent_months(today: date, start_date: date, months: int = data.LEDGER_MONTHS) -> list[date]:
    """The due dates (the 1st) of the last ``months`` rents up to ``today``, not before the
    tenancy started."""
    first = add_months(today, -(months - 1))
    return [
        due
        for due in (add_months(first, m) for m in range(months))
        if due <= today and due >= start_date
    ]


def _rent(contract: str, due: date, rent: Decimal) -> LedgerRow:
    return LedgerRow(
        f"{contract}-{due:%Y%m}-H", contract, due, due, HUUR, rent, f"Huur {due:%m-%Y}"
    )


def _payment(contract: str, due: date, paid_on: date, amount: Decimal) -> LedgerRow:
    return LedgerRow(
        f"{contract}-{due:%Y%m}-B",
        contract,
        paid_on,
        None,
        BETALING,
        amount.quantize(CENT, ROUND_HALF_UP),
        f"Betaling {due:%m-%Y}",
    )


def profile_of(contract: str) -> str:
    """A background tenant's payment behaviour, fixed per contract."""
    rng = random.Random(f"ledger:{contract}")  # noqa: S311 - demo data, not security
    names = [name for name, _weight in data.LEDGER_PROFILES]
    weights = [weight for _name, weight in data.LEDGER_PROFILES]
    return rng.choices(names, weights)[0]


def background_rows(
    *, contract: str, rent: Decimal, start_date: date, today: date
) -> list[LedgerRow]:
    """Rent and payments of an ordinary tenant; payments after ``today`` are left out."""
    profile = profile_of(contract)
    rows: list[LedgerRow] = []
    owed = ZERO
    for due in rent_months(today, start_date):
        rows.append(_rent(contract, due, rent))
        owed += rent
        rng = random.Random(f"ledger:{contract}:{due:%Y-%m}")  # noqa: S311 - demo data
        amount, paid_on = rent, due - timedelta(days=rng.randint(0, 3))
        if profile == "late":
            paid_on = due + timedelta(days=rng.randint(6, 22))
        elif profile == "partial":
            amount = rent * rng.randint(75, 95) / 100
            paid_on = due + timedelta(days=rng.randint(0, 8))
        elif profile == "irregular":
            draw = rng.random()
            paid_on = due + timedelta(days=rng.randint(0, 12))
            if draw < 0.25:
                amount = ZERO  # missed this month
            elif draw < 0.45 and owed >= 2 * rent:
                amount = 2 * rent  # catches up one month
        amount = amount.quantize(CENT, ROUND_HALF_UP)
        if amount > 0 and paid_on <= today:
            rows.append(_payment(contract, due, paid_on, amount))
            owed -= amount
    return rows


def pilot_rows(
    *,
    contract: str,
    rent: Decimal,
    start_date: date,
    today: date,
    spec: data.PilotLedger,
    arrears: Decimal,
) -> list[LedgerRow]:
    """The ledger of a pilot household: its arrears at ``today`` are exactly ``arrears``
    (see :class:`~woonkans.demo.data.PilotLedger`)."""
    months = rent_months(today, start_date)
    stopped_from = add_months(today, -(spec.stopped_months - 1)) if spec.stopped_months else None
    extra_from = add_months(today, -spec.extra_from_months_ago)
    rows: list[LedgerRow] = []
    for due in months:
        rows.append(_rent(contract, due, rent))
        if stopped_from is not None and due >= stopped_from:
            continue
        amount = rent + (spec.extra_per_month if due >= extra_from else ZERO)
        rows.append(_payment(contract, due, due, amount))
    difference = arrears - arrears_of(rows, today)
    if difference > 0:
        # Arrears from before the period, taken over as the opening balance.
        opening = months[0] - timedelta(days=1)
        rows.insert(
            0,
            LedgerRow(
                f"{contract}-BEGINSALDO",
                contract,
                opening,
                opening,
                CORRECTIE,
                difference,
                "Beginsaldo: achterstand uit de vorige periode",
            ),
        )
    elif difference < 0:
        # One partial payment, in the second month without rent paid.
        month = add_months(stopped_from or months[-1], 1 if spec.stopped_months > 1 else 0)
        rows.append(
            LedgerRow(
                f"{contract}-DEELBETALING",
                contract,
                month + timedelta(days=9),
                None,
                BETALING,
                -difference,
                "Deelbetaling achterstand",
            )
        )
    return rows


def arrears_of(rows: Iterable[LedgerRow], on: date) -> Decimal:
    return position_at([row.entry() for row in rows], on).achterstand


def write_csv(rows: Iterable[LedgerRow], path: Path) -> int:
    """Write the rows as a canonical ledger file; return how many."""
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(LEDGER_COLUMNS)
        for row in rows:
            out.writerow(row.csv_row())
            count += 1
    return count
