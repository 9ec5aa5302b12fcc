from __future__ import annotations

import pytest
from django.http import Http404

from woonkans.households import services
from woonkans.households.access import household_for_actor, households_visible_to
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

pytestmark = pytest.mark.django_db


def test_corporation_that_rents_sees_the_household(household, corporation):
    actor = f.make_actor(Role.INCASSOMEDEWERKER, corporation)
    assert household_for_actor(actor, household.pk) == household


def test_other_corporation_gets_not_found(household, other_corporation):
    actor = f.make_actor(Role.INCASSOMEDEWERKER, other_corporation)
    with pytest.raises(Http404):
        household_for_actor(actor, household.pk)
    assert list(households_visible_to(actor)) == []


def test_missing_and_forbidden_look_the_same(household, other_corporation):
    actor = f.make_actor(Role.INCASSOMEDEWERKER, other_corporation)
    with pytest.raises(Http404):
        household_for_actor(actor, 999_999)
    with pytest.raises(Http404):
        household_for_actor(actor, "not-a-number")


def test_open_involvement_grants_and_closing_revokes(household):
    care = f.OrganisationFactory(care=True)
    actor = f.make_actor(Role.WOONBEGELEIDER, care)
    assert not households_visible_to(actor).exists()
    involvement = services.involvement_open(
        actor=None, household=household, organisation=care, kind="trajectory"
    )
    assert household_for_actor(actor, household.pk) == household
    services.involvement_close(actor=None, involvement=involvement)
    with pytest.raises(Http404):
        household_for_actor(actor, household.pk)


def test_opening_the_same_involvement_twice_is_idempotent(household):
    care = f.OrganisationFactory(care=True)
    first = services.involvement_open(
        actor=None, household=household, organisation=care, kind="referral", source_id="7"
    )
    second = services.involvement_open(
        actor=None, household=household, organisation=care, kind="referral", source_id="7"
    )
    assert first.pk == second.pk
    assert household.involvements.count() == 1


@pytest.mark.parametrize("role", [Role.BELEIDSMEDEWERKER, Role.FUNCTIONEEL_BEHEERDER])
def test_roles_without_household_access_see_nothing_even_at_the_landlord(
    household, corporation, role
):
    actor = f.make_actor(role, corporation)
    assert not households_visible_to(actor).exists()
    with pytest.raises(Http404):
        household_for_actor(actor, household.pk)


def test_household_visible_once_even_with_several_tenancies(household, corporation):
    f.TenancyFactory(household=household, corporation=corporation)
    actor = f.make_actor(Role.INCASSOMEDEWERKER, corporation)
    assert households_visible_to(actor).count() == 1
