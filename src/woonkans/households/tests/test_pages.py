from __future__ import annotations

import pytest

from woonkans.audit.models import AuditEvent
from woonkans.households import services
from woonkans.households.models import Person
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

pytestmark = pytest.mark.django_db


def test_household_page_shows_members_tenancy_and_timeline(
    make_logged_in_client, household, corporation
):
    client = make_logged_in_client(Role.WOONCONSULENT, corporation)
    services.timeline_add(
        household=household,
        kind="household.changed",
        field_group="identity",
        actor=None,
        summary="Adres gecontroleerd",
    )
    response = client.get(f"/huishoudens/{household.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Familie Testpersoon" in body
    assert "Tessa" in body
    assert "Voorbeeldstraat" in body
    assert "€\u00a0612,50" in body  # the monthly rent, in the Dutch notation
    assert "Adres gecontroleerd" in body


@pytest.mark.parametrize(("language", "expected"), [("nl", "€\u00a01.234,50"), ("en", "€1,234.50")])
def test_rent_in_the_money_notation_of_the_page(
    make_logged_in_client, household, corporation, language, expected
):
    household.tenancies.update(rent="1234.50")
    client = make_logged_in_client(Role.WOONCONSULENT, corporation)
    body = client.get(f"/huishoudens/{household.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert expected in body.content.decode()
    assert "1234.50" not in body.content.decode()


def test_viewing_a_household_is_audited(make_logged_in_client, household, corporation):
    client = make_logged_in_client(Role.INCASSOMEDEWERKER, corporation)
    client.get(f"/huishoudens/{household.pk}/")
    event = AuditEvent.objects.get(action="view", household_id=household.pk)
    assert event.organisation == corporation
    assert event.purpose == "huurincasso"
    assert event.request_path == f"/huishoudens/{household.pk}/"


def test_collections_officer_does_not_see_children_or_care_entries(
    make_logged_in_client, household, corporation
):
    f.PersonFactory(household=household, first_name="Kindnaam", relation="kind")
    services.timeline_add(
        household=household,
        kind="household.changed",
        field_group="care",
        actor=None,
        summary="Begeleidingsnotitie",
    )
    client = make_logged_in_client(Role.INCASSOMEDEWERKER, corporation)
    body = client.get(f"/huishoudens/{household.pk}/").content.decode()
    assert "Tessa" in body
    assert "Kindnaam" not in body
    assert "Begeleidingsnotitie" not in body


def test_support_worker_of_involved_care_provider_sees_children_and_care(
    make_logged_in_client, household
):
    care = f.OrganisationFactory(care=True)
    services.involvement_open(actor=None, household=household, organisation=care, kind="trajectory")
    f.PersonFactory(household=household, first_name="Kindnaam", relation="kind")
    services.timeline_add(
        household=household,
        kind="household.changed",
        field_group="care",
        actor=None,
        summary="Begeleidingsnotitie",
    )
    client = make_logged_in_client(Role.WOONBEGELEIDER, care)
    body = client.get(f"/huishoudens/{household.pk}/").content.decode()
    assert "Kindnaam" in body
    assert "Begeleidingsnotitie" in body


def test_list_search_finds_by_postcode_and_name(make_logged_in_client, household, corporation):
    f.TenancyFactory(
        corporation=corporation,
        household=f.HouseholdFactory(name="Familie Anders"),
        postcode="9999 ZZ",
    )
    client = make_logged_in_client(Role.INCASSOMEDEWERKER, corporation)
    names = [h.name for h in client.get("/huishoudens/", {"q": "9999ZZ"}).context["households"]]
    assert names == ["Familie Anders"]
    names = [
        h.name for h in client.get("/huishoudens/", {"q": "testpersoon"}).context["households"]
    ]
    assert names == ["Familie Testpersoon"]


def test_list_needs_a_constant_number_of_queries(
    make_logged_in_client, corporation, django_assert_max_num_queries
):
    for _ in range(30):
        f.TenancyFactory(corporation=corporation)
    client = make_logged_in_client(Role.INCASSOMEDEWERKER, corporation)
    with django_assert_max_num_queries(12):
        assert client.get("/huishoudens/").status_code == 200


def test_edit_member_saves_and_audits_changed_fields(make_logged_in_client, household, corporation):
    person = household.members.get()
    client = make_logged_in_client(Role.WOONCONSULENT, corporation)
    response = client.post(
        f"/huishoudens/leden/{person.pk}/wijzigen/",
        {
            "first_name": "Tessa",
            "last_name": "Nieuwenaam",
            "date_of_birth": "1985-03-14",
            "relation": "hoofdhuurder",
            "phone": "0612345678",
            "email": person.email,
            "version": person.version,
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.last_name == "Nieuwenaam"
    assert person.version == 2
    assert AuditEvent.objects.get(action="update", object_id=str(person.pk)).fields == ["last_name"]


def test_concurrent_edit_is_refused_not_overwritten(make_logged_in_client, household, corporation):
    person = household.members.get()
    stale_version = person.version
    actor = f.make_actor(Role.WOONCONSULENT, corporation)
    services.person_update(actor=actor, person=person, version=stale_version, phone="0687654321")
    client = make_logged_in_client(Role.WOONCONSULENT, corporation)
    response = client.post(
        f"/huishoudens/leden/{person.pk}/wijzigen/",
        {
            "first_name": "Tessa",
            "last_name": "Anders",
            "date_of_birth": "1985-03-14",
            "relation": "hoofdhuurder",
            "phone": "0612345678",
            "email": person.email,
            "version": stale_version,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    person = Person.objects.get(pk=person.pk)
    assert person.phone == "0687654321"
    assert person.last_name == "Testpersoon"


def test_collections_officer_may_not_edit_members(make_logged_in_client, household, corporation):
    person = household.members.get()
    client = make_logged_in_client(Role.INCASSOMEDEWERKER, corporation)
    assert client.get(f"/huishoudens/leden/{person.pk}/wijzigen/").status_code == 404


def test_switching_organisation_changes_what_is_visible(client, household, corporation):
    from conftest import login_verified

    care = f.OrganisationFactory(care=True)
    user = f.UserFactory()
    f.MembershipFactory(user=user, organisation=care, role=Role.WOONBEGELEIDER)
    corp_membership = f.MembershipFactory(
        user=user, organisation=corporation, role=Role.WOONCONSULENT
    )
    login_verified(client, user)
    # Acting for the care provider (first by name) the household is not visible...
    assert client.get(f"/huishoudens/{household.pk}/").status_code == 404
    client.post("/organisatie/wisselen/", {"membership": corp_membership.pk})
    # ... acting for the landlord it is.
    assert client.get(f"/huishoudens/{household.pk}/").status_code == 200


def test_cannot_switch_to_someone_elses_membership(client, corporation):
    from conftest import login_verified

    user = f.UserFactory()
    f.MembershipFactory(
        user=user, organisation=f.OrganisationFactory(care=True), role=Role.WOONBEGELEIDER
    )
    foreign = f.MembershipFactory(organisation=corporation, role=Role.WOONCONSULENT)
    login_verified(client, user)
    assert client.post("/organisatie/wisselen/", {"membership": foreign.pk}).status_code == 404
