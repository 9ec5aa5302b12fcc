from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from conftest import login_verified
from woonkans.budgets import services
from woonkans.budgets.models import (
    BudgetManagement,
    ChargeKind,
    CreditorKind,
    Debt,
    IncomeKind,
    QuarterlySummary,
    SummaryStatus,
)
from woonkans.budgets.pdf import summary_html
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

pytestmark = pytest.mark.django_db
D = Decimal


def client_for(actor) -> Client:
    client = Client()
    login_verified(client, actor.user)
    return client


@pytest.fixture
def budget(consultant, involved_household):
    budget = services.budget_start(
        actor=consultant,
        household=involved_household,
        started_on=date(2026, 1, 1),
        living_money_amount=D("60.00"),
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
        payee="Woonstichting",
        amount=D("650.00"),
        due_day=1,
    )
    services.debt_add(
        actor=consultant,
        household=involved_household,
        creditor_name="Waterbedrijf Noord",
        kind=CreditorKind.WATER,
        amount=D("120.00"),
    )
    return budget


@pytest.fixture
def sent_summary(budget, consultant, corporation):
    f.make_actor(Role.INCASSOMEDEWERKER, corporation)
    summary = services.summary_generate(
        actor=consultant, household=budget.household, corporation=corporation, year=2026, quarter=2
    )
    summary = services.summary_update(
        actor=consultant, summary=summary, version=summary.version, remarks="OPMERKING-Q2"
    )
    return services.summary_send(actor=consultant, summary=summary, version=summary.version)


def test_consultant_sets_up_budget_through_pages(consultant, involved_household):
    client = client_for(consultant)
    with translation.override("en"):
        page = client.get(reverse("budgets:household", args=[involved_household.pk]))
    assert page.status_code == 200
    assert b"Start budget management" in page.content
    response = client.post(
        reverse("budgets:start", args=[involved_household.pk]),
        {
            "started_on": "2026-01-01",
            "living_money_amount": "50.00",
            "living_money_frequency": "weekly",
            "reserve_target": "300",
            "reserve_balance": "20",
            "notes": "",
        },
    )
    assert response.status_code == 302
    budget = BudgetManagement.objects.get(household=involved_household)
    client.post(
        reverse("budgets:income-new", args=[budget.pk]),
        {"kind": "bijstand", "description": "", "amount": "1401.50", "payment_day": "25"},
    )
    client.post(
        reverse("budgets:charge-new", args=[budget.pk]),
        {"kind": "huur", "payee": "Woonstichting", "amount": "650.00", "due_day": "1"},
    )
    charge = budget.charges.get()
    response = client.post(
        reverse("budgets:payment-new", args=[budget.pk]),
        {
            "paid_on": timezone.localdate().isoformat(),
            "charge": charge.pk,
            "payee": "",
            "amount": "650.00",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert budget.payments.get().payee == "Woonstichting"
    page = client.get(reverse("budgets:household", args=[involved_household.pk]))
    assert page.status_code == 200
    assert page.context["overview"].balance == D("1401.50") - D("650.00") - D("216.67")
    assert b"budget-chart-data" in page.content


def test_debt_pages_and_priority_reason(consultant, involved_household):
    client = client_for(consultant)
    with translation.override("en"):
        response = client.post(
            reverse("budgets:debt-new", args=[involved_household.pk]),
            {
                "creditor_name": "Telefoonbedrijf",
                "kind": "telecom",
                "reference": "",
                "amount": "200",
                "status": "open",
                "monthly_repayment": "0",
                "priority": "1",
                "priority_override_reason": "",
                "notes": "",
            },
        )
    assert response.status_code == 200
    assert b"Give a reason" in response.content
    response = client.post(
        reverse("budgets:debt-new", args=[involved_household.pk]),
        {
            "creditor_name": "Telefoonbedrijf",
            "kind": "telecom",
            "reference": "",
            "amount": "200",
            "status": "open",
            "monthly_repayment": "0",
            "priority": "",
            "priority_override_reason": "",
            "notes": "",
        },
    )
    assert response.status_code == 302
    debt = Debt.objects.get()
    assert debt.priority == 3
    assert client.get(reverse("budgets:debt", args=[debt.pk])).status_code == 200
    response = client.post(
        reverse("budgets:debt-contact", args=[debt.pk]),
        {
            "contacted_on": timezone.localdate().isoformat(),
            "channel": "telefoon",
            "outcome": "Uitstel",
        },
    )
    assert response.status_code == 302 and debt.contacts.count() == 1
    # A stale version is refused, not overwritten.
    data = {
        "creditor_name": "X",
        "kind": "telecom",
        "reference": "",
        "amount": "200",
        "status": "open",
        "monthly_repayment": "0",
        "priority": "",
        "priority_override_reason": "",
        "notes": "",
        "version": debt.version + 5,
    }
    response = client.post(reverse("budgets:debt-edit", args=[debt.pk]), data)
    assert response.status_code == 200
    debt.refresh_from_db()
    assert debt.creditor_name == "Telefoonbedrijf"


def test_summary_pages_and_pdf(budget, consultant, corporation):
    f.make_actor(Role.INCASSOMEDEWERKER, corporation)
    client = client_for(consultant)
    response = client.post(
        reverse("budgets:summary-new", args=[budget.household.pk]),
        {"corporation": corporation.pk, "period": "2026-2"},
    )
    assert response.status_code == 302
    summary = QuarterlySummary.objects.get()
    response = client.post(
        reverse("budgets:summary", args=[summary.pk]),
        {"version": summary.version, "remarks": "Loopt goed", "action": "send"},
    )
    assert response.status_code == 302
    summary.refresh_from_db()
    assert summary.status == SummaryStatus.SENT and summary.remarks == "Loopt goed"
    pdf = client.get(reverse("budgets:summary-pdf", args=[summary.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("language", "income", "debt"),
    [("nl", "€\u00a01.400,00", "€\u00a02.345,67"), ("en", "€1,400.00", "€2,345.67")],
)
def test_amounts_in_the_money_notation_of_the_page(
    budget, consultant, corporation, language, income, debt
):
    """Budget page, debt page, household panel and quarterly summary (page and PDF text)
    show amounts grouped in thousands, in the notation of the page's language."""
    Debt.objects.filter(household=budget.household).update(amount=D("2345.67"))
    client = client_for(consultant)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    page = client.get(reverse("budgets:household", args=[budget.household.pk])).content.decode()
    assert income in page and debt in page
    assert "1400.00" not in page.split("budget-chart-data")[0]
    debt_page = client.get(reverse("budgets:debt", args=[Debt.objects.get().pk]))
    assert debt in debt_page.content.decode()
    panel = client.get(reverse("households:detail", args=[budget.household.pk]))
    assert debt in panel.content.decode()  # the open debts' total
    f.make_actor(Role.INCASSOMEDEWERKER, corporation)
    with translation.override(language):
        summary = services.summary_generate(
            actor=consultant,
            household=budget.household,
            corporation=corporation,
            year=2026,
            quarter=2,
        )
    assert summary.income_total == D("1400.00")  # per month
    page = client.get(reverse("budgets:summary", args=[summary.pk])).content.decode()
    assert income in page
    with translation.override(language):
        assert income in summary_html(summary)


# --- access per role --------------------------------------------------------------------


def test_coordinator_sees_but_does_not_edit(budget, coordinator):
    client = client_for(coordinator)
    assert client.get(reverse("budgets:list")).status_code == 200
    page = client.get(reverse("budgets:household", args=[budget.household.pk]))
    assert page.status_code == 200 and not page.context["may_manage"]
    assert client.get(reverse("budgets:edit", args=[budget.pk])).status_code == 404
    assert client.get(reverse("budgets:debt-new", args=[budget.household.pk])).status_code == 404
    assert client.post(reverse("budgets:income-new", args=[budget.pk]), {}).status_code == 404


@pytest.mark.parametrize(
    "role",
    [
        Role.INCASSOMEDEWERKER,
        Role.WOONCONSULENT,
        Role.FUNCTIONEEL_BEHEERDER,
        Role.BELEIDSMEDEWERKER,
    ],
)
def test_corporation_sees_no_budget_management(budget, corporation, role):
    client = client_for(f.make_actor(role, corporation))
    debt = Debt.objects.get()
    for url in (
        reverse("budgets:list"),
        reverse("budgets:household", args=[budget.household.pk]),
        reverse("budgets:debt", args=[debt.pk]),
        reverse("budgets:edit", args=[budget.pk]),
    ):
        assert client.get(url).status_code == 404, url
    if role == Role.INCASSOMEDEWERKER:
        page = client.get(reverse("households:detail", args=[budget.household.pk]))
        assert b"Waterbedrijf" not in page.content


def test_woonbegeleider_and_uninvolved_consultant_see_nothing(budget, care, involved_household):
    for actor in (
        f.make_actor(Role.WOONBEGELEIDER, care),
        f.make_actor(
            Role.FINANCIEEL_CONSULENT,
            f.OrganisationFactory(care=True, has_budget_management_team=True),
        ),
    ):
        client = client_for(actor)
        assert (
            client.get(reverse("budgets:household", args=[involved_household.pk])).status_code
            == 404
        )
        assert client.get(reverse("budgets:debt", args=[Debt.objects.get().pk])).status_code == 404


def test_corporation_sees_sent_summary_only(
    sent_summary, corporation, other_corporation, budget, consultant
):
    reader = f.make_actor(Role.INCASSOMEDEWERKER, corporation)
    client = client_for(reader)
    page = client.get(reverse("households:detail", args=[budget.household.pk]))
    assert reverse("budgets:summary", args=[sent_summary.pk]).encode() in page.content
    detail = client.get(reverse("budgets:summary", args=[sent_summary.pk]))
    assert detail.status_code == 200 and b"OPMERKING-Q2" in detail.content
    assert client.get(reverse("budgets:summary-pdf", args=[sent_summary.pk])).status_code == 200
    assert (
        client.post(
            reverse("budgets:summary", args=[sent_summary.pk]), {"action": "send"}
        ).status_code
        == 404
    )
    draft = services.summary_generate(
        actor=consultant, household=budget.household, corporation=corporation, year=2026, quarter=3
    )
    assert client.get(reverse("budgets:summary", args=[draft.pk])).status_code == 404
    # Another corporation's collections officer sees nothing.
    other = client_for(f.make_actor(Role.INCASSOMEDEWERKER, other_corporation))
    assert other.get(reverse("budgets:summary", args=[sent_summary.pk])).status_code == 404
    # The corporation's housing consultant is not collections staff.
    woon = client_for(f.make_actor(Role.WOONCONSULENT, corporation))
    assert woon.get(reverse("budgets:summary", args=[sent_summary.pk])).status_code == 404


def test_household_panel_for_consultant(budget, consultant):
    client = client_for(consultant)
    with translation.override("en"):
        page = client.get(reverse("households:detail", args=[budget.household.pk]))
    assert page.status_code == 200
    assert reverse("budgets:household", args=[budget.household.pk]).encode() in page.content


def test_menu_item_for_consultant(consultant, corporation):
    from woonkans.core.navigation import menu_for

    assert any(i["url"] == reverse("budgets:list") for i in menu_for(consultant))
    assert not any(
        i["url"] == reverse("budgets:list")
        for i in menu_for(f.make_actor(Role.INCASSOMEDEWERKER, corporation))
    )


def test_edit_remove_and_end_through_pages(budget, consultant):
    client = client_for(consultant)
    url = reverse("budgets:edit", args=[budget.pk])
    assert client.get(url).status_code == 200
    data = {
        "living_money_amount": "75.00",
        "living_money_frequency": "weekly",
        "reserve_target": "300.00",
        "reserve_balance": "50.00",
        "notes": "",
        "version": budget.version,
    }
    assert client.post(url, data).status_code == 302
    budget.refresh_from_db()
    assert budget.living_money_amount == D("75.00")
    # The same (now stale) form again is refused, not saved over the change.
    stale = client.post(url, {**data, "living_money_amount": "10.00"})
    assert stale.status_code == 200
    budget.refresh_from_db()
    assert budget.living_money_amount == D("75.00")

    charge = budget.charges.get()
    charge_url = reverse("budgets:charge", args=[charge.pk])
    response = client.post(
        charge_url,
        {
            "kind": "huur",
            "payee": "Woonstichting",
            "amount": "660.00",
            "due_day": "2",
            "version": charge.version,
        },
    )
    assert response.status_code == 302
    charge.refresh_from_db()
    assert (charge.amount, charge.due_day) == (D("660.00"), 2)
    assert client.post(charge_url, {"remove": "1", "version": charge.version}).status_code == 302
    assert not budget.charges.exists()

    end_url = reverse("budgets:end", args=[budget.pk])
    budget.refresh_from_db()
    today = timezone.localdate().isoformat()
    assert client.post(end_url, {"ended_on": today, "version": budget.version}).status_code == 302
    budget.refresh_from_db()
    assert not budget.is_running
    assert client.get(reverse("budgets:edit", args=[budget.pk])).status_code == 404


def test_handover_page_involves_debt_help(budget, consultant):
    from woonkans.households.models import Involvement

    shv = f.OrganisationFactory(debt_help=True, name="Schuldhulp Page")
    client = client_for(consultant)
    url = reverse("budgets:handover", args=[budget.household.pk])
    assert client.get(url).status_code == 200
    debt = Debt.objects.get()
    response = client.post(
        url,
        {
            "kind": "schuldhulp",
            "organisation": shv.pk,
            "handed_over_on": timezone.localdate().isoformat(),
            "debts": [debt.pk],
            "notes": "",
        },
    )
    assert response.status_code == 302
    assert Involvement.objects.filter(household=budget.household, organisation=shv).exists()
    debt.refresh_from_db()
    assert debt.status == "overgedragen"
