"""Password login, lockout, logout, redirects and their audit records."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from woonkans.audit.models import AuditAction, AuditEvent

from .helpers import PASSWORD, confirmed_device_for, log_in_with_password

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/inloggen/"


def test_routes_have_the_agreed_paths():
    assert reverse("accounts:login") == LOGIN
    assert reverse("accounts:logout") == "/accounts/uitloggen/"
    assert reverse("accounts:enrol") == "/accounts/tweestaps/instellen/"
    assert reverse("accounts:verify") == "/accounts/tweestaps/controleren/"


def test_login_page_has_labelled_fields_with_autocomplete(client):
    html = client.get(LOGIN).content.decode()
    assert re.search(r'<label[^>]+for="id_username"', html)
    assert re.search(r'<label[^>]+for="id_password"', html)
    username = re.search(r"<input[^>]+id=\"id_username\"[^>]*>", html).group(0)
    password = re.search(r"<input[^>]+id=\"id_password\"[^>]*>", html).group(0)
    assert 'autocomplete="username"' in username
    assert 'autocomplete="current-password"' in password
    assert 'type="password"' in password
    assert '<button type="submit"' in html


def test_policy_officer_gets_in_with_password_only(client, policy_officer):
    response = log_in_with_password(client, policy_officer.username)
    assert response.status_code == 302
    assert response.url == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert "core/home.html" in [t.name for t in home.templates]
    assert not TOTPDevice.objects.filter(user=policy_officer).exists()
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert event.actor_user_id == policy_officer.pk
    assert event.detail == "password"


def test_officer_is_sent_to_enrolment_and_is_not_logged_in_as_complete(client, officer):
    response = log_in_with_password(client, officer.username, next_url="/huishoudens/")
    assert response.status_code == 302
    assert response.url == "/accounts/tweestaps/instellen/?next=%2Fhuishoudens%2F"
    # The password alone does not count as a login in the audit log.
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()


def test_officer_with_device_is_sent_to_verification(client, officer):
    confirmed_device_for(officer)
    response = log_in_with_password(client, officer.username)
    assert response.url == "/accounts/tweestaps/controleren/?next=%2F"


@pytest.mark.parametrize("path", ["/huishoudens/", "/", "/audit/"])
def test_officer_cannot_reach_pages_before_second_factor(client, officer, path):
    log_in_with_password(client, officer.username)
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/tweestaps/instellen/?next=")
    confirmed_device_for(officer)
    response = client.get(path)
    assert response.url.startswith("/accounts/tweestaps/controleren/?next=")


def test_htmx_request_before_second_factor_gets_a_client_redirect(client, officer):
    log_in_with_password(client, officer.username)
    response = client.get("/huishoudens/?q=x", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert (
        response["HX-Redirect"] == "/accounts/tweestaps/instellen/?next=%2Fhuishoudens%2F%3Fq%3Dx"
    )
    assert b"<" not in response.content


def test_wrong_password_is_refused_without_saying_why(client, officer):
    response = log_in_with_password(client, officer.username, "wrong password 123")
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    html = response.content.decode()
    assert "The username or password is not correct" in html
    assert 'role="alert"' in html  # the error summary
    unknown = log_in_with_password(client, "nobody-by-this-name", "wrong password 123")
    assert "The username or password is not correct" in unknown.content.decode()


def test_failed_login_is_audited_without_password(client, officer):
    log_in_with_password(client, officer.username, "Geheim-wachtwoord-42")
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.actor_user_id == officer.pk
    assert event.actor_label == officer.username
    assert "Geheim-wachtwoord-42" not in repr(
        [getattr(event, field.attname) for field in AuditEvent._meta.fields]
    )


def test_failed_login_of_unknown_username_records_no_name(client):
    # A mistyped "username" can be a password or a real name: it must not be logged.
    log_in_with_password(client, "Jan-de-Vries-1970", "whatever-password")
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.actor_user_id is None
    values = repr([getattr(event, field.attname) for field in AuditEvent._meta.fields])
    assert "Jan-de-Vries" not in values
    assert "whatever-password" not in values


def test_empty_form_is_not_an_attempt(client):
    response = client.post(LOGIN, {"username": "", "password": ""})
    assert response.status_code == 200
    assert not AuditEvent.objects.exists()


def _lock_out(client, username):
    responses = [log_in_with_password(client, username, f"wrong-{i}") for i in range(5)]
    assert [r.status_code for r in responses[:4]] == [200] * 4
    return responses[4]


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(client, policy_officer):
    fifth = _lock_out(client, policy_officer.username)
    assert fifth.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in fifth.templates]
    right = log_in_with_password(client, policy_officer.username, PASSWORD)
    assert right.status_code == 429
    assert SESSION_KEY not in client.session
    assert client.get("/").status_code == 302
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)
    assert failed.count() == 6
    assert failed.filter(detail="locked out").count() == 2
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()


def test_lockout_does_not_block_another_username(client, policy_officer, officer):
    _lock_out(client, officer.username)
    assert log_in_with_password(client, policy_officer.username).status_code == 302


def _without_csrf_tokens(html: str) -> str:
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", html)


def test_lockout_page_does_not_reveal_whether_the_account_exists(client, policy_officer):
    known = _lock_out(client, policy_officer.username)
    unknown = _lock_out(client, "nobody-by-this-name")
    assert unknown.status_code == known.status_code == 429
    assert policy_officer.username not in known.content.decode()
    known_text = _without_csrf_tokens(known.content.decode())
    unknown_text = _without_csrf_tokens(unknown.content.decode())
    assert known_text == unknown_text
    assert "15 minutes" in known_text


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/huishoudens/",
        "http://testserver.evil.example/",
        "javascript:alert(1)",
        "/accounts/inloggen/",
    ],
)
def test_next_outside_the_site_is_ignored(client, policy_officer, next_url):
    response = log_in_with_password(client, policy_officer.username, next_url=next_url)
    assert response.status_code == 302
    assert response.url == "/"


def test_next_on_the_site_is_followed(client, policy_officer):
    response = log_in_with_password(client, policy_officer.username, next_url="/audit/?q=1")
    assert response.url == "/audit/?q=1"


def test_logged_in_visit_to_login_page_moves_on(client, policy_officer):
    log_in_with_password(client, policy_officer.username)
    response = client.get(LOGIN + "?next=https://evil.example/")
    assert response.status_code == 302
    assert response.url == "/"


def test_logout_requires_post(client, policy_officer):
    log_in_with_password(client, policy_officer.username)
    assert client.get("/accounts/uitloggen/").status_code == 405
    assert SESSION_KEY in client.session
    response = client.post("/accounts/uitloggen/")
    assert response.status_code == 302
    assert response.url == LOGIN
    assert SESSION_KEY not in client.session
    assert client.get("/").status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.LOGOUT)
    assert event.actor_user_id == policy_officer.pk


def test_logout_checks_csrf(policy_officer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(policy_officer)
    assert client.post("/accounts/uitloggen/").status_code == 403
    assert SESSION_KEY in client.session


def test_header_logout_button_posts_to_logout(client, policy_officer):
    log_in_with_password(client, policy_officer.username)
    html = client.get("/").content.decode()
    assert re.search(r'<form method="post" action="/accounts/uitloggen/"', html)
