"""Test helpers: a trajectory with a corporation, care provider and tenants."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from woonkans.households.models import Relation
from woonkans.organisations.models import Role
from woonkans.testing import factories as f
from woonkans.trajectories.models import MemberFunction, Trajectory, TrajectoryMember


def make_trajectory(
    *, corporation=None, care=None, legal_stage="geen_vonnis", household=None, state="intake"
) -> Trajectory:
    corporation = corporation or f.OrganisationFactory(corporation=True, name="Woonstichting Eik")
    care = care or f.OrganisationFactory(care=True, name="Zorg Samen")
    if household is None:
        household = f.HouseholdFactory(name="Familie Bosuil")
        f.PersonFactory(
            household=household,
            first_name="Bea",
            last_name="Bosuil",
            relation=Relation.HOOFDHUURDER,
        )
        f.PersonFactory(
            household=household, first_name="Bob", last_name="Bosuil", relation=Relation.MEDEHUURDER
        )
        f.PersonFactory(household=household, first_name="Kiki", relation=Relation.KIND)
    tenancy = household.tenancies.first() or f.TenancyFactory(
        household=household, corporation=corporation
    )
    f.InvolvementFactory(household=household, organisation=care)
    return Trajectory.objects.create(
        household=household,
        tenancy=tenancy,
        corporation=corporation,
        care_provider=care,
        referred_by=corporation,
        referred_on=date(2026, 1, 5),
        reason="Huurachterstand",
        arrears_at_referral=Decimal("2500.00"),
        legal_stage=legal_stage,
        state=state,
        state_since=date(2026, 1, 5),
    )


def coordinator(trajectory):
    return f.make_actor(Role.COORDINATOR, trajectory.care_provider)


def corporation_staff(trajectory, role=Role.WOONCONSULENT):
    return f.make_actor(role, trajectory.corporation)


def add_contact(trajectory, organisation, email):
    user = f.UserFactory(email=email)
    return TrajectoryMember.objects.create(
        trajectory=trajectory,
        user=user,
        organisation=organisation,
        function=MemberFunction.CONTACTPERSOON,
        started_on=date(2026, 1, 1),
    )
