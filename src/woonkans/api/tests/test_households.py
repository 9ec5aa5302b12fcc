from __future__ import annotations

import pytest
from django.utils import timezone

from woonkans.api.serializers import HouseholdDetailSerializer
from woonkans.households import services
from woonkans.organisations.models import Role
from woonkans.organisations.policy import FieldGroup
from woonkans.testing import factories as f

pytestmark = pytest.mark.django_db


def detail_url(pk) -> str:
    return f"/api/v1/households/{pk}/"


def tenancy_payload(family, corporation) -> dict:
    return {
        "id": family.tenancy.pk,
        "corporation": {"id": corporation.pk, "slug": "ws-test", "name": "Woonstichting Test"},
        "contract_number": "OVK-123",
        "start_date": "2015-01-01",
        "end_date": None,
        "street": "Voorbeeldstraat",
        "house_number": "12",
        "postcode": "1234 AB",
        "city": "Voorbeeldstad",
        "district": "Noord",
        "rent": "612.50",
    }


def test_incassomedewerker_sees_the_tenants_contact_details_and_tenancy_but_no_family(
    api_as, family, corporation
):
    response = api_as(corporation, Role.INCASSOMEDEWERKER).get(detail_url(family.pk))

    assert response.status_code == 200
    assert response.json() == {
        "id": family.pk,
        "reference": "HH-API-1",
        "name": "Familie Voorbeeld",
        "members": [
            {
                "id": family.tenant.pk,
                "relation": "hoofdhuurder",
                "first_name": "Tessa",
                "last_name": "Voorbeeld",
                "phone": "0612345678",
                "email": "tessa@example.invalid",
            }
        ],
        "tenancies": [tenancy_payload(family, corporation)],
    }


def test_woonbegeleider_of_an_involved_care_org_sees_the_family_with_dates_of_birth(
    api_as, family, corporation, care
):
    response = api_as(care, Role.WOONBEGELEIDER).get(detail_url(family.pk))

    assert response.status_code == 200
    assert response.json() == {
        "id": family.pk,
        "reference": "HH-API-1",
        "name": "Familie Voorbeeld",
        "members": [
            {
                "id": family.tenant.pk,
                "relation": "hoofdhuurder",
                "first_name": "Tessa",
                "last_name": "Voorbeeld",
                "date_of_birth": "1985-03-14",
                "phone": "0612345678",
                "email": "tessa@example.invalid",
            },
            {
                "id": family.child.pk,
                "relation": "kind",
                "first_name": "Sem",
                "last_name": "Voorbeeld",
                "date_of_birth": "2015-06-01",
                "phone": "",
                "email": "",
            },
        ],
        "tenancies": [tenancy_payload(family, corporation)],
    }


def test_serializer_leaves_out_every_group_the_context_lacks(family):
    family.visible_members = [family.tenant]
    family.visible_tenancies = [family.tenancy]

    names_only = HouseholdDetailSerializer(
        family, context={"field_groups": frozenset({FieldGroup.IDENTITY})}
    ).data
    nothing = HouseholdDetailSerializer(family, context={}).data

    assert "tenancies" not in names_only
    assert names_only["members"] == [
        {
            "id": family.tenant.pk,
            "relation": "hoofdhuurder",
            "first_name": "Tessa",
            "last_name": "Voorbeeld",
        }
    ]
    assert "tenancies" not in nothing
    assert nothing["members"] == [{"id": family.tenant.pk, "relation": "hoofdhuurder"}]


@pytest.mark.parametrize("pk", ["other", 999_999, "abc"])
def test_other_organisations_household_and_missing_ids_are_the_same_404(
    api_as, family, other_corporation, pk
):
    api = api_as(other_corporation)
    target = family.pk if pk == "other" else pk

    for url in (detail_url(target), f"{detail_url(target)}timeline/"):
        response = api.get(url)
        assert response.status_code == 404
        assert response.json() == api.get(detail_url(999_999)).json()


def test_closed_involvement_takes_the_household_away(api_as, family, care):
    api = api_as(care, Role.WOONBEGELEIDER)
    assert api.get(detail_url(family.pk)).status_code == 200

    for involvement in family.involvements.filter(organisation=care):
        services.involvement_close(actor=None, involvement=involvement)

    assert api.get(detail_url(family.pk)).status_code == 404
    assert api.get("/api/v1/households/").json()["count"] == 0


def test_list_shows_only_visible_households_in_id_order(api_as, family, corporation, care):
    second = f.HouseholdFactory(reference="HH-API-2", name="Aardig Huishouden")
    f.TenancyFactory(household=second, corporation=corporation)
    elsewhere = f.HouseholdFactory(reference="HH-API-3")
    f.TenancyFactory(household=elsewhere)  # another corporation, no involvement

    corporation_view = api_as(corporation).get("/api/v1/households/").json()
    care_view = api_as(care, Role.WOONBEGELEIDER).get("/api/v1/households/").json()

    assert corporation_view["count"] == 2
    assert corporation_view["results"] == [
        {"id": family.pk, "reference": "HH-API-1", "name": "Familie Voorbeeld"},
        {"id": second.pk, "reference": "HH-API-2", "name": "Aardig Huishouden"},
    ]
    assert [h["id"] for h in care_view["results"]] == [family.pk]


def test_list_filters_on_reference_and_paginates(api_as, family, corporation):
    for n in range(3):
        f.TenancyFactory(
            household=f.HouseholdFactory(reference=f"HH-P{n}"), corporation=corporation
        )
    api = api_as(corporation)

    filtered = api.get("/api/v1/households/", {"reference": "HH-API-1"}).json()
    page = api.get("/api/v1/households/", {"limit": 2, "offset": 2}).json()

    assert [h["id"] for h in filtered["results"]] == [family.pk]
    assert filtered["count"] == 1
    assert page["count"] == 4
    assert len(page["results"]) == 2
    assert page["previous"] is not None
    assert page["next"] is None


@pytest.mark.parametrize("role", [Role.BELEIDSMEDEWERKER, Role.FUNCTIONEEL_BEHEERDER])
def test_roles_without_household_access_see_no_household_even_at_the_landlord(
    api_as, family, corporation, role
):
    api = api_as(corporation, role)

    assert api.get("/api/v1/households/").json()["count"] == 0
    assert api.get(detail_url(family.pk)).status_code == 404
    assert api.get(f"{detail_url(family.pk)}timeline/").status_code == 404
    assert api.get("/api/v1/tenancies/").json()["count"] == 0


def add_entry(household, kind: str, group: str, summary: str = ""):
    return services.timeline_add(
        household=household,
        kind=kind,
        field_group=group,
        actor=None,
        summary=summary,
        occurred_at=timezone.now(),
    )


def test_timeline_shows_only_entries_of_the_clients_field_groups(api_as, family, corporation, care):
    financial = add_entry(family, "arrears.registered", FieldGroup.FINANCIAL, "2 months")
    care_note = add_entry(family, "guidance.note", FieldGroup.CARE, "Intake done")

    collections = api_as(corporation).get(f"{detail_url(family.pk)}timeline/").json()
    support = api_as(care, Role.WOONBEGELEIDER).get(f"{detail_url(family.pk)}timeline/").json()

    collection_ids = {e["id"] for e in collections["results"]}
    support_ids = {e["id"] for e in support["results"]}
    assert financial.pk in collection_ids and care_note.pk not in collection_ids
    assert care_note.pk in support_ids and financial.pk not in support_ids
    assert support["results"][0] == {
        "id": care_note.pk,
        "occurred_at": support["results"][0]["occurred_at"],
        "kind": "guidance.note",
        "label": "guidance.note",
        "summary": "Intake done",
        "field_group": "care",
        "organisation": None,
    }


def test_tenancies_filter_on_contract_number_and_stay_within_visible_households(
    api_as, family, corporation, other_corporation
):
    foreign = f.TenancyFactory(corporation=other_corporation, contract_number="OVK-123")
    api = api_as(corporation)

    response = api.get("/api/v1/tenancies/", {"contract_number": "OVK-123"})
    missing = api.get("/api/v1/tenancies/", {"contract_number": "OVK-999"})

    assert response.json()["results"] == [
        {"household": family.pk, **tenancy_payload(family, corporation)}
    ]
    assert missing.json()["count"] == 0
    assert api.get(f"/api/v1/tenancies/{family.tenancy.pk}/").json()["rent"] == "612.50"
    assert api.get(f"/api/v1/tenancies/{foreign.pk}/").status_code == 404


def test_me_describes_the_client_its_organisation_and_field_groups(api_as, corporation):
    api = api_as(corporation, Role.INCASSOMEDEWERKER)

    response = api.get("/api/v1/organisations/me/")

    assert response.status_code == 200
    assert response.json() == {
        "client": {"id": api.api_client.pk, "name": "client-ws-test"},
        "organisation": {
            "id": corporation.pk,
            "slug": "ws-test",
            "name": "Woonstichting Test",
            "kind": "woningcorporatie",
            "external_kind": "",
        },
        "role": "incassomedewerker",
        "field_groups": ["contact", "financial", "identity", "tenancy"],
        "purpose": "huurincasso",
    }
