from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from woonkans.conferences.rules import (
    Candidate,
    agenda_order,
    decision_refusal,
    next_meeting_date,
    target_state,
)
from woonkans.organisations.models import Role
from woonkans.trajectories.models import State

FIRST = date(2026, 1, 6)  # a Tuesday


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (date(2025, 12, 1), FIRST),  # before the first meeting: the first one
        (FIRST, FIRST),
        (FIRST + timedelta(days=1), date(2026, 1, 20)),
        (date(2026, 1, 20), date(2026, 1, 20)),
        (date(2026, 1, 21), date(2026, 2, 3)),
    ],
)
def test_next_meeting_date_every_two_weeks(after, expected):
    assert next_meeting_date(FIRST, 2, after) == expected


def test_next_meeting_date_refuses_a_zero_interval():
    with pytest.raises(ValueError):
        next_meeting_date(FIRST, 0, FIRST)


@given(
    first=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    weeks=st.integers(min_value=1, max_value=12),
    offset=st.integers(min_value=-400, max_value=2000),
)
def test_next_meeting_date_is_the_first_series_date_on_or_after(first, weeks, offset):
    after = first + timedelta(days=offset)
    result = next_meeting_date(first, weeks, after)
    step = 7 * weeks
    assert result >= after and result >= first
    assert (result - first).days % step == 0
    # No earlier date of the series qualifies.
    if result > first:
        assert result - timedelta(days=step) < after
    # Idempotent: asking again from the result gives the result.
    assert next_meeting_date(first, weeks, result) == result


def _c(pk, source="aanmelding", priority=False, referred=date(2026, 1, 1)):
    return Candidate(trajectory_id=pk, source=source, priority=priority, referred_on=referred)


def test_agenda_order_priority_first_then_source_then_oldest_referral():
    ordered = agenda_order(
        [
            _c(1, "termijnen", referred=date(2025, 1, 1)),
            _c(2, "aanmelding", referred=date(2026, 2, 1)),
            _c(3, "aanmelding", referred=date(2026, 1, 1)),
            _c(4, "termijnen", priority=True, referred=date(2026, 3, 1)),
            _c(5, "meer_informatie"),
        ]
    )
    assert [c.trajectory_id for c in ordered] == [4, 3, 2, 5, 1]


@given(
    st.lists(
        st.builds(
            Candidate,
            trajectory_id=st.integers(min_value=1, max_value=8),
            source=st.sampled_from(["aanmelding", "meer_informatie", "termijnen", "handmatig"]),
            priority=st.booleans(),
            referred_on=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 1, 1)),
        ),
        max_size=20,
    )
)
def test_agenda_order_one_entry_per_case_and_priority_first(candidates):
    ordered = agenda_order(candidates)
    ids = [c.trajectory_id for c in ordered]
    assert len(ids) == len(set(ids)) == len({c.trajectory_id for c in candidates})
    flags = [c.priority for c in ordered]
    assert flags == sorted(flags, reverse=True)
    assert agenda_order(ordered) == ordered


def test_target_states_of_the_three_decisions():
    assert target_state("toelaten") == State.DISCUSSED
    assert target_state("niet_toelaten") == State.NOT_ADMITTED
    assert target_state("meer_informatie") is None


def _refusal(**kw):
    values = {
        "role": Role.COORDINATOR,
        "organisation_id": 1,
        "organiser_id": 1,
        "care_provider_id": 1,
        "conference_status": "gestart",
        "trajectory_state": State.REFERRED,
        "outcome": "toelaten",
        "already_decided": False,
    }
    values.update(kw)
    with translation.override("en"):
        return decision_refusal(**values)


def test_the_organisers_coordinator_may_decide_in_a_running_meeting():
    assert _refusal() is None
    assert _refusal(care_provider_id=None) is None
    assert _refusal(trajectory_state=State.ACTIVE, outcome="meer_informatie") is None


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"role": Role.WOONCONSULENT}, "Only the coordinator"),
        ({"role": Role.WOONBEGELEIDER}, "Only the coordinator"),
        ({"organisation_id": 2}, "Only the coordinator"),
        ({"care_provider_id": 3}, "trajectory's care provider"),
        ({"conference_status": "gepland"}, "while the meeting is in progress"),
        ({"conference_status": "afgesloten"}, "while the meeting is in progress"),
        ({"already_decided": True}, "already been recorded"),
        ({"trajectory_state": State.ACTIVE}, "Only a referred trajectory"),
    ],
)
def test_refusals_name_the_reason(changes, fragment):
    assert fragment in _refusal(**changes)
