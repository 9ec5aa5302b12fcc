"""The capacity pages in the browser, with the axe-core check on each (browser.check_page):
the public calculator with results and errors, the standard-demand settings, a calculation
and a proposal, and the corporation deciding (error summary, then accepting).

The journey of issue 5 as a whole is test_budget_journey.py."""

from __future__ import annotations

from decimal import Decimal

import pytest

from woonkans.capacity.models import CapacityCalculation, PaymentProposal
from woonkans.collection.models import PaymentArrangement
from woonkans.households.models import InvolvementKind
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

from .browser import check_page, login, logout, submit, visit

pytestmark = pytest.mark.browser


def test_public_calculator(page):
    visit(page, "/afloscapaciteit/rekenhulp/", "capacity-calculator")
    visit(
        page,
        "/afloscapaciteit/rekenhulp/?leefsituatie=gehuwden_met_kinderen&netto_inkomen=2002,13"
        "&peildatum=2026-01-15",
        "capacity-calculator-result",
    )
    assert "1.902,02" in page.locator("[data-wk-result='beslagvrije_voet']").inner_text()
    visit(
        page,
        "/afloscapaciteit/rekenhulp/?plan-schuld=7000&plan-afloscapaciteit=50&plan-eenmalig=3500"
        "&plan-termijnen=10",
        "capacity-calculator-plan",
    )
    assert page.locator("[data-wk-result='termijnen_nodig']").inner_text().strip() == "140"
    visit(page, "/afloscapaciteit/rekenhulp/?netto_inkomen=abc", "capacity-calculator-errors")


def test_calculation_proposal_and_decision(page, world):
    care = f.OrganisationFactory(care=True, name="Geldzorg", slug="geldzorg")
    f.InvolvementFactory(
        household=world.household, organisation=care, kind=InvolvementKind.TRAJECTORY
    )
    consultant = world.actor(Role.FINANCIEEL_CONSULENT, care, "geldconsulent")
    officer = world.actor(Role.INCASSOMEDEWERKER, world.corporation, "incassant")
    household = world.household

    login(page, world.admin.user)
    visit(page, "/afloscapaciteit/instellingen/", "capacity-settings")
    page.fill("#id_months", "0")
    submit(page)
    check_page(page, "capacity-settings-errors")
    page.fill("#id_months", "12")
    submit(page)
    check_page(page, "capacity-settings-saved")
    logout(page)

    login(page, consultant.user)
    visit(page, f"/huishoudens/{household.pk}/", "capacity-household-panel")
    visit(page, f"/afloscapaciteit/huishouden/{household.pk}/", "capacity-household-empty")
    visit(page, f"/afloscapaciteit/huishouden/{household.pk}/berekenen/", "capacity-form")
    submit(page)  # no income: the error summary
    check_page(page, "capacity-form-errors")
    page.fill("#id_reference_date", "2026-01-15")
    page.select_option("#id_situation", "gehuwden_met_kinderen")
    page.fill("#id_net_income", "2002,13")
    page.select_option("#id_adults_for_deductible", "2")
    page.fill("#id_correction_lokale_lasten", "10,00")
    submit(page)
    calculation = CapacityCalculation.objects.get(household=household)
    assert calculation.capacity == Decimal("25.94")
    check_page(page, "capacity-calculation-vtlb")

    visit(
        page,
        f"/afloscapaciteit/berekening/{calculation.pk}/voorstel/?schuld=1500&verdeling=pro_rata",
        "capacity-proposal-compare",
    )
    assert page.locator("[data-wk-plan='standard'] [data-wk-affordable='no']").count() == 1
    page.locator("details.wk-details summary").first.click()
    check_page(page, "capacity-proposal-compare-table")
    page.fill("#id_debt", "1500,00")
    page.fill("#id_term_amount", "25,00")
    submit(page)
    proposal = PaymentProposal.objects.get(household=household)
    check_page(page, "capacity-proposal-consultant")
    logout(page)

    login(page, officer.user)
    visit(page, "/afloscapaciteit/voorstellen/", "capacity-proposals")
    visit(page, f"/afloscapaciteit/voorstel/{proposal.pk}/", "capacity-decide")
    page.check("input[name='decision'][value='accept']")
    submit(page)  # no payment method: the error summary
    check_page(page, "capacity-decide-errors")
    page.check("input[name='decision'][value='accept']")
    page.select_option("#id_payment_method", "overboeking")
    submit(page)
    check_page(page, "capacity-accepted")
    arrangement = PaymentArrangement.objects.get(tenancy=world.tenancy)
    assert (arrangement.number_of_terms, arrangement.term_amount) == (60, Decimal("25.00"))
