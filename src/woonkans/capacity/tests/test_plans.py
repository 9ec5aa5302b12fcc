"""Payment plans as pure functions: the pilot's case and properties."""

import itertools
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from woonkans.capacity.plans import (
    DebtIn,
    SplitMethod,
    alternatives,
    monthly_for,
    months_needed,
    projected_balance,
    split_capacity,
    standard_demand,
)

amounts = st.decimals(min_value=D("0.01"), max_value=D("20000"), places=2)
capacities = st.decimals(min_value=D("1.00"), max_value=D("2000"), places=2)


def test_pilot_family_7000_at_50_a_month():
    assert months_needed(debt=D("7000"), monthly=D("50")) == 140
    standard = standard_demand(
        debt=D("7000.00"), upfront_percent=D("50"), months=10, capacity=D("50.00")
    )
    assert standard.at_once == D("3500.00")
    assert standard.monthly == D("350.00")
    assert standard.terms == 10
    assert not standard.affordable
    assert standard.over_capacity == D("300.00")
    assert standard.at_once_short == D("3500.00")
    plans = alternatives(debt=D("7000.00"), capacity=D("50.00"), max_terms=120)
    capacity_plan = plans[0]
    assert capacity_plan.affordable
    assert (capacity_plan.monthly, capacity_plan.terms) == (D("50.00"), 140)
    # within the 120 terms of an arrangement it would need 58.34 a month: not affordable
    assert plans[1].code == "max_terms"
    assert (plans[1].monthly, plans[1].terms, plans[1].affordable) == (D("58.34"), 120, False)


def test_projected_balance_of_the_pilot_plan():
    plan = alternatives(debt=D("7000.00"), capacity=D("50.00"))[0]
    points = projected_balance(plan)
    assert points[0] == D("7000.00")
    assert points[1] == D("6950.00")
    assert points[-1] == D("0.00")
    assert len(points) == 141


@settings(deadline=None)
@given(debt=amounts, capacity=capacities)
def test_the_capacity_plan_pays_off_in_the_months_needed(debt, capacity):
    plan = alternatives(debt=debt, capacity=capacity)[0]
    assert plan.affordable
    points = projected_balance(plan, limit=10**6)
    assert len(points) - 1 == plan.terms
    assert points[-1] == 0
    assert all(a >= b for a, b in itertools.pairwise(points))
    assert 0 < plan.last_term <= plan.monthly


@given(debt=amounts, terms=st.integers(min_value=1, max_value=120))
def test_monthly_for_pays_in_time(debt, terms):
    monthly = monthly_for(debt=debt, terms=terms)
    assert monthly * terms >= debt
    assert months_needed(debt=debt, monthly=monthly) <= terms


@given(
    debt=amounts,
    capacity=capacities,
    more=st.decimals(min_value=D("0"), max_value=D("500"), places=2),
)
def test_more_capacity_never_takes_longer(debt, capacity, more):
    assert months_needed(debt=debt, monthly=capacity + more) <= months_needed(
        debt=debt, monthly=capacity
    )


debts = st.lists(
    st.builds(
        DebtIn,
        key=st.text(min_size=1, max_size=3),
        creditor=st.just("x"),
        amount=st.decimals(min_value=D("0.01"), max_value=D("3000"), places=2),
        priority=st.integers(min_value=1, max_value=3),
    ),
    min_size=1,
    max_size=5,
)


@settings(deadline=None, max_examples=60)
@given(
    capacity=st.decimals(min_value=D("25.00"), max_value=D("2000"), places=2),
    items=debts,
    method=st.sampled_from([SplitMethod.PRO_RATA, SplitMethod.PRIORITY]),
)
def test_split_pays_every_debt_exactly_and_never_more_than_capacity(capacity, items, method):
    split = split_capacity(capacity=capacity, debts=items, method=method, limit=100000)
    for share, debt in zip(split.shares, items, strict=True):
        assert share.paid_in_simulation == debt.amount
        assert 0 <= share.first_month <= capacity
    assert sum(s.first_month for s in split.shares) <= capacity
    assert split.balances[-1] == 0
    assert all(a - b <= capacity for a, b in zip(split.balances, split.balances[1:], strict=False))


def test_split_pro_rata_and_by_priority():
    items = [
        DebtIn("1", "Woonstichting", D("7000.00"), 1),
        DebtIn("2", "Energie", D("1000.00"), 1),
        DebtIn("3", "Telefoon", D("2000.00"), 3),
    ]
    pro_rata = split_capacity(capacity=D("100.00"), debts=items, method=SplitMethod.PRO_RATA)
    assert [s.first_month for s in pro_rata.shares] == [D("70.00"), D("10.00"), D("20.00")]
    assert pro_rata.months == 100
    priority = split_capacity(capacity=D("100.00"), debts=items, method=SplitMethod.PRIORITY)
    assert [s.first_month for s in priority.shares] == [D("87.50"), D("12.50"), D("0.00")]
    assert priority.shares[2].months == 100
    assert priority.shares[0].months == 80
