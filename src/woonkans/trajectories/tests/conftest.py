from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from woonkans.organisations.models import Role
from woonkans.testing.factories import (
    HouseholdFactory,
    OrganisationFactory,
    TenancyFactory,
    make_actor,
)
from woonkans.trajectories.models import State, Trajectory


class Parties:
    """A household of a corporation with a care provider and a social team, plus an
    uninvolved organisation of each kind."""

    def __init__(self):
        self.corporation = OrganisationFactory(corporation=True)
        self.care = OrganisationFactory(care=True)
        self.social_team = OrganisationFactory(municipality=True)
        self.household = HouseholdFactory()
        self.tenancy = TenancyFactory(household=self.household, corporation=self.corporation)
        self._actors = {}

    def actor(self, org, role):
        key = (org.pk, role)
        if key not in self._actors:
            self._actors[key] = make_actor(role, organisation=org)
        return self._actors[key]

    def trajectory(self, state=State.REFERRED, since=date(2026, 1, 5), **kw) -> Trajectory:
        from woonkans.households.models import InvolvementKind
        from woonkans.testing.factories import InvolvementFactory

        trajectory = Trajectory.objects.create(
            household=self.household,
            tenancy=self.tenancy,
            corporation=self.corporation,
            care_provider=kw.pop("care_provider", self.care),
            social_team=kw.pop("social_team", self.social_team),
            referred_by=self.corporation,
            referred_on=since,
            reason="Huurachterstand loopt op",
            arrears_at_referral=Decimal("1500.00"),
            legal_stage="geen_vonnis",
            state=state,
            state_since=since,
            **kw,
        )
        for org in (self.care, self.social_team):
            InvolvementFactory(
                household=self.household,
                organisation=org,
                kind=InvolvementKind.TRAJECTORY,
                source_type="trajectories.trajectory",
                source_id=str(trajectory.pk),
            )
        return trajectory


PARTY_ROLES = {
    "corporation": (Role.INCASSOMEDEWERKER, Role.WOONCONSULENT, Role.BELEIDSMEDEWERKER),
    "care": (Role.WOONBEGELEIDER, Role.FINANCIEEL_CONSULENT, Role.COORDINATOR),
    "social_team": (Role.WIJKCONSULENT,),
}


@pytest.fixture
def parties(db):
    return Parties()


@pytest.fixture(autouse=True)
def _english_texts(english):
    """These tests assert the English source texts (see woonkans.testing.language)."""
