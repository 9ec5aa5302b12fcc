"""The last day to pay of the 14-day letter (norms.md §2; HR 25-11-2016)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from woonkans.documents.deadlines import (
    easter_sunday,
    fourteen_day_deadline,
    general_holidays,
    is_working_day,
    presumed_receipt,
)


def test_worked_example():
    # Letter Monday 1 December 2025, received Wednesday 3 December; day 1 of the term is
    # Thursday 4 December, day 14 is Wednesday 17 December.
    assert presumed_receipt(date(2025, 12, 1), 2) == date(2025, 12, 3)
    assert fourteen_day_deadline(date(2025, 12, 1), 2) == date(2025, 12, 17)


def test_term_counts_from_the_day_after_receipt():
    # Received the same day: day 1 is tomorrow, day 14 is 14 days later.
    assert fourteen_day_deadline(date(2026, 3, 2), 0) == date(2026, 3, 16)
    # Each day of presumed delivery moves the deadline one day.
    assert fourteen_day_deadline(date(2026, 3, 2), 3) == date(2026, 3, 19)


def test_weekend_does_not_move_the_deadline_by_default():
    # Sent Thursday 1 January 2026 + 2 days = Saturday 3 January; + 14 = Saturday 17th.
    assert fourteen_day_deadline(date(2026, 1, 1), 2) == date(2026, 1, 17)


def test_next_working_day_moves_a_weekend_deadline_to_monday():
    assert fourteen_day_deadline(date(2026, 1, 1), 2, next_working_day=True) == date(2026, 1, 19)


def test_next_working_day_skips_holidays():
    # Received Monday 23 March 2026 + 14 = Monday 6 April 2026 = Easter Monday -> Tuesday.
    assert fourteen_day_deadline(date(2026, 3, 21), 2) == date(2026, 4, 6)
    assert fourteen_day_deadline(date(2026, 3, 21), 2, next_working_day=True) == date(2026, 4, 7)
    # Christmas 2026: Friday 25th and Saturday 26th, Sunday 27th -> Monday 28th.
    assert fourteen_day_deadline(date(2026, 12, 9), 2, next_working_day=True) == date(2026, 12, 28)


def test_delivery_days_are_bounded():
    with pytest.raises(ValueError):
        fourteen_day_deadline(date(2026, 1, 1), -1)
    with pytest.raises(ValueError):
        fourteen_day_deadline(date(2026, 1, 1), 15)


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter(year, easter):
    assert easter_sunday(year) == easter


def test_general_holidays_2026():
    assert general_holidays(2026) == {
        date(2026, 1, 1),
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 14),  # Ascension Day
        date(2026, 5, 25),  # Whit Monday
        date(2026, 4, 27),  # King's Day
        date(2026, 5, 5),  # every year, not only in lustrum years
        date(2026, 12, 25),
        date(2026, 12, 26),
    }


def test_kings_day_on_a_sunday_moves_to_saturday():
    # 27 April 2025 was a Sunday.
    assert date(2025, 4, 26) in general_holidays(2025)
    assert date(2025, 4, 27) not in general_holidays(2025)


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
delivery = st.integers(min_value=0, max_value=14)


@given(days, delivery)
def test_calendar_deadline_is_delivery_plus_fourteen_days(sent_on, delivery_days):
    deadline = fourteen_day_deadline(sent_on, delivery_days)
    assert deadline - sent_on == timedelta(days=delivery_days + 14)
    # The tenant has exactly 14 full days after the day of receipt.
    assert (deadline - presumed_receipt(sent_on, delivery_days)).days == 14


@given(days, delivery)
def test_working_day_deadline_is_never_earlier_and_is_a_working_day(sent_on, delivery_days):
    plain = fourteen_day_deadline(sent_on, delivery_days)
    moved = fourteen_day_deadline(sent_on, delivery_days, next_working_day=True)
    assert moved >= plain
    assert is_working_day(moved)
    # Only days off are skipped: every day in between is a weekend day or holiday.
    day = plain
    while day < moved:
        assert not is_working_day(day)
        day += timedelta(days=1)
    assert (moved - plain).days <= 4
