"""IdleTimeoutMiddleware: a session ends after IDLE_TIMEOUT without requests."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY

from conftest import login_verified
from woonkans.accounts.middleware import IDLE_LOGOUT_KEY, LAST_ACTIVITY_KEY
from woonkans.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def verified_client(client, officer):
    # Tests that stop the clock must ask for ``frozen`` first, so the session starts then.
    return login_verified(client, officer)


def _seconds(delta: timedelta) -> float:
    return delta.total_seconds()


def test_activity_within_the_timeout_keeps_the_session(frozen, verified_client):
    assert verified_client.get("/").status_code == 200
    for _ in range(3):  # the window slides with every request
        frozen.shift(_seconds(settings.IDLE_TIMEOUT) - 60)
        assert verified_client.get("/").status_code == 200


def test_idle_session_ends_and_the_login_page_says_why(frozen, verified_client, officer):
    assert verified_client.get("/huishoudens/").status_code == 200
    frozen.shift(_seconds(settings.IDLE_TIMEOUT) + 1)
    response = verified_client.get("/huishoudens/")
    assert response.status_code == 302
    assert response.url == "/accounts/inloggen/?next=%2Fhuishoudens%2F"
    assert SESSION_KEY not in verified_client.session
    login_page = verified_client.get(response.url)
    assert "You were logged out because you were inactive" in login_page.content.decode()
    assert IDLE_LOGOUT_KEY not in verified_client.session  # said once
    event = AuditEvent.objects.get(action=AuditAction.LOGOUT)
    assert event.actor_user_id == officer.pk
    assert event.detail == "inactive"
    # Logged out for real: going back does not work.
    assert verified_client.get("/huishoudens/").status_code == 302


def test_stale_activity_timestamp_ends_the_session(verified_client):
    assert verified_client.get("/").status_code == 200
    session = verified_client.session
    session[LAST_ACTIVITY_KEY] = time.time() - _seconds(settings.IDLE_TIMEOUT) - 5
    session.save()
    response = verified_client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/inloggen/")
    assert SESSION_KEY not in verified_client.session


def test_idle_htmx_request_redirects_the_whole_page(frozen, verified_client):
    verified_client.get("/")
    frozen.shift(_seconds(settings.IDLE_TIMEOUT) + 1)
    response = verified_client.get("/huishoudens/?q=a", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/inloggen/?next=%2Fhuishoudens%2F"


def test_anonymous_visitors_are_not_affected(client):
    assert client.get("/accounts/inloggen/").status_code == 200
    assert LAST_ACTIVITY_KEY not in client.session
