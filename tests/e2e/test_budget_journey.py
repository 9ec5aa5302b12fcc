"""Issue 5 in the browser: a financial consultant sets up budget management for a household
with €7,000 rent arrears, computes the repayment capacity (€50 a month), sees the
corporation's standard demand marked not affordable next to an affordable plan, proposes
an arrangement (the part of the arrears that fits in 120 terms) and sends the quarterly
summary; the corporation's collections officer then
sees the proposal and the summary. Every page passes the axe-core check (check_page).

Uses the pages of the capacity app as they are (``/afloscapaciteit/``, see its urls.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from woonkans.budgets.models import BudgetManagement, Debt, QuarterlySummary
from woonkans.capacity.models import CapacityCalculation, PaymentProposal
from woonkans.households.models import InvolvementKind
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

from .browser import check_page, login, logout, submit, visit

# Elements are found by their English labels.
pytestmark = [pytest.mark.browser, pytest.mark.browser_locale("en-GB")]


def _main_text(page) -> str:
    return page.locator("main").inner_text()


def test_consultant_sets_up_budget_and_proposes_an_arrangement(page, world):
    care = f.OrganisationFactory(
        care=True, name="Stadsgeldbeheer Zorg", slug="zorg-geld", has_budget_management_team=True
    )
    f.InvolvementFactory(
        household=world.household, organisation=care, kind=InvolvementKind.TRAJECTORY
    )
    consultant = world.actor(Role.FINANCIEEL_CONSULENT, care, "consulent")
    officer = world.actor(Role.INCASSOMEDEWERKER, world.corporation, "incasso")
    household = world.household
    today = timezone.localdate()

    # --- Budget management -------------------------------------------------------------
    login(page, consultant.user)
    visit(page, "/budgetbeheer/", "budgets-list")
    with page.expect_navigation(wait_until="load"):
        page.locator(f"a[href='/budgetbeheer/huishouden/{household.pk}/']").click()
    check_page(page, "budgets-household-empty")
    with page.expect_navigation(wait_until="load"):
        page.locator(f"a[href$='/huishouden/{household.pk}/starten/']").click()
    check_page(page, "budgets-start")
    page.fill("#id_started_on", date(today.year, 1, 1).isoformat())
    page.fill("#id_living_money_amount", "50")
    page.select_option("#id_living_money_frequency", "weekly")
    page.fill("#id_reserve_target", "300")
    submit(page)
    budget = BudgetManagement.objects.get(household=household)

    visit(page, f"/budgetbeheer/beheer/{budget.pk}/inkomen/", "budgets-income-new")
    page.select_option("#id_kind", "bijstand")
    page.fill("#id_amount", "1000.00")
    page.fill("#id_payment_day", "25")
    submit(page)
    visit(page, f"/budgetbeheer/beheer/{budget.pk}/vaste-last/", "budgets-charge-new")
    submit(page)  # empty: the error summary
    check_page(page, "budgets-charge-errors")
    page.select_option("#id_kind", "huur")
    page.fill("#id_payee", world.corporation.name)
    page.fill("#id_amount", "650.00")
    page.fill("#id_due_day", "1")
    submit(page)

    visit(page, f"/budgetbeheer/huishouden/{household.pk}/schuld/nieuw/", "budgets-debt-new")
    page.fill("#id_creditor_name", world.corporation.name)
    page.select_option("#id_kind", "verhuurder")
    page.fill("#id_amount", "7000.00")
    submit(page)
    debt = Debt.objects.get(household=household)
    assert debt.priority == 1
    check_page(page, "budgets-household")
    assert page.locator("canvas[data-wk-budget-chart]").count() == 1
    assert page.locator("[data-wk-figure='balance']").inner_text().strip().startswith("€")

    # --- Repayment capacity (capacity app) ----------------------------------------------
    visit(page, f"/afloscapaciteit/huishouden/{household.pk}/berekenen/", "capacity-new")
    page.select_option("#id_situation", "alleenstaande")
    page.fill("#id_net_income", "1000,00")
    submit(page)
    calculation = CapacityCalculation.objects.get(household=household)
    assert calculation.capacity == Decimal("50.00")
    check_page(page, "capacity-calculation")

    visit(
        page,
        f"/afloscapaciteit/berekening/{calculation.pk}/voorstel/?schuld=7000",
        "capacity-proposal-new",
    )
    text = _main_text(page)
    assert "140" in text  # months at €50 a month
    # An arrangement has at most 120 terms: propose the part that fits, the rest later.
    page.fill("#id_debt", "6000,00")
    page.fill("#id_term_amount", "50,00")
    submit(page)
    assert PaymentProposal.objects.filter(household=household).exists(), _main_text(page)[:3000]
    proposal = PaymentProposal.objects.get(household=household)
    assert proposal.number_of_terms == 120
    check_page(page, "capacity-proposal")

    # --- Quarterly summary ---------------------------------------------------------------
    visit(
        page,
        f"/budgetbeheer/huishouden/{household.pk}/kwartaaloverzicht/",
        "budgets-summary-new",
    )
    # The current quarter: the proposal made today counts for it.
    page.select_option("#id_period", f"{today.year}-{(today.month - 1) // 3 + 1}")
    submit(page)
    summary = QuarterlySummary.objects.get(household=household)
    check_page(page, "budgets-summary-draft")
    page.fill("#id_remarks", "Budgetbeheer loopt; de huur wordt betaald door de consulent.")
    submit(page, "button[value='send']")
    summary.refresh_from_db()
    assert summary.is_sent
    assert summary.arrangement_amount == Decimal("50.00")
    check_page(page, "budgets-summary-sent")
    logout(page)

    # --- The corporation sees the proposal and the summary, not the budget ---------------
    login(page, officer.user)
    visit(page, f"/huishoudens/{household.pk}/", "household-for-corporation")
    assert page.locator(f"a[href='/budgetbeheer/kwartaaloverzicht/{summary.pk}/']").count() == 1
    assert page.locator(f"a[href='/budgetbeheer/huishouden/{household.pk}/']").count() == 0
    visit(page, f"/budgetbeheer/kwartaaloverzicht/{summary.pk}/", "budgets-summary-corporation")
    assert "Budgetbeheer loopt" in _main_text(page)
    visit(page, f"/budgetbeheer/huishouden/{household.pk}/", "budgets-hidden", status=404)
    visit(page, "/afloscapaciteit/voorstellen/", "capacity-proposals-corporation")
    visit(page, f"/afloscapaciteit/voorstel/{proposal.pk}/", "capacity-proposal-corporation")
    logout(page)
