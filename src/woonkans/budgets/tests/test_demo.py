from __future__ import annotations

from decimal import Decimal

import pytest

from woonkans.budgets import selectors
from woonkans.budgets.models import BudgetManagement, DebtStatus, QuarterlySummary, SummaryStatus
from woonkans.demo.services import demo_load
from woonkans.households.models import Household

pytestmark = pytest.mark.django_db


def test_demo_budget_management_follows_the_pilot_facts():
    demo_load()
    d = Household.objects.get(reference="DL-PILOT-D")
    budget = selectors.running_budget(d)
    assert budget is not None
    rent = d.debts.get(kind="verhuurder")
    assert rent.amount == Decimal("7000.00") and rent.status == DebtStatus.IN_REGELING
    assert rent.monthly_repayment == Decimal("50.00") and rent.priority == 1
    assert QuarterlySummary.objects.get(household=d).status == SummaryStatus.DRAFT
    b = Household.objects.get(reference="DL-PILOT-B")
    assert QuarterlySummary.objects.get(household=b).status == SummaryStatus.SENT
    a = Household.objects.get(reference="DL-PILOT-A")
    assert not BudgetManagement.objects.get(household=a).is_running
    assert not selectors.open_debts(a).exists()  # all handed over
    e = Household.objects.get(reference="DL-PILOT-E")
    assert selectors.running_budget(e) is None and e.debts.count() == 1
    # Idempotent.
    before = (BudgetManagement.objects.count(), d.debts.count())
    demo_load()
    assert (BudgetManagement.objects.count(), d.debts.count()) == before
