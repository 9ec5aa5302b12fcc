"""What a 14-day letter claims and over which part costs are charged: the pure rules
(documents/claims.py), with examples and hypothesis properties."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from woonkans.arrears.costs import collection_costs
from woonkans.arrears.positions import Entry, position_at
from woonkans.documents.claims import (
    ClaimError,
    EarlierLetter,
    OpenPrincipal,
    OpenTerm,
    capped_costs,
    open_terms_at,
    plan_claim,
)
from woonkans.documents.costs_booking import costs_due

from .test_costs_booking import SCALE

ZERO = D("0.00")
JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


def rent(ref: str, amount: str, due: date) -> Entry:
    return Entry("huur", D(amount), due, due, ref)


def pay(ref: str, amount: str, day: date) -> Entry:
    return Entry("betaling", -D(amount), day, None, ref)


def costs(ref: str, amount: str, due: date) -> Entry:
    return Entry("kosten", D(amount), due, due, ref)


def corr(ref: str, amount: str, due: date) -> Entry:
    return Entry("correctie", D(amount), due, due, ref)


def plan(entries, on=MAR, amount=None, earlier=(), vat=False):
    return plan_claim(
        open_terms_at(entries, on), amount=amount, earlier=earlier, scale=SCALE, vat=vat
    )


# --- the principal at the letter date ----------------------------------------------------


def test_open_terms_oldest_first_with_what_is_left():
    ledger = [rent("H1", "800", JAN), rent("H2", "800", FEB), pay("B1", "500", JAN)]
    principal = open_terms_at(ledger, FEB)
    assert [(t.ref, t.open) for t in principal.terms] == [("H1", D("300")), ("H2", D("800"))]
    assert principal.total == D("1100") and principal.rent_terms == 2


def test_booked_costs_are_not_principal_and_are_paid_first():
    # Costs of 120 booked in February; a payment of 200 pays the costs first (art. 6:44).
    ledger = [rent("H1", "800", JAN), costs("K1", "120", FEB), pay("B1", "200", FEB)]
    principal = open_terms_at(ledger, FEB)
    assert principal.total == D("720")  # 800 rent − (200 paid − 120 to the costs first)
    assert principal.open_costs == ZERO
    assert [(t.ref, t.open) for t in principal.terms] == [("H1", D("720"))]
    # Without the payment: the achterstand is 920, the principal only 800.
    principal = open_terms_at(ledger[:2], FEB)
    assert principal.total == D("800") and principal.open_costs == D("120")


def test_future_charges_do_not_count_and_positive_corrections_are_principal():
    ledger = [rent("H1", "800", JAN), corr("C1", "25", JAN), rent("H2", "800", MAR)]
    principal = open_terms_at(ledger, FEB)
    assert [(t.ref, t.kind) for t in principal.terms] == [("H1", "huur"), ("C1", "correctie")]
    assert principal.total == D("825")


def test_nothing_open_is_refused():
    with pytest.raises(ClaimError) as caught:
        plan([rent("H1", "800", JAN), pay("B1", "800", JAN)])
    assert caught.value.code == "nothing_open"


# --- the amount claimed ------------------------------------------------------------------


def test_claims_all_open_principal_costed_over_the_total():
    claim = plan([rent("H1", "800", JAN), rent("H2", "800", FEB), rent("H3", "800", MAR)])
    assert claim.principal == claim.cost_base == D("2400")
    # Several terms in one letter: costed over their total (norms.md §2), not 3 × 120.
    assert claim.costs.costs == D("360.00")
    assert not claim.lowered and claim.costs_limit is None


def test_a_lower_amount_claims_the_oldest_terms_first():
    claim = plan([rent("H1", "800", JAN), rent("H2", "800", FEB)], amount=D("1000"))
    assert [(line.term.ref, line.claimed) for line in claim.lines] == [
        ("H1", D("800")),
        ("H2", D("200")),
    ]
    assert claim.lowered and claim.open_total == D("1600")
    assert claim.costs.costs == D("150.00")


def test_a_higher_amount_is_refused():
    with pytest.raises(ClaimError) as caught:
        plan([rent("H1", "800", JAN)], amount=D("800.01"))
    assert caught.value.code == "too_high" and caught.value.open_total == D("800")
    with pytest.raises(ClaimError) as caught:
        plan([rent("H1", "800", JAN)], amount=D("0"))
    assert caught.value.code == "not_positive"


# --- costs once per claim ----------------------------------------------------------------


def test_second_letter_costs_only_the_new_term():
    ledger = [rent("H1", "800", JAN), rent("H2", "800", FEB)]
    first = plan(ledger, on=FEB)
    assert first.costs.costs == D("240.00")  # 15% of 1600
    earlier = [EarlierLetter(costed_refs=first.costed_refs, costs=first.costs.costs)]
    second = plan([*ledger, rent("H3", "800", MAR)], on=MAR, earlier=earlier)
    assert second.principal == D("2400")
    assert second.cost_base == D("800")
    assert [line.costed_before for line in second.lines] == [True, True, False]
    assert second.costs.costs == D("120.00")
    assert second.earlier_costs == D("240.00") and second.costs_limit == D("6535")


def test_no_new_terms_no_costs_but_still_a_letter():
    ledger = [rent("H1", "800", JAN)]
    first = plan(ledger, on=FEB)
    earlier = [EarlierLetter(first.costed_refs, first.costs.costs)]
    again = plan(ledger, on=MAR, earlier=earlier)
    assert again.principal == D("800") and again.cost_base == ZERO
    assert again.costs.costs == again.costs.total == ZERO


def test_earlier_costs_count_only_when_the_claim_continues():
    # An earlier letter over a term since paid: a new claim, no overall cap from it.
    earlier = [EarlierLetter(frozenset({"OLD"}), D("6700"))]
    claim = plan([rent("H1", "800", JAN)], earlier=earlier)
    assert claim.costs_limit is None and claim.costs.costs == D("120.00")


def test_the_maximum_holds_over_the_letters_of_one_claim():
    earlier = [EarlierLetter(frozenset({"H1"}), D("6700"))]
    claim = plan([rent("H1", "800", JAN), rent("H2", "2000", FEB)], earlier=earlier, vat=True)
    assert claim.costs_limit == D("75")
    assert claim.costs.costs == D("75.00")  # not 300.00
    assert claim.costs.vat == D("15.75") and claim.costs.total == D("90.75")
    assert claim.costs.maximum_applied


def test_capped_costs_example():
    assert capped_costs(D("3000"), scale=SCALE, vat=False, limit=None).costs == D("425.00")
    assert capped_costs(D("3000"), scale=SCALE, vat=False, limit=D("10")).costs == D("10.00")
    assert capped_costs(D("3000"), scale=SCALE, vat=False, limit=D("0")).total == ZERO


# --- properties --------------------------------------------------------------------------

DAY0 = date(2026, 1, 1)
cents = st.integers(min_value=1, max_value=300_000).map(lambda n: D(n) / 100)
offsets = st.integers(min_value=0, max_value=90)


@st.composite
def ledgers(draw):
    entries = []
    for n in range(draw(st.integers(min_value=0, max_value=12))):
        kind = draw(st.sampled_from(["huur", "huur", "betaling", "kosten", "correctie"]))
        day = DAY0 + timedelta(days=draw(offsets))
        amount = draw(cents)
        if kind == "betaling":
            entries.append(Entry(kind, -amount, day, None, f"M{n}"))
        elif kind == "correctie":
            sign = draw(st.sampled_from([1, -1]))
            entries.append(Entry(kind, sign * amount, day, day, f"M{n}"))
        else:
            entries.append(Entry(kind, amount, day, day, f"M{n}"))
    return entries


@settings(max_examples=300, deadline=None)
@given(entries=ledgers(), on=offsets.map(lambda d: DAY0 + timedelta(days=d)))
def test_open_terms_agree_with_the_arrears_position(entries, on):
    principal = open_terms_at(entries, on)
    position = position_at(entries, on)
    open_rents = [t for t in principal.terms if t.kind == "huur"]
    assert len(open_rents) == position.open_termijnen
    assert min((t.due_date for t in open_rents), default=None) == position.oudste_vervaldatum
    # achterstand = open principal + open costs − credit left over
    assert principal.total + principal.open_costs - principal.credit == position.achterstand
    assert all(ZERO < t.open <= t.amount and t.due_date <= on for t in principal.terms)
    # The principal never includes costs: it is never above the principal charged.
    charged = sum((e.amount for e in entries if e.effective_date <= on and e.is_principal), ZERO)
    assert principal.total <= charged


def _terms(amounts: list[D]) -> OpenPrincipal:
    return OpenPrincipal(
        terms=tuple(
            OpenTerm(f"T{i}", "huur", DAY0 + timedelta(days=31 * i), a, a)
            for i, a in enumerate(amounts)
        ),
        open_costs=ZERO,
        credit=ZERO,
    )


@settings(max_examples=300, deadline=None)
@given(
    amounts=st.lists(cents, min_size=1, max_size=8),
    cuts=st.lists(st.integers(min_value=1, max_value=8), min_size=1, max_size=4),
    fraction=st.integers(min_value=1, max_value=100),
    vat=st.booleans(),
)
def test_each_term_carries_costs_once_and_the_maximum_holds(amounts, cuts, fraction, vat):
    """Letters one after another, each claiming the terms open by then (a growing arrears
    with nothing paid): every term is in the cost base of exactly one letter, the costs of
    the claim never exceed the maximum, and each letter's costs are no more than the scale
    over its own new principal."""
    earlier: list[EarlierLetter] = []
    costed: list[str] = []
    total_costs = ZERO
    for cut in sorted(set(min(c, len(amounts)) for c in cuts)):
        claim = plan_claim(
            _terms(amounts[:cut]), amount=None, earlier=earlier, scale=SCALE, vat=vat
        )
        assert claim.principal == sum(amounts[:cut], ZERO)
        assert ZERO <= claim.cost_base <= claim.principal
        new = claim.costed_refs
        assert not new & set(costed)
        costed.extend(new)
        assert claim.costs.costs <= collection_costs(claim.cost_base, scale=SCALE, vat=vat).costs
        total_costs += claim.costs.costs
        assert total_costs <= SCALE.maximum
        earlier.append(EarlierLetter(new, claim.costs.costs))
    assert len(costed) == len(set(costed))
    # A lowered amount never costs more than the whole.
    whole = plan_claim(_terms(amounts), amount=None, earlier=(), scale=SCALE, vat=vat)
    lowered_amount = max(D("0.01"), (whole.principal * fraction / 100).quantize(D("0.01")))
    lowered = plan_claim(_terms(amounts), amount=lowered_amount, earlier=(), scale=SCALE, vat=vat)
    assert lowered.principal == lowered_amount
    assert sum((line.claimed for line in lowered.lines), ZERO) == lowered_amount
    assert lowered.costs.costs <= whole.costs.costs


@settings(max_examples=200, deadline=None)
@given(
    base=st.integers(min_value=0, max_value=3_000_000).map(lambda n: D(n) / 100),
    paid=st.lists(cents, max_size=4),
    limit=st.one_of(
        st.none(), st.integers(min_value=0, max_value=700_000).map(lambda n: D(n) / 100)
    ),
    vat=st.booleans(),
)
def test_booked_costs_never_exceed_what_the_letter_stated(base, paid, limit, vat):
    stated = capped_costs(base, scale=SCALE, vat=vat, limit=limit)
    booked = costs_due(claimed=base, payments=paid, scale=SCALE, vat=vat, limit=limit)
    assert booked.total <= stated.total
    if limit is not None:
        assert booked.costs <= limit
