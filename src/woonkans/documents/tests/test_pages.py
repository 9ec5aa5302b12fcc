"""Pages: who may see what, generating and downloading, the live readability check."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine

from woonkans.audit.models import AuditAction, AuditEvent
from woonkans.documents import services
from woonkans.documents.kinds import LetterKind
from woonkans.documents.models import GeneratedLetter, LetterSettings, LetterTemplate
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

from .ledger import rent

pytestmark = pytest.mark.django_db

OFFICER = Role.INCASSOMEDEWERKER
ADMIN = Role.FUNCTIONEEL_BEHEERDER


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel("2026-01-05 10:00 +01:00", tick=False):
        yield


@pytest.fixture
def letter_settings(corporation):
    return LetterSettings.objects.create(
        organisation=corporation, contact_phone="0123 45 67 89", signature_name="Alex de Jong"
    )


@pytest.fixture
def overdue(household):
    """December's rent unpaid: a 14-day letter on 5 January claims 1,225.00."""
    return rent(household.tenancies.get(), "1225.00", ref="H-DEC")


@pytest.fixture
def letter(letter_settings, household, corporation):
    actor = f.make_actor(role=OFFICER, organisation=corporation)
    return services.letter_generate(
        actor=actor,
        tenancy=household.tenancies.get(),
        kind=LetterKind.HERINNERING,
        amount_due=Decimal("612.50"),
    )


def _generate_data(household, **changes):
    data = {
        "tenancy": household.tenancies.get().pk,
        "kind": LetterKind.VEERTIENDAGENBRIEF,
        "sent_on": "2026-01-05",
        "amount_due": "1225,00",
        "appointment": "",
        "action": "generate",
    }
    data.update(changes)
    return data


# --- access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("involved", [False, True])
def test_another_corporation_gets_not_found_for_generate_and_download(
    make_logged_in_client, other_corporation, household, letter, involved
):
    if involved:  # it may see the household, but the tenancy is not its own
        f.InvolvementFactory(household=household, organisation=other_corporation)
    client = make_logged_in_client(OFFICER, organisation=other_corporation)
    path = f"/documenten/huishouden/{household.pk}/brief/"
    assert client.get(path).status_code == 404
    assert client.post(path, _generate_data(household)).status_code == 404
    assert client.get(f"/documenten/brieven/{letter.pk}/pdf/").status_code == 404
    assert client.get(f"/documenten/brieven/{letter.pk}/docx/").status_code == 404
    assert GeneratedLetter.objects.count() == 1
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_an_involved_care_organisation_gets_not_found(make_logged_in_client, household, letter):
    """A social-team worker may see the household, but letters are the corporation's."""
    municipality = f.OrganisationFactory(municipality=True)
    f.InvolvementFactory(household=household, organisation=municipality)
    client = make_logged_in_client(Role.WIJKCONSULENT, organisation=municipality)
    assert client.get(f"/huishoudens/{household.pk}/").status_code == 200
    assert client.get(f"/documenten/huishouden/{household.pk}/brief/").status_code == 404
    assert client.get(f"/documenten/brieven/{letter.pk}/pdf/").status_code == 404
    assert client.get("/documenten/").status_code == 404


@pytest.mark.parametrize("role", [r for r in Role if r not in {OFFICER, Role.WOONCONSULENT}])
def test_other_roles_of_the_corporation_get_not_found_for_letters(
    make_logged_in_client, corporation, household, letter, role
):
    client = make_logged_in_client(role, organisation=corporation)
    assert client.get(f"/documenten/huishouden/{household.pk}/brief/").status_code == 404
    assert (
        client.post(
            f"/documenten/huishouden/{household.pk}/brief/", _generate_data(household)
        ).status_code
        == 404
    )
    assert client.get(f"/documenten/brieven/{letter.pk}/pdf/").status_code == 404
    assert GeneratedLetter.objects.count() == 1


@pytest.mark.parametrize("role", [r for r in Role if r != ADMIN])
def test_only_the_administrator_edits_texts(make_logged_in_client, corporation, role):
    client = make_logged_in_client(role, organisation=corporation)
    for path in ("/documenten/sjablonen/kaartje/", "/documenten/instellingen/"):
        assert client.get(path).status_code == 404, path
    assert (
        client.post(
            "/documenten/sjablonen/kaartje/",
            {"title": "x", "body": "y", "seen_version": "0"},
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/documenten/sjablonen/kaartje/controleren/", {"title": "x", "body": "y"}
        ).status_code
        == 404
    )
    assert client.post("/documenten/sjablonen/kaartje/standaard/").status_code == 404
    assert not LetterTemplate.objects.filter(organisation__isnull=False).exists()


def test_an_administrator_of_another_kind_of_organisation_gets_not_found(make_logged_in_client):
    client = make_logged_in_client(ADMIN, organisation=f.OrganisationFactory(care=True))
    assert client.get("/documenten/").status_code == 404
    assert client.get("/documenten/sjablonen/kaartje/").status_code == 404


def test_anonymous_is_sent_to_login(client, household):
    response = client.get(f"/documenten/huishouden/{household.pk}/brief/")
    assert response.status_code == 302 and "/accounts/" in response["Location"]


# --- generating and downloading ----------------------------------------------------------


def test_preview_shows_the_terms_and_stores_nothing(
    make_logged_in_client, corporation, household, letter_settings, overdue
):
    client = make_logged_in_client(OFFICER, organisation=corporation)
    path = f"/documenten/huishouden/{household.pk}/brief/"
    assert client.get(path).status_code == 200
    response = client.post(path, _generate_data(household, action="preview"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "woensdag 21 januari 2026" in body
    assert "183,75" in body
    assert "Tessa Testpersoon" in body
    assert not GeneratedLetter.objects.exists()


def test_pdf_preview(make_logged_in_client, corporation, household, letter_settings, overdue):
    client = make_logged_in_client(OFFICER, organisation=corporation)
    response = client.post(
        f"/documenten/huishouden/{household.pk}/brief/", _generate_data(household, action="pdf")
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert not GeneratedLetter.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_generate_and_download(
    make_logged_in_client, corporation, household, letter_settings, overdue
):
    client = make_logged_in_client(Role.WOONCONSULENT, organisation=corporation)
    path = f"/documenten/huishouden/{household.pk}/brief/"
    response = client.post(path, _generate_data(household))
    assert response.status_code == 302
    letter = GeneratedLetter.objects.get()
    assert letter.kind == LetterKind.VEERTIENDAGENBRIEF
    assert letter.amount_due == Decimal("1225.00")
    page = client.get(path).content.decode()
    assert f"/documenten/brieven/{letter.pk}/pdf/" in page

    response = client.get(f"/documenten/brieven/{letter.pk}/pdf/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    response = client.get(f"/documenten/brieven/{letter.pk}/docx/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")  # a zip: DOCX
    exports = AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(letter.pk))
    assert sorted(exports.values_list("detail", flat=True)) == ["docx", "pdf"]
    assert client.get(f"/documenten/brieven/{letter.pk}/exe/").status_code == 404


def test_form_errors_are_shown(
    make_logged_in_client, corporation, household, letter_settings, overdue
):
    client = make_logged_in_client(OFFICER, organisation=corporation)
    path = f"/documenten/huishouden/{household.pk}/brief/"
    response = client.post(path, _generate_data(household, amount_due="12x"))
    assert response.status_code == 200
    assert not GeneratedLetter.objects.exists()
    assert 'id="id_amount_due_error"' in response.content.decode()
    response = client.post(path, _generate_data(household, sent_on="2026-01-02"))
    assert response.status_code == 200
    assert not GeneratedLetter.objects.exists()
    assert "data-wk-error-summary" in response.content.decode()


# --- templates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [OFFICER, Role.WOONCONSULENT, ADMIN])
def test_template_list_shows_readability(make_logged_in_client, corporation, role):
    client = make_logged_in_client(role, organisation=corporation)
    response = client.get("/documenten/")
    assert response.status_code == 200
    body = response.content.decode()
    for kind in LetterKind.values:
        assert f"/documenten/sjablonen/{kind}/voorbeeld.pdf" in body
    assert 'class="wk-score wk-score--ok"' in body
    assert ('/documenten/sjablonen/kaartje/"' in body) == (role == ADMIN)


def test_example_pdf(make_logged_in_client, corporation):
    client = make_logged_in_client(OFFICER, organisation=corporation)
    response = client.get("/documenten/sjablonen/veertiendagenbrief/voorbeeld.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client.get("/documenten/sjablonen/onbekend/voorbeeld.pdf").status_code == 404


def test_editor_has_live_readability(make_logged_in_client, corporation):
    client = make_logged_in_client(ADMIN, organisation=corporation)
    body = client.get("/documenten/sjablonen/herinnering/").content.decode()
    assert 'hx-post="/documenten/sjablonen/herinnering/controleren/"' in body
    assert 'hx-trigger="keyup changed delay:500ms, change"' in body
    assert 'id="wk-check"' in body


def test_check_endpoint_measures_and_validates(make_logged_in_client, corporation):
    client = make_logged_in_client(ADMIN, organisation=corporation)
    url = "/documenten/sjablonen/herinnering/controleren/"
    easy = client.post(url, {"title": "Uw huur", "body": "Bel ons. Dan maken we een plan."})
    assert easy.status_code == 200
    html = easy.content.decode()
    assert "wk-score--ok" in html and "<html" not in html
    hard = client.post(
        url,
        {
            "title": "Uw huur",
            "body": "Ingevolge de toepasselijke bepalingen verzoeken wij u onverwijld het "
            "openstaande saldo inclusief administratiekosten te voldoen. {{ naam }}",
        },
    )
    html = hard.content.decode()
    assert "wk-score--low" in html
    assert "naam" in html and "utrecht-alert--error" in html
    assert client.get(url).status_code == 405


def test_editor_saves_a_version_and_shows_errors(make_logged_in_client, corporation):
    client = make_logged_in_client(ADMIN, organisation=corporation)
    path = "/documenten/sjablonen/kaartje/"
    response = client.post(
        path, {"title": "Bel ons", "body": "Bel {{ bedrag_achterstand }}.", "seen_version": "0"}
    )
    assert response.status_code == 200
    assert not LetterTemplate.objects.filter(organisation=corporation).exists()
    response = client.post(
        path, {"title": "Bel ons", "body": "Bel {{ telefoon }}.", "seen_version": "0"}
    )
    assert response.status_code == 302
    own = LetterTemplate.objects.get(organisation=corporation)
    assert (own.kind, own.version, own.body) == ("kaartje", 1, "Bel {{ telefoon }}.")
    # A second editor who opened the default text before this save is refused.
    response = client.post(path, {"title": "Anders", "body": "Bel.", "seen_version": "0"})
    assert response.status_code == 200
    assert LetterTemplate.objects.filter(organisation=corporation).count() == 1
    # Back to the default.
    assert client.post(f"{path}standaard/").status_code == 302
    assert not LetterTemplate.objects.filter(organisation=corporation, is_active=True).exists()


def test_settings_page(make_logged_in_client, corporation):
    client = make_logged_in_client(ADMIN, organisation=corporation)
    assert client.get("/documenten/instellingen/").status_code == 200
    response = client.post(
        "/documenten/instellingen/",
        {
            "presumed_delivery_days": "3",
            "vat_on_collection_costs": "on",
            "costs_decision_delay_days": "5",
            "contact_phone": "0123 45 67 89",
            "signature_name": "Alex de Jong",
            "sender_address": "Postbus 1",
        },
    )
    assert response.status_code == 302
    settings = LetterSettings.objects.get(organisation=corporation)
    assert settings.presumed_delivery_days == 3 and settings.vat_on_collection_costs
    assert not settings.deadline_next_working_day
    assert settings.costs_decision_delay_days == 5
    event = AuditEvent.objects.filter(object_type="documents.lettersettings").latest("pk")
    assert "costs_decision_delay_days" in event.fields


@pytest.mark.parametrize("days", ["0", "31", "", "x"])
def test_settings_page_refuses_a_decision_delay_out_of_range(
    make_logged_in_client, corporation, days
):
    client = make_logged_in_client(ADMIN, organisation=corporation)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(
        "/documenten/instellingen/",
        {"presumed_delivery_days": "2", "costs_decision_delay_days": days},
    )
    assert response.status_code == 200
    assert "costs_decision_delay_days" in response.context["form"].errors
    assert not LetterSettings.objects.filter(organisation=corporation).exists()


def test_settings_default_decision_delay_is_three(corporation):
    from woonkans.documents.selectors import letter_settings_for

    assert letter_settings_for(corporation).costs_decision_delay_days == 3
