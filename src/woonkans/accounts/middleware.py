from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from woonkans.organisations.policy import role_requires_two_factor

LAST_ACTIVITY_KEY = "woonkans_last_activity"

# Paths a person who still has to finish two-factor login may reach.
OPEN_PREFIXES = ("/static/", "/i18n/", "/accounts/", "/api/", "/incassokosten", "/health")


class IdleTimeoutMiddleware:
    """Ends a session after ``IDLE_TIMEOUT`` without requests and says so at login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is not None and now - last > settings.IDLE_TIMEOUT.total_seconds():
                logout(request)
                messages.info(
                    request,
                    _("You were logged out because you were inactive for a while. "
                      "Please log in again."),
                )
                return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.path})}")
            request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


def user_requires_two_factor(user) -> bool:
    return any(
        role_requires_two_factor(m.role) for m in user.memberships.filter(is_active=True)
    ) or user.is_superuser


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
            and not request.path.startswith(OPEN_PREFIXES)
            and not user.is_verified()
            and user_requires_two_factor(user)
        ):
            from django_otp.plugins.otp_totp.models import TOTPDevice

            has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            target = "accounts:verify" if has_device else "accounts:enrol"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
