from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from woonkans.indications import rules
from woonkans.indications.rules import ENDING, MISSING, Period

D = date(2027, 3, 1)

# The machine is shared: generating inputs may be slow; that is no failure.
SLOW_OK = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def period(start_offset: int, length: int) -> Period:
    return Period(D + timedelta(days=start_offset), D + timedelta(days=start_offset + length))


periods_strategy = st.lists(
    st.builds(period, st.integers(-400, 400), st.integers(0, 400)), max_size=5
)


def test_total_hours_of_the_pilot_example():
    hours = [Decimal("1"), Decimal("1.5"), Decimal("3.5")]
    assert rules.total_hours(hours) == Decimal("6.0")


def test_no_indication_while_guidance_runs_is_missing():
    [warning] = rules.warnings(periods=[], on_date=D, guidance_running=True, warn_days=42)
    assert warning.code == MISSING


def test_no_warning_before_guidance_runs():
    assert rules.warnings(periods=[], on_date=D, guidance_running=False, warn_days=42) == []


def test_ending_within_six_weeks_warns_with_the_last_day():
    p = Period(D - timedelta(days=100), D + timedelta(days=41))
    [warning] = rules.warnings(periods=[p], on_date=D, guidance_running=True, warn_days=42)
    assert (warning.code, warning.last_day, warning.days_left) == (ENDING, p.last_day, 41)


def test_ending_in_exactly_six_weeks_does_not_warn_yet():
    p = Period(D - timedelta(days=100), D + timedelta(days=42))
    assert rules.warnings(periods=[p], on_date=D, guidance_running=True, warn_days=42) == []


def test_a_follow_up_indication_without_gap_prevents_the_ending_warning():
    first = Period(D - timedelta(days=100), D + timedelta(days=10))
    follow = Period(D + timedelta(days=11), D + timedelta(days=200))
    assert rules.covered_until([follow, first], D) == follow.last_day
    assert (
        rules.warnings(periods=[first, follow], on_date=D, guidance_running=True, warn_days=42)
        == []
    )


def test_a_gap_of_one_day_breaks_the_chain():
    first = Period(D - timedelta(days=100), D + timedelta(days=10))
    later = Period(D + timedelta(days=12), D + timedelta(days=200))
    assert rules.covered_until([first, later], D) == first.last_day


def test_first_and_last_day_are_valid():
    p = Period(D, D + timedelta(days=5))
    assert rules.valid_on([p], D) and rules.valid_on([p], p.last_day)
    assert not rules.valid_on([p], D - timedelta(days=1))
    assert not rules.valid_on([p], p.last_day + timedelta(days=1))


@SLOW_OK
@given(periods_strategy, st.integers(-500, 900), st.integers(1, 120))
def test_missing_exactly_when_no_period_contains_the_day(periods, offset, warn_days):
    day = D + timedelta(days=offset)
    codes = [
        w.code
        for w in rules.warnings(
            periods=periods, on_date=day, guidance_running=True, warn_days=warn_days
        )
    ]
    assert (MISSING in codes) == (not any(p.contains(day) for p in periods))
    assert len(codes) <= 1


@SLOW_OK
@given(periods_strategy, st.integers(-500, 900), st.integers(1, 120))
def test_ending_warning_matches_the_covered_chain(periods, offset, warn_days):
    day = D + timedelta(days=offset)
    result = rules.warnings(
        periods=periods, on_date=day, guidance_running=True, warn_days=warn_days
    )
    until = rules.covered_until(periods, day)
    if until is None:
        return
    # Every day from today up to the last covered day is covered; the day after is not.
    for n in range(0, (until - day).days + 1, 7):
        assert rules.valid_on(periods, day + timedelta(days=n))
    assert rules.valid_on(periods, until)
    assert not rules.valid_on(periods, until + timedelta(days=1))
    ending = [w for w in result if w.code == ENDING]
    assert bool(ending) == ((until - day).days < warn_days)


@SLOW_OK
@given(periods_strategy, st.integers(-500, 900))
def test_nothing_when_guidance_does_not_run(periods, offset):
    day = D + timedelta(days=offset)
    assert rules.warnings(periods=periods, on_date=day, guidance_running=False, warn_days=42) == []


@SLOW_OK
@given(periods_strategy, st.integers(-500, 900))
def test_order_of_indications_does_not_matter(periods, offset):
    day = D + timedelta(days=offset)
    assert rules.covered_until(periods, day) == rules.covered_until(list(reversed(periods)), day)
