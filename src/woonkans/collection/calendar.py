"""Working days for collection steps: no weekends, no Dutch public holidays.

Pure (no database). Holidays come from the ``holidays`` package's Netherlands calendar:
New Year's Day, Good Friday, Easter Sunday and Monday, King's Day, Ascension Day, Whit
Sunday and Monday, Christmas Day and Boxing Day — and Liberation Day (5 May) **only in
lustrum years** (2025, 2030, …), which is how the package lists it. A corporation that
closes on 5 May every year sets ``CollectionPolicy.liberation_day_every_year``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _dutch_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=year).keys())


class WorkingCalendar:
    """Which days are working days, and the next working day on or after a date."""

    def __init__(
        self, *, liberation_day_every_year: bool = False, extra_closed: Iterable[date] = ()
    ):
        self.liberation_day_every_year = liberation_day_every_year
        self.extra_closed = frozenset(extra_closed)

    def is_holiday(self, day: date) -> bool:
        if day in _dutch_holidays(day.year) or day in self.extra_closed:
            return True
        return self.liberation_day_every_year and (day.month, day.day) == (5, 5)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.is_holiday(day)

    def on_or_after(self, day: date) -> date:
        """``day`` itself when it is a working day, otherwise the next working day."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day


DEFAULT_CALENDAR = WorkingCalendar()
