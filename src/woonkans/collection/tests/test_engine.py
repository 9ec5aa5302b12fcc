"""The engine's decisions as a pure function: no database."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from woonkans.arrears.positions import Position
from woonkans.collection.calendar import WorkingCalendar
from woonkans.collection.engine import (
    AFTER_DUE,
    AFTER_PREVIOUS,
    ArrangementState,
    DueAction,
    PastAction,
    Situation,
    StepRule,
    decide,
    priority_for,
)

CAL = WorkingCalendar()
D = Decimal

REMINDER = StepRule(id=1, position=1, trigger=AFTER_DUE, days=4)
CALLS = StepRule(
    id=2, position=2, trigger=AFTER_PREVIOUS, days=2, repeat_times=2, repeat_every_days=5
)
BAILIFF = StepRule(
    id=3,
    position=3,
    trigger=AFTER_DUE,
    days=30,
    min_amount=D("500.00"),
    stop_at_legal_stage="deurwaarder",
)
STEPS = (REMINDER, CALLS, BAILIFF)


def pos(amount="650.00", oldest=date(2026, 9, 1), on=date(2026, 9, 1), terms=1) -> Position:
    return Position(D(amount), terms, oldest, (on - oldest).days if oldest else 0)


def test_no_arrears_no_case_nothing_to_do():
    decision = decide(STEPS, Situation(Position(D("0.00"), 0, None, 0)), date(2026, 9, 7), CAL)
    assert decision.actions == () and not decision.open_case and not decision.close_case


def test_paid_arrears_close_the_case():
    situation = Situation(Position(D("-5.00"), 0, None, 0), case_opened_on=date(2026, 9, 2))
    assert decide(STEPS, situation, date(2026, 9, 7), CAL).close_case


def test_case_opens_but_reminder_waits_until_day_four():
    # Rent due Tuesday 1 September 2026; reminder on the 5th, a Saturday -> Monday the 7th.
    on = date(2026, 9, 2)
    decision = decide(STEPS, Situation(pos()), on, CAL)
    assert decision.open_case and decision.actions == ()
    for day in (date(2026, 9, 3), date(2026, 9, 4)):
        assert decide(STEPS, Situation(pos(), case_opened_on=on), day, CAL).actions == ()
    # Saturday and Sunday: nothing at all.
    assert decide(STEPS, Situation(pos(), case_opened_on=on), date(2026, 9, 5), CAL).actions == ()
    monday = date(2026, 9, 7)
    decision = decide(STEPS, Situation(pos(), case_opened_on=on), monday, CAL)
    assert decision.actions == (DueAction(step_id=1, attempt=1, due_date=monday),)


def test_after_previous_counts_from_the_previous_step_and_repeats():
    opened = date(2026, 9, 2)
    history = (PastAction(1, 1, date(2026, 9, 7)),)
    situation = Situation(pos(), case_opened_on=opened, history=history)
    assert decide(STEPS, situation, date(2026, 9, 8), CAL).actions == ()
    assert decide(STEPS, situation, date(2026, 9, 9), CAL).actions == (
        DueAction(2, 1, date(2026, 9, 9)),
    )
    # The first call is still open: no second attempt yet.
    history += (PastAction(2, 1, date(2026, 9, 9), is_open=True),)
    situation = Situation(pos(), case_opened_on=opened, history=history)
    assert decide(STEPS, situation, date(2026, 9, 15), CAL).actions == ()
    # Done: the second attempt five days after the first (14th), or later if run later.
    history = (history[0], PastAction(2, 1, date(2026, 9, 9)))
    situation = Situation(pos(), case_opened_on=opened, history=history)
    assert decide(STEPS, situation, date(2026, 9, 11), CAL).actions == ()
    assert decide(STEPS, situation, date(2026, 9, 14), CAL).actions == (
        DueAction(2, 2, date(2026, 9, 14)),
    )


def test_no_more_attempts_once_the_tenant_was_reached():
    history = (PastAction(1, 1, date(2026, 9, 7)), PastAction(2, 1, date(2026, 9, 9)))
    situation = Situation(
        pos(), case_opened_on=date(2026, 9, 2), history=history, last_reached_on=date(2026, 9, 10)
    )
    assert decide(STEPS, situation, date(2026, 9, 14), CAL).actions == ()
    earlier_contact = Situation(
        pos(), case_opened_on=date(2026, 9, 2), history=history, last_reached_on=date(2026, 9, 1)
    )
    assert decide(STEPS, earlier_contact, date(2026, 9, 14), CAL).actions == (
        DueAction(2, 2, date(2026, 9, 14)),
    )


def test_all_attempts_used_up():
    history = (
        PastAction(1, 1, date(2026, 9, 7)),
        PastAction(2, 1, date(2026, 9, 9)),
        PastAction(2, 2, date(2026, 9, 14)),
        PastAction(2, 3, date(2026, 9, 21)),
    )
    situation = Situation(pos(), case_opened_on=date(2026, 9, 2), history=history)
    assert decide(STEPS, situation, date(2026, 9, 28), CAL).actions == ()


def test_minimum_amount_and_open_terms():
    history = (
        PastAction(1, 1, date(2026, 9, 7)),
        PastAction(2, 1, date(2026, 9, 9)),
        PastAction(2, 2, date(2026, 9, 14)),
        PastAction(2, 3, date(2026, 9, 21)),
    )
    on = date(2026, 10, 1)
    small = Situation(pos("499.99", on=on), case_opened_on=date(2026, 9, 2), history=history)
    assert decide(STEPS, small, on, CAL).actions == ()
    large = Situation(pos("500.00", on=on), case_opened_on=date(2026, 9, 2), history=history)
    assert decide(STEPS, large, on, CAL).actions == (DueAction(3, 1, on),)
    two_terms = StepRule(id=9, position=9, trigger=AFTER_DUE, days=0, min_open_terms=2)
    one = Situation(pos(on=on, terms=1), case_opened_on=date(2026, 9, 2))
    assert decide((two_terms,), one, on, CAL).actions == ()
    two = Situation(pos(on=on, terms=2), case_opened_on=date(2026, 9, 2))
    assert decide((two_terms,), two, on, CAL).actions == (DueAction(9, 1, on),)


def test_steps_run_in_order_one_per_day():
    # Found in deep arrears: reminder today, calls and the bailiff only on later days.
    on = date(2026, 11, 2)
    deep = pos("2000.00", oldest=date(2026, 8, 1), on=on, terms=4)
    decision = decide(STEPS, Situation(deep), on, CAL)
    assert [a.step_id for a in decision.actions] == [1]
    history = (PastAction(1, 1, on),)
    nxt = date(2026, 11, 3)
    decision = decide(STEPS, Situation(deep, case_opened_on=on, history=history), nxt, CAL)
    assert decision.actions == ()  # calls: 2 days after the reminder
    later = date(2026, 11, 4)
    decision = decide(STEPS, Situation(deep, case_opened_on=on, history=history), later, CAL)
    assert [a.step_id for a in decision.actions] == [2]
    history += (PastAction(2, 1, later),)
    after = date(2026, 11, 5)
    decision = decide(STEPS, Situation(deep, case_opened_on=on, history=history), after, CAL)
    assert [a.step_id for a in decision.actions] == [3]


def test_kept_or_frozen_arrangement_pauses_broken_resumes():
    situation = Situation(pos(), case_opened_on=date(2026, 9, 2))
    monday = date(2026, 9, 7)
    for state in (ArrangementState.KEPT, ArrangementState.FROZEN):
        paused = Situation(**{**_fields(situation), "arrangement": state})
        decision = decide(STEPS, paused, monday, CAL)
        assert decision.paused and decision.actions == ()
        assert decide(STEPS, paused, monday, CAL, pause_while_arrangement_kept=False).actions
    broken = Situation(**{**_fields(situation), "arrangement": ArrangementState.BROKEN})
    assert decide(STEPS, broken, monday, CAL).actions == (DueAction(1, 1, monday),)


def test_legal_stage_stops_a_step_and_reports_it():
    on = date(2026, 10, 5)
    history = (PastAction(1, 1, date(2026, 9, 7)), PastAction(2, 1, date(2026, 9, 9)))
    situation = Situation(
        pos("900.00", on=on),
        case_opened_on=date(2026, 9, 2),
        history=history,
        legal_stage="vonnis",
    )
    decision = decide(STEPS, situation, on, CAL)
    assert 3 in decision.stopped_steps
    assert all(a.step_id != 3 for a in decision.actions)
    # Calls have no legal stop: they continue after the verdict.
    assert [a.step_id for a in decision.actions] == [2]


def test_holiday_moves_the_step_to_the_next_working_day():
    # Due 1 December 2026 (Tuesday); 24 days later is Christmas (Friday) -> Monday the 28th.
    step = StepRule(id=1, position=1, trigger=AFTER_DUE, days=24)
    situation = Situation(pos(oldest=date(2026, 12, 1)), case_opened_on=date(2026, 12, 2))
    assert decide((step,), situation, date(2026, 12, 24), CAL).actions == ()
    assert decide((step,), situation, date(2026, 12, 25), CAL).actions == ()
    assert decide((step,), situation, date(2026, 12, 28), CAL).actions == (
        DueAction(1, 1, date(2026, 12, 28)),
    )


def test_priority_grows_with_amount_days_and_legal_stage():
    base = priority_for(amount=D("500"), days_overdue=30)
    assert priority_for(amount=D("1000"), days_overdue=30) > base
    assert priority_for(amount=D("500"), days_overdue=60) > base
    assert priority_for(amount=D("500"), days_overdue=30, legal_stage="vonnis") > base
    assert priority_for(amount=D("1"), days_overdue=0, alert=True) > priority_for(
        amount=D("100000"), days_overdue=1000, legal_stage="ontruiming"
    )


def _fields(situation: Situation) -> dict:
    return {name: getattr(situation, name) for name in Situation.__dataclass_fields__}


# --- Properties -------------------------------------------------------------------------

step_rules = st.lists(
    st.builds(
        StepRule,
        id=st.integers(1, 1000),
        position=st.integers(1, 50),
        trigger=st.sampled_from([AFTER_DUE, AFTER_PREVIOUS]),
        days=st.integers(0, 60),
        min_amount=st.sampled_from([D("0.01"), D("100.00"), D("700.00")]),
        min_open_terms=st.integers(0, 3),
        stop_at_legal_stage=st.sampled_from(["", "deurwaarder", "vonnis"]),
        repeat_times=st.integers(0, 3),
        repeat_every_days=st.integers(1, 10),
        stop_when_reached=st.booleans(),
    ),
    min_size=1,
    max_size=6,
    unique_by=(lambda s: s.id, lambda s: s.position),
)
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))


@settings(max_examples=150, deadline=None)
@given(
    steps=step_rules,
    start=days,
    amount=st.integers(1, 300000),
    oldest_back=st.integers(0, 200),
    terms=st.integers(0, 6),
    stage=st.sampled_from(["", "deurwaarder", "dagvaarding", "vonnis"]),
    arrangement=st.sampled_from(list(ArrangementState)),
    period=st.integers(1, 120),
)
def test_simulated_days_never_plan_on_non_working_days_and_repeat_adds_nothing(
    steps, start, amount, oldest_back, terms, stage, arrangement, period
):
    """Run the engine day by day over a period with constant arrears, completing every
    action the same day. Every planned action is due on the run date, which is a working
    day; no attempt is planned twice; running a second time on the same day adds nothing."""
    oldest = start - timedelta(days=oldest_back)
    history: list[PastAction] = []
    opened: date | None = None
    valid_ids = {s.id for s in steps}
    for offset in range(period):
        on = start + timedelta(days=offset)
        position = Position(D(amount) / 100, terms, oldest, (on - oldest).days)
        situation = Situation(position, opened, tuple(history), arrangement, stage)
        decision = decide(steps, situation, on, CAL)
        if decision.open_case:
            opened = on
        for action in decision.actions:
            assert action.due_date == on
            assert CAL.is_working_day(action.due_date)
            assert action.step_id in valid_ids
            history.append(PastAction(action.step_id, action.attempt, action.due_date))
        keys = [(p.step_id, p.attempt) for p in history]
        assert len(keys) == len(set(keys))
        again = decide(
            steps, Situation(position, opened, tuple(history), arrangement, stage), on, CAL
        )
        assert again.actions == ()
    for step in steps:
        assert sum(1 for p in history if p.step_id == step.id) <= step.attempts
