"""The read-only API and the household-page panel."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from conftest import login_verified
from woonkans.audit.models import AuditEvent
from woonkans.organisations.models import Role
from woonkans.testing.factories import OrganisationFactory, make_actor, make_api_client
from woonkans.trajectories.models import State


def api_for(organisation, role):
    _client, token = make_api_client(organisation, role)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


def test_api_list_and_detail_for_parties(parties):
    trajectory = parties.trajectory(state=State.ACTIVE)
    ended = parties.trajectory(state=State.DECLINED)
    api = api_for(parties.corporation, Role.WOONCONSULENT)
    listing = api.get("/api/v1/trajectories/").json()
    assert [row["id"] for row in listing["results"]] == [trajectory.pk]
    everything = api.get("/api/v1/trajectories/", {"state": "all"}).json()
    assert {row["id"] for row in everything["results"]} == {trajectory.pk, ended.pk}
    detail = api.get(f"/api/v1/trajectories/{trajectory.pk}/").json()
    assert detail["state"] == State.ACTIVE
    assert detail["arrears_at_referral"] == "1500.00"
    assert "transitions" in detail and "members" in detail
    assert "guidance_notes" not in detail
    assert AuditEvent.objects.filter(
        object_id=str(trajectory.pk), action="view", detail="api"
    ).exists()


def test_api_hides_arrears_without_the_financial_group(parties):
    trajectory = parties.trajectory(state=State.ACTIVE)
    api = api_for(parties.care, Role.WOONBEGELEIDER)
    detail = api.get(f"/api/v1/trajectories/{trajectory.pk}/").json()
    assert "arrears_at_referral" not in detail


@pytest.mark.parametrize("kind", ["corporation", "care", "municipality"])
def test_api_uninvolved_gets_nothing(parties, kind):
    trajectory = parties.trajectory(state=State.ACTIVE)
    api = api_for(OrganisationFactory(**{kind: True}), Role.COORDINATOR)
    assert api.get(f"/api/v1/trajectories/{trajectory.pk}/").status_code == 404
    assert api.get("/api/v1/trajectories/").json()["results"] == []


def _household_page(actor, household):
    client = Client()
    login_verified(client, actor.user)
    with translation.override("en"):
        return client.get(reverse("households:detail", args=[household.pk])).content.decode()


def test_household_panel_referral_button_and_stage(parties):
    refer_url = reverse("trajectories:refer", args=[parties.household.pk])
    corp = parties.actor(parties.corporation, Role.WOONCONSULENT)
    assert refer_url in _household_page(corp, parties.household)
    trajectory = parties.trajectory(state=State.INTAKE)
    html = _household_page(corp, parties.household)
    assert refer_url not in html
    assert reverse("trajectories:detail", args=[trajectory.pk]) in html
    assert "Intake" in html
    worker = parties.actor(parties.care, Role.WOONBEGELEIDER)
    html = _household_page(worker, parties.household)
    assert reverse("trajectories:detail", args=[trajectory.pk]) in html
    assert refer_url not in html  # the care provider does not refer


def test_household_panel_for_an_involved_non_party(parties):
    from woonkans.testing.factories import InvolvementFactory

    trajectory = parties.trajectory(state=State.ACTIVE)
    debt_help = OrganisationFactory(debt_help=True)
    InvolvementFactory(household=parties.household, organisation=debt_help, kind="referral")
    actor = make_actor(Role.FINANCIEEL_CONSULENT, organisation=debt_help)
    html = _household_page(actor, parties.household)
    assert reverse("trajectories:detail", args=[trajectory.pk]) not in html
