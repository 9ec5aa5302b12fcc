"""When did the current arrears arise? A pure function over ledger entries.

An *arrears episode* is an unbroken run of days on which the tenant owes something at the
end of the day (``achterstand > 0``, as in :mod:`woonkans.arrears.positions`: charges and
corrections count from their due date, payments from their booking date). Its start is
the *ontstaansdatum* of an early signal, and it keys "one signal per tenancy per arrears
episode": paying off part of the arrears does not start a new episode, paying all of it
(even for one day) does.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from itertools import groupby

from woonkans.arrears.positions import Entry

ZERO = Decimal("0")


def arrears_episode_start(entries: Iterable[Entry], on: date) -> date | None:
    """The first day of the arrears episode running at the end of ``on``; ``None`` when
    nothing is owed at the end of ``on``."""
    in_scope = sorted(
        (e for e in entries if e.effective_date <= on), key=lambda e: e.effective_date
    )
    balance = ZERO
    start: date | None = None
    for day, day_entries in groupby(in_scope, key=lambda e: e.effective_date):
        balance += sum((e.amount for e in day_entries), ZERO)
        if balance <= 0:
            start = None
        elif start is None:
            start = day
    return start
