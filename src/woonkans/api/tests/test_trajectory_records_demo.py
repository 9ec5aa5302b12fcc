"""The last-chance API endpoints on the loaded demo, for every demo user's role.

An API client of each demo user's organisation and role calls every endpoint: the list holds
exactly the records the object type's gate gives that organisation and role, every record of
the demo answers 200 on the detail route when in that set and 404 when not. On top, the
need-to-know rules of the pages: the corporation never gets an indication nor a care-internal
due item, the social team never an agreement, the other corporation nothing of De Linde,
roles without households nothing.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

from woonkans.agreements.access import agreements_visible_to
from woonkans.agreements.models import Agreement
from woonkans.conferences.access import conferences_visible_to
from woonkans.conferences.models import Conference
from woonkans.demo import data
from woonkans.demo.services import demo_load
from woonkans.indications.access import indications_visible_to
from woonkans.indications.models import Indication
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Organisation
from woonkans.tasks.access import due_items_visible_to
from woonkans.tasks.models import DueItem
from woonkans.testing.factories import make_api_client

from .conftest import bearer

pytestmark = pytest.mark.django_db

GATES = {
    "agreements": (Agreement, agreements_visible_to),
    "due-items": (DueItem, due_items_visible_to),
    "indications": (Indication, indications_visible_to),
    "conferences": (Conference, conferences_visible_to),
}
DEMO_MEMBERSHIPS = sorted({(slug, role) for user in data.USERS for slug, role in user.memberships})


@pytest.fixture(scope="module")
def loaded_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """Loaded once in a transaction rolled back after the module (as demo/tests)."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            demo_load()
            yield
            transaction.set_rollback(True)


@pytest.fixture
def loaded(loaded_module, db):
    return loaded_module


def test_the_demo_has_records_of_every_kind(loaded):
    for model, _gate in GATES.values():
        assert model.objects.exists(), model


@pytest.mark.parametrize(("slug", "role"), DEMO_MEMBERSHIPS)
def test_every_demo_role_sees_exactly_what_its_gate_gives(loaded, slug, role):
    organisation = Organisation.objects.get(slug=slug)
    actor = Actor(organisation=organisation, role=role)
    _client, token = make_api_client(organisation, role)
    api = bearer(token)
    for endpoint, (model, gate) in GATES.items():
        allowed = set(gate(actor).values_list("pk", flat=True))
        listing = api.get(f"/api/v1/{endpoint}/", {"limit": 1000}).json()
        assert {row["id"] for row in listing["results"]} == allowed, endpoint
        for pk in model.objects.values_list("pk", flat=True):
            status = api.get(f"/api/v1/{endpoint}/{pk}/").status_code
            assert status == (200 if pk in allowed else 404), (endpoint, pk, status)


def _ids(api, endpoint) -> set[int]:
    return {row["id"] for row in api.get(f"/api/v1/{endpoint}/", {"limit": 1000}).json()["results"]}


def _api(slug, role):
    _client, token = make_api_client(Organisation.objects.get(slug=slug), role)
    return bearer(token)


def test_need_to_know_on_the_demo(loaded):
    de_linde_corp = _api(data.DE_LINDE, "woonconsulent")
    # The corporation: its agreements and due items that concern it; no indications.
    assert _ids(de_linde_corp, "agreements")
    assert _ids(de_linde_corp, "indications") == set()
    corp_items = DueItem.objects.filter(pk__in=_ids(de_linde_corp, "due-items"))
    assert corp_items.exists()
    assert all(
        i.concerns_corporation or i.responsible_organisation.slug == data.DE_LINDE
        for i in corp_items
    )
    care_internal = DueItem.objects.filter(
        trajectory__corporation__slug=data.DE_LINDE, concerns_corporation=False
    ).exclude(responsible_organisation__slug=data.DE_LINDE)
    assert care_internal.exists()
    for item in care_internal[:5]:
        assert de_linde_corp.get(f"/api/v1/due-items/{item.pk}/").status_code == 404
    # The social team: indications and its own items, never an agreement.
    cjg = _api(data.CJG, "wijkconsulent")
    assert _ids(cjg, "agreements") == set()
    assert _ids(cjg, "indications")
    # The other corporation: nothing of De Linde's households.
    rivierland = _api(data.RIVIERLAND, "incassomedewerker")
    de_linde_agreements = Agreement.objects.filter(trajectory__corporation__slug=data.DE_LINDE)
    assert de_linde_agreements.exists()
    assert not (
        _ids(rivierland, "agreements") & set(de_linde_agreements.values_list("pk", flat=True))
    )
    # Roles without households: nothing at all.
    for slug, role in (
        (data.DE_LINDE, "beleidsmedewerker"),
        (data.ONDERDAK, "functioneel_beheerder"),
    ):
        api = _api(slug, role)
        assert all(_ids(api, endpoint) == set() for endpoint in GATES)
    # The care provider's coordinator: everything of its trajectories.
    coordinator = _api(data.ONDERDAK, "coordinator")
    assert _ids(coordinator, "indications") == set(
        Indication.objects.filter(trajectory__care_provider__slug=data.ONDERDAK).values_list(
            "pk", flat=True
        )
    )
