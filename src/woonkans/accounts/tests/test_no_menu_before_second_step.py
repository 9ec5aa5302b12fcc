"""Before the second login step the pages show no organisation menu or acting-for bar."""

import pytest
from django.test import Client

from woonkans.organisations.models import Role
from woonkans.testing import factories as f

pytestmark = pytest.mark.django_db


def test_enrolment_page_shows_no_main_menu():
    actor = f.make_actor(Role.INCASSOMEDEWERKER)
    client = Client()
    client.force_login(actor.user)  # password step done, second step not yet
    response = client.get("/accounts/tweestaps/instellen/")
    assert response.status_code == 200
    assert response.context["actor"] is None
    assert response.context["menu"] == []
    assert actor.organisation.name not in response.content.decode()
