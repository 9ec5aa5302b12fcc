"""Fixtures for the API tests: a household rented from ``corporation`` with a tenant and a
child, a care organisation involved with it, and API clients with tokens."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from woonkans.households.models import Relation
from woonkans.organisations.models import Role
from woonkans.testing import factories as f


@pytest.fixture
def care(db):
    return f.OrganisationFactory(care=True, name="Zorg Test", slug="zorg-test")


@pytest.fixture
def family(corporation, care):
    """A household with a main tenant, a child and one tenancy; the care org is involved."""
    household = f.HouseholdFactory(reference="HH-API-1", name="Familie Voorbeeld")
    tenant = f.PersonFactory(
        household=household,
        first_name="Tessa",
        last_name="Voorbeeld",
        date_of_birth=date(1985, 3, 14),
        relation=Relation.HOOFDHUURDER,
        phone="0612345678",
        email="tessa@example.invalid",
    )
    child = f.PersonFactory(
        household=household,
        first_name="Sem",
        last_name="Voorbeeld",
        date_of_birth=date(2015, 6, 1),
        relation=Relation.KIND,
        phone="",
        email="",
    )
    tenancy = f.TenancyFactory(
        household=household,
        corporation=corporation,
        contract_number="OVK-123",
        start_date=date(2015, 1, 1),
        street="Voorbeeldstraat",
        house_number="12",
        postcode="1234 AB",
        city="Voorbeeldstad",
        district="Noord",
        rent=Decimal("612.5"),
    )
    f.InvolvementFactory(household=household, organisation=care, kind="trajectory")
    household.tenant, household.child, household.tenancy = tenant, child, tenancy
    return household


def bearer(token: str | None) -> APIClient:
    client = APIClient()
    if token is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def api_as(db):
    """``api_as(organisation, role)`` -> an APIClient with a fresh client token."""

    def make(organisation, role: str = Role.INCASSOMEDEWERKER) -> APIClient:
        api_client, token = f.make_api_client(organisation, role=role)
        client = bearer(token)
        client.api_client = api_client
        client.token = token
        return client

    return make
