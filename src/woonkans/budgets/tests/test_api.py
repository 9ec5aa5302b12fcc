from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from woonkans.budgets import services
from woonkans.budgets.models import ChargeKind, CreditorKind, IncomeKind
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

pytestmark = pytest.mark.django_db
D = Decimal


def api_for(organisation, role):
    _client, token = f.make_api_client(organisation, role)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


@pytest.fixture
def budget(consultant, involved_household):
    budget = services.budget_start(
        actor=consultant, household=involved_household, started_on=date(2026, 1, 1)
    )
    services.income_add(
        actor=consultant,
        budget=budget,
        kind=IncomeKind.BIJSTAND,
        amount=D("1400.00"),
        payment_day=25,
    )
    services.charge_add(
        actor=consultant,
        budget=budget,
        kind=ChargeKind.HUUR,
        payee="Corp",
        amount=D("650.00"),
        due_day=1,
    )
    services.debt_add(
        actor=consultant,
        household=involved_household,
        creditor_name="Telecom",
        kind=CreditorKind.TELECOM,
        amount=D("90"),
    )
    services.debt_add(
        actor=consultant,
        household=involved_household,
        creditor_name="Corp",
        kind=CreditorKind.VERHUURDER,
        amount=D("7000"),
    )
    return budget


def test_consultant_client_reads_budget_and_debts(budget, care):
    api = api_for(care, Role.FINANCIEEL_CONSULENT)
    listing = api.get("/api/v1/budgets/")
    assert listing.status_code == 200
    [row] = listing.json()["results"]
    assert row["overview"]["balance"] == "750.00"
    assert api.get(f"/api/v1/budgets/{budget.pk}/").status_code == 200
    debts = api.get(f"/api/v1/debts/?household={budget.household_id}").json()["results"]
    assert [d["creditor_name"] for d in debts] == ["Corp", "Telecom"]
    assert debts[0]["priority"] == 1 and debts[0]["amount"] == "7000.00"


@pytest.mark.parametrize("role", [Role.INCASSOMEDEWERKER, Role.WOONCONSULENT])
def test_corporation_client_sees_nothing(budget, corporation, role):
    api = api_for(corporation, role)
    assert api.get("/api/v1/budgets/").json()["results"] == []
    assert api.get("/api/v1/debts/").json()["results"] == []
    assert api.get(f"/api/v1/budgets/{budget.pk}/").status_code == 404


def test_woonbegeleider_client_sees_nothing(budget, care):
    api = api_for(care, Role.WOONBEGELEIDER)
    assert api.get("/api/v1/debts/").json()["results"] == []
