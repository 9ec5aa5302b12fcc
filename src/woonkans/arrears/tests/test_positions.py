"""Arrears positions: the hand-checked sample ledger and properties of the pure function."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from woonkans.arrears.positions import (
    BETALING,
    CORRECTIE,
    HUUR,
    KINDS,
    KOSTEN,
    Entry,
    Position,
    position_at,
    position_by_totals,
)

SAMPLES = Path(__file__).resolve().parents[4] / "docs" / "samples"
D = Decimal


def sample_ledger() -> dict[str, list[Entry]]:
    ledger: dict[str, list[Entry]] = {}
    with open(SAMPLES / "ledger.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            amount = D(row["bedrag"])
            if row["soort"] == BETALING:
                amount = -amount
            ledger.setdefault(row["overeenkomstnummer"], []).append(
                Entry(
                    kind=row["soort"],
                    amount=amount,
                    booking_date=date.fromisoformat(row["boekdatum"]),
                    due_date=date.fromisoformat(row["vervaldatum"]) if row["vervaldatum"] else None,
                    ref=row["mutatie_id"],
                )
            )
    return ledger


def P(amount: str, terms: int, oldest: str | None, days: int) -> Position:
    return Position(D(amount), terms, date.fromisoformat(oldest) if oldest else None, days)


# Worked out by hand, entry by entry (see docs/import-format.md, "The sample ledger").
EXPECTED_2025_03_20 = {
    # On time: January paid in advance on 30 Dec (credit, applied when January falls due).
    "OVK-1001": P("0.00", 0, None, 0),
    # Late: Jan paid 20 Jan, Feb paid 25 Feb; the March payment is booked 25 Mar, after
    # the reference date, so March is open: 1 Mar -> 20 Mar = 19 days.
    "OVK-1002": P("700.00", 1, "2025-03-01", 19),
    # Partial: 3 x 600 due, 3 x 300 paid. 5 Jan: Jan 300 left; 5 Feb: Jan paid; 5 Mar:
    # Feb 300 left. Open: Feb (300) and Mar (600); 1 Feb -> 20 Mar = 28 + 19 = 47 days.
    "OVK-1003": P("900.00", 2, "2025-02-01", 47),
    # Missing: nothing paid. 1 Jan -> 20 Mar = 31 + 28 + 19 = 78 days.
    "OVK-1004": P("1650.00", 3, "2025-01-01", 78),
    # Costs: 10 Feb 500 pays January (the oldest open rent; no costs yet). Costs of 40 due
    # 20 Feb do not take that back. 10 Mar 100: costs 40 first, then Feb 60 -> Feb 440
    # left. 1500 + 40 - 600 = 940; open Feb and Mar.
    "OVK-1005": P("940.00", 2, "2025-02-01", 47),
    # Corrections: 3 Jan 600 pays Jan. +25 due 15 Jan is principal (not a term). 3 Feb 600:
    # the correction 25 (older), then Feb 575 -> Feb 25 left. -100 on 15 Feb is a credit:
    # Feb 25, 75 left over as credit, which pays 75 of March on 1 Mar -> 525 left.
    # 1800 + 25 - 100 - 1200 = 525.
    "OVK-1006": P("525.00", 1, "2025-03-01", 19),
    # Credit: April paid ahead on 15 Mar; April's rent is due 1 Apr, after the date.
    "OVK-1007": P("-500.00", 0, None, 0),
}
EXPECTED_2025_01_31 = {
    "OVK-1001": P("0.00", 0, None, 0),
    "OVK-1002": P("0.00", 0, None, 0),
    "OVK-1003": P("300.00", 1, "2025-01-01", 30),
    "OVK-1004": P("550.00", 1, "2025-01-01", 30),
    "OVK-1005": P("500.00", 1, "2025-01-01", 30),
    # The positive correction is owed, but it is not a rent term.
    "OVK-1006": P("25.00", 0, None, 0),
    "OVK-1007": P("0.00", 0, None, 0),
}


@pytest.mark.parametrize(
    ("on", "expected"),
    [(date(2025, 3, 20), EXPECTED_2025_03_20), (date(2025, 1, 31), EXPECTED_2025_01_31)],
)
def test_sample_ledger_matches_hand_computed_positions(on, expected):
    ledger = sample_ledger()
    assert set(ledger) == set(expected)
    for contract, entries in ledger.items():
        assert position_at(entries, on) == expected[contract], contract
        assert position_by_totals(entries, on) == expected[contract], contract


def test_a_cost_booked_later_does_not_reopen_a_rent_term_already_paid():
    jan, feb = date(2025, 1, 1), date(2025, 2, 1)
    entries = [
        Entry(HUUR, D("100.00"), jan, jan, "r1"),
        Entry(HUUR, D("100.00"), feb, feb, "r2"),
        Entry(BETALING, D("-100.00"), date(2025, 2, 5)),
        Entry(KOSTEN, D("40.00"), date(2025, 3, 1), date(2025, 3, 1)),
    ]
    position = position_at(entries, date(2025, 3, 31))
    # January was paid on 5 Feb; only February is open (the costs are no term).
    assert position == P("140.00", 1, "2025-02-01", 58)


def test_payment_goes_to_costs_before_rent():
    jan = date(2025, 1, 1)
    entries = [
        Entry(HUUR, D("500.00"), jan, jan),
        Entry(KOSTEN, D("40.00"), jan, jan),
        Entry(BETALING, D("-500.00"), date(2025, 1, 10)),
    ]
    assert position_at(entries, date(2025, 1, 31)) == P("40.00", 1, "2025-01-01", 30)


# ------------------------------------------------------------------------ properties

BASE = date(2025, 1, 1)
cents = st.integers(min_value=1, max_value=200_000).map(lambda c: D(c) / 100)


@st.composite
def entries(draw):
    kind = draw(st.sampled_from(KINDS))
    amount = draw(cents)
    if kind == BETALING or (kind == CORRECTIE and draw(st.booleans())):
        amount = -amount
    due = BASE + timedelta(days=draw(st.integers(0, 120)))
    booked = due + timedelta(days=draw(st.integers(-20, 20)))
    ref = draw(st.text("abc123", min_size=1, max_size=4))
    return Entry(kind, amount, booked, None if kind == BETALING else due, ref)


ledgers = st.lists(entries(), max_size=25)
dates = st.integers(0, 140).map(lambda n: BASE + timedelta(days=n))


@settings(max_examples=150, deadline=None)
@given(ledgers, dates)
def test_achterstand_is_charges_minus_payments_that_count(ledger, on):
    counted = [e for e in ledger if e.effective_date <= on]
    assert position_at(ledger, on).achterstand == sum((e.amount for e in counted), D("0"))


@settings(max_examples=150, deadline=None)
@given(ledgers, dates, st.randoms(use_true_random=False))
def test_order_of_entries_does_not_matter(ledger, on, rnd):
    shuffled = list(ledger)
    rnd.shuffle(shuffled)
    assert position_at(shuffled, on) == position_at(ledger, on)


@settings(max_examples=400, deadline=None)
@given(ledgers, dates)
def test_closed_form_used_by_sql_equals_the_allocation(ledger, on):
    assert position_by_totals(ledger, on) == position_at(ledger, on)


@settings(max_examples=150, deadline=None)
@given(ledgers, dates)
def test_open_terms_bounded_by_rent_charges_due(ledger, on):
    position = position_at(ledger, on)
    rents_due = [e for e in ledger if e.kind == HUUR and e.effective_date <= on]
    assert 0 <= position.open_termijnen <= len(rents_due)
    if position.open_termijnen:
        assert position.achterstand > 0
        assert position.oudste_vervaldatum <= on
        assert position.dagen_achterstand == (on - position.oudste_vervaldatum).days
        assert position.oudste_vervaldatum in {e.due_date for e in rents_due}
    else:
        assert position.oudste_vervaldatum is None
        assert position.dagen_achterstand == 0


@settings(max_examples=150, deadline=None)
@given(ledgers, dates)
def test_paying_everything_leaves_no_open_terms(ledger, on):
    owed = position_at(ledger, on).achterstand
    paid = [*ledger, Entry(BETALING, -max(owed, D("0.01")), on)]
    position = position_at(paid, on)
    assert position.open_termijnen == 0
    assert position.achterstand <= 0


@settings(max_examples=150, deadline=None)
@given(ledgers, dates, cents, st.integers(0, 140))
def test_an_extra_payment_never_opens_a_term(ledger, on, amount, day):
    extra = Entry(BETALING, -amount, BASE + timedelta(days=day))
    assert (
        position_at([*ledger, extra], on).open_termijnen <= position_at(ledger, on).open_termijnen
    )


def test_closed_form_on_many_random_ledgers():
    rnd = random.Random(20250320)
    for _ in range(2000):
        ledger = []
        for i in range(rnd.randint(0, 15)):
            kind = rnd.choice(KINDS)
            amount = D(rnd.randint(1, 90000)) / 100
            if kind == BETALING or (kind == CORRECTIE and rnd.random() < 0.5):
                amount = -amount
            due = BASE + timedelta(days=rnd.randint(0, 90))
            ledger.append(
                Entry(kind, amount, due + timedelta(days=rnd.randint(-9, 9)), due, str(i))
            )
        on = BASE + timedelta(days=rnd.randint(0, 100))
        assert position_by_totals(ledger, on) == position_at(ledger, on)
