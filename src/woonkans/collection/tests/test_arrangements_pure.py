"""Payment arrangements as pure computation: terms, monitoring, transitions."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from woonkans.collection import arrangements as arr
from woonkans.collection.arrangements import Money, Term

D = Decimal


def terms(*amounts, first=date(2026, 10, 1)):
    return [Term(i + 1, arr.add_months(first, i), D(a)) for i, a in enumerate(amounts)]


def test_plan_terms_adds_up_and_ends_with_the_remainder():
    plan = arr.plan_terms(total=D("1250.00"), term_amount=D("300.00"), first_due=date(2026, 1, 31))
    assert [t.amount for t in plan] == [D("300.00")] * 4 + [D("50.00")]
    assert [t.due_date for t in plan] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
    ]
    assert arr.plan_terms(total=D("600"), term_amount=D("100"), first_due=date(2026, 1, 1))[
        -1
    ].amount == D("100.00")


def test_too_many_terms_are_refused():
    with pytest.raises(ValueError, match="terms"):
        arr.plan_terms(total=D("1000.00"), term_amount=D("1.00"), first_due=date(2026, 1, 1))


@given(
    total=st.integers(1, 10_000_00).map(lambda c: D(c) / 100),
    term=st.integers(1, 2_000_00).map(lambda c: D(c) / 100),
)
def test_plan_terms_property(total, term):
    term = min(max(term, total / arr.MAX_TERMS), total).quantize(Decimal("0.01"))
    if total / term > arr.MAX_TERMS:
        term += Decimal("0.01")
    plan = arr.plan_terms(total=total, term_amount=term, first_due=date(2026, 1, 1))
    assert sum(t.amount for t in plan) == total
    assert all(Decimal(0) < t.amount <= term for t in plan)
    assert all(t.amount == term for t in plan[:-1])


def test_term_amount_for_rounds_up_to_the_cent():
    assert arr.term_amount_for(total=D("100.00"), number_of_terms=3) == D("33.34")
    assert arr.term_amount_for(total=D("99.00"), number_of_terms=3) == D("33.00")


def test_payments_go_to_the_oldest_term_first():
    states = arr.allocate_payments(
        terms("100", "100", "100"),
        [Money(date(2026, 10, 3), D("150")), Money(date(2026, 11, 2), D("100"))],
    )
    assert [s.paid for s in states] == [D("100"), D("100"), D("50")]
    assert [s.paid_on for s in states] == [date(2026, 10, 3), date(2026, 11, 2), None]


def test_current_rent_is_paid_before_the_terms():
    # The tenant pays only the rent: the arrangement is not being kept.
    rent = [Money(date(2026, 10, 1), D("600")), Money(date(2026, 11, 1), D("600"))]
    only_rent = [Money(date(2026, 10, 1), D("600")), Money(date(2026, 11, 1), D("600"))]
    states = arr.allocate_payments(terms("100", "100"), only_rent, rent)
    assert [s.paid for s in states] == [D("0"), D("0")]
    # Rent plus term: the terms are paid.
    both = [Money(date(2026, 10, 1), D("700")), Money(date(2026, 11, 1), D("700"))]
    states = arr.allocate_payments(terms("100", "100"), both, rent)
    assert [s.paid for s in states] == [D("100"), D("100")]


def test_paying_ahead_counts_and_leftover_is_not_allocated():
    states = arr.allocate_payments(terms("100", "100"), [Money(date(2026, 9, 20), D("500"))])
    assert [s.paid for s in states] == [D("100"), D("100")]
    assert arr.is_paid_off(states)


def test_missed_terms_after_the_grace_period():
    states = arr.allocate_payments(terms("100", "100"), [Money(date(2026, 10, 1), D("100"))])
    assert arr.missed_terms(states, date(2026, 11, 15), 14) == []
    missed = arr.missed_terms(states, date(2026, 11, 16), 14)
    assert [s.number for s in missed] == [2]
    partly = arr.allocate_payments(terms("100"), [Money(date(2026, 10, 1), D("99.99"))])
    assert [s.number for s in arr.missed_terms(partly, date(2026, 10, 16), 14)] == [1]


@given(
    amounts=st.lists(st.integers(1, 50000), min_size=1, max_size=8),
    payments=st.lists(
        st.tuples(st.integers(0, 300), st.integers(1, 80000)), min_size=0, max_size=10
    ),
)
def test_allocation_never_exceeds_terms_or_payments(amounts, payments):
    ts = terms(*[D(a) / 100 for a in amounts])
    pays = [Money(date(2026, 9, 1) + timedelta(days=d), D(c) / 100) for d, c in payments]
    states = arr.allocate_payments(ts, pays)
    paid = sum(s.paid for s in states)
    assert paid == min(sum(t.amount for t in ts), sum(p.amount for p in pays))
    assert all(D(0) <= s.paid <= s.amount for s in states)
    # Oldest first: a term is only partly paid if all later terms are unpaid.
    for earlier, later in itertools.pairwise(states):
        if later.paid > 0:
            assert earlier.remaining == 0


@pytest.mark.parametrize(
    ("current", "new", "reason"),
    [
        ("", "AAN", ""),
        ("", "ACT", ""),
        ("AAN", "ACT", ""),
        ("AAN", "ANN", ""),
        ("ACT", "BEV", ""),
        ("BEV", "ACT", ""),
        ("ACT", "BEE", "AFB"),
        ("BEV", "BEE", "SAN"),
        ("BEE", "VER", ""),
    ],
)
def test_allowed_transitions(current, new, reason):
    arr.check_transition(current, new, reason)


@pytest.mark.parametrize(
    ("current", "new", "reason"),
    [
        ("", "BEE", "AFB"),
        ("AAN", "BEE", "AFB"),
        ("ACT", "AAN", ""),
        ("ACT", "BEE", ""),  # needs an end reason
        ("ACT", "BEV", "VOL"),  # only ending has a reason
        ("ANN", "ACT", ""),
        ("BEE", "ACT", ""),
        ("VER", "AAN", ""),
    ],
)
def test_refused_transitions(current, new, reason):
    with pytest.raises(arr.TransitionError):
        arr.check_transition(current, new, reason)
