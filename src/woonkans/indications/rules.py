"""Pure rules about indications: validity on a date, total hours, and warnings.

No database. A trajectory's guidance needs a valid indication on every day it runs (the
states started, active guidance, evaluation and extended). Two warnings:

* ``missing`` — guidance runs on ``on_date`` and no indication is valid that day;
* ``ending`` — an indication is valid today, but the chain of valid indications (one
  following on the next without a gap) ends within ``warn_days`` days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

#: Trajectory states (values of trajectories.models.State) in which guidance runs.
GUIDANCE_STATES = frozenset({"gestart", "begeleiding", "evaluatie", "verlengd"})

MISSING = "missing"
ENDING = "ending"


@dataclass(frozen=True)
class Period:
    """The days an indication is valid: ``start`` up to and including ``last_day``."""

    start: date
    last_day: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.last_day


@dataclass(frozen=True)
class Warning:
    code: str  # MISSING or ENDING
    on_date: date
    last_day: date | None = None  # for ENDING: the last covered day
    days_left: int | None = None  # for ENDING: days from on_date to last_day


def total_hours(hours: Iterable[Decimal]) -> Decimal:
    return sum(hours, Decimal("0"))


def valid_on(periods: Iterable[Period], day: date) -> bool:
    return any(p.contains(day) for p in periods)


def covered_until(periods: Iterable[Period], day: date) -> date | None:
    """The last day of the unbroken coverage that includes ``day``, or None if ``day`` is
    not covered. Indications that overlap or follow each other directly are joined."""
    periods = list(periods)
    if not valid_on(periods, day):
        return None
    end = day
    while True:
        reach = max(
            (
                p.last_day
                for p in periods
                if p.start <= end + timedelta(days=1) and p.last_day > end
            ),
            default=None,
        )
        if reach is None:
            return end
        end = reach


def warnings(
    *, periods: Iterable[Period], on_date: date, guidance_running: bool, warn_days: int
) -> list[Warning]:
    """The warnings for one trajectory on ``on_date`` (empty when guidance does not run)."""
    if not guidance_running:
        return []
    periods = list(periods)
    until = covered_until(periods, on_date)
    if until is None:
        return [Warning(MISSING, on_date)]
    days_left = (until - on_date).days
    if days_left < warn_days:
        return [Warning(ENDING, on_date, last_day=until, days_left=days_left)]
    return []
