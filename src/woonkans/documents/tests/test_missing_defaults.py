"""The letter pages when the shipped default texts are missing (e.g. after a test flush)."""

from __future__ import annotations

import pytest
from django.utils import translation

from woonkans.audit.models import AuditEvent
from woonkans.documents import services
from woonkans.documents.defaults import missing_default_kinds
from woonkans.documents.kinds import LetterKind
from woonkans.documents.models import LetterTemplate
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

pytestmark = pytest.mark.django_db

ADMIN = Role.FUNCTIONEEL_BEHEERDER


def _shipped() -> dict[str, tuple[str, str]]:
    return {
        t.kind: (t.title, t.body)
        for t in LetterTemplate.objects.filter(organisation__isnull=True, is_active=True)
    }


@pytest.fixture
def flushed():
    """What a flush leaves: no default texts at all. Returns the texts shipped before."""
    before = _shipped()
    LetterTemplate.objects.filter(organisation__isnull=True).delete()
    return before


@pytest.fixture
def client_for(make_logged_in_client, corporation):
    def make(role):
        client = make_logged_in_client(role=role, organisation=corporation)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


def test_list_page_degrades_and_admin_restores_the_shipped_texts(client_for, flushed):
    client = client_for(ADMIN)
    page = client.get("/documenten/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "There is no text for 5 kinds of letter" in body
    assert "Restore the default texts" in body
    # The editor and the example PDF of a missing text do not crash either.
    assert client.get("/documenten/sjablonen/herinnering/").status_code == 302
    assert client.get("/documenten/sjablonen/herinnering/voorbeeld.pdf").status_code == 404

    response = client.post("/documenten/standaardteksten/", follow=True)
    assert response.status_code == 200
    assert "5 default texts have been restored." in response.content.decode()
    assert "kinds of letter: the default texts" not in response.content.decode()
    # Exactly the texts of a fresh install (both data migrations replayed).
    assert _shipped() == flushed
    assert missing_default_kinds() == []
    assert AuditEvent.objects.filter(object_type="documents.lettertemplate").count() == 5
    # Again: nothing to do, nothing duplicated.
    again = client.post("/documenten/standaardteksten/", follow=True).content.decode()
    assert "All default texts were already there." in again
    assert LetterTemplate.objects.filter(organisation__isnull=True, is_active=True).count() == 5


def test_officer_sees_the_message_but_cannot_restore(client_for, flushed):
    client = client_for(Role.INCASSOMEDEWERKER)
    body = client.get("/documenten/").content.decode()
    assert "Ask your corporation's functional administrator" in body
    assert "Restore the default texts" not in body
    assert client.post("/documenten/standaardteksten/").status_code == 404
    assert missing_default_kinds() == sorted(LetterKind.values, key=LetterKind.values.index)


def test_restore_reactivates_a_deactivated_default_and_leaves_others(corporation):
    active = LetterTemplate.objects.get(
        organisation__isnull=True, kind=LetterKind.KAARTJE, is_active=True
    )
    LetterTemplate.objects.filter(pk=active.pk).update(is_active=False)
    actor = f.make_actor(role=ADMIN, organisation=corporation)
    with translation.override("en"):
        restored = services.letter_defaults_restore(actor=actor)
    assert [t.pk for t in restored] == [active.pk]
    assert missing_default_kinds() == []


def test_only_the_functional_administrator_restores(corporation, flushed):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.letter_defaults_restore(
            actor=f.make_actor(role=Role.INCASSOMEDEWERKER, organisation=corporation)
        )
    assert LetterTemplate.objects.count() == 0
