"""WIK collection costs (norms.md §2): worked examples, boundaries and properties."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from woonkans.arrears.costs import (
    WikBand,
    WikScale,
    collection_costs,
    collection_costs_for_terms,
)
from woonkans.norms.scales import InvalidScale

# The scale of norms.md §2, written out independently of the shipped data; the test
# `test_shipped_scale_is_the_scale_of_norms_md` checks that the database has the same.
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


def costs(principal: str, vat: bool = False):
    return collection_costs(D(principal), scale=SCALE, vat=vat)


@pytest.mark.parametrize(
    ("principal", "expected"),
    [("125", "40.00"), ("3000", "425.00"), ("4000", "525.00"), ("23000", "1005.00")],
)
def test_worked_examples_of_norms_md(principal, expected):
    result = costs(principal)
    assert result.costs == D(expected)
    assert result.vat == D("0.00")
    assert result.total == D(expected)
    assert str(result.costs) == expected


def test_vat_example_650():
    result = costs("650", vat=True)
    assert (result.costs, result.vat, result.total) == (D("97.50"), D("20.48"), D("117.98"))
    assert result.vat_percent == D("21")


def test_no_vat_unless_asked():
    result = costs("650", vat=False)
    assert (result.costs, result.vat, result.total) == (D("97.50"), D("0.00"), D("97.50"))
    assert result.vat_percent is None


@pytest.mark.parametrize(
    ("principal", "expected"),
    [
        ("266.66", "40.00"),  # 15% is 39.999: the minimum applies
        ("266.67", "40.00"),  # 40.0005 rounds half up to 40.00
        ("266.70", "40.01"),  # 40.005 rounds half up to 40.01
        ("2500", "375.00"),
        ("2500.01", "375.00"),  # 375.001
        ("5000", "625.00"),
        ("5000.01", "625.00"),  # 625.0005
        ("10000", "875.00"),
        ("10000.01", "875.00"),
        ("200000", "2775.00"),
        ("200000.01", "2775.00"),
        ("999998.80", "6774.99"),  # 2775 + 799998.80 x 0.5% = 6774.994
        ("999999.99", "6775.00"),  # 6774.99995 rounds half up
        ("1000000", "6775.00"),
        ("1000000.01", "6775.00"),
        ("5000000", "6775.00"),
    ],
)
def test_band_boundaries_and_maximum(principal, expected):
    assert costs(principal).costs == D(expected)


def test_maximum_and_minimum_are_reported():
    assert costs("1000000").maximum_applied is False  # exactly 6,775: not clamped
    assert costs("1000001").maximum_applied is True
    assert costs("100").minimum_applied is True
    assert costs("300").minimum_applied is False


def test_breakdown_per_band():
    result = costs("23000")
    assert [(line.portion, line.amount_display) for line in result.lines] == [
        (D("2500"), D("375.00")),
        (D("2500"), D("250.00")),
        (D("5000"), D("250.00")),
        (D("13000"), D("130.00")),
    ]


@pytest.mark.parametrize("principal", ["0", "0.00", "-1", "-2500"])
def test_nothing_owed_means_no_costs(principal):
    result = costs(principal, vat=True)
    assert (result.costs, result.vat, result.total) == (D("0.00"), D("0.00"), D("0.00"))
    assert result.lines == ()


def test_fractions_of_cents_and_floats_are_refused():
    with pytest.raises(ValueError):
        costs("100.001")
    with pytest.raises(ValueError):
        costs("NaN")
    with pytest.raises(TypeError):
        collection_costs(100.0, scale=SCALE, vat=False)


def test_terms_are_costed_over_their_total():
    terms = [D("850"), D("850"), D("850")]  # three months of rent
    together = collection_costs_for_terms(terms, scale=SCALE, vat=False)
    assert together.principal == D("2550")
    assert together.costs == D("380.00")  # 15% of 2,500 + 10% of 50
    assert sum(costs("850").costs for _ in terms) == D("382.50")


def test_small_terms_get_one_minimum_not_one_per_term():
    together = collection_costs_for_terms([D("100"), D("100")], scale=SCALE, vat=False)
    assert together.costs == D("40.00")


def test_negative_term_is_refused():
    with pytest.raises(ValueError):
        collection_costs_for_terms([D("650"), D("-10")], scale=SCALE, vat=False)


def test_a_broken_scale_is_refused():
    with pytest.raises(InvalidScale):
        WikScale(
            bands=(WikBand(D("0"), D("2500"), D("15")), WikBand(D("3000"), None, D("10"))),
            minimum=D("40"),
            maximum=D("6775"),
            vat_percent=D("21"),
        )


@pytest.mark.django_db
def test_shipped_scale_is_the_scale_of_norms_md():
    from woonkans.norms.selectors import wik_scale_on

    shipped = wik_scale_on(date(2026, 1, 1))
    assert shipped.bands == SCALE.bands
    assert (shipped.minimum, shipped.maximum, shipped.vat_percent) == (
        SCALE.minimum,
        SCALE.maximum,
        SCALE.vat_percent,
    )
    assert "Stb. 2012, 141" in shipped.source
    assert collection_costs(D("650"), scale=shipped, vat=True).total == D("117.98")


# --- properties -------------------------------------------------------------------------

cents = st.integers(min_value=1, max_value=200_000_000).map(lambda c: D(c) / 100)


@settings(max_examples=300, deadline=None)
@given(a=cents, b=cents)
def test_costs_never_decrease_with_the_principal(a, b):
    low, high = sorted([a, b])
    assert costs(str(low)).costs <= costs(str(high)).costs


@settings(max_examples=300, deadline=None)
@given(principal=cents, vat=st.booleans())
def test_costs_are_between_minimum_and_maximum_in_cents(principal, vat):
    result = collection_costs(principal, scale=SCALE, vat=vat)
    assert D("40") <= result.costs <= D("6775")
    for amount in (result.costs, result.vat, result.total):
        assert amount == amount.quantize(D("0.01"))
        assert amount.as_tuple().exponent == -2
    assert result.total == result.costs + result.vat
    if vat:
        assert abs(result.vat - result.costs * D("0.21")) <= D("0.005")
    else:
        assert result.vat == 0


@settings(max_examples=300, deadline=None)
@given(terms=st.lists(cents, min_size=1, max_size=8))
def test_costs_over_the_total_never_exceed_costs_per_term(terms):
    together = collection_costs_for_terms(terms, scale=SCALE, vat=False)
    separately = [collection_costs(t, scale=SCALE, vat=False) for t in terms]
    # Exactly (before rounding) the rule always holds ...
    assert together.costs_exact <= sum(s.costs_exact for s in separately)
    # ... and after rounding each amount to the cent it holds up to half a cent per
    # rounding: e.g. 2 x 300.03 costs 45.0045 → 45.00 each, 600.06 costs 90.009 → 90.01.
    slack = D("0.005") * (len(terms) + 1)
    assert together.costs <= sum(s.costs for s in separately) + slack
