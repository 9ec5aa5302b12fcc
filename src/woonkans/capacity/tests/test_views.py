"""Pages, use cases and access of the capacity app, incl. the done-when checks of issue 5:
the pilot's family with €7,000 arrears and €50 a month capacity."""

import re
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.test import Client
from django.utils import timezone, translation

from conftest import login_verified
from woonkans.audit.models import AuditEvent
from woonkans.capacity import services
from woonkans.capacity.models import (
    CapacityCalculation,
    CapacitySettings,
    PaymentProposal,
    ProposalStatus,
)
from woonkans.collection.models import PaymentArrangement
from woonkans.households.models import TimelineEntry
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

pytestmark = pytest.mark.django_db

CALC_DATE = "2026-01-15"


@pytest.fixture
def care(household):
    care = f.OrganisationFactory(care=True, name="Onderdak", slug="onderdak-test")
    f.InvolvementFactory(household=household, organisation=care)
    return care


def client_for(role, organisation):
    actor = f.make_actor(role=role, organisation=organisation)
    client = login_verified(Client(), actor.user)
    client.actor = actor
    return client


@pytest.fixture
def consultant(care):
    return client_for(Role.FINANCIEEL_CONSULENT, care)


@pytest.fixture
def collections(corporation):
    return client_for(Role.INCASSOMEDEWERKER, corporation)


def family_calculation(household, consultant):
    """A couple with children on social assistance 2026 (2,002.13) with a court correction of
    50.11: repayment capacity exactly €50."""
    return services.calculation_create(
        actor=consultant.actor,
        household=household,
        data=services.CalculationInput(
            reference_date=timezone.datetime(2026, 1, 15).date(),
            situation="gehuwden_met_kinderen",
            net_income=D("2002.13"),
            corrections=(services.rules.Correction("overig", D("50.11")),),
        ),
    )


def test_consultant_calculates_and_sees_every_component_with_sources(household, consultant):
    response = consultant.post(
        f"/afloscapaciteit/huishouden/{household.pk}/berekenen/",
        {
            "reference_date": CALC_DATE,
            "situation": "gehuwden_met_kinderen",
            "net_income": "2002,13",
            "adults_for_deductible": "2",
        },
    )
    assert response.status_code == 302
    calculation = CapacityCalculation.objects.get(household=household)
    assert calculation.beslagvrije_voet == D("1902.02")
    assert calculation.capacity_bvv == D("100.11")
    assert calculation.protected == D("1966.19")  # + 2 x 385 / 12 = 64.17
    assert calculation.capacity == D("35.94")
    codes = {n["code"]: n for n in calculation.norms_used}
    assert codes["bijstandsnorm"]["valid_from"] == "2026-01-01"
    assert codes["zorg_eigen_risico"]["verified"] is False
    assert AuditEvent.objects.filter(object_type="capacity.capacitycalculation").exists()
    assert TimelineEntry.objects.filter(household=household, kind="capacity.calculated").exists()
    with translation.override("en"):
        page = consultant.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert page.status_code == 200
    for text in (
        "€1,902.02",
        "€35.94",
        "€64.17",
        "Stcrt. 2025, 43553",
        "475da",
        "Default, to verify",
    ):
        assert text in body, text


def test_pilot_family_7000_at_50_shows_140_months_and_the_standard_demand_not_affordable(
    household, consultant
):
    calculation = family_calculation(household, consultant)
    assert calculation.capacity == D("50.00")
    response = consultant.get(
        f"/afloscapaciteit/berekening/{calculation.pk}/voorstel/", {"schuld": "7000"}
    )
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert comparison.standard.at_once == D("3500.00")
    assert comparison.standard.monthly == D("350.00")
    assert not comparison.standard.affordable
    capacity_plan = comparison.alternatives[0]
    assert (capacity_plan.code, capacity_plan.terms, capacity_plan.affordable) == (
        "capacity",
        140,
        True,
    )
    body = response.content.decode()
    assert 'data-wk-plan="standard"' in body
    assert body.count('data-wk-affordable="no"') >= 1
    assert '<td class="utrecht-table__cell wk-amount" data-wk-months>140</td>' in body
    assert response.context["form"].initial["debt"] == D("7000")
    assert 'data-wk-note="max-terms"' in body
    assert "capacity-balance" in body and "js/capacity-plans.js" in body


def test_standard_demand_is_configurable_per_corporation(household, consultant, corporation):
    admin = client_for(Role.FUNCTIONEEL_BEHEERDER, corporation)
    response = admin.post(
        "/afloscapaciteit/instellingen/", {"upfront_percent": "25", "months": "12", "version": 1}
    )
    assert response.status_code == 302
    assert CapacitySettings.objects.get(corporation=corporation).months == 12
    # a stale form does not overwrite
    stale = admin.post(
        "/afloscapaciteit/instellingen/", {"upfront_percent": "10", "months": "6", "version": 1}
    )
    assert stale.status_code == 200
    assert CapacitySettings.objects.get(corporation=corporation).upfront_percent == D("25")
    calculation = family_calculation(household, consultant)
    response = consultant.get(
        f"/afloscapaciteit/berekening/{calculation.pk}/voorstel/", {"schuld": "7000"}
    )
    standard = response.context["comparison"].standard
    assert (standard.at_once, standard.monthly, standard.terms) == (D("1750.00"), D("437.50"), 12)
    # another corporation's administrator or a consultant cannot reach the settings
    assert (
        client_for(Role.FINANCIEEL_CONSULENT, f.OrganisationFactory(care=True))
        .get("/afloscapaciteit/instellingen/")
        .status_code
        == 404
    )


def propose(consultant, calculation, tenancy, **extra):
    data = {
        "tenancy": tenancy.pk,
        "debt": "6000",
        "term_amount": "50",
        "first_due_date": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "split_method": "priority",
        "note": "Eerste deel; rest via schuldregeling.",
        **extra,
    }
    return consultant.post(f"/afloscapaciteit/berekening/{calculation.pk}/voorstel/", data)


@pytest.mark.parametrize(
    ("language", "money"),
    [
        ("nl", lambda text: "€\u00a0" + text.replace(",", "_").replace(".", ",").replace("_", ".")),
        ("en", lambda text: "€" + text),
    ],
)
def test_amounts_in_the_money_notation_of_the_page(
    household, consultant, collections, language, money
):
    """Calculation, plan comparison, proposal and the household panel show amounts grouped
    in thousands, in the notation of the page's language."""
    calculation = family_calculation(household, consultant)
    tenancy = household.tenancies.get()
    consultant.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    collections.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    page = consultant.get(f"/afloscapaciteit/berekening/{calculation.pk}/").content.decode()
    assert money("1,902.02") in page and money("50.00") in page  # beslagvrije voet, capacity
    comparison = consultant.get(
        f"/afloscapaciteit/berekening/{calculation.pk}/voorstel/", {"schuld": "7000"}
    ).content.decode()
    assert money("7,000.00") in comparison and money("3,500.00") in comparison
    assert propose(consultant, calculation, tenancy, debt="7000").status_code == 302
    proposal = PaymentProposal.objects.get()
    detail = collections.get(f"/afloscapaciteit/voorstel/{proposal.pk}/").content.decode()
    assert money("7,000.00") in detail and money("6,000.00") in detail  # in the 120 terms
    panel = consultant.get(f"/huishoudens/{household.pk}/").content.decode()
    assert money("50.00") in panel
    assert '"7000.00"' in comparison  # the chart's data stays plain numbers
    for body in (page, comparison, detail):
        text = re.sub(r"<script.*?</script>|<input[^>]*>", "", body, flags=re.S)  # data, fields
        assert not re.search(r"7000[.,]00|1902[.,]02", text)  # no amount without grouping


def test_a_plan_of_140_terms_registers_the_first_120_on_acceptance(
    household, consultant, collections
):
    calculation = family_calculation(household, consultant)
    tenancy = household.tenancies.get()
    assert propose(consultant, calculation, tenancy, debt="7000").status_code == 302
    proposal = PaymentProposal.objects.get()
    assert (proposal.number_of_terms, proposal.debt) == (140, D("7000.00"))
    page = collections.get(f"/afloscapaciteit/voorstel/{proposal.pk}/")
    assert 'data-wk-note="max-terms"' in page.content.decode()
    collections.post(
        f"/afloscapaciteit/voorstel/{proposal.pk}/besluit/",
        {"decision": "accept", "payment_method": "overboeking", "version": 1},
    )
    arrangement = PaymentArrangement.objects.get(tenancy=tenancy)
    assert (arrangement.total_amount, arrangement.number_of_terms) == (D("6000.00"), 120)
    assert "€\u00a01.000,00" in arrangement.note


def test_a_plan_beyond_fifty_years_is_refused(household, consultant):
    calculation = family_calculation(household, consultant)
    response = propose(consultant, calculation, household.tenancies.get(), term_amount="5")
    assert response.status_code == 200
    assert not PaymentProposal.objects.exists()
    assert "1200" in response.content.decode()


def test_propose_accept_creates_the_payment_arrangement(household, consultant, collections):
    calculation = family_calculation(household, consultant)
    tenancy = household.tenancies.get()
    response = propose(consultant, calculation, tenancy)
    assert response.status_code == 302
    proposal = PaymentProposal.objects.get()
    assert (proposal.number_of_terms, proposal.term_amount) == (120, D("50.00"))
    assert proposal.comparison["standard"]["affordable"] is False
    # the corporation's collections officer sees it in the list and on the household page
    assert (
        proposal.household.name in collections.get("/afloscapaciteit/voorstellen/").content.decode()
    )
    detail = collections.get(f"/afloscapaciteit/voorstel/{proposal.pk}/")
    assert detail.status_code == 200
    assert detail.context["decision_form"] is not None
    assert "capacity-heading" in collections.get(f"/huishoudens/{household.pk}/").content.decode()
    # but not the calculation with the income details
    assert collections.get(f"/afloscapaciteit/berekening/{calculation.pk}/").status_code == 404
    response = collections.post(
        f"/afloscapaciteit/voorstel/{proposal.pk}/besluit/",
        {"decision": "accept", "payment_method": "overboeking", "version": proposal.version},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    arrangement = PaymentArrangement.objects.get(tenancy=tenancy)
    assert proposal.arrangement == arrangement
    assert arrangement.status == "ACT"
    assert (arrangement.total_amount, arrangement.term_amount, arrangement.number_of_terms) == (
        D("6000.00"),
        D("50.00"),
        120,
    )
    kinds = set(TimelineEntry.objects.filter(household=household).values_list("kind", flat=True))
    assert {"capacity.proposed", "capacity.accepted", "arrangement.created"} <= kinds
    # deciding twice is refused
    again = collections.post(
        f"/afloscapaciteit/voorstel/{proposal.pk}/besluit/",
        {"decision": "decline", "reason": "x", "version": proposal.version},
    )
    assert again.status_code == 400
    assert PaymentArrangement.objects.count() == 1


def test_decline_needs_a_reason_and_a_current_version(household, consultant, collections):
    calculation = family_calculation(household, consultant)
    propose(consultant, calculation, household.tenancies.get())
    proposal = PaymentProposal.objects.get()
    url = f"/afloscapaciteit/voorstel/{proposal.pk}/besluit/"
    assert collections.post(url, {"decision": "decline", "version": 1}).status_code == 400
    stale = collections.post(url, {"decision": "decline", "reason": "Te laag", "version": 7})
    assert stale.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED
    collections.post(url, {"decision": "decline", "reason": "Te laag", "version": 1})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_note) == (ProposalStatus.DECLINED, "Te laag")
    assert not PaymentArrangement.objects.exists()


def test_consultant_cannot_decide_and_collections_cannot_calculate(
    household, consultant, collections
):
    calculation = family_calculation(household, consultant)
    propose(consultant, calculation, household.tenancies.get())
    proposal = PaymentProposal.objects.get()
    response = consultant.post(
        f"/afloscapaciteit/voorstel/{proposal.pk}/besluit/",
        {"decision": "accept", "payment_method": "overboeking", "version": 1},
    )
    assert response.status_code == 404
    assert (
        collections.get(f"/afloscapaciteit/huishouden/{household.pk}/berekenen/").status_code == 404
    )


def test_coordinator_sees_but_cannot_calculate(household, consultant, care):
    coordinator = client_for(Role.COORDINATOR, care)
    calculation = family_calculation(household, consultant)
    assert coordinator.get(f"/afloscapaciteit/berekening/{calculation.pk}/").status_code == 200
    assert coordinator.get(f"/afloscapaciteit/huishouden/{household.pk}/").status_code == 200
    assert (
        coordinator.get(f"/afloscapaciteit/huishouden/{household.pk}/berekenen/").status_code == 404
    )
    assert (
        coordinator.get(f"/afloscapaciteit/berekening/{calculation.pk}/voorstel/").status_code
        == 404
    )


def test_uninvolved_consultant_sees_nothing(household, consultant):
    calculation = family_calculation(household, consultant)
    outsider = client_for(Role.FINANCIEEL_CONSULENT, f.OrganisationFactory(care=True))
    for url in (
        f"/afloscapaciteit/berekening/{calculation.pk}/",
        f"/afloscapaciteit/huishouden/{household.pk}/",
        f"/afloscapaciteit/huishouden/{household.pk}/berekenen/",
        f"/afloscapaciteit/berekening/{calculation.pk}/voorstel/",
    ):
        assert outsider.get(url).status_code == 404, url


def test_consultant_withdraws(household, consultant):
    calculation = family_calculation(household, consultant)
    propose(consultant, calculation, household.tenancies.get())
    proposal = PaymentProposal.objects.get()
    consultant.post(f"/afloscapaciteit/voorstel/{proposal.pk}/intrekken/", {"version": 1})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN


def test_public_calculator_page_without_login():
    client = Client()
    with translation.override("en"):
        response = client.get(
            "/afloscapaciteit/rekenhulp/",
            {"leefsituatie": "alleenstaande", "netto_inkomen": "1200", "peildatum": "2026-01-15"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert response.context["result"].beslagvrije_voet == D("1140.00")
    assert response.context["result"].capacity == D("60.00")
    body = response.content.decode()
    assert "Stcrt. 2025, 43553" in body
    plan = client.get(
        "/afloscapaciteit/rekenhulp/",
        {
            "plan-schuld": "7000",
            "plan-afloscapaciteit": "50",
            "plan-eenmalig": "3500",
            "plan-termijnen": "10",
        },
    )
    assert plan.context["plan_capacity"].terms == 140
    assert plan.context["plan_demand"].affordable is False
    assert plan.context["plan_demand"].monthly == D("350.00")
    assert Client().get("/afloscapaciteit/rekenhulp/", {"netto_inkomen": "x"}).status_code == 200


def test_capacity_split_over_the_debt_inventory(household, consultant):
    from woonkans.budgets.models import Debt, DebtStatus

    Debt.objects.create(
        household=household,
        creditor_name="Woonstichting",
        kind="verhuurder",
        amount=D("7000"),
        priority=1,
    )
    Debt.objects.create(
        household=household,
        creditor_name="Energiebedrijf",
        kind="energie",
        amount=D("1000"),
        priority=1,
    )
    Debt.objects.create(
        household=household,
        creditor_name="Telefoonbedrijf",
        kind="telecom",
        amount=D("2000"),
        priority=3,
    )
    Debt.objects.create(
        household=household,
        creditor_name="Afgelost",
        kind="overig",
        amount=D("500"),
        priority=3,
        status=DebtStatus.AFGELOST,
    )
    calculation = family_calculation(household, consultant)
    url = f"/afloscapaciteit/berekening/{calculation.pk}/voorstel/"
    split = consultant.get(url, {"schuld": "7000"}).context["split"]
    assert [(s.creditor, s.first_month) for s in split.shares] == [
        ("Woonstichting", D("43.75")),
        ("Energiebedrijf", D("6.25")),
        ("Telefoonbedrijf", D("0.00")),
    ]
    pro_rata = consultant.get(url, {"schuld": "7000", "verdeling": "pro_rata"}).context["split"]
    assert [s.first_month for s in pro_rata.shares] == [D("35.00"), D("5.00"), D("10.00")]
    assert pro_rata.months == 200
    propose(consultant, calculation, household.tenancies.get(), debt="7000")
    stored = PaymentProposal.objects.get().comparison["split"]
    assert [s["first_month"] for s in stored] == ["43.75", "6.25", "0.00"]


def test_an_existing_arrangement_is_shown_and_blocks_accepting(household, consultant, collections):
    from woonkans.collection import services as collection

    tenancy = household.tenancies.get()
    today = timezone.localdate()
    collection.arrangement_create(
        actor=collections.actor,
        tenancy=tenancy,
        total_amount=D("5000.00"),
        term_amount=D("50.00"),
        first_due_date=today,
        agreed_on=today,
        payment_method="overboeking",
        status="ACT",
    )
    calculation = family_calculation(household, consultant)
    propose(consultant, calculation, tenancy)
    proposal = PaymentProposal.objects.get()
    page = collections.get(f"/afloscapaciteit/voorstel/{proposal.pk}/")
    assert 'data-wk-note="current-arrangement"' in page.content.decode()
    response = collections.post(
        f"/afloscapaciteit/voorstel/{proposal.pk}/besluit/",
        {"decision": "accept", "payment_method": "overboeking", "version": 1},
    )
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED
    assert PaymentArrangement.objects.count() == 1
