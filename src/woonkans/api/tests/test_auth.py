from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from woonkans.api.models import ApiClient
from woonkans.api.services import api_client_revoke
from woonkans.organisations.models import Organisation, Role

from .conftest import bearer

pytestmark = pytest.mark.django_db

API_ROUTES = [
    "/api/v1/households/",
    "/api/v1/households/{household}/",
    "/api/v1/households/{household}/timeline/",
    "/api/v1/tenancies/",
    "/api/v1/tenancies/{tenancy}/",
    "/api/v1/organisations/me/",
]


def urls(family):
    return [u.format(household=family.pk, tenancy=family.tenancy.pk) for u in API_ROUTES]


def assert_401(response):
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert set(response.json()) == {"detail"}


def test_every_route_answers_401_with_a_bearer_challenge_without_a_token(family):
    for url in urls(family):
        assert_401(APIClient().get(url))


@pytest.mark.parametrize(
    "header",
    ["Bearer wk_not-a-real-token", "Bearer", "Bearer two parts", "bearer wk_wrong"],
)
def test_invalid_tokens_are_refused(family, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    for url in urls(family):
        assert_401(client.get(url))


def test_other_schemes_are_not_authenticated(family):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token wk_whatever")
    assert_401(client.get("/api/v1/households/"))


def test_a_logged_in_person_cannot_use_the_api_with_their_session(make_logged_in_client, family):
    client: Client = make_logged_in_client(Role.INCASSOMEDEWERKER)
    assert client.get("/api/v1/households/").status_code == 401


def test_revoked_client_is_refused_from_the_next_request(api_as, family, corporation):
    api = api_as(corporation)
    assert api.get("/api/v1/households/").status_code == 200

    api_client_revoke(actor=None, client=api.api_client)

    for url in urls(family):
        assert_401(api.get(url))


def test_client_of_an_inactive_organisation_is_refused(api_as, family, corporation):
    api = api_as(corporation)
    Organisation.objects.filter(pk=corporation.pk).update(is_active=False)

    assert_401(api.get("/api/v1/organisations/me/"))


def test_token_use_is_recorded(api_as, corporation):
    api = api_as(corporation)
    assert api.api_client.last_used_at is None

    api.get("/api/v1/organisations/me/")

    assert ApiClient.objects.get(pk=api.api_client.pk).last_used_at is not None


def test_token_of_one_client_does_not_open_another(api_as, corporation, other_corporation):
    mine = api_as(corporation)
    theirs = api_as(other_corporation)

    me = bearer(theirs.token).get("/api/v1/organisations/me/").json()

    assert me["organisation"]["slug"] == "andere"
    assert mine.get("/api/v1/organisations/me/").json()["organisation"]["slug"] == "ws-test"
