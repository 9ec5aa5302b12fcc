"""The corporation's legal route settings: the urgency of verdict prompts."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from woonkans.audit.models import AuditEvent
from woonkans.legal import selectors, services
from woonkans.legal.models import LegalSettings
from woonkans.legal.tests.test_verdict_prompts import _prompts
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

from .test_verdict_prompts import officer, tenancy_with_verdict  # noqa: F401

pytestmark = pytest.mark.django_db

ADMIN = Role.FUNCTIONEEL_BEHEERDER


def _notice_and_run(actor, tenancy, corporation, *, eviction: date, run: date) -> bool:
    services.eviction_notice_register(
        actor=actor, tenancy=tenancy, notified_on=date(2026, 6, 2), eviction_date=eviction
    )
    services.verdict_contact_prompts_add(actor=actor, corporation=corporation, run_date=run)
    return _prompts(tenancy).get().urgent


def test_default_is_fourteen_days(corporation):
    assert selectors.legal_settings_for(corporation).urgent_before_eviction_days == 14


def test_default_fourteen_days_is_not_urgent_at_fifteen(tenancy_with_verdict, officer, corporation):  # noqa: F811
    assert not _notice_and_run(
        officer,
        tenancy_with_verdict,
        corporation,
        eviction=date(2026, 6, 18),
        run=date(2026, 6, 3),  # 15 days before
    )


def test_corporation_setting_makes_the_prompt_urgent_earlier(
    tenancy_with_verdict,  # noqa: F811
    officer,  # noqa: F811
    corporation,
):
    admin = f.make_actor(role=ADMIN, organisation=corporation)
    services.legal_settings_update(actor=admin, urgent_before_eviction_days=21)
    assert _notice_and_run(
        officer,
        tenancy_with_verdict,
        corporation,
        eviction=date(2026, 6, 18),
        run=date(2026, 6, 3),  # 15 days before, within 21
    )


def test_update_is_audited_and_validated(corporation):
    admin = f.make_actor(role=ADMIN, organisation=corporation)
    settings = services.legal_settings_update(actor=admin, urgent_before_eviction_days=30)
    assert settings.urgent_before_eviction_days == 30
    event = AuditEvent.objects.get(object_type="legal.legalsettings")
    assert event.fields == ["urgent_before_eviction_days"]
    # Unchanged: no new event.
    services.legal_settings_update(actor=admin, urgent_before_eviction_days=30)
    assert AuditEvent.objects.filter(object_type="legal.legalsettings").count() == 1
    with pytest.raises(ValidationError):
        services.legal_settings_update(actor=admin, urgent_before_eviction_days=91)
    assert LegalSettings.objects.get().urgent_before_eviction_days == 30
    with pytest.raises(ValueError):
        services.legal_settings_update(actor=admin, other=1)


@pytest.mark.parametrize("role", [Role.INCASSOMEDEWERKER, Role.WOONCONSULENT])
def test_only_the_functional_administrator_changes_them(corporation, role):
    with pytest.raises(PermissionDenied):
        services.legal_settings_update(
            actor=f.make_actor(role=role, organisation=corporation), urgent_before_eviction_days=7
        )


def test_settings_page(make_logged_in_client, corporation):
    client = make_logged_in_client(ADMIN, organisation=corporation)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert client.get("/juridisch/instellingen/").status_code == 200
    response = client.post("/juridisch/instellingen/", {"urgent_before_eviction_days": "100"})
    assert response.status_code == 200
    assert "urgent_before_eviction_days" in response.context["form"].errors
    response = client.post("/juridisch/instellingen/", {"urgent_before_eviction_days": "10"})
    assert response.status_code == 302
    assert LegalSettings.objects.get(organisation=corporation).urgent_before_eviction_days == 10
    # The letter page of the functional administrator links to it.
    assert "/juridisch/instellingen/" in client.get("/documenten/").content.decode()


@pytest.mark.parametrize("role", [Role.INCASSOMEDEWERKER, Role.WOONCONSULENT])
def test_settings_page_not_found_for_others(make_logged_in_client, corporation, role):
    client = make_logged_in_client(role, organisation=corporation)
    assert client.get("/juridisch/instellingen/").status_code == 404
    assert (
        client.post("/juridisch/instellingen/", {"urgent_before_eviction_days": "1"}).status_code
        == 404
    )


def test_settings_page_not_found_outside_a_corporation(make_logged_in_client):
    care = f.OrganisationFactory(kind="zorgorganisatie", slug="zorg-x")
    client = make_logged_in_client(ADMIN, organisation=care)
    assert client.get("/juridisch/instellingen/").status_code == 404
