from __future__ import annotations

import pytest

from woonkans.organisations.models import Role
from woonkans.testing import factories as f


@pytest.fixture
def care(db):
    return f.OrganisationFactory(
        care=True, name="Zorg met Budgetbeheer", slug="zorg-bb", has_budget_management_team=True
    )


@pytest.fixture
def involved_household(household, care):
    f.InvolvementFactory(household=household, organisation=care)
    return household


@pytest.fixture
def consultant(care):
    return f.make_actor(Role.FINANCIEEL_CONSULENT, care)


@pytest.fixture
def coordinator(care):
    return f.make_actor(Role.COORDINATOR, care)


@pytest.fixture
def collections(corporation):
    return f.make_actor(Role.INCASSOMEDEWERKER, corporation)


@pytest.fixture(autouse=True)
def _english_texts(english):
    """These tests assert the English source texts (see woonkans.testing.language)."""
