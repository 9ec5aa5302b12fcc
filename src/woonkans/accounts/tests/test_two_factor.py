"""Two-factor login: enrolment at first login, verification later, throttling."""

from __future__ import annotations

import re
from base64 import b32decode, b64decode

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from woonkans.audit.models import AuditAction, AuditEvent

from .helpers import code_for, confirmed_device_for, log_in_with_password, wrong_code_for

pytestmark = pytest.mark.django_db

ENROL = "/accounts/tweestaps/instellen/"
VERIFY = "/accounts/tweestaps/controleren/"


def _reaches_home(client) -> bool:
    response = client.get("/")
    return response.status_code == 200 and "core/home.html" in [t.name for t in response.templates]


def test_first_login_enrols_a_device_and_reaches_home(client, officer, frozen):
    response = log_in_with_password(client, officer.username)
    assert response.url == f"{ENROL}?next=%2F"
    page = client.get(response.url)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=officer)
    assert device.name == "default"
    assert not device.confirmed

    html = page.content.decode()
    # QR code: server-side SVG as a base64 data URI, with a text alternative.
    img = re.search(r'<img[^>]+src="data:image/svg\+xml;base64,([^"]+)"[^>]*>', html)
    assert img, "no QR code image"
    assert b"<svg" in b64decode(img.group(1))
    assert re.search(r'alt="[^"]{20,}"', img.group(0))
    # The same secret as text, in groups of four, for typing into the app.
    secret = re.search(r'id="wk-totp-secret">([A-Z2-7 ]+)<', html).group(1)
    assert re.fullmatch(r"([A-Z2-7]{4} )*[A-Z2-7]{1,4}", secret)
    assert b32decode(secret.replace(" ", "")) == device.bin_key
    code_input = re.search(r'<input[^>]+id="id_code"[^>]*>', html).group(0)
    assert 'autocomplete="one-time-code"' in code_input
    assert 'inputmode="numeric"' in code_input
    assert re.search(r'<label[^>]+for="id_code"', html)

    assert not _reaches_home(client)
    response = client.post(f"{ENROL}?next=%2F", {"code": code_for(device), "next": "/"})
    assert response.status_code == 302
    assert response.url == "/"
    device.refresh_from_db()
    assert device.confirmed
    assert _reaches_home(client)
    actions = list(
        AuditEvent.objects.filter(actor_user=officer).order_by("pk").values_list("action", "detail")
    )
    assert actions == [
        (AuditAction.TWO_FACTOR_ENROLLED, ""),
        (AuditAction.LOGIN, "password and code"),
    ]


def test_enrolment_page_reuses_the_unconfirmed_device(client, officer):
    log_in_with_password(client, officer.username)
    first = client.get(ENROL).content
    second = client.get(ENROL).content
    assert TOTPDevice.objects.filter(user=officer).count() == 1
    secret = re.compile(rb'id="wk-totp-secret">([^<]+)<')
    assert secret.search(first).group(1) == secret.search(second).group(1)


def test_second_login_asks_for_the_code(client, officer, frozen):
    device = confirmed_device_for(officer)
    response = log_in_with_password(client, officer.username, next_url="/huishoudens/")
    assert response.url == f"{VERIFY}?next=%2Fhuishoudens%2F"
    page = client.get(response.url)
    assert page.status_code == 200
    assert re.search(r'<input[^>]+id="id_code"[^>]*>', page.content.decode())
    # No QR code or secret on the verification page.
    assert b"data:image/svg" not in page.content
    response = client.post(response.url, {"code": code_for(device), "next": "/huishoudens/"})
    assert response.status_code == 302
    assert response.url == "/huishoudens/"
    assert client.get("/huishoudens/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor_user=officer).count() == 1


def test_wrong_code_is_refused_counted_and_audited(client, officer, frozen):
    device = confirmed_device_for(officer)
    log_in_with_password(client, officer.username)
    response = client.post(VERIFY, {"code": wrong_code_for(device)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This code is not correct" in html
    assert 'role="alert"' in html
    assert 'aria-invalid="true"' in re.search(r'<input[^>]+id="id_code"[^>]*>', html).group(0)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert not _reaches_home(client)
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.actor_user_id == officer.pk
    assert event.detail == "wrong code (1 in a row)"


def test_code_that_is_not_six_digits_gets_a_format_error(client, officer):
    device = confirmed_device_for(officer)
    log_in_with_password(client, officer.username)
    response = client.post(VERIFY, {"code": "12a45"})
    assert "Enter the six digits of the code" in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_code_with_a_space_is_accepted(client, officer, frozen):
    device = confirmed_device_for(officer)
    log_in_with_password(client, officer.username)
    code = code_for(device)
    assert client.post(VERIFY, {"code": f"{code[:3]} {code[3:]}"}).status_code == 302


def test_throttling_refuses_even_the_right_code_right_after_wrong_ones(client, officer, frozen):
    device = confirmed_device_for(officer)
    log_in_with_password(client, officer.username)
    client.post(VERIFY, {"code": wrong_code_for(device)})
    frozen.shift(1.5)
    client.post(VERIFY, {"code": wrong_code_for(device)})  # second failure: wait 2 s
    frozen.shift(1)
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response.status_code == 200
    assert "Too many wrong codes in a row. Wait 1 second and try again." in (
        response.content.decode()
    )
    assert not _reaches_home(client)
    device.refresh_from_db()
    assert device.throttling_failure_count == 2  # a refused attempt is not checked at all
    frozen.shift(1.5)
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
    assert _reaches_home(client)


def test_throttling_applies_to_enrolment_too(client, officer, frozen):
    log_in_with_password(client, officer.username)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=officer)
    client.post(ENROL, {"code": wrong_code_for(device)})
    response = client.post(ENROL, {"code": code_for(device)})
    assert "Too many wrong codes" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_a_code_is_accepted_only_once(client, officer, frozen):
    device = confirmed_device_for(officer)
    log_in_with_password(client, officer.username)
    code = code_for(device)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post(reverse("accounts:logout"))
    log_in_with_password(client, officer.username)
    frozen.shift(2)
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "This code is not correct" in response.content.decode()


def test_someone_with_a_device_cannot_enrol_another(client, officer):
    # Otherwise a stolen password would be enough to add the thief's phone.
    confirmed_device_for(officer)
    log_in_with_password(client, officer.username)
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    assert client.post(ENROL, {"code": "123456"}).url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_verification_without_a_device_goes_to_enrolment(client, officer):
    log_in_with_password(client, officer.username)
    response = client.get(VERIFY)
    assert response.url.startswith(ENROL)


def test_policy_officer_is_not_asked_for_a_code(client, policy_officer):
    log_in_with_password(client, policy_officer.username)
    assert client.get(ENROL).url == "/"
    assert client.get(VERIFY).url == "/"
    assert not TOTPDevice.objects.filter(user=policy_officer).exists()


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/inloggen/?next=")


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/"])
def test_next_outside_the_site_is_ignored_after_the_code(client, officer, frozen, next_url):
    device = confirmed_device_for(officer)
    log_in_with_password(client, officer.username)
    response = client.post(VERIFY, {"code": code_for(device), "next": next_url})
    assert response.status_code == 302
    assert response.url == "/"


def test_session_key_changes_when_the_code_is_accepted(client, officer, frozen):
    device = confirmed_device_for(officer)
    log_in_with_password(client, officer.username)
    before = client.session.session_key
    client.post(VERIFY, {"code": code_for(device)})
    assert client.session.session_key != before
