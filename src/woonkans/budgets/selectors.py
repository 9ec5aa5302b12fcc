"""Read-only queries of the budgets app (no access checks: callers pass a visible household)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from woonkans.budgets import rules
from woonkans.budgets.models import (
    OPEN_STATUSES,
    BudgetManagement,
    ConsultantPayment,
    Debt,
    FixedCharge,
)
from woonkans.households.models import Household


def open_debts(household: Household) -> QuerySet[Debt]:
    """The household's debts still to be paid by it (open or in an arrangement), most
    urgent first (priority 1 first, then the larger amount)."""
    return Debt.objects.filter(household=household, status__in=OPEN_STATUSES).order_by(
        "priority", "-amount", "pk"
    )


def all_debts(household: Household) -> QuerySet[Debt]:
    return Debt.objects.filter(household=household).order_by("priority", "-amount", "pk")


def running_budget(household: Household) -> BudgetManagement | None:
    return (
        BudgetManagement.objects.filter(household=household, ended_on__isnull=True)
        .select_related("organisation", "consultant")
        .first()
    )


def overview_for(budget: BudgetManagement) -> rules.Overview:
    from .summaries import budget_overview

    return budget_overview(budget)


@dataclass(frozen=True)
class Warning:
    charge: FixedCharge
    reason: str
    due_on: date
    missing: Decimal


def warnings_for(budget: BudgetManagement, *, today: date | None = None) -> list[Warning]:
    """Essential fixed charges that would go unpaid this month (see
    ``rules.charge_warnings``)."""
    today = today or timezone.localdate()
    charges = {c.pk: c for c in budget.charges.all()}
    # Each charge counts the payments since its own window start (rules.payment_window_start).
    starts = {pk: rules.payment_window_start(today, c.due_day) for pk, c in charges.items()}
    paid: dict[int, Decimal] = {}
    if charges:
        rows = ConsultantPayment.objects.filter(
            budget=budget,
            charge__in=list(charges),
            paid_on__gte=min(starts.values()),
            paid_on__lte=today,
        ).values_list("charge", "paid_on", "amount")
        for charge_id, paid_on, amount in rows:
            if paid_on >= starts[charge_id]:
                paid[charge_id] = paid.get(charge_id, rules.ZERO) + amount
    facts = [
        rules.ChargeFacts(
            key=pk,
            kind=c.kind,
            amount=c.amount,
            due_day=c.due_day,
            paid_this_month=paid.get(pk) or rules.ZERO,
        )
        for pk, c in charges.items()
    ]
    income = sum(budget.incomes.values_list("amount", flat=True), rules.ZERO)
    return [
        Warning(charges[w.key], w.reason, w.due_on, w.missing)
        for w in rules.charge_warnings(facts, income_this_month=income, today=today)
    ]


def budget_chart(overview: rules.Overview) -> dict:
    """Data for the budget chart (exact decimal strings; the table shows the same)."""
    from django.utils.translation import gettext as _

    return {
        "labels": [_("Income"), _("Fixed charges"), _("Living money"), _("Repayments")],
        "amounts": [
            f"{overview.income:.2f}",
            f"{overview.fixed_charges:.2f}",
            f"{overview.living_money:.2f}",
            f"{overview.repayments:.2f}",
        ],
        "balance_label": _("Surplus") if not overview.is_shortfall else _("Shortfall"),
        "balance": f"{overview.balance:.2f}",
    }
