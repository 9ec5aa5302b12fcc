"""The legal stage and the table of allowed steps: pure functions, no database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from woonkans.legal.stages import (
    TRANSITIONS,
    CaseFacts,
    NoticeFacts,
    NoticeOutcome,
    Phase,
    StageFacts,
    Step,
    SummonsFacts,
    VerdictFacts,
    allowed_steps,
    cases_as_of,
    legal_stage,
    refusal,
)

D0 = date(2026, 1, 10)


def d(days: int) -> date:
    return D0 + timedelta(days=days)


def case(*, kind="DEU", status="ACT", summonses=(), ended_on=None) -> CaseFacts:
    return CaseFacts(
        kind=kind, status=status, handed_over_on=D0, ended_on=ended_on, summonses=tuple(summonses)
    )


def summons(*, verdict=None, withdrawn_on=None) -> SummonsFacts:
    return SummonsFacts(
        served_on=d(10), court_date=d(30), withdrawn_on=withdrawn_on, verdict=verdict
    )


def verdict(*, eviction=True, notices=()) -> VerdictFacts:
    return VerdictFacts(
        pronounced_on=d(40), dissolution_and_eviction=eviction, notices=tuple(notices)
    )


def notice(outcome=NoticeOutcome.PENDING, outcome_on=None) -> NoticeFacts:
    return NoticeFacts(
        notified_on=d(50), eviction_date=d(58), outcome=outcome, outcome_on=outcome_on
    )


# --- Stage derivation -------------------------------------------------------------------


def test_no_arrears_no_case_is_geen():
    assert legal_stage(StageFacts(arrears=False)).phase == Phase.GEEN


def test_arrears_without_fourteen_day_letter_is_pre_minnelijk():
    stage = legal_stage(StageFacts(arrears=True, arrears_since=d(-30)))
    assert (stage.phase, stage.since) == (Phase.PRE_MINNELIJK, d(-30))


def test_fourteen_day_letter_in_the_episode_is_minnelijk_1():
    stage = legal_stage(StageFacts(arrears=True, arrears_since=d(-30), default_letter_on=d(-10)))
    assert (stage.phase, stage.since) == (Phase.MINNELIJK_1, d(-10))


def test_fourteen_day_letter_of_an_earlier_episode_does_not_count():
    stage = legal_stage(StageFacts(arrears=True, arrears_since=d(-30), default_letter_on=d(-90)))
    assert stage.phase == Phase.PRE_MINNELIJK


@pytest.mark.parametrize(
    ("facts", "phase", "since"),
    [
        (case(), Phase.MINNELIJK_2, D0),
        (case(summonses=[summons()]), Phase.GERECHTELIJK, d(10)),
        (case(summonses=[summons(withdrawn_on=d(20))]), Phase.MINNELIJK_2, D0),
        (case(summonses=[summons(verdict=verdict())]), Phase.VONNIS, d(40)),
        (case(summonses=[summons(verdict=verdict(notices=[notice()]))]), Phase.AANZEGGING, d(50)),
        (
            case(
                summonses=[
                    summons(verdict=verdict(notices=[notice(NoticeOutcome.CANCELLED, d(55))]))
                ]
            ),
            Phase.VONNIS,
            d(40),
        ),
        (
            case(
                summonses=[
                    summons(verdict=verdict(notices=[notice(NoticeOutcome.EXECUTED, d(58))]))
                ]
            ),
            Phase.ONTRUIMING,
            d(58),
        ),
    ],
)
def test_stage_of_an_open_hand_over(facts, phase, since):
    stage = legal_stage(StageFacts(arrears=True, arrears_since=d(-60), cases=(facts,)))
    assert (stage.phase, stage.since) == (phase, since)


def test_an_ended_hand_over_falls_back_to_the_arrears():
    ended = case(status="EIN", ended_on=d(5))
    assert legal_stage(StageFacts(arrears=False, cases=(ended,))).phase == Phase.GEEN
    assert (
        legal_stage(StageFacts(arrears=True, arrears_since=d(-3), cases=(ended,))).phase
        == Phase.PRE_MINNELIJK
    )


def test_an_executed_eviction_stays_after_the_hand_over_ended():
    executed = verdict(notices=[notice(NoticeOutcome.EXECUTED, d(58))])
    ended = case(status="EIN", ended_on=d(70), summonses=[summons(verdict=executed)])
    assert legal_stage(StageFacts(arrears=False, cases=(ended,))).phase == Phase.ONTRUIMING


def test_the_open_hand_over_wins_over_older_ended_ones():
    old = case(status="EIN", ended_on=d(5), summonses=[summons(verdict=verdict())])
    new = CaseFacts(kind="INC", status="NIE", handed_over_on=d(100))
    stage = legal_stage(StageFacts(arrears=True, arrears_since=d(90), cases=(old, new)))
    assert (stage.phase, stage.since) == (Phase.MINNELIJK_2, d(100))


def test_cases_as_of_a_date_leave_out_later_steps():
    full = case(
        status="EIN",
        ended_on=d(80),
        summonses=[summons(verdict=verdict(notices=[notice(NoticeOutcome.EXECUTED, d(58))]))],
    )

    def at(day):
        return legal_stage(
            StageFacts(arrears=True, arrears_since=d(-1), cases=cases_as_of((full,), day))
        ).phase

    assert at(d(-1)) == Phase.PRE_MINNELIJK
    assert at(d(5)) == Phase.MINNELIJK_2
    assert at(d(15)) == Phase.GERECHTELIJK
    assert at(d(45)) == Phase.VONNIS
    assert at(d(52)) == Phase.AANZEGGING
    assert at(d(60)) == Phase.ONTRUIMING
    assert at(d(90)) == Phase.ONTRUIMING


# --- Transition table -------------------------------------------------------------------


def test_without_a_hand_over_only_the_hand_over_is_allowed():
    assert allowed_steps(()) == [Step.HANDOVER]


def test_no_verdict_without_summons():
    message = refusal(Step.VERDICT, (case(),))
    assert message and "summons" in message
    assert refusal(Step.VERDICT, ()) and "summons" in refusal(Step.VERDICT, ())


def test_no_summons_without_hand_over_to_a_bailiff():
    assert "hand-over" in refusal(Step.SUMMONS, ())
    assert "collection agency" in refusal(Step.SUMMONS, (case(kind="INC"),))
    assert refusal(Step.SUMMONS, (case(kind="DEU", status="NIE"),)) is None


def test_second_hand_over_is_refused_while_one_is_open():
    assert "already handed over" in refusal(Step.HANDOVER, (case(),))
    assert refusal(Step.HANDOVER, (case(status="EIN", ended_on=d(3)),)) is None


def test_no_eviction_notice_without_verdict_or_without_eviction_order():
    assert "after a verdict" in refusal(Step.NOTICE, (case(summonses=[summons()]),))
    no_eviction = case(summonses=[summons(verdict=verdict(eviction=False))])
    assert "does not dissolve" in refusal(Step.NOTICE, (no_eviction,))
    assert refusal(Step.NOTICE, (case(summonses=[summons(verdict=verdict())]),)) is None


def test_eviction_outcome_needs_a_pending_notice():
    assert "first" in refusal(Step.EXECUTE, (case(summonses=[summons(verdict=verdict())]),))
    pending = case(summonses=[summons(verdict=verdict(notices=[notice()]))])
    assert refusal(Step.EXECUTE, (pending,)) is None
    assert refusal(Step.CANCEL, (pending,)) is None
    done = case(
        summonses=[summons(verdict=verdict(notices=[notice(NoticeOutcome.EXECUTED, d(58))]))]
    )
    assert "already executed" in refusal(Step.EXECUTE, (done,))


def test_cannot_end_the_hand_over_while_in_court_or_eviction_announced():
    assert "summons is pending" in refusal(Step.END, (case(summonses=[summons()]),))
    pending = case(summonses=[summons(verdict=verdict(notices=[notice()]))])
    assert "eviction is announced" in refusal(Step.END, (pending,))


def test_activate_only_a_new_hand_over():
    assert refusal(Step.ACTIVATE, (case(status="NIE"),)) is None
    assert refusal(Step.ACTIVATE, (case(status="ACT"),)) is not None


def test_every_step_has_a_row_in_the_table():
    assert set(TRANSITIONS) == set(Step)


# --- Properties -------------------------------------------------------------------------

_notices = st.lists(
    st.sampled_from([NoticeOutcome.PENDING, NoticeOutcome.CANCELLED, NoticeOutcome.EXECUTED]),
    max_size=3,
).map(
    lambda outcomes: tuple(
        notice(o, None if o == NoticeOutcome.PENDING else d(55)) for o in outcomes
    )
)
_verdicts = st.one_of(
    st.none(), st.builds(lambda e, n: verdict(eviction=e, notices=n), st.booleans(), _notices)
)
_summonses = st.lists(
    st.builds(
        lambda v, w: summons(verdict=v, withdrawn_on=d(20) if w else None), _verdicts, st.booleans()
    ),
    max_size=2,
)
_cases = st.builds(
    lambda kind, status, s: case(
        kind=kind, status=status, summonses=s, ended_on=d(90) if status == "EIN" else None
    ),
    st.sampled_from(["DEU", "INC"]),
    st.sampled_from(["NIE", "ACT", "EIN"]),
    _summonses,
)


@given(st.lists(_cases, max_size=3), st.booleans())
def test_stage_is_always_a_known_phase_and_refusals_are_explained(cases, arrears):
    facts = StageFacts(
        arrears=arrears, arrears_since=d(-5) if arrears else None, cases=tuple(cases)
    )
    stage = legal_stage(facts)
    assert stage.phase in Phase.values
    for step in Step:
        reason = refusal(step, tuple(cases))
        assert reason is None or (isinstance(reason, str) and len(reason) > 10)


@given(st.lists(_cases, max_size=3))
def test_records_as_of_a_late_date_are_the_records(cases):
    assert cases_as_of(tuple(cases), d(1000)) == tuple(cases)


@given(st.lists(_cases, max_size=3))
def test_no_open_hand_over_means_only_a_hand_over_is_possible(cases):
    ended = tuple(c for c in cases if c.status == "EIN")
    assert allowed_steps(ended) == [Step.HANDOVER]
