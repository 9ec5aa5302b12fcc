"""Pages of the legal route per role, and the household-page include."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from woonkans.households.services import involvement_open
from woonkans.legal import services
from woonkans.legal.models import ExternalCollection, Verdict
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = timezone.localdate()


@pytest.fixture
def tenancy(household):
    return household.tenancies.get()


@pytest.fixture
def bailiff():
    return f.OrganisationFactory(
        kind="extern",
        external_kind="deurwaarder",
        name="Gerechtsdeurwaarders Kievit",
        slug="kievit",
    )


@pytest.fixture
def client_for(make_logged_in_client):
    def make(role=Role.INCASSOMEDEWERKER, organisation=None):
        client = make_logged_in_client(role=role, organisation=organisation)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


@pytest.fixture
def in_court(corporation, tenancy, bailiff):
    officer = f.make_actor(role=Role.INCASSOMEDEWERKER, organisation=corporation)
    services.external_collection_handover(
        actor=officer,
        tenancy=tenancy,
        kind="DEU",
        agency=bailiff,
        handed_over_on=TODAY - timedelta(days=60),
        amount=D("2100.00"),
    )
    services.summons_register(
        actor=officer,
        tenancy=tenancy,
        served_on=TODAY - timedelta(days=30),
        court_date=TODAY - timedelta(days=10),
        court="Rechtbank Voorbeeld, kanton",
        claim_amount=D("2800.00"),
        claims_eviction=True,
    )
    return officer


@pytest.mark.parametrize("role", [Role.INCASSOMEDEWERKER, Role.WOONCONSULENT])
def test_corporation_staff_see_the_route_and_the_steps(
    client_for, corporation, tenancy, in_court, role
):
    client = client_for(role, corporation)
    listing = client.get("/juridisch/")
    assert listing.status_code == 200 and tenancy.contract_number in listing.content.decode()
    page = client.get(f"/juridisch/huurovereenkomst/{tenancy.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Gerechtsdeurwaarders Kievit" in body and "€2,800.00" in body
    assert "Court (summons served)" in body
    assert f"/juridisch/huurovereenkomst/{tenancy.pk}/vonnis/" in body
    assert f"/juridisch/huurovereenkomst/{tenancy.pk}/aanzegging/" not in body


def test_registering_a_verdict_through_the_page(client_for, corporation, tenancy, in_court):
    client = client_for(Role.INCASSOMEDEWERKER, corporation)
    url = f"/juridisch/huurovereenkomst/{tenancy.pk}/vonnis/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "pronounced_on": (TODAY - timedelta(days=5)).isoformat(),
            "dissolution_and_eviction": "on",
            "amount_awarded": "2800.00",
            "content": "Ontbinding en ontruiming.",
        },
    )
    assert response.status_code == 302
    verdict = Verdict.objects.get()
    assert verdict.dissolution_and_eviction and verdict.amount_awarded == D("2800.00")


@pytest.mark.parametrize(
    ("language", "handed_over", "claimed", "awarded"),
    [
        ("en", "€2,100.00", "€2,800.00", "€2,750.50"),
        ("nl", "€\u00a02.100,00", "€\u00a02.800,00", "€\u00a02.750,50"),
    ],
)
def test_amounts_in_the_money_notation_of_the_page(
    client_for, corporation, tenancy, in_court, language, handed_over, claimed, awarded
):
    client = client_for(Role.INCASSOMEDEWERKER, corporation)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    client.post(
        f"/juridisch/huurovereenkomst/{tenancy.pk}/vonnis/",
        {
            "pronounced_on": (TODAY - timedelta(days=5)).isoformat(),
            "dissolution_and_eviction": "on",
            "amount_awarded": "2750.50",
            "content": "Ontbinding en ontruiming.",
        },
    )
    assert Verdict.objects.get().amount_awarded == D("2750.50")
    body = client.get(f"/juridisch/huurovereenkomst/{tenancy.pk}/").content.decode()
    assert handed_over in body and claimed in body and awarded in body
    assert "2100.00" not in body and "2750.50" not in body


def test_a_refused_step_shows_why_and_changes_nothing(client_for, corporation, tenancy):
    client = client_for(Role.INCASSOMEDEWERKER, corporation)
    url = f"/juridisch/huurovereenkomst/{tenancy.pk}/vonnis/"
    page = client.get(url)
    assert "A verdict needs a summons first" in page.content.decode()
    response = client.post(
        url, {"pronounced_on": TODAY.isoformat(), "dissolution_and_eviction": "on"}
    )
    assert response.status_code == 200 and "summons first" in response.content.decode()
    assert not Verdict.objects.exists()


def test_form_errors_from_the_use_case_are_shown(client_for, corporation, tenancy, in_court):
    client = client_for(Role.INCASSOMEDEWERKER, corporation)
    response = client.post(
        f"/juridisch/huurovereenkomst/{tenancy.pk}/vonnis/",
        {"pronounced_on": (TODAY - timedelta(days=300)).isoformat()},
    )
    assert response.status_code == 200
    assert "cannot be before the summons was served" in response.content.decode()
    assert not Verdict.objects.exists()


def test_unknown_step_is_not_found(client_for, corporation, tenancy):
    assert (
        client_for(Role.INCASSOMEDEWERKER, corporation)
        .get(f"/juridisch/huurovereenkomst/{tenancy.pk}/onzin/")
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    "role",
    [
        Role.WIJKCONSULENT,
        Role.WOONBEGELEIDER,
        Role.FINANCIEEL_CONSULENT,
        Role.COORDINATOR,
        Role.BELEIDSMEDEWERKER,
        Role.FUNCTIONEEL_BEHEERDER,
    ],
)
def test_other_roles_of_the_corporation_get_not_found(client_for, corporation, tenancy, role):
    client = client_for(role, corporation)
    assert client.get("/juridisch/").status_code == 404
    assert client.get(f"/juridisch/huurovereenkomst/{tenancy.pk}/").status_code == 404


def test_other_corporation_and_involved_partners_get_not_found(
    client_for, other_corporation, tenancy, in_court, bailiff
):
    outsider = client_for(Role.INCASSOMEDEWERKER, other_corporation)
    assert outsider.get(f"/juridisch/huurovereenkomst/{tenancy.pk}/").status_code == 404
    response = outsider.post(
        f"/juridisch/huurovereenkomst/{tenancy.pk}/overdracht/",
        {"kind": "DEU", "agency": bailiff.pk, "handed_over_on": TODAY.isoformat(), "amount": "10"},
    )
    assert response.status_code == 404
    care = f.OrganisationFactory(care=True)
    involvement_open(actor=None, household=tenancy.household, organisation=care, kind="trajectory")
    coordinator = client_for(Role.COORDINATOR, care)
    assert coordinator.get(f"/juridisch/huurovereenkomst/{tenancy.pk}/").status_code == 404
    assert coordinator.get("/juridisch/").status_code == 404
    assert ExternalCollection.objects.count() == 1


# --- The include for the household page -------------------------------------------------


def render_include(actor, household):
    request = RequestFactory().get("/")
    request.actor = actor
    return render_to_string(
        "legal/_household_stage.html", {"household": household, "actor": actor}, request=request
    )


def test_household_include_for_the_corporation(corporation, tenancy, in_court):
    html = render_include(in_court, tenancy.household)
    assert "Legal stage" in html and "Court (summons served)" in html
    assert f"/juridisch/huurovereenkomst/{tenancy.pk}/" in html
    assert 'aria-current="step"' in html


def test_household_include_for_a_partner_shows_the_stage_without_records(
    corporation, tenancy, in_court
):
    care = f.OrganisationFactory(care=True)
    involvement_open(actor=None, household=tenancy.household, organisation=care, kind="trajectory")
    officer = in_court
    services.verdict_register(
        actor=officer,
        tenancy=tenancy,
        pronounced_on=TODAY - timedelta(days=5),
        dissolution_and_eviction=True,
    )
    services.eviction_notice_register(
        actor=officer,
        tenancy=tenancy,
        notified_on=TODAY - timedelta(days=1),
        eviction_date=TODAY + timedelta(days=7),
    )
    worker = f.make_actor(role=Role.WOONBEGELEIDER, organisation=care)
    html = render_include(worker, tenancy.household)
    assert "Eviction announced" in html
    assert (TODAY + timedelta(days=7)).strftime("%Y-%m-%d") in html
    assert "/juridisch/" not in html and "2800" not in html


def test_household_include_hides_arrears_from_roles_without_financial_data(corporation, tenancy):
    care = f.OrganisationFactory(care=True)
    involvement_open(actor=None, household=tenancy.household, organisation=care, kind="trajectory")
    worker = f.make_actor(role=Role.WOONBEGELEIDER, organisation=care)
    assert "Legal stage" not in render_include(worker, tenancy.household)
    officer = f.make_actor(role=Role.INCASSOMEDEWERKER, organisation=corporation)
    assert "No arrears" in render_include(officer, tenancy.household)


def test_household_include_shows_nothing_to_outsiders(other_corporation, tenancy, in_court):
    outsider = f.make_actor(role=Role.INCASSOMEDEWERKER, organisation=other_corporation)
    assert render_include(outsider, tenancy.household).strip() == ""
    assert render_include(None, tenancy.household).strip() == ""


def test_list_only_shows_open_routes(client_for, corporation, tenancy, bailiff):
    officer = f.make_actor(role=Role.INCASSOMEDEWERKER, organisation=corporation)
    services.external_collection_handover(
        actor=officer,
        tenancy=tenancy,
        kind="DEU",
        agency=bailiff,
        handed_over_on=date(2026, 1, 5),
        amount=D("10.00"),
    )
    services.external_collection_end(
        actor=officer, tenancy=tenancy, ended_on=date(2026, 1, 6), reason="betaald"
    )
    body = client_for(Role.INCASSOMEDEWERKER, corporation).get("/juridisch/").content.decode()
    assert tenancy.contract_number not in body
