"""Login pages: password, two-factor enrolment and verification, logout.

The steps themselves (and their audit records) are use cases in ``services``.
"""

from __future__ import annotations

from base64 import b64encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from . import services
from .forms import CodeForm, LoginForm
from .middleware import IDLE_LOGOUT_KEY, OPEN_URL_NAMES, second_factor_url, user_requires_two_factor


def safe_next(request) -> str:
    """Where to go after logging in: ``next`` if it stays on this site, else the home page.

    The login pages themselves are refused as a target (they would loop).
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        path = target.split("?", 1)[0]
        if path not in {reverse(name) for name in OPEN_URL_NAMES}:
            return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request):
    next_url = safe_next(request)
    if request.user.is_authenticated:
        # Already logged in (perhaps still without a second factor: the middleware takes
        # them there).
        return redirect(next_url)
    if request.session.pop(IDLE_LOGOUT_KEY, False):
        messages.info(
            request,
            _("You were logged out because you were inactive for a while. Please log in again."),
        )
    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            user = form.get_user()
            services.login_with_password(request=request, user=user)
            if user_requires_two_factor(user):
                return redirect(second_factor_url(user, next_url))
            return redirect(next_url)
        if form.authentication_attempted:
            services.login_failed(
                request=request,
                username=form.cleaned_data.get("username", ""),
                # Set by django-axes; its middleware then answers with the lockout page.
                locked_out=bool(getattr(request, "axes_locked_out", False)),
            )
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@sensitive_post_parameters("code")
@never_cache
@login_required
def enrol_view(request):
    """First login of someone who needs a second factor: set up an authenticator app."""
    next_url = safe_next(request)
    user = request.user
    if user.is_verified() or not user_requires_two_factor(user):
        return redirect(next_url)
    if services.confirmed_device(user=user) is not None:
        # Setting up another device needs the current one first.
        return redirect(second_factor_url(user, next_url))
    device = services.enrolment_device(user=user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        check = services.two_factor_enrol(
            request=request, device=device, code=form.cleaned_data["code"]
        )
        if check.accepted:
            messages.success(request, _("Two-step login is set up. You are logged in."))
            return redirect(next_url)
        form.add_error("code", check.error)
    context = {
        "form": form,
        "next": next_url,
        "qr_data_uri": "data:image/svg+xml;base64,"
        + b64encode(services.device_qr_svg(device)).decode("ascii"),
        "secret": services.device_secret(device),
    }
    return render(request, "accounts/enrol.html", context)


@sensitive_post_parameters("code")
@never_cache
@login_required
def verify_view(request):
    """Second step of the login for someone with a confirmed device."""
    next_url = safe_next(request)
    user = request.user
    if user.is_verified() or not user_requires_two_factor(user):
        return redirect(next_url)
    device = services.confirmed_device(user=user)
    if device is None:
        return redirect(second_factor_url(user, next_url))
    form = CodeForm(request.POST if request.method == "POST" else None)
    form.fields["code"].widget.attrs["autofocus"] = True
    if request.method == "POST" and form.is_valid():
        check = services.two_factor_verify(
            request=request, device=device, code=form.cleaned_data["code"]
        )
        if check.accepted:
            return redirect(next_url)
        form.add_error("code", check.error)
    return render(request, "accounts/verify.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        services.logout_user(request=request)
        messages.success(request, _("You are logged out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)
