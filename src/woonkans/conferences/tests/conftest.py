"""A small world for case conference tests: a care provider that organises the meetings,
two corporations and a social team, and two referred households of different corporations.

Household Aalscholver belongs to corporation "Eik"; household Boomklever to corporation
"Beuk" (with an eviction verdict, so priority). Both corporations and the social team are
invited; each corporation is involved only in its own household.
"""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from woonkans.households.models import InvolvementKind, Relation
from woonkans.organisations.models import Role
from woonkans.testing import factories as f
from woonkans.trajectories.models import State, Trajectory


class World:
    def __init__(self):
        self.today = timezone.localdate()
        self.care = f.OrganisationFactory(care=True, name="Zorg Ooievaar", slug="zorg-ooievaar")
        self.eik = f.OrganisationFactory(corporation=True, name="Woonstichting Eik", slug="eik")
        self.beuk = f.OrganisationFactory(corporation=True, name="Woonstichting Beuk", slug="beuk")
        self.cjg = f.OrganisationFactory(municipality=True, name="CJG Vijver", slug="cjg-vijver")
        self.outsider = f.OrganisationFactory(care=True, name="Zorg Elders", slug="zorg-elders")
        self._actors = {}
        self.a = self.trajectory(
            "Familie Aalscholver", "HH-AALS", self.eik, referred_on=self.today - timedelta(days=20)
        )
        self.b = self.trajectory(
            "Familie Boomklever",
            "HH-BOOM",
            self.beuk,
            referred_on=self.today - timedelta(days=10),
            priority=True,
            legal_stage="vonnis",
        )

    def actor(self, org, role):
        key = (org.pk, role)
        if key not in self._actors:
            self._actors[key] = f.make_actor(role, organisation=org)
        return self._actors[key]

    @property
    def coordinator(self):
        return self.actor(self.care, Role.COORDINATOR)

    def trajectory(
        self,
        name,
        reference,
        corporation,
        *,
        referred_on,
        state=State.REFERRED,
        priority=False,
        legal_stage="geen_vonnis",
        social_team=True,
    ) -> Trajectory:
        household = f.HouseholdFactory(name=name, reference=reference)
        f.PersonFactory(household=household, relation=Relation.HOOFDHUURDER)
        tenancy = f.TenancyFactory(household=household, corporation=corporation)
        trajectory = Trajectory.objects.create(
            household=household,
            tenancy=tenancy,
            corporation=corporation,
            care_provider=self.care,
            social_team=self.cjg if social_team else None,
            referred_by=corporation,
            referred_on=referred_on,
            reason="Huurachterstand loopt op",
            arrears_at_referral=Decimal("1800.00"),
            legal_stage=legal_stage,
            priority=priority,
            state=state,
            state_since=referred_on,
        )
        for org in (self.care, self.cjg):
            f.InvolvementFactory(
                household=household,
                organisation=org,
                kind=InvolvementKind.TRAJECTORY,
                source_type="trajectories.trajectory",
                source_id=str(trajectory.pk),
            )
        return trajectory

    def conference(self, on_date=None, **kw):
        from woonkans.conferences.services import conference_create

        return conference_create(
            actor=self.coordinator,
            title=kw.pop("title", "Casusoverleg Vijver"),
            on_date=on_date or self.today,
            start_time=time(10, 0),
            end_time=time(11, 30),
            place=kw.pop("place", "Gemeentehuis, zaal 2"),
            invited=kw.pop("invited", [self.eik, self.beuk, self.cjg]),
            **kw,
        )


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def started(world):
    """A meeting of today with both referrals on the agenda, in progress."""
    from woonkans.conferences import services

    conference = world.conference()
    services.agenda_build(actor=world.coordinator, conference=conference)
    return services.conference_start(actor=world.coordinator, conference=conference)
