"""The payment term of the 14-day letter (``norms.md`` §2). Pure functions over dates.

Art. 6:96(6) BW gives the debtor 14 days to pay after a written demand; collection costs
are due only when the term passed unpaid. The Hoge Raad (25-11-2016,
ECLI:NL:HR:2016:2704) held that the term starts on the **day after the debtor received the
letter**. Woonkans implements that as follows:

* *Presumed receipt.* A letter is presumed received ``delivery_days`` calendar days after
  the letter date (``sent_on``). Each corporation configures the number of days
  (``LetterSettings.presumed_delivery_days``, default 2).
* *The term.* Day 1 of the term is the day after presumed receipt; day 14 is therefore
  receipt + 14 days. That day 14 is the **last day to pay** (``uiterste_betaaldatum``),
  stated as an exact date in the letter. Example: letter dated Monday 1 December 2025,
  2 delivery days → received Wednesday 3 December → day 1 is Thursday 4 December → pay by
  Wednesday 17 December 2025.
* *Weekends and public holidays* do not move the last day by default: the term is counted
  in calendar days and the tenant has at least 14 full days. A corporation that wants the
  safe side of the Algemene termijnenwet (a statutory term ending on a Saturday, Sunday
  or general holiday runs on to the next day that is none; whether that act applies to
  this term is not settled in ``norms.md``) turns on ``deadline_next_working_day``: then a
  last day on a Saturday, Sunday or a general holiday of art. 3(1) Atw moves to the next
  working day. The option only ever makes the term longer.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from dateutil.easter import easter as easter_sunday

__all__ = [
    "TERM_DAYS",
    "fourteen_day_deadline",
    "general_holidays",
    "is_working_day",
    "presumed_receipt",
]

TERM_DAYS = 14
MAX_DELIVERY_DAYS = 14


def presumed_receipt(sent_on: date, delivery_days: int) -> date:
    """The day the letter is presumed received: ``delivery_days`` after ``sent_on``."""
    if not 0 <= delivery_days <= MAX_DELIVERY_DAYS:
        raise ValueError(f"delivery_days must be between 0 and {MAX_DELIVERY_DAYS}.")
    return sent_on + timedelta(days=delivery_days)


def fourteen_day_deadline(
    sent_on: date, delivery_days: int, *, next_working_day: bool = False
) -> date:
    """The last day to pay: day 14 of the term that starts the day after presumed receipt.

    With ``next_working_day`` a last day on a Saturday, Sunday or general holiday moves on
    to the next working day.
    """
    deadline = presumed_receipt(sent_on, delivery_days) + timedelta(days=TERM_DAYS)
    if next_working_day:
        while not is_working_day(deadline):
            deadline += timedelta(days=1)
    return deadline


@lru_cache(maxsize=64)
def general_holidays(year: int) -> frozenset[date]:
    """The general holidays of art. 3(1) Algemene termijnenwet in ``year``: New Year's Day,
    Easter Monday, Ascension Day, Whit Monday, King's Day (27 April, or 26 April when the
    27th is a Sunday), 5 May (every year, unlike the lustrum-only day off) and both
    Christmas days. Good Friday is not among them."""
    easter = easter_sunday(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = date(year, 4, 26)
    return frozenset(
        {
            date(year, 1, 1),
            easter + timedelta(days=1),
            easter + timedelta(days=39),
            easter + timedelta(days=50),
            kings_day,
            date(year, 5, 5),
            date(year, 12, 25),
            date(year, 12, 26),
        }
    )


def is_working_day(day: date) -> bool:
    """Not a Saturday, Sunday or general holiday (art. 3(1) Atw)."""
    return day.weekday() < 5 and day not in general_holidays(day.year)
