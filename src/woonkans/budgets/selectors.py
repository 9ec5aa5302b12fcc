"""Read-only queries of the budgets app (no access checks: callers pass a visible household)."""

from __future__ import annotations

from django.db.models import QuerySet

from woonkans.budgets.models import OPEN_STATUSES, Debt
from woonkans.households.models import Household


def open_debts(household: Household) -> QuerySet[Debt]:
    """The household's debts still to be paid by it (open or in an arrangement), most
    urgent first (priority 1 first, then the larger amount)."""
    return Debt.objects.filter(household=household, status__in=OPEN_STATUSES).order_by(
        "priority", "-amount", "pk"
    )


def all_debts(household: Household) -> QuerySet[Debt]:
    return Debt.objects.filter(household=household).order_by("priority", "-amount", "pk")
