"""Test helpers: a trajectory with its parties, transitions and members (no state machine)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from woonkans.households.models import InvolvementKind
from woonkans.organisations.models import Role
from woonkans.testing import factories as f
from woonkans.trajectories.models import (
    MemberFunction,
    State,
    Trajectory,
    TrajectoryMember,
    Transition,
)

MAIN_LINE = (
    State.REFERRED,
    State.DISCUSSED,
    State.ORIENTATION,
    State.INTAKE,
    State.STARTED,
    State.ACTIVE,
)


class World:
    def __init__(self, corporation=None, care=None, social_team=None, household=None):
        self.corporation = corporation or f.OrganisationFactory(corporation=True)
        self.care = care or f.OrganisationFactory(care=True)
        self.social_team = social_team or f.OrganisationFactory(municipality=True)
        self.household = household or f.HouseholdFactory()
        if not self.household.tenancies.exists():
            f.TenancyFactory(household=self.household, corporation=self.corporation)
        self.actors: dict = {}

    def actor(self, org, role, user=None):
        key = (org.pk, role, getattr(user, "pk", None))
        if key not in self.actors:
            self.actors[key] = f.make_actor(role, organisation=org, user=user)
        return self.actors[key]

    def trajectory(self, *, dates: dict[str, date], state: str | None = None) -> Trajectory:
        """``dates`` maps states (of the main line) to the day the trajectory entered them."""
        ordered = [s for s in MAIN_LINE if s in dates]
        state = state or ordered[-1]
        trajectory = Trajectory.objects.create(
            household=self.household,
            corporation=self.corporation,
            care_provider=self.care,
            social_team=self.social_team,
            referred_by=self.corporation,
            referred_on=dates[State.REFERRED],
            reason="Huurachterstand",
            arrears_at_referral=Decimal("1200.00"),
            legal_stage="geen_vonnis",
            state=state,
            state_since=dates[ordered[-1]],
        )
        previous = ""
        for s in ordered:
            Transition.objects.create(
                trajectory=trajectory, from_state=previous, to_state=s, occurred_on=dates[s]
            )
            previous = s
        for org in (self.care, self.social_team):
            f.InvolvementFactory(
                household=self.household,
                organisation=org,
                kind=InvolvementKind.TRAJECTORY,
                source_type="trajectories.trajectory",
                source_id=str(trajectory.pk),
            )
        return trajectory

    def member(self, trajectory, function, org=None, role=None, started_on=date(2026, 1, 1)):
        org = org or (self.corporation if function == MemberFunction.CONTACTPERSOON else self.care)
        role = (
            role
            or {
                MemberFunction.WOONBEGELEIDER: Role.WOONBEGELEIDER,
                MemberFunction.FINANCIEEL_CONSULENT: Role.FINANCIEEL_CONSULENT,
                MemberFunction.COORDINATOR: Role.COORDINATOR,
                MemberFunction.CONTACTPERSOON: Role.WOONCONSULENT,
            }[function]
        )
        actor = f.make_actor(role, organisation=org)
        TrajectoryMember.objects.create(
            trajectory=trajectory,
            user=actor.user,
            organisation=org,
            function=function,
            started_on=started_on,
        )
        return actor


def standard_dates(start=date(2027, 1, 4)) -> dict[str, date]:
    """Referred 4 Jan 2027 ... intake Thu 7 Jan, started Mon 1 Feb, active 8 Feb."""
    return {
        State.REFERRED: start,
        State.DISCUSSED: date(2027, 1, 5),
        State.ORIENTATION: date(2027, 1, 6),
        State.INTAKE: date(2027, 1, 7),
        State.STARTED: date(2027, 2, 1),
        State.ACTIVE: date(2027, 2, 8),
    }
