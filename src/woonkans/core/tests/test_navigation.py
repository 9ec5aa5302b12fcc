from __future__ import annotations

import pytest

from woonkans.core.navigation import menu_for
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Organisation, OrganisationKind, Role


def _labels(kind: str, role: str) -> list[str]:
    actor = Actor(organisation=Organisation(kind=kind, name="x", slug="x"), role=role)
    return [str(item["label"]) for item in menu_for(actor)]


@pytest.mark.django_db
def test_collections_officer_of_a_corporation_gets_the_worklist_not_administration():
    from django.utils import translation

    with translation.override("en"):
        labels = _labels(OrganisationKind.WONINGCORPORATIE, Role.INCASSOMEDEWERKER)
        assert "Worklist" in labels
        assert "Legal route" in labels
        assert "Audit log" not in labels
        care = _labels(OrganisationKind.ZORGORGANISATIE, Role.WOONBEGELEIDER)
        assert "Worklist" not in care and "Households" in care
        policy = _labels(OrganisationKind.WONINGCORPORATIE, Role.BELEIDSMEDEWERKER)
        assert "Households" not in policy
        admin = _labels(OrganisationKind.ZORGORGANISATIE, Role.FUNCTIONEEL_BEHEERDER)
        assert {"Audit log", "Background jobs", "Norms"} <= set(admin)
        assert "Collection steps" not in admin


def test_no_actor_no_menu():
    assert menu_for(None) == []


@pytest.mark.django_db
def test_current_page_is_marked():
    actor = Actor(
        organisation=Organisation(kind=OrganisationKind.WONINGCORPORATIE, name="x", slug="x"),
        role=Role.INCASSOMEDEWERKER,
    )
    items = menu_for(actor, "collection:item-done")
    assert [i["url"] for i in items if i["current"]] == ["/werklijst/"]
