"""``woonkans totp-code USERNAME``: demo users log in without a phone app."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from .helpers import code_for, confirmed_device_for, log_in_with_password

pytestmark = pytest.mark.django_db

ENROL = "/accounts/tweestaps/instellen/"
VERIFY = "/accounts/tweestaps/controleren/"


def totp_code(username: str) -> str:
    out = StringIO()
    call_command("totp_code", username, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def test_code_from_the_command_is_accepted_by_enrolment(client, officer, frozen):
    code = totp_code(officer.username)  # before the page: creates the device
    assert len(code) == 6 and code.isdigit()
    log_in_with_password(client, officer.username)
    client.get(ENROL)
    assert TOTPDevice.objects.filter(user=officer).count() == 1
    response = client.post(ENROL, {"code": code})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=officer).confirmed


def test_command_uses_the_device_the_enrolment_page_shows(client, officer, frozen):
    log_in_with_password(client, officer.username)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=officer)
    assert totp_code(officer.username) == code_for(device)
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_command_gives_a_usable_code_for_a_second_login_in_the_same_half_minute(
    client, officer, frozen
):
    device = confirmed_device_for(officer)
    log_in_with_password(client, officer.username)
    assert client.post(VERIFY, {"code": totp_code(officer.username)}).status_code == 302
    client.post("/accounts/uitloggen/")
    frozen.shift(5)
    log_in_with_password(client, officer.username)
    # The current code is used up; the command prints the next one, which is accepted.
    code = totp_code(officer.username)
    assert code == code_for(device, steps_ahead=1)
    assert client.post(VERIFY, {"code": code}).status_code == 302


def test_command_refuses_to_run_outside_the_demo(officer, settings):
    settings.DEMO = False
    with pytest.raises(CommandError, match="WOONKANS_DEMO=true"):
        totp_code(officer.username)
    assert not TOTPDevice.objects.exists()


def test_command_reports_an_unknown_user(db):
    with pytest.raises(CommandError, match="no user"):
        totp_code("nobody-by-this-name")
