"""The figures of the quarterly financial summary, generated from the data.

* income, fixed charges, living money and repayments per month: from the budget
  management that ran at the end of the quarter (or the last one that ran in it);
* rent paid on time: the months of the quarter in which the consultant's payments for the
  rent charge reached the rent by its due day;
* the arrears at the start and end of the quarter: ``woonkans.arrears.positions`` over the
  ledger of the household's tenancies with the corporation;
* whether a payment arrangement is possible and at what amount: the latest repayment
  capacity calculation (``woonkans.capacity``) up to the quarter's end, when that app
  provides one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext as _

from woonkans.arrears.models import LedgerEntry
from woonkans.arrears.positions import Entry, position_at
from woonkans.core.templatetags.money import format_money
from woonkans.households.models import Household, Tenancy
from woonkans.organisations.models import Organisation

from . import rules
from .models import BudgetManagement, ChargeKind, ConsultantPayment, Debt, DebtStatus


@dataclass
class Figures:
    income_total: Decimal = rules.ZERO
    fixed_charges_total: Decimal = rules.ZERO
    living_money_monthly: Decimal = rules.ZERO
    repayments_total: Decimal = rules.ZERO
    rent_months_on_time: int | None = None
    rent_months: int = 3
    arrears_at_start: Decimal | None = None
    arrears_at_end: Decimal | None = None
    open_rent_terms_at_end: int | None = None
    budget_management_running: bool = False
    arrangement_possible: bool | None = None
    arrangement_amount: Decimal | None = None
    capacity_note: str = ""


def budget_in_period(household: Household, start: date, end: date) -> BudgetManagement | None:
    """The budget management that ran at the end of the period, else the last one that ran
    during it."""
    return (
        BudgetManagement.objects.filter(household=household, started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .order_by("-started_on", "-pk")
        .first()
    )


def budget_overview(budget: BudgetManagement) -> rules.Overview:
    repayments = Debt.objects.filter(
        household=budget.household_id, status=DebtStatus.IN_REGELING
    ).values_list("monthly_repayment", flat=True)
    return rules.overview(
        incomes=budget.incomes.values_list("amount", flat=True),
        charges=budget.charges.values_list("amount", flat=True),
        living_money_amount=budget.living_money_amount,
        living_money_frequency=budget.living_money_frequency,
        repayments=repayments,
    )


def arrears_at(tenancies: list[Tenancy], on: date) -> tuple[Decimal, int] | None:
    """The arrears and open rent terms over ``tenancies`` at ``on``; None without ledger."""
    by_tenancy: dict[int, list[Entry]] = {}
    for tenancy_id, kind, amount, booked, due, mid in LedgerEntry.objects.filter(
        tenancy__in=tenancies
    ).values_list("tenancy_id", "kind", "amount", "booking_date", "due_date", "mutation_id"):
        by_tenancy.setdefault(tenancy_id, []).append(Entry(kind, amount, booked, due, mid))
    if not by_tenancy:
        return None
    achterstand = rules.ZERO
    terms = 0
    for ledger in by_tenancy.values():
        position = position_at(ledger, on)
        achterstand += position.achterstand
        terms += position.open_termijnen
    return rules.cents(achterstand), terms


def capacity_for(
    household: Household, on: date, corporation: Organisation | None = None
) -> tuple[bool | None, Decimal | None, str]:
    """Whether a payment arrangement is possible and at what amount per month, from the
    capacity app (when installed): a payment plan proposed to or accepted by the
    corporation up to ``on``, else the latest repayment capacity calculated up to ``on``."""
    try:
        calculations = apps.get_model("capacity", "CapacityCalculation")
    except LookupError:  # pragma: no cover - the capacity app is installed
        return None, None, ""
    try:
        proposals = apps.get_model("capacity", "PaymentProposal")
    except LookupError:  # pragma: no cover
        proposals = None
    if proposals is not None and corporation is not None:
        proposal = (
            proposals.objects.filter(
                household=household,
                tenancy__corporation=corporation,
                status__in=["proposed", "accepted"],
                created_at__date__lte=on,
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        if proposal is not None:
            return (
                True,
                rules.cents(proposal.term_amount),
                _("Payment plan %(status)s: %(amount)s per month in %(terms)s terms.")
                % {
                    "status": proposal.get_status_display().lower(),
                    "amount": format_money(rules.cents(proposal.term_amount)),
                    "terms": proposal.number_of_terms,
                },
            )
    calculation = (
        calculations.objects.filter(household=household, reference_date__lte=on)
        .order_by("-reference_date", "-pk")
        .first()
    )
    if calculation is None:
        return None, None, _("No repayment capacity was calculated up to the end of the quarter.")
    capacity = calculation.capacity
    return (
        capacity > 0,
        rules.cents(capacity) if capacity > 0 else None,
        _("Repayment capacity calculated for %(day)s.")
        % {"day": calculation.reference_date.strftime("%d-%m-%Y")},
    )


def generate(
    *, household: Household, corporation: Organisation, year: int, quarter: int
) -> Figures:
    start, end = rules.quarter_bounds(year, quarter)
    figures = Figures()
    budget = budget_in_period(household, start, end)
    if budget is not None:
        figures.budget_management_running = budget.ended_on is None or budget.ended_on >= end
        overview = budget_overview(budget)
        figures.income_total = overview.income
        figures.fixed_charges_total = overview.fixed_charges
        figures.living_money_monthly = overview.living_money
        figures.repayments_total = overview.repayments
        rent = budget.charges.filter(kind=ChargeKind.HUUR).order_by("pk").first()
        if rent is not None:
            payments = ConsultantPayment.objects.filter(
                budget=budget,
                charge=rent,
                paid_on__gt=start - timedelta(days=31),
                paid_on__lte=end,
            ).values_list("paid_on", "amount")
            figures.rent_months_on_time = rules.rent_paid_on_time(
                year=year,
                quarter=quarter,
                due_day=rent.due_day,
                payments=payments,
                rent=rent.amount,
            )
    tenancies = list(Tenancy.objects.filter(household=household, corporation=corporation))
    at_start = arrears_at(tenancies, start - timedelta(days=1))
    at_end = arrears_at(tenancies, end)
    if at_start is not None:
        figures.arrears_at_start = at_start[0]
    if at_end is not None:
        figures.arrears_at_end, figures.open_rent_terms_at_end = at_end
    possible, amount, note = capacity_for(household, end, corporation)
    figures.arrangement_possible = possible
    figures.arrangement_amount = amount
    figures.capacity_note = note
    return figures
