from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from woonkans.budgets import rules
from woonkans.budgets.models import ChargeKind, CreditorKind, LivingMoneyFrequency

D = Decimal
money = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


def test_priority_kinds_first():
    for kind in (
        CreditorKind.VERHUURDER,
        CreditorKind.ENERGIE,
        CreditorKind.WATER,
        CreditorKind.ZORGVERZEKERAAR,
    ):
        assert rules.priority_for_kind(kind) == 1
    assert rules.priority_for_kind(CreditorKind.TELECOM) > 1


@given(st.sampled_from(CreditorKind.values))
def test_priority_is_a_pure_function_of_kind(kind):
    p = rules.priority_for_kind(kind)
    assert p == rules.priority_for_kind(kind) and 1 <= p <= 9
    assert (p == 1) == (kind in rules.PRIORITY_KINDS)


@pytest.mark.parametrize(
    ("amount", "frequency", "expected"),
    [
        ("50.00", "weekly", "216.67"),
        ("100.00", "fortnightly", "216.67"),
        ("400.00", "monthly", "400.00"),
        ("0.03", "weekly", "0.13"),
    ],
)
def test_living_money_examples(amount, frequency, expected):
    assert rules.living_money_per_month(D(amount), frequency) == D(expected)


@given(money, st.sampled_from(LivingMoneyFrequency.values))
def test_living_money_per_month_is_within_a_cent_of_the_year_share(amount, frequency):
    monthly = rules.living_money_per_month(amount, frequency)
    exact = amount * rules.TRANSFERS_PER_YEAR[frequency] / 12
    assert abs(monthly - exact) <= D("0.005")
    assert monthly == monthly.quantize(D("0.01"))


@given(st.lists(money, max_size=6), st.lists(money, max_size=6), money, st.lists(money, max_size=4))
def test_overview_balance_identity(incomes, charges, living, repayments):
    o = rules.overview(
        incomes=incomes,
        charges=charges,
        living_money_amount=living,
        living_money_frequency="monthly",
        repayments=repayments,
    )
    assert o.balance == sum(incomes, D(0)) - sum(charges, D(0)) - living - sum(repayments, D(0))
    assert o.is_shortfall == (o.balance < 0)


charge_facts = st.builds(
    rules.ChargeFacts,
    key=st.integers(),
    kind=st.sampled_from(ChargeKind.values),
    amount=money,
    due_day=st.integers(1, 31),
    paid_this_month=money,
)


@given(st.lists(charge_facts, max_size=6), money, days)
def test_warnings_only_for_essential_unpaid_charges(charges, income, today):
    warnings = rules.charge_warnings(charges, income_this_month=income, today=today)
    by_key = {}
    for c in charges:
        by_key.setdefault(c.key, c)
    for w in warnings:
        assert w.missing > 0
        assert w.due_on.month == today.month and w.due_on.year == today.year
        if w.reason == rules.NOT_PAID_BY_DUE_DAY:
            assert today > w.due_on
        else:
            assert today <= w.due_on
            assert income < sum((c.amount for c in charges), D(0))


@given(st.lists(charge_facts, max_size=6), days)
def test_fully_paid_charges_never_warn(charges, today):
    paid = [rules.ChargeFacts(c.key, c.kind, c.amount, c.due_day, c.amount) for c in charges]
    assert rules.charge_warnings(paid, income_this_month=D(0), today=today) == []


def test_warning_example():
    rent = rules.ChargeFacts(1, ChargeKind.HUUR, D("600"), 1, D("0"))
    phone = rules.ChargeFacts(2, ChargeKind.OVERIG, D("30"), 1, D("0"))
    [w] = rules.charge_warnings([rent, phone], income_this_month=D("2000"), today=date(2026, 3, 2))
    assert (w.key, w.reason, w.due_on, w.missing) == (
        1,
        rules.NOT_PAID_BY_DUE_DAY,
        date(2026, 3, 1),
        D("600"),
    )
    assert rules.charge_warnings([rent], income_this_month=D("2000"), today=date(2026, 3, 1)) == []
    [short] = rules.charge_warnings(
        [rules.ChargeFacts(1, ChargeKind.WATER, D("40"), 31, D("0"))],
        income_this_month=D("10"),
        today=date(2026, 2, 10),
    )
    assert short.reason == rules.INCOME_SHORT and short.due_on == date(2026, 2, 28)


@given(days)
def test_quarter_bounds_contain_the_day(day):
    year, quarter = rules.quarter_of(day)
    start, end = rules.quarter_bounds(year, quarter)
    assert start <= day <= end
    assert (end + timedelta(days=1)) == rules.quarter_bounds(
        *rules.quarter_of(end + timedelta(days=1))
    )[0]
    _prev_start, prev_end = rules.quarter_bounds(*rules.previous_quarter(day))
    assert prev_end + timedelta(days=1) == start


@given(
    st.integers(2020, 2035),
    st.integers(1, 4),
    st.integers(1, 31),
    st.lists(st.tuples(days, money), max_size=8),
)
def test_rent_on_time_between_0_and_3_and_monotone(year, quarter, due_day, payments):
    rent = D("600")
    n = rules.rent_paid_on_time(
        year=year, quarter=quarter, due_day=due_day, payments=payments, rent=rent
    )
    assert 0 <= n <= 3
    more = payments + [
        (rules.due_date_in_month(y, m, due_day), rent)
        for y, m in rules.months_of_quarter(year, quarter)
    ]
    assert (
        rules.rent_paid_on_time(
            year=year, quarter=quarter, due_day=due_day, payments=more, rent=rent
        )
        == 3
    )


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), st.integers(1, 31))
def test_payment_window_covers_the_month_and_the_days_before_the_due_day(today, due_day):
    start = rules.payment_window_start(today, due_day)
    due_on = rules.due_date_in_month(today.year, today.month, due_day)
    assert start <= today.replace(day=1)
    assert start <= due_on - timedelta(days=rules.EARLY_PAYMENT_DAYS)
    assert start in {today.replace(day=1), due_on - timedelta(days=rules.EARLY_PAYMENT_DAYS)}
