"""The arrears history of one tenancy: its position at the end of each month.

Pure: plain :class:`~woonkans.arrears.positions.Entry` values in, positions out, each
computed by :func:`~woonkans.arrears.positions.position_at` — the same rule as the
``arrears`` command and the worklist.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date

from .positions import Entry, Position, position_at

#: How many points the household page shows: the ends of the 23 months before this one,
#: and today.
HISTORY_MONTHS = 24


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def month_ends(on: date, months: int = HISTORY_MONTHS) -> list[date]:
    """The last day of each of the ``months - 1`` months before the month of ``on``,
    oldest first, followed by ``on`` itself (the current month is not over yet)."""
    days = []
    for back in range(months - 1, 0, -1):
        index = on.year * 12 + on.month - 1 - back
        days.append(_month_end(index // 12, index % 12 + 1))
    days.append(on)
    return days


def arrears_history(
    entries: Sequence[Entry], on: date, months: int = HISTORY_MONTHS
) -> list[tuple[date, Position]]:
    """The position at each of :func:`month_ends`, from the month of the first entry on
    (no points before the ledger starts). Empty without entries."""
    if not entries:
        return []
    first = min(e.effective_date for e in entries)
    days = [d for d in month_ends(on, months) if (d.year, d.month) >= (first.year, first.month)]
    return [(day, position_at(entries, day)) for day in days or [on]]
