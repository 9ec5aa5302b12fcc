"""Pages of vroegsignalering per role: corporation, municipality, administrator, outsiders."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from woonkans.audit.models import AuditEvent
from woonkans.organisations.models import Role
from woonkans.signals import services
from woonkans.signals.models import Objection, Signal, SignalOutcome, SignalPolicy, SignalStatus
from woonkans.testing import factories as f

from .helpers import complete_actions, policy

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def municipality():
    return f.OrganisationFactory(municipality=True, name="Gemeente Voorbeeld", slug="gem-test")


@pytest.fixture
def tenancy(household):
    return household.tenancies.get()


@pytest.fixture
def client_for(make_logged_in_client):
    def make(role=Role.INCASSOMEDEWERKER, organisation=None):
        client = make_logged_in_client(role=role, organisation=organisation)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


@pytest.fixture
def signal(corporation, municipality, tenancy):
    policy(corporation, municipality)
    complete_actions(
        tenancy,
        arrears_from=TODAY - timedelta(days=40),
        reminder_on=TODAY - timedelta(days=30),
        call_on=TODAY - timedelta(days=25),
    )
    services.signals_create_due(corporation=corporation, run_date=TODAY)
    return Signal.objects.get()


@pytest.mark.parametrize("role", [Role.INCASSOMEDEWERKER, Role.WOONCONSULENT])
def test_corporation_sees_its_signals_and_conditions(
    client_for, corporation, tenancy, signal, role
):
    client = client_for(role, corporation)
    body = client.get("/signalen/").content.decode()
    assert tenancy.contract_number in body and "Gemeente Voorbeeld" in body
    page = client.get(f"/signalen/huurovereenkomst/{tenancy.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "1. Effort at personal contact" in text
    assert "Phone, not reached" in text and "Reminder" in text
    assert client.get(f"/signalen/{signal.pk}/").status_code == 200


@pytest.mark.parametrize(("language", "expected"), [("en", "€1,234.56"), ("nl", "€\u00a01.234,56")])
def test_amounts_in_the_money_notation_of_the_page(
    client_for, corporation, municipality, tenancy, signal, language, expected
):
    Signal.objects.filter(pk=signal.pk).update(amount="1234.56")
    corporation_client = client_for(Role.INCASSOMEDEWERKER, corporation)
    municipality_client = client_for(Role.WIJKCONSULENT, municipality)
    pages = [
        (corporation_client, "/signalen/"),
        (corporation_client, f"/signalen/huurovereenkomst/{tenancy.pk}/"),
        (corporation_client, f"/signalen/{signal.pk}/"),
        (municipality_client, "/signalen/"),
        (municipality_client, f"/signalen/{signal.pk}/"),
    ]
    for client, url in pages:
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        body = client.get(url).content.decode()
        assert expected in body, url
        assert "1234.56" not in body, url


def test_search_by_contract_number_opens_the_conditions(client_for, corporation, tenancy, signal):
    response = client_for(Role.INCASSOMEDEWERKER, corporation).get(
        "/signalen/", {"q": tenancy.contract_number}
    )
    assert response.status_code == 302 and response["Location"].endswith(
        f"/signalen/huurovereenkomst/{tenancy.pk}/"
    )


def test_check_now_makes_due_signals(client_for, corporation, municipality, tenancy):
    policy(corporation, municipality)
    complete_actions(
        tenancy,
        arrears_from=TODAY - timedelta(days=40),
        reminder_on=TODAY - timedelta(days=30),
        call_on=TODAY - timedelta(days=25),
    )
    client = client_for(Role.INCASSOMEDEWERKER, corporation)
    first = client.post("/signalen/controleren/", follow=True).content.decode()
    # ngettext: singular and plural are whole sentences, no "signal(s)".
    assert "1 new signal." in first
    assert "0 tenancies in arrears do not meet all conditions yet." in first
    again = client.post("/signalen/controleren/", follow=True).content.decode()
    assert "0 new signals." in again
    assert Signal.objects.count() == 1


def test_register_and_withdraw_an_objection(client_for, corporation, municipality, tenancy):
    policy(corporation, municipality)
    client = client_for(Role.INCASSOMEDEWERKER, corporation)
    url = f"/signalen/huurovereenkomst/{tenancy.pk}/"
    response = client.post(
        url, {"received_on": TODAY.isoformat(), "channel": "brief", "note": "Wil geen contact"}
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.channel == "brief"
    response = client.post(
        f"/signalen/bezwaar/{objection.pk}/intrekken/", {"withdrawn_on": TODAY.isoformat()}
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.withdrawn_on == TODAY


def test_export_page_download_and_audit(client_for, corporation, signal, tenancy):
    client = client_for(Role.INCASSOMEDEWERKER, corporation)
    assert client.get("/signalen/export/").status_code == 200
    made = client.post("/signalen/export/", {"since": ""}, follow=True).content.decode()
    assert "made with 1 signal. Download it below." in made
    signal.refresh_from_db()
    assert signal.status == SignalStatus.SENT
    export = signal.export
    csv_response = client.get(f"/signalen/export/{export.pk}/csv/")
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "attachment" in csv_response["Content-Disposition"]
    assert csv_response.content.decode().startswith("signaal_id,signaalpartner,")
    json_response = client.get(f"/signalen/export/{export.pk}/json/")
    assert (
        json.loads(json_response.content)["vroegsignalen"][0]["overeenkomstnummer"]
        == tenancy.contract_number
    )
    assert client.get(f"/signalen/export/{export.pk}/xml/").status_code == 404
    assert AuditEvent.objects.filter(action="export", object_type="signals.signal").count() == 2
    assert "There are no signals" not in client.get("/signalen/export/").content.decode()
    client.post("/signalen/export/", {"since": ""}, follow=True)
    assert signal.__class__.objects.filter(export__isnull=False).count() == 1


def test_municipality_sees_the_signal_and_closes_it(client_for, municipality, signal, tenancy):
    client = client_for(Role.WIJKCONSULENT, municipality)
    body = client.get("/signalen/").content.decode()
    assert tenancy.household.name in body
    detail = client.get(f"/signalen/{signal.pk}/").content.decode()
    assert "Tessa" in detail and "0612345678" in detail
    assert client.get(f"/huishoudens/{tenancy.household_id}/").status_code == 200
    response = client.post(
        f"/signalen/{signal.pk}/",
        {
            "result": "_BUDGET_ADVIES_EN_OF_QUICK_FIX",
            "decided_on": TODAY.isoformat(),
            "note": "Budgetgesprek",
        },
    )
    assert response.status_code == 302
    assert SignalOutcome.objects.get().result == "_BUDGET_ADVIES_EN_OF_QUICK_FIX"
    # Closed: the municipality no longer sees the signal or the household.
    assert client.get(f"/signalen/{signal.pk}/").status_code == 404
    assert client.get(f"/huishoudens/{tenancy.household_id}/").status_code == 404


def test_corporation_sees_limited_feedback_only(client_for, corporation, municipality, signal):
    wijk = f.make_actor(role=Role.WIJKCONSULENT, organisation=municipality)
    services.signal_register_outcome(
        actor=wijk,
        signal=signal,
        result="NIET_OPGEPAKT_ANDERE_REDEN",
        decided_on=TODAY,
        note="Detentie",
    )
    body = (
        client_for(Role.INCASSOMEDEWERKER, corporation)
        .get(f"/signalen/{signal.pk}/")
        .content.decode()
    )
    assert "Not picked up by the municipality" in body
    assert "Detentie" not in body and "other reason" not in body


def test_corporation_cannot_post_an_outcome(client_for, corporation, signal):
    response = client_for(Role.INCASSOMEDEWERKER, corporation).post(
        f"/signalen/{signal.pk}/",
        {"result": "INWONER_IS_OVERLEDEN", "decided_on": TODAY.isoformat()},
    )
    assert response.status_code == 404
    assert not SignalOutcome.objects.exists()


def test_other_municipality_sees_nothing(client_for, signal):
    other = f.OrganisationFactory(municipality=True)
    client = client_for(Role.WIJKCONSULENT, other)
    assert signal.household.name not in client.get("/signalen/").content.decode()
    assert client.get(f"/signalen/{signal.pk}/").status_code == 404


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
def test_other_roles_of_the_corporation_get_not_found(
    client_for, corporation, tenancy, signal, role
):
    client = client_for(role, corporation)
    for path in (
        "/signalen/",
        f"/signalen/{signal.pk}/",
        f"/signalen/huurovereenkomst/{tenancy.pk}/",
        "/signalen/export/",
    ):
        assert client.get(path).status_code == 404, path


def test_other_corporation_gets_not_found_and_changes_nothing(
    client_for, other_corporation, tenancy, signal
):
    client = client_for(Role.INCASSOMEDEWERKER, other_corporation)
    assert client.get(f"/signalen/{signal.pk}/").status_code == 404
    assert client.get(f"/signalen/huurovereenkomst/{tenancy.pk}/").status_code == 404
    assert (
        client.post(
            f"/signalen/huurovereenkomst/{tenancy.pk}/",
            {"received_on": TODAY.isoformat(), "channel": "brief"},
        ).status_code
        == 404
    )
    assert not Objection.objects.exists()
    client.post("/signalen/export/", {"since": ""})
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW


def test_administrator_configures_the_policy(client_for, corporation, municipality):
    client = client_for(Role.FUNCTIONEEL_BEHEERDER, corporation)
    assert client.get("/signalen/instellingen/").status_code == 200
    response = client.post(
        "/signalen/instellingen/",
        {
            "municipality": municipality.pk,
            "is_active": "on",
            "min_days_in_arrears": "30",
            "min_amount": "100.00",
            "objection_days": "10",
            "reminder_offers_signal": "on",
        },
    )
    assert response.status_code == 302
    saved = SignalPolicy.objects.get(corporation=corporation)
    assert (saved.min_days_in_arrears, str(saved.min_amount), saved.objection_days) == (
        30,
        "100.00",
        10,
    )
    assert saved.reminder_offers_signal and not saved.letters_point_to_debt_help
    assert (
        client_for(Role.INCASSOMEDEWERKER, corporation).get("/signalen/instellingen/").status_code
        == 404
    )
