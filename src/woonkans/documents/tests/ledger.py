"""Ledger entries for letter tests: a 14-day letter claims the overdue principal."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from woonkans.arrears.models import ImportBatch, LedgerEntry

_ids = itertools.count(1)


def _batch(tenancy) -> ImportBatch:
    batch = ImportBatch.objects.filter(corporation=tenancy.corporation).first()
    return batch or ImportBatch.objects.create(
        corporation=tenancy.corporation, kind="ledger", file_name="t", sha256="t"
    )


def entry(tenancy, kind: str, amount: str, day: date, ref: str | None = None) -> LedgerEntry:
    """``amount`` as the tenant's debt changes: positive for huur/kosten, the payment's
    amount for betaling (stored negative), signed for correctie."""
    value = Decimal(amount)
    return LedgerEntry.objects.create(
        corporation=tenancy.corporation,
        tenancy=tenancy,
        mutation_id=ref or f"{kind[0].upper()}-{next(_ids)}",
        booking_date=day,
        due_date=None if kind == "betaling" else day,
        kind=kind,
        amount=-value if kind == "betaling" else value,
        batch=_batch(tenancy),
    )


def rent(tenancy, amount: str, due: date = date(2025, 12, 1), ref: str | None = None):
    return entry(tenancy, "huur", amount, due, ref)


def pay(tenancy, amount: str, day: date, ref: str | None = None):
    return entry(tenancy, "betaling", amount, day, ref)
