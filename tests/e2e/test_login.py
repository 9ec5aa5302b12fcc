"""Logging in with two steps, as a person does it in the browser.

The second factor is real: the code is computed from the key the enrolment page shows,
exactly as an authenticator app would.
"""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from .browser import (
    ENROL,
    HOME,
    LOGIN,
    VERIFY,
    check_page,
    enrol_second_factor,
    enter_password,
    login,
    logout,
    path_of,
    submit,
    verify_second_factor,
)

pytestmark = pytest.mark.browser


def test_first_login_sets_up_two_step_login_then_shows_home(page, world):
    user = world.consultant.user
    page.goto(HOME)
    assert path_of(page) == LOGIN, "the home page asks anonymous visitors to log in"
    check_page(page, "login")

    enter_password(page, user.username)
    assert path_of(page) == ENROL
    assert page.locator("#wk-totp-qr").is_visible()
    enrol_second_factor(page, user, check="enrol")

    assert path_of(page) == HOME
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    main = page.locator("main")
    assert "Woonstichting Voorbeeld" in main.inner_text()
    assert main.get_by_role("link", name="Familie Bakker-Visser").is_visible()
    check_page(page, "home")


def test_second_login_asks_only_for_the_code(page, world):
    user = world.consultant.user
    login(page, user)  # first login: enrolment
    logout(page)
    assert path_of(page) == LOGIN

    enter_password(page, user.username)
    assert path_of(page) == VERIFY, "with a confirmed device the app asks for a code"
    verify_second_factor(page, user, check="verify")
    assert path_of(page) == HOME
    assert TOTPDevice.objects.filter(user=user).count() == 1, "no second device was made"


def test_wrong_code_is_refused_with_an_accessible_error(page, world):
    user = world.consultant.user
    enter_password(page, user.username)
    assert path_of(page) == ENROL
    page.fill("#id_code", "12345")  # five digits: never a valid code
    submit(page)
    assert path_of(page) == ENROL
    assert page.locator("[data-wk-error-summary]").is_visible()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    check_page(page, "enrol-error")


def test_login_without_second_factor_role_goes_straight_home(page, world):
    """Policy staff see aggregates only: password alone (see organisations.policy)."""
    login(page, world.policy.user)
    assert path_of(page) == HOME
    check_page(page, "home-beleidsmedewerker")


def test_repeated_wrong_passwords_pause_logging_in(page, world):
    user = world.consultant.user
    statuses = []
    for _attempt in range(6):
        page.goto(LOGIN)
        page.fill("#id_username", user.username)
        page.fill("#id_password", "not the password")
        with page.expect_navigation() as navigation:
            page.locator("main button.utrecht-button--primary-action").click()
        statuses.append(navigation.value.status)
        if navigation.value.status != 200:
            break
    assert statuses[-1] == 429, f"no lockout after {len(statuses)} wrong passwords: {statuses}"
    assert page.locator("#id_password").count() == 0
    check_page(page, "locked-out")

    # Even the right password is refused while the pause lasts.
    page.goto(LOGIN)
    page.fill("#id_username", user.username)
    page.fill("#id_password", "correct horse battery staple")
    with page.expect_navigation() as navigation:
        page.locator("main button.utrecht-button--primary-action").click()
    assert navigation.value.status == 429
    assert path_of(page) not in {ENROL, VERIFY, HOME}
