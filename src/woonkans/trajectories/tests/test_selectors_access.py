from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from woonkans.organisations.models import Role
from woonkans.testing.factories import OrganisationFactory, make_actor
from woonkans.trajectories.access import trajectories_visible_to, trajectory_for_actor
from woonkans.trajectories.dates import add_months, add_years
from woonkans.trajectories.models import MemberFunction, State, TrajectoryMember, Transition
from woonkans.trajectories.selectors import (
    current_members,
    evaluation_due_on,
    guidance_started_on,
)


def test_add_years_and_months():
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2026, 3, 1), 1) == date(2027, 3, 1)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_guidance_start_and_evaluation_date(parties):
    trajectory = parties.trajectory(state=State.ACTIVE)
    assert guidance_started_on(trajectory) is None
    assert evaluation_due_on(trajectory) is None
    Transition.objects.create(
        trajectory=trajectory,
        from_state=State.INTAKE,
        to_state=State.STARTED,
        occurred_on=date(2026, 3, 2),
    )
    assert guidance_started_on(trajectory) == date(2026, 3, 2)
    assert evaluation_due_on(trajectory) == date(2027, 3, 2)
    trajectory.evaluation_on = date(2027, 9, 1)
    assert evaluation_due_on(trajectory) == date(2027, 9, 1)


def test_current_members_follow_hand_over(parties):
    trajectory = parties.trajectory(state=State.ACTIVE)
    old = make_actor(Role.WOONBEGELEIDER, organisation=parties.care).user
    new = make_actor(Role.WOONBEGELEIDER, organisation=parties.care).user
    TrajectoryMember.objects.create(
        trajectory=trajectory,
        user=old,
        organisation=parties.care,
        function=MemberFunction.WOONBEGELEIDER,
        started_on=date(2026, 1, 5),
        ended_on=date(2026, 4, 1),
    )
    TrajectoryMember.objects.create(
        trajectory=trajectory,
        user=new,
        organisation=parties.care,
        function=MemberFunction.WOONBEGELEIDER,
        started_on=date(2026, 4, 1),
    )
    on_march = current_members(trajectory, MemberFunction.WOONBEGELEIDER, date(2026, 3, 31))
    on_april = current_members(trajectory, MemberFunction.WOONBEGELEIDER, date(2026, 4, 1))
    assert [m.user for m in on_march] == [old]
    assert [m.user for m in on_april] == [new]
    assert not current_members(trajectory, MemberFunction.COORDINATOR, date(2026, 4, 1))


def test_gate_parties_see_others_do_not(parties):
    trajectory = parties.trajectory()
    for org, role in (
        (parties.corporation, Role.WOONCONSULENT),
        (parties.corporation, Role.INCASSOMEDEWERKER),
        (parties.care, Role.COORDINATOR),
        (parties.care, Role.WOONBEGELEIDER),
        (parties.social_team, Role.WIJKCONSULENT),
    ):
        actor = parties.actor(org, role)
        assert trajectory_for_actor(actor, trajectory.pk) == trajectory
    # policy staff see no households, so no trajectories either
    with pytest.raises(Http404):
        trajectory_for_actor(
            parties.actor(parties.corporation, Role.BELEIDSMEDEWERKER), trajectory.pk
        )
    for kind in ("corporation", "care", "municipality"):
        stranger = make_actor(Role.COORDINATOR, organisation=OrganisationFactory(**{kind: True}))
        assert not trajectories_visible_to(stranger).exists()
        with pytest.raises(Http404):
            trajectory_for_actor(stranger, trajectory.pk)
    with pytest.raises(Http404):
        trajectory_for_actor(parties.actor(parties.care, Role.COORDINATOR), "not-a-number")
