"""Use cases of logging in and out: password, second factor (TOTP), logout.

Every step writes the audit log. A "login" event means the person got in: after the
password for roles without a second factor, after the code for everyone else. Passwords
and codes are never recorded; a failed login names the account only if it exists.
"""

from __future__ import annotations

import math
from base64 import b32encode
from dataclasses import dataclass
from io import BytesIO

import segno
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import login as otp_login
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record

from .middleware import user_requires_two_factor

# The one device a person sets up at first login; the demo's ``totp-code`` command and the
# enrolment page both use it.
DEVICE_NAME = "default"


@dataclass(frozen=True)
class CodeCheck:
    accepted: bool
    error: str = ""


# --- Password ---------------------------------------------------------------------------


def login_with_password(*, request, user) -> None:
    """The password was right (``authenticate()`` passed, with the request, for axes).

    Starts the session. People who need a second factor are not in yet: the two-factor
    middleware keeps them on the enrolment or verification page.
    """
    auth_login(request, user)
    if not user_requires_two_factor(user):
        _record(request, AuditAction.LOGIN, user=user, detail="password")


def login_failed(*, request, username: str, locked_out: bool = False) -> None:
    """A wrong username or password, or an attempt while locked out.

    The account is named only if it exists: a mistyped username may be someone's
    password or a real name, and must not end up in the log.
    """
    user = get_user_model().objects.filter(username=username).first() if username else None
    _record(
        request,
        AuditAction.LOGIN_FAILED,
        user=user,
        detail="locked out" if locked_out else "password",
    )


# --- Second factor ----------------------------------------------------------------------


def confirmed_device(*, user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def enrolment_device(*, user) -> TOTPDevice:
    """The person's unconfirmed device, created at first need and reused after that.

    Reused so that the QR code stays the same when the page is reloaded, and so that the
    demo's ``totp-code`` command computes codes for the device the page shows.
    """
    with transaction.atomic():
        # Serialise concurrent first visits of the same person (one device, not two).
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        device = (
            TOTPDevice.objects.filter(user=user, name=DEVICE_NAME, confirmed=False)
            .order_by("pk")
            .first()
        )
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def two_factor_enrol(*, request, device: TOTPDevice, code: str) -> CodeCheck:
    """Confirm ``device`` with its first code; the person is then logged in fully."""
    with transaction.atomic():
        check = _check_code(request, device, code)
        if check.accepted:
            TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
            device.confirmed = True
            _record(request, AuditAction.TWO_FACTOR_ENROLLED, user=request.user)
            _complete_login(request, device)
    return check


def two_factor_verify(*, request, device: TOTPDevice, code: str) -> CodeCheck:
    """Second step of a login with an already confirmed device."""
    with transaction.atomic():
        check = _check_code(request, device, code)
        if check.accepted:
            _complete_login(request, device)
    return check


def _check_code(request, device: TOTPDevice, code: str) -> CodeCheck:
    """Check a code against the device, honouring django-otp's throttling.

    Every wrong code raises the device's failure count; the next attempt is then refused
    for 1, 2, 4, 8 ... seconds (``OTP_TOTP_THROTTLE_FACTOR``), whatever code it carries.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user_id=request.user.pk)
    allowed, info = device.verify_is_allowed()
    if not allowed:
        _record(request, AuditAction.LOGIN_FAILED, user=request.user, detail="code throttled")
        return CodeCheck(False, _throttled_message(info))
    if device.verify_token(code):
        return CodeCheck(True)
    _record(
        request,
        AuditAction.LOGIN_FAILED,
        user=request.user,
        detail=f"wrong code ({device.throttling_failure_count} in a row)",
    )
    return CodeCheck(
        False,
        _(
            "This code is not correct. Enter the code your authenticator app shows now; "
            "it changes every 30 seconds."
        ),
    )


def _throttled_message(info: dict | None) -> str:
    locked_until = (info or {}).get("locked_until")
    seconds = 1
    if locked_until is not None:
        seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    return ngettext(
        "Too many wrong codes in a row. Wait %(seconds)d second and try again.",
        "Too many wrong codes in a row. Wait %(seconds)d seconds and try again.",
        seconds,
    ) % {"seconds": seconds}


def _complete_login(request, device: TOTPDevice) -> None:
    otp_login(request, device)
    # The session now carries more rights: give it a new key.
    request.session.cycle_key()
    _record(request, AuditAction.LOGIN, user=request.user, detail="password and code")


def device_secret(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an authenticator app."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def device_qr_svg(device: TOTPDevice) -> bytes:
    """The device's ``otpauth://`` address as a QR code (SVG)."""
    buffer = BytesIO()
    segno.make(device.config_url, error="m").save(
        buffer, kind="svg", scale=4, border=2, dark="#000", light="#fff", xmldecl=False
    )
    return buffer.getvalue()


def code_to_type_now(*, device: TOTPDevice) -> str:
    """The code the device accepts now: what an authenticator app shows at this moment.

    A code is accepted only once. If the current one has been used already, this is the
    next time step's code, which the device also accepts (its tolerance is one step).
    """
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = totp.t()
    for t in range(now, now + device.tolerance + 1):
        if t > device.last_t:
            return f"{hotp(device.bin_key, t, digits=device.digits):0{device.digits}d}"
    raise ValueError("The codes for this moment have been used; wait for the next one.")


# --- Logout -----------------------------------------------------------------------------


def logout_user(*, request, detail: str = "") -> None:
    """End the session. ``detail`` says why when it was not the person's choice."""
    user = request.user
    if user.is_authenticated:
        _record(request, AuditAction.LOGOUT, user=user, detail=detail)
    auth_logout(request)


def _record(request, action: str, *, user, detail: str = "") -> None:
    audit_record(
        actor=None,
        user=user,
        action=action,
        detail=detail,
        request_path=request.path,
        label=None if user is not None else "",
    )
