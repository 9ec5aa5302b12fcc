from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from woonkans.tasks import rules
from woonkans.tasks.rules import Facts

CORP, CARE = 1, 2

# The machine is shared: generating inputs may be slow; that is no failure.
SLOW_OK = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def facts(**kw) -> Facts:
    base = dict(
        is_final=False,
        corporation_id=CORP,
        care_provider_id=CARE,
        intake_on=None,
        guidance_started_on=None,
        evaluation_due_on=None,
        evaluation_cycle=1,
    )
    base.update(kw)
    return Facts(**base)


def by_key(specs):
    return {s.key: s for s in specs}


def test_nothing_before_the_intake():
    assert rules.due_specs(facts(), today=date(2027, 1, 4)) == []


def test_details_due_two_working_days_after_intake_over_a_weekend():
    # Thursday 7 January 2027 -> Monday 11 January.
    [spec] = rules.due_specs(facts(intake_on=date(2027, 1, 7)), today=date(2027, 1, 7))
    assert spec.kind == rules.DETAILS_TO_CORPORATION
    assert spec.due_on == date(2027, 1, 11)
    assert spec.function == rules.FINANCIEEL_CONSULENT and spec.concerns_corporation


def test_details_skip_easter_monday():
    # Thursday 25 March 2027, Good Friday 26 March, Easter Monday 29 March.
    [spec] = rules.due_specs(facts(intake_on=date(2027, 3, 25)), today=date(2027, 3, 25))
    assert spec.due_on == date(2027, 3, 31)


def test_guidance_items_and_quarterly_lookahead():
    start = date(2027, 1, 31)
    f = facts(
        intake_on=date(2027, 1, 4), guidance_started_on=start, evaluation_due_on=date(2028, 1, 31)
    )
    specs = by_key(rules.due_specs(f, today=date(2027, 3, 29)))
    assert specs[(rules.RENT_TAKEOVER, "")].due_on == date(2027, 2, 28)
    # The first quarterly report is due 30 April; it appears 31 days before (30 March).
    assert (rules.QUARTERLY_REPORT, "q1") not in specs
    specs = by_key(rules.due_specs(f, today=date(2027, 3, 30)))
    assert specs[(rules.QUARTERLY_REPORT, "q1")].due_on == date(2027, 4, 30)
    assert specs[(rules.SUPPORT_REPORT, "1")].due_on == date(2028, 1, 17)
    assert specs[(rules.SUPPORT_REPORT, "1")].concerns_corporation is False
    assert specs[(rules.EVALUATION, "1")].due_on == date(2028, 1, 31)


def test_final_trajectory_gets_nothing():
    f = facts(is_final=True, intake_on=date(2027, 1, 4), guidance_started_on=date(2027, 1, 20))
    assert rules.due_specs(f, today=date(2027, 6, 1)) == []


def test_urgency():
    today = date(2027, 5, 10)
    assert rules.urgency(date(2027, 5, 9), today) == rules.OVERDUE
    assert rules.urgency(today, today) == rules.DUE_SOON
    assert rules.urgency(date(2027, 5, 17), today) == rules.DUE_SOON
    assert rules.urgency(date(2027, 5, 18), today) == rules.LATER
    assert not rules.in_digest(date(2027, 5, 18), today)


dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2032, 12, 31))


@st.composite
def trajectory_facts(draw):
    intake = draw(st.none() | dates)
    start = (
        None
        if intake is None
        else draw(st.none() | st.just(intake + timedelta(days=draw(st.integers(0, 120)))))
    )
    evaluation = (
        None
        if start is None
        else draw(
            st.just(
                start.replace(year=start.year + 1)
                if not (start.month == 2 and start.day == 29)
                else date(start.year + 1, 2, 28)
            )
            | dates
        )
    )
    return facts(
        intake_on=intake,
        guidance_started_on=start,
        evaluation_due_on=evaluation,
        evaluation_cycle=draw(st.integers(1, 4)),
    )


@SLOW_OK
@given(trajectory_facts(), dates)
def test_same_facts_same_specs_and_unique_keys(f, today):
    first, second = rules.due_specs(f, today=today), rules.due_specs(f, today=today)
    assert first == second
    assert len({s.key for s in first}) == len(first)
    assert all(s.organisation_id == CARE for s in first)


@SLOW_OK
@given(trajectory_facts(), dates, st.integers(0, 800))
def test_later_days_only_add_items(f, today, days):
    earlier = {s for s in rules.due_specs(f, today=today)}
    later = {s for s in rules.due_specs(f, today=today + timedelta(days=days))}
    assert earlier <= later


@SLOW_OK
@given(trajectory_facts(), dates)
def test_quarterly_reports_every_three_months_up_to_the_lookahead(f, today):
    specs = [s for s in rules.due_specs(f, today=today) if s.kind == rules.QUARTERLY_REPORT]
    horizon = today + timedelta(days=rules.QUARTERLY_LOOKAHEAD_DAYS)
    for k, spec in enumerate(specs, start=1):
        assert spec.period_key == f"q{k}"
        assert spec.due_on == rules.add_months(f.guidance_started_on, 3 * k)
        assert spec.due_on <= horizon
    if f.guidance_started_on is not None:
        assert rules.add_months(f.guidance_started_on, 3 * (len(specs) + 1)) > horizon


@SLOW_OK
@given(dates, st.integers(1, 10))
def test_working_days_land_on_working_days_after_the_date(day, n):
    due = rules.add_working_days(day, n)
    assert due > day
    assert due.weekday() < 5
    assert due - day >= timedelta(days=n)


@SLOW_OK
@given(trajectory_facts(), dates)
def test_support_report_two_weeks_before_the_evaluation(f, today):
    specs = by_key(rules.due_specs(f, today=today))
    if f.evaluation_due_on is None or f.guidance_started_on is None:
        assert not any(k[0] in (rules.SUPPORT_REPORT, rules.EVALUATION) for k in specs)
        return
    key = str(f.evaluation_cycle)
    report, evaluation = specs[(rules.SUPPORT_REPORT, key)], specs[(rules.EVALUATION, key)]
    assert evaluation.due_on - report.due_on == timedelta(days=14)
