from __future__ import annotations

import pytest

from woonkans.audit.models import AuditEvent
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

pytestmark = pytest.mark.django_db


def views():
    return AuditEvent.objects.filter(action="view").order_by("pk")


def test_household_detail_writes_one_view_event_with_the_fields_shown(api_as, family, corporation):
    api = api_as(corporation, Role.INCASSOMEDEWERKER)

    api.get(f"/api/v1/households/{family.pk}/?limit=1")

    event = views().get()
    assert event.household_id == family.pk
    assert event.object_type == "households.household"
    assert event.object_id == str(family.pk)
    assert event.actor_user_id is None
    assert event.actor_label == f"api:{api.api_client.name}"
    assert event.organisation_id == corporation.pk
    assert event.role == Role.INCASSOMEDEWERKER
    assert event.purpose == "huurincasso"
    assert event.detail == "api"
    assert event.request_path == f"/api/v1/households/{family.pk}/"
    assert event.fields == ["contact", "identity", "tenancy"]


def test_timeline_writes_a_view_event_under_the_clients_purpose(api_as, family, care):
    api_as(care, Role.WOONBEGELEIDER).get(f"/api/v1/households/{family.pk}/timeline/")

    event = views().get()
    assert event.household_id == family.pk
    assert event.purpose == "laatste_kans"
    assert event.request_path == f"/api/v1/households/{family.pk}/timeline/"


def test_list_writes_one_view_event_per_household_on_the_page(api_as, family, corporation):
    second = f.HouseholdFactory()
    f.TenancyFactory(household=second, corporation=corporation)
    api = api_as(corporation)

    api.get("/api/v1/households/")
    assert sorted(views().values_list("household_id", flat=True)) == sorted([family.pk, second.pk])

    api.get("/api/v1/households/", {"limit": 1})
    assert views().count() == 3


def test_tenancy_reads_are_recorded_against_the_household(api_as, family, corporation):
    api = api_as(corporation)

    api.get("/api/v1/tenancies/")
    api.get(f"/api/v1/tenancies/{family.tenancy.pk}/")

    events = list(views())
    assert [e.object_type for e in events] == ["households.tenancy"] * 2
    assert {e.household_id for e in events} == {family.pk}


def test_refused_and_empty_reads_write_nothing(api_as, family, other_corporation):
    api = api_as(other_corporation)

    api.get(f"/api/v1/households/{family.pk}/")
    api.get(f"/api/v1/households/{family.pk}/timeline/")
    api.get("/api/v1/households/")
    api.get("/api/v1/organisations/me/")
    api.credentials()
    api.get(f"/api/v1/households/{family.pk}/")

    assert not views().exists()
