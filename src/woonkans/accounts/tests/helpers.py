"""Helpers for the login tests: TOTP codes as an authenticator app computes them."""

from __future__ import annotations

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "correct horse battery staple"  # UserFactory's password


def confirmed_device_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What an authenticator app shows now (computed independently of the app's code)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0 - steps_ahead * device.step):06d}"


def wrong_code_for(device: TOTPDevice) -> str:
    accepted = {code_for(device, s) for s in (-1, 0, 1)}
    return next(
        c for c in (f"{n:06d}" for n in range(100000, 1000000, 111111)) if c not in accepted
    )


def log_in_with_password(client, username: str, password: str = PASSWORD, next_url=None):
    data = {"username": username, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)
