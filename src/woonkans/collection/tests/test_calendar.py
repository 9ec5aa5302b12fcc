from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from woonkans.collection.calendar import WorkingCalendar

CAL = WorkingCalendar()


def test_weekends_and_dutch_holidays():
    assert CAL.is_working_day(date(2026, 11, 27))  # Friday
    assert not CAL.is_working_day(date(2026, 11, 28))  # Saturday
    assert not CAL.is_working_day(date(2026, 11, 29))  # Sunday
    for holiday in (
        date(2026, 1, 1),
        date(2026, 4, 6),  # Easter Monday
        date(2026, 4, 27),  # King's Day
        date(2026, 5, 14),  # Ascension Day
        date(2026, 5, 25),  # Whit Monday
        date(2026, 12, 25),
        date(2026, 12, 26),
    ):
        assert not CAL.is_working_day(holiday), holiday


def test_liberation_day_only_in_lustrum_years_unless_configured():
    assert not CAL.is_working_day(date(2025, 5, 5))  # lustrum year, a Monday
    assert CAL.is_working_day(date(2026, 5, 5))  # Tuesday, not a lustrum year
    every_year = WorkingCalendar(liberation_day_every_year=True)
    assert not every_year.is_working_day(date(2026, 5, 5))


def test_on_or_after_moves_to_the_next_working_day():
    assert CAL.on_or_after(date(2026, 12, 24)) == date(2026, 12, 24)
    assert CAL.on_or_after(date(2026, 12, 25)) == date(2026, 12, 28)
    assert CAL.on_or_after(date(2026, 4, 3)) == date(2026, 4, 7)  # Good Friday → Easter Tuesday


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)))
def test_on_or_after_is_the_first_working_day_from_a_date(day):
    result = CAL.on_or_after(day)
    assert result >= day and CAL.is_working_day(result)
    assert result - day <= timedelta(days=5)
    d = day
    while d < result:
        assert not CAL.is_working_day(d)
        d += timedelta(days=1)
