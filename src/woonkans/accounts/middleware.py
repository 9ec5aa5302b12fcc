from __future__ import annotations

import time

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_htmx.http import HttpResponseClientRedirect
from django_otp.plugins.otp_totp.models import TOTPDevice

from woonkans.organisations.policy import role_requires_two_factor

LAST_ACTIVITY_KEY = "woonkans_last_activity"
# Set in the fresh (anonymous) session after an idle logout; the login page says why.
IDLE_LOGOUT_KEY = "woonkans_idle_logout"

# Paths a person who still has to finish two-factor login may reach. The login pages
# themselves are added by name in ``_is_open`` (not the whole ``/accounts/`` tree, so a
# future account page is not reachable with only a password).
OPEN_PREFIXES = ("/static/", "/i18n/", "/api/", "/incassokosten", "/health", "/favicon.ico")
OPEN_URL_NAMES = ("accounts:login", "accounts:logout", "accounts:enrol", "accounts:verify")


def _is_open(path: str) -> bool:
    return path.startswith(OPEN_PREFIXES) or path in {reverse(n) for n in OPEN_URL_NAMES}


def _redirect(request, url: str):
    """Redirect, also for htmx requests (which would otherwise swap the target page in)."""
    if request.headers.get("HX-Request") == "true":
        return HttpResponseClientRedirect(url)
    return redirect(url)


class IdleTimeoutMiddleware:
    """Ends a session after ``IDLE_TIMEOUT`` without requests and says so at login.

    It runs before the message middleware, so it cannot add a message itself: it leaves a
    flag in the new anonymous session that the login page turns into a notice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is not None and now - last > settings.IDLE_TIMEOUT.total_seconds():
                from .services import logout_user

                logout_user(request=request, detail="inactive")
                request.session[IDLE_LOGOUT_KEY] = True
                login_url = reverse("accounts:login")
                return _redirect(request, f"{login_url}?{urlencode({'next': request.path})}")
            request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


def user_requires_two_factor(user) -> bool:
    return (
        any(role_requires_two_factor(m.role) for m in user.memberships.filter(is_active=True))
        or user.is_superuser
    )


def second_factor_url(user, next_url: str) -> str:
    """Verification for people with a confirmed device, enrolment for the others."""
    has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    target = "accounts:verify" if has_device else "accounts:enrol"
    return f"{reverse(target)}?{urlencode({'next': next_url})}"


class TwoFactorRequiredMiddleware:
    """Everyone whose roles see personal data must pass a second factor before any page.

    Without a confirmed device they are sent to enrolment, otherwise to verification.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not _is_open(request.path)
            and not user.is_verified()
            and user_requires_two_factor(user)
        ):
            return _redirect(request, second_factor_url(user, request.get_full_path()))
        return self.get_response(request)
