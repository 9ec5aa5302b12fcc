"""The beslagvrije voet and the VTLB breakdown as pure functions: properties and examples
from the published tables (norms.md §4 and §6)."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from woonkans.capacity.rules import (
    Correction,
    IncomeGroup,
    beslagvrije_voet,
    deductible_reservation,
    vtlb,
)

# 1-1-2026 (norms.md §4, §6): single norm 1,401.50; couple 2,002.13; maxima
NORM_SINGLE_2026 = D("1401.50")
NORM_COUPLE_2026 = D("2002.13")
MAX_SINGLE_2026 = D("2191.42")
MAX_COUPLE_KIDS_2026 = D("3155.31")

money = st.decimals(min_value=D("0"), max_value=D("20000"), places=2)
norms = st.decimals(min_value=D("500"), max_value=D("3000"), places=2)
maxima = st.decimals(min_value=D("1000"), max_value=D("5000"), places=2)
top_ups = st.none() | st.decimals(min_value=D("0"), max_value=D("2000"), places=2)


@given(income=money, extra=money, norm=norms, maximum=maxima, top_up=top_ups)
def test_capacity_is_monotonic_in_income(income, extra, norm, maximum, top_up):
    low = beslagvrije_voet(net_income=income, norm=norm, maximum=maximum, top_up=top_up)
    high = beslagvrije_voet(net_income=income + extra, norm=norm, maximum=maximum, top_up=top_up)
    assert high.capacity >= low.capacity
    assert high.beslagvrije_voet >= low.beslagvrije_voet


@given(income=money, norm=norms, maximum=maxima, top_up=top_ups)
def test_capacity_is_income_minus_bvv_never_negative(income, norm, maximum, top_up):
    result = beslagvrije_voet(net_income=income, norm=norm, maximum=maximum, top_up=top_up)
    assert result.capacity >= 0
    assert result.capacity == max(income - result.beslagvrije_voet, D("0"))
    # art. 475dc: never more than 95% of the income, so at least 5% stays available
    assert result.beslagvrije_voet <= (income * D("0.95")).quantize(D("0.01"), "ROUND_HALF_UP")
    assert result.beslagvrije_voet <= maximum
    assert result.capacity >= (income * D("0.05")).quantize(D("0.01"), "ROUND_HALF_DOWN")


@given(income=money, norm=norms, maximum=maxima)
def test_without_top_up_the_upper_bound_is_used(income, norm, maximum):
    without = beslagvrije_voet(net_income=income, norm=norm, maximum=maximum)
    for top_up in (D("0"), D("100"), D("5000")):
        with_top_up = beslagvrije_voet(net_income=income, norm=norm, maximum=maximum, top_up=top_up)
        assert with_top_up.beslagvrije_voet <= without.beslagvrije_voet


@given(income=money, norm=norms, maximum=maxima, corr=st.lists(money, max_size=4))
def test_vtlb_protects_at_least_the_bvv_and_at_most_the_income(income, norm, maximum, corr):
    bvv = beslagvrije_voet(net_income=income, norm=norm, maximum=maximum)
    result = vtlb(bvv, [Correction("overig", c) for c in corr])
    assert bvv.beslagvrije_voet <= result.protected or result.protected == bvv.net_income
    assert result.protected <= bvv.net_income
    assert 0 <= result.capacity <= bvv.capacity


# --- Worked examples from the published tables ----------------------------------------------


def test_low_income_single_2026_is_95_percent_of_income():
    result = beslagvrije_voet(
        net_income=D("1200.00"), norm=NORM_SINGLE_2026, maximum=MAX_SINGLE_2026
    )
    assert result.income_group == IncomeGroup.LOW
    assert result.beslagvrije_voet == D("1140.00")
    assert result.capacity == D("60.00")


def test_income_at_the_single_norm_2026_rounds_half_up_to_1331_43():
    # 95% x 1,401.50 = 1,331.425: half-up gives 1,331.43 (norms.md §6 mentions both cents)
    result = beslagvrije_voet(
        net_income=NORM_SINGLE_2026, norm=NORM_SINGLE_2026, maximum=MAX_SINGLE_2026
    )
    assert result.beslagvrije_voet == D("1331.43")
    assert result.capacity == D("70.07")


def test_couple_on_social_assistance_2026():
    result = beslagvrije_voet(
        net_income=NORM_COUPLE_2026, norm=NORM_COUPLE_2026, maximum=MAX_COUPLE_KIDS_2026
    )
    assert result.beslagvrije_voet == D("1902.02")  # the "excl." amount of norms.md §6
    assert result.capacity == D("100.11")


def test_high_income_gets_the_maximum_of_the_period():
    result = beslagvrije_voet(
        net_income=D("5000.00"), norm=NORM_COUPLE_2026, maximum=MAX_COUPLE_KIDS_2026
    )
    assert result.income_group == IncomeGroup.HIGH
    assert result.beslagvrije_voet == D("3155.31")
    assert result.capacity == D("1844.69")


def test_middle_income_with_entered_top_up():
    # single 2026, income 1,800: 95% of the norm 1,331.43 + top-up 200 = 1,531.43
    result = beslagvrije_voet(
        net_income=D("1800.00"),
        norm=NORM_SINGLE_2026,
        maximum=MAX_SINGLE_2026,
        top_up=D("200.00"),
    )
    assert result.income_group == IncomeGroup.MIDDLE
    assert result.beslagvrije_voet == D("1531.43")
    assert result.capacity == D("268.57")


def test_middle_income_without_top_up_uses_the_upper_bound():
    result = beslagvrije_voet(
        net_income=D("1800.00"), norm=NORM_SINGLE_2026, maximum=MAX_SINGLE_2026
    )
    assert result.income_group == IncomeGroup.ABOVE_NORM
    assert result.beslagvrije_voet == D("1710.00")
    assert result.capacity == D("90.00")


def test_formula_above_95_percent_of_income_gives_95_percent():
    result = beslagvrije_voet(
        net_income=D("1500.00"),
        norm=NORM_SINGLE_2026,
        maximum=MAX_SINGLE_2026,
        top_up=D("500.00"),
    )
    assert result.beslagvrije_voet == D("1425.00")


def test_no_income_no_capacity():
    result = beslagvrije_voet(net_income=D("0"), norm=NORM_SINGLE_2026, maximum=MAX_SINGLE_2026)
    assert result.beslagvrije_voet == D("0.00")
    assert result.capacity == D("0.00")


def test_deductible_reservation_and_vtlb():
    assert deductible_reservation(deductible_per_year=D("385"), adults=2) == D("64.17")
    bvv = beslagvrije_voet(
        net_income=NORM_COUPLE_2026, norm=NORM_COUPLE_2026, maximum=MAX_COUPLE_KIDS_2026
    )
    result = vtlb(bvv, [Correction("eigen_risico", D("64.17")), Correction("overig", D("0"))])
    assert result.protected == D("1966.19")
    assert result.capacity == D("35.94")
    assert [c.code for c in result.corrections] == ["eigen_risico"]


def test_negative_inputs_are_refused():
    with pytest.raises(ValueError):
        beslagvrije_voet(net_income=D("-1"), norm=D("1"), maximum=D("1"))
    with pytest.raises(TypeError):
        beslagvrije_voet(net_income=1000, norm=D("1"), maximum=D("1"))
