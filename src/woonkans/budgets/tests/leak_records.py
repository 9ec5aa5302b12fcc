"""Budget management records of the leak walker's secret household (see
tests/test_no_data_leaks_across_organisations.py)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from woonkans.budgets.models import (
    BudgetManagement,
    ChargeKind,
    ConsultantPayment,
    CreditorContact,
    CreditorKind,
    Debt,
    DebtStatus,
    FixedCharge,
    IncomeKind,
    IncomeSource,
    QuarterlySummary,
    SummaryStatus,
)


def make(*, household, corporation, care) -> tuple[set, list]:
    today = timezone.localdate()
    budget = BudgetManagement.objects.create(
        household=household,
        organisation=care,
        started_on=today,
        living_money_amount=Decimal("87.65"),
        notes="Budgetnotitie Grutto",
    )
    IncomeSource.objects.create(
        budget=budget,
        kind=IncomeKind.LOON,
        description="Loon bij Tureluur BV",
        amount=Decimal("4321.09"),
        payment_day=25,
    )
    charge = FixedCharge.objects.create(
        budget=budget,
        kind=ChargeKind.WATER,
        payee="Kievit Water",
        amount=Decimal("31.00"),
        due_day=1,
    )
    ConsultantPayment.objects.create(
        budget=budget, paid_on=today, payee="Kievit Water", amount=Decimal("31.00"), charge=charge
    )
    debt = Debt.objects.create(
        household=household,
        creditor_name="Scholekster Energie",
        kind=CreditorKind.ENERGIE,
        amount=Decimal("2468.13"),
        status=DebtStatus.OPEN,
        priority=1,
    )
    CreditorContact.objects.create(
        debt=debt, contacted_on=today, channel="telefoon", outcome="Afspraak Wulp"
    )
    summary = QuarterlySummary.objects.create(
        household=household,
        corporation=corporation,
        organisation=care,
        year=today.year,
        quarter=1,
        period_start=today.replace(month=1, day=1),
        period_end=today.replace(month=3, day=31),
        income_total=Decimal("4321.09"),
        budget_management_running=True,
        remarks="Kwartaalopmerking Tapuit",
        status=SummaryStatus.SENT,
        generated_at=timezone.now(),
        sent_at=timezone.now(),
    )
    markers = [
        "Grutto",
        "Tureluur",
        "4321.09",
        "4321,09",
        "4.321,09",
        "Kievit Water",
        "Scholekster",
        "2468.13",
        "2468,13",
        "Wulp",
        "Tapuit",
    ]
    return {budget.pk, debt.pk, summary.pk}, markers
