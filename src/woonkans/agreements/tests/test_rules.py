"""Pure rules: the proposed form, parties, copies, dates and the default agreements."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from woonkans.agreements.rules import (
    FITS_STAGE,
    AgreementForm,
    LegalStage,
    PartyRole,
    Preference,
    add_months,
    clean_items,
    default_copies,
    default_end_date,
    default_items,
    extension_errors,
    needs_reason,
    parties_for,
    propose_form,
)

F = AgreementForm


def test_defaults_without_a_preference():
    assert propose_form(LegalStage.NO_VERDICT) == F.ADDENDUM
    assert propose_form(LegalStage.VERDICT) == F.WOONBEGELEIDINGSOVEREENKOMST


def test_the_large_corporation_prefers_a_vaststellingsovereenkomst_after_a_verdict():
    preference = Preference(after_verdict=F.VASTSTELLINGSOVEREENKOMST)
    assert propose_form(LegalStage.VERDICT, preference) == F.VASTSTELLINGSOVEREENKOMST
    assert propose_form(LegalStage.NO_VERDICT, preference) == F.ADDENDUM


def test_a_preference_that_does_not_fit_the_stage_falls_back_to_the_default():
    preference = Preference(without_verdict=F.VASTSTELLINGSOVEREENKOMST)
    assert propose_form(LegalStage.NO_VERDICT, preference) == F.ADDENDUM


def test_unknown_stage_is_refused():
    with pytest.raises(ValueError):
        propose_form("onbekend")


@given(
    stage=st.sampled_from(LegalStage.values),
    without=st.sampled_from(["", *F.values]),
    after=st.sampled_from(["", *F.values]),
)
def test_the_proposal_always_fits_the_stage(stage, without, after):
    proposed = propose_form(stage, Preference(without, after))
    assert proposed in FITS_STAGE[stage]
    chosen = without if stage == LegalStage.NO_VERDICT else after
    if chosen in FITS_STAGE[stage]:
        assert proposed == chosen


def test_another_form_needs_a_reason():
    assert needs_reason(F.ADDENDUM, F.OMKLAPCONTRACT)
    assert not needs_reason(F.ADDENDUM, F.ADDENDUM)


def test_parties_per_form():
    roles = {form: [(p.role, p.must_sign) for p in parties_for(form)] for form in F.values}
    assert (PartyRole.CARE_PROVIDER, False) in roles[F.ADDENDUM]
    assert (PartyRole.CARE_PROVIDER, False) in roles[F.VASTSTELLINGSOVEREENKOMST]
    for three_party in (F.OMKLAPCONTRACT, F.WOONBEGELEIDINGSOVEREENKOMST):
        assert all(must_sign for _role, must_sign in roles[three_party])
        assert {role for role, _ in roles[three_party]} == set(PartyRole.values)


def test_a_three_party_agreement_with_one_tenant_is_signed_in_fourfold():
    assert default_copies(F.WOONBEGELEIDINGSOVEREENKOMST, 1) == 4
    assert default_copies(F.WOONBEGELEIDINGSOVEREENKOMST, 2) == 5


def test_default_durations():
    assert default_end_date(F.ADDENDUM, date(2026, 3, 1)) == date(2027, 2, 28)
    assert default_end_date(F.WOONBEGELEIDINGSOVEREENKOMST, date(2026, 1, 15)) == date(2027, 1, 14)
    assert default_end_date(F.OMKLAPCONTRACT, date(2026, 3, 1)) == date(2028, 2, 29)


def test_add_months_keeps_the_end_of_the_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2027, 12, 15), 1) == date(2028, 1, 15)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.sampled_from(F.values))
def test_default_end_is_after_the_start_and_within_the_duration(start, form):
    end = default_end_date(form, start)
    months = 24 if form == F.OMKLAPCONTRACT else 12
    assert start < end
    assert (end - start) <= timedelta(days=months * 31)
    assert (end - start) >= timedelta(days=months * 30 - 5)


def test_extension_must_move_the_end_later():
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    assert extension_errors(current_end=end, new_end=date(2027, 6, 30), start=start) == []
    assert extension_errors(current_end=end, new_end=end, start=start)


def test_default_items_fill_in_hours_and_repayment():
    items = default_items(
        F.ADDENDUM, hours_per_week=Decimal("4.5"), repayment_per_month=Decimal("50")
    )
    assert any("4,5 uur per week" in item for item in items)
    assert any("€\u00a050,00 per maand" in item for item in items)
    assert any("huisbezoek" in item for item in items)
    assert any("overlast" in item for item in items)
    assert any("budgetbeheer" in item for item in items)


def test_default_items_without_numbers_and_per_form():
    items = default_items(F.OMKLAPCONTRACT)
    assert any("aan de zorgaanbieder" in item for item in items)
    assert not any("None" in item for item in items)
    assert any("verzekerd" in item for item in items)
    assert not any("verzekerd" in item for item in default_items(F.ADDENDUM))


def test_clean_items():
    assert clean_items(["  - Eerste  afspraak ", "", "• Tweede", "   "]) == [
        "Eerste afspraak",
        "Tweede",
    ]
