"""Collection costs after a 14-day letter (norms.md §2): the pure rules."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from woonkans.arrears.costs import WikBand, WikScale, collection_costs
from woonkans.documents.costs_booking import (
    booking_date,
    costs_due,
    costs_due_after_letter,
    decision_due,
    payments_in_term,
)

# The scale of norms.md §2, written out independently of the shipped data.
SCALE = WikScale(
    bands=(
        WikBand(D("0"), D("2500"), D("15")),
        WikBand(D("2500"), D("5000"), D("10")),
        WikBand(D("5000"), D("10000"), D("5")),
        WikBand(D("10000"), D("200000"), D("1")),
        WikBand(D("200000"), None, D("0.5")),
    ),
    minimum=D("40"),
    maximum=D("6775"),
    vat_percent=D("21"),
)
LETTER = date(2026, 3, 2)
DEADLINE = date(2026, 3, 18)


def due(claimed: str, *paid: str, vat: bool = False):
    return costs_due(claimed=D(claimed), payments=[D(p) for p in paid], scale=SCALE, vat=vat)


def test_no_payment_gives_the_costs_the_letter_stated():
    result = due("3000.00")
    assert (
        result.costs == D("425.00") == collection_costs(D("3000.00"), scale=SCALE, vat=False).costs
    )
    assert result.total == D("425.00")
    assert result.remaining == D("3000.00")


def test_full_payment_gives_no_costs():
    result = due("3000.00", "1000.00", "2000.00")
    assert (result.costs, result.vat, result.total) == (D("0.00"), D("0.00"), D("0.00"))
    assert result.remaining == D("0.00")


def test_overpayment_gives_no_costs_and_no_negative_remainder():
    result = due("500.00", "800.00")
    assert result.remaining == D("0.00")
    assert result.total == D("0.00")


def test_partial_payment_recomputes_over_the_remaining_principal():
    result = due("3000.00", "1000.00")
    assert result.remaining == D("2000.00")
    assert result.paid_in_term == D("1000.00")
    assert result.costs == D("300.00")


def test_a_small_remainder_still_costs_the_minimum():
    assert due("3000.00", "2990.00").costs == D("40.00")


def test_vat_on_the_recomputed_costs():
    # €650 → €97.50 + 21% VAT €20.48 = €117.98 (norms.md §2), after paying 350 of 1000.
    result = due("1000.00", "350.00", vat=True)
    assert (result.costs, result.vat, result.total) == (D("97.50"), D("20.48"), D("117.98"))


@pytest.mark.parametrize(
    ("day", "counts"),
    [
        (LETTER - timedelta(days=1), False),
        (LETTER, False),  # already part of the principal the letter claimed
        (LETTER + timedelta(days=1), True),
        (DEADLINE, True),
        (DEADLINE + timedelta(days=1), False),
    ],
)
def test_which_payments_count_for_the_term(day, counts):
    assert payments_in_term([(day, D("10.00"))], letter_date=LETTER, deadline=DEADLINE) == (
        [D("10.00")] if counts else []
    )


def test_a_payment_after_the_deadline_does_not_reduce_the_costs():
    result = costs_due_after_letter(
        claimed=D("3000.00"),
        letter_date=LETTER,
        deadline=DEADLINE,
        payments=[(DEADLINE, D("1000.00")), (DEADLINE + timedelta(days=1), D("2000.00"))],
        scale=SCALE,
        vat=False,
    )
    assert result.remaining == D("2000.00")
    assert result.costs == D("300.00")


def test_bad_amounts_are_refused():
    with pytest.raises(ValueError):
        due("100.00", "-5.00")
    with pytest.raises(ValueError):
        due("100.001")
    with pytest.raises(TypeError):
        costs_due(claimed=D("100.00"), payments=[5.0], scale=SCALE, vat=False)


def test_decision_and_booking_dates():
    assert not decision_due(DEADLINE, DEADLINE)
    assert not decision_due(DEADLINE, DEADLINE + timedelta(days=3))
    assert decision_due(DEADLINE, DEADLINE + timedelta(days=4))


def test_decision_due_with_the_corporations_delay():
    assert not decision_due(DEADLINE, DEADLINE + timedelta(days=1), 1)
    assert decision_due(DEADLINE, DEADLINE + timedelta(days=2), 1)
    assert not decision_due(DEADLINE, DEADLINE + timedelta(days=30), 30)
    assert decision_due(DEADLINE, DEADLINE + timedelta(days=31), 30)
    for wrong in (0, 31, -1):
        with pytest.raises(ValueError):
            decision_due(DEADLINE, DEADLINE, wrong)
    assert booking_date(DEADLINE) == date(2026, 3, 19)


cents = st.integers(min_value=0, max_value=30_000_000).map(lambda n: D(n) / 100)


@given(
    claimed=st.integers(min_value=1, max_value=30_000_000).map(lambda n: D(n) / 100),
    payments=st.lists(cents, max_size=5),
    extra=cents,
    vat=st.booleans(),
)
def test_costs_never_exceed_the_stated_costs_and_fall_with_more_payment(
    claimed, payments, extra, vat
):
    stated = collection_costs(claimed, scale=SCALE, vat=vat)
    result = costs_due(claimed=claimed, payments=payments, scale=SCALE, vat=vat)
    more = costs_due(claimed=claimed, payments=[*payments, extra], scale=SCALE, vat=vat)
    assert D("0.00") <= result.total <= stated.total
    assert result.costs <= stated.costs
    assert more.total <= result.total
    assert more.costs <= result.costs
    assert result.total == result.costs + result.vat
