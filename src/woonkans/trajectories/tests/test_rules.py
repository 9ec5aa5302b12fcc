from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from woonkans.trajectories import rules
from woonkans.trajectories.rules import Answer, FlipBackInputs, TermRecord

money = st.decimals(min_value=Decimal("-5000"), max_value=Decimal("50000"), places=2)
costs = st.decimals(min_value=Decimal("0"), max_value=Decimal("20000"), places=2)
pct = st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=2)


def test_exclusion_grounds_follow_the_excluding_answer():
    answers = [
        Answer("Eerder een betalingsregeling?", False, excludes_when=False),
        Answer("Eerder meegewerkt?", True, excludes_when=False),
        Answer("Overlast of crimineel gedrag?", True, excludes_when=True),
    ]
    assert rules.exclusion_grounds(answers) == [
        "Eerder een betalingsregeling?",
        "Overlast of crimineel gedrag?",
    ]
    assert rules.exclusion_grounds([]) == []


def test_priority_when_a_verdict_was_given():
    assert rules.is_priority("vonnis", date(2026, 1, 10))
    assert rules.is_priority("vonnis", None)
    assert not rules.is_priority("geen_vonnis", None)


def test_shared_damage_example():
    split = rules.shared_damage(
        arrears_at_start=Decimal("3000.00"),
        arrears_at_termination=Decimal("4250.55"),
        eviction_costs=Decimal("7500.00"),
        care_provider_percentage=Decimal("50"),
    )
    assert split.arrears_arisen == Decimal("1250.55")
    assert split.total == Decimal("8750.55")
    assert split.care_provider == Decimal("4375.28")  # half-up
    assert split.corporation == Decimal("4375.27")


def test_arrears_that_went_down_count_as_zero():
    split = rules.shared_damage(
        arrears_at_start=Decimal("3000.00"),
        arrears_at_termination=Decimal("1000.00"),
        eviction_costs=Decimal("0.00"),
        care_provider_percentage=Decimal("50"),
    )
    assert split.total == Decimal("0.00") and split.care_provider == Decimal("0.00")


def test_shared_damage_rejects_floats_and_bad_input():
    with pytest.raises(TypeError):
        rules.shared_damage(
            arrears_at_start=1.0,
            arrears_at_termination=Decimal("1"),
            eviction_costs=Decimal("0"),
            care_provider_percentage=Decimal("50"),
        )
    with pytest.raises(ValueError):
        rules.shared_damage(
            arrears_at_start=Decimal("0"),
            arrears_at_termination=Decimal("1"),
            eviction_costs=Decimal("-1"),
            care_provider_percentage=Decimal("50"),
        )
    with pytest.raises(ValueError):
        rules.shared_damage(
            arrears_at_start=Decimal("0"),
            arrears_at_termination=Decimal("1"),
            eviction_costs=Decimal("0"),
            care_provider_percentage=Decimal("101"),
        )


@given(money, money, costs, pct)
def test_shared_damage_properties(start, end, eviction, percentage):
    split = rules.shared_damage(
        arrears_at_start=start,
        arrears_at_termination=end,
        eviction_costs=eviction,
        care_provider_percentage=percentage,
    )
    assert split.arrears_arisen == max(end - start, Decimal("0"))
    assert split.total == split.arrears_arisen + eviction
    assert split.care_provider + split.corporation == split.total
    assert split.care_provider >= 0 and split.corporation >= 0
    for part in (split.total, split.care_provider, split.corporation):
        assert part == part.quantize(Decimal("0.01"))
    # the care provider's part is the percentage, within half a cent
    assert abs(split.care_provider - split.total * percentage / 100) <= Decimal("0.005")


@given(costs, costs)
def test_equal_split_differs_at_most_one_cent(arisen, eviction):
    split = rules.shared_damage(
        arrears_at_start=Decimal("0.00"),
        arrears_at_termination=arisen,
        eviction_costs=eviction,
        care_provider_percentage=Decimal("50"),
    )
    assert 0 <= split.care_provider - split.corporation <= Decimal("0.01")


def test_months_between():
    assert rules.months_between(date(2026, 1, 15), date(2026, 7, 15)) == 6
    assert rules.months_between(date(2026, 1, 15), date(2026, 7, 14)) == 5
    assert rules.months_between(date(2026, 7, 15), date(2026, 1, 15)) == 0


def _inputs(**kw):
    base = dict(today=date(2026, 9, 1), arrears_now=Decimal("800.00"))
    base.update(kw)
    return FlipBackInputs(**base)


def _met(conditions):
    return {c.key for c in conditions if c.met}


def test_flip_back_nothing_met():
    conditions = rules.flip_back_conditions(_inputs())
    assert [c.key for c in conditions] == ["paid_off", "alternative", "arrangement", "joint"]
    assert _met(conditions) == set()
    assert not rules.may_flip_back(conditions)


def test_flip_back_each_condition():
    assert _met(rules.flip_back_conditions(_inputs(arrears_now=Decimal("0.00")))) == {"paid_off"}
    assert _met(rules.flip_back_conditions(_inputs(arrears_now=Decimal("-5.00")))) == {"paid_off"}
    assert _met(
        rules.flip_back_conditions(_inputs(alternative_arrangement=("Bewind X (bewindvoerder)",)))
    ) == {"alternative"}
    monthly = tuple(TermRecord(date(2026, m, 1), date(2026, m, 1)) for m in range(3, 10))
    kept = _inputs(arrangement_active=True, arrangement_start=date(2026, 3, 1))
    kept = FlipBackInputs(**{**kept.__dict__, "arrangement_terms": monthly})
    assert _met(rules.flip_back_conditions(kept)) == {"arrangement"}
    joint = _inputs(joint_decision_on=date(2026, 8, 1), joint_decision_reason="Verhuizing")
    assert _met(rules.flip_back_conditions(joint)) == {"joint"}
    assert rules.flip_back_conditions(_inputs(arrears_now=None))[0].met is False


def test_a_missed_term_restarts_the_count():
    terms = (
        TermRecord(date(2026, 3, 1), date(2026, 3, 1)),
        TermRecord(date(2026, 4, 1), date(2026, 5, 10)),  # paid late
        TermRecord(date(2026, 5, 1), date(2026, 5, 10)),
    )
    assert rules.kept_since(date(2026, 3, 1), terms, date(2026, 9, 1)) == date(2026, 5, 10)
    assert rules.months_kept(date(2026, 3, 1), terms, date(2026, 9, 1)) == 3
    unpaid = (*terms, TermRecord(date(2026, 8, 1), None))
    assert rules.months_kept(date(2026, 3, 1), unpaid, date(2026, 9, 1)) == 0


term_st = st.builds(
    lambda due, delay: TermRecord(due, None if delay is None else due + timedelta(days=delay)),
    st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 1, 1)),
    st.one_of(st.none(), st.integers(min_value=0, max_value=60)),
)


@given(
    st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 6, 1)),
    st.lists(term_st, max_size=15),
    st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 6, 1)),
    st.integers(min_value=1, max_value=24),
)
def test_arrangement_condition_properties(start, terms, today, needed):
    kept = rules.months_kept(start, terms, today)
    assert kept >= 0
    assert kept <= rules.months_between(start, today)
    # paying a missed term on time can only help
    fixed = [TermRecord(t.due_date, t.due_date) for t in terms]
    assert rules.months_kept(start, fixed, today) >= kept
    inputs = FlipBackInputs(
        today=today,
        arrears_now=Decimal("100.00"),
        arrangement_active=True,
        arrangement_start=start,
        arrangement_terms=tuple(terms),
        required_months=needed,
    )
    condition = rules.flip_back_conditions(inputs)[2]
    assert condition.met == (kept >= needed)


@given(
    st.one_of(st.none(), money),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_may_flip_back_iff_any_condition(arrears, alternative, active, joint):
    inputs = FlipBackInputs(
        today=date(2026, 9, 1),
        arrears_now=arrears,
        alternative_arrangement=("X",) if alternative else (),
        arrangement_active=active,
        arrangement_start=date(2025, 1, 1) if active else None,
        required_months=6,
        joint_decision_on=date(2026, 8, 1) if joint else None,
    )
    conditions = rules.flip_back_conditions(inputs)
    expected = (arrears is not None and arrears <= 0) or alternative or active or joint
    assert rules.may_flip_back(conditions) == expected


def test_flip_back_amounts_in_the_notation_of_the_page():
    from django.utils import translation

    with translation.override("en"):
        (paid_off, *_rest) = rules.flip_back_conditions(_inputs(arrears_now=Decimal("1234.5")))
        assert paid_off.explanation == "Arrears still €1,234.50."
    with translation.override("nl"):
        (paid_off, *_rest) = rules.flip_back_conditions(_inputs(arrears_now=Decimal("1234.5")))
        assert "€\u00a01.234,50" in paid_off.explanation
