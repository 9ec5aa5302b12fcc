"""Helpers for the browser journeys: log in like a person does, check a page, screenshot it.

Every page a journey visits goes through :func:`check_page`: it must have loaded without
Content-Security-Policy violations or script errors, pass axe-core's WCAG 2.1 A/AA rules
(:func:`assert_accessible`), and is saved as ``var/screenshots/<name>.png``.
"""

from __future__ import annotations

import re
from base64 import b32decode
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "var" / "screenshots"
# Served by the app itself after `make assets` (copied from node_modules/axe-core).
AXE_PATH = "/static/vendor/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PASSWORD = "correct horse battery staple"  # the factories' password (fictional accounts)
LOGIN = "/accounts/inloggen/"
ENROL = "/accounts/tweestaps/instellen/"
VERIFY = "/accounts/tweestaps/controleren/"
HOME = "/"

SUBRESOURCES = {"stylesheet", "script", "image", "font"}
PRIMARY_BUTTON = "main button.utrecht-button--primary-action"


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def watch_errors(page: Page) -> list[str]:
    """Collect what breaks a page quietly (see check_page): CSP violations, uncaught script
    errors, and stylesheets, scripts, images or fonts that fail to load."""
    errors: list[str] = []

    def on_console(message) -> None:
        if message.type == "error" and (
            "Content Security Policy" in message.text or "Refused to" in message.text
        ):
            errors.append(f"console: {message.text}")

    def subresource(request) -> bool:
        # Not the browser's own (chrome://, e.g. its PDF viewer), nor a page itself.
        return request.url.startswith("http") and request.resource_type in SUBRESOURCES

    def on_response(response) -> None:
        if response.status >= 400 and subresource(response.request):
            errors.append(f"HTTP {response.status} for {response.url}")

    def on_request_failed(request) -> None:
        if subresource(request):
            errors.append(f"request failed: {request.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    page.wk_errors = errors  # read by check_page
    return errors


def submit(page: Page, selector: str = PRIMARY_BUTTON) -> None:
    """Click a submit button and wait for the page it leads to."""
    with page.expect_navigation(wait_until="load"):
        page.locator(selector).click()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=target, full_page=True)
    return target


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:200]}")
            for summary_line in (node.get("failureSummary") or "").splitlines()[:4]:
                lines.append(f"       {summary_line.strip()}")
        if len(v["nodes"]) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more element(s)")
    return "\n".join(lines)


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core's WCAG 2.0/2.1 A and AA rules on the page; return the violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # A <script src> from the app's own origin: allowed by the page's CSP as it is.
        page.add_script_tag(url=urljoin(page.url, AXE_PATH))
    return page.evaluate(
        """async (options) => {
            const result = await axe.run(document, options);
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target, html: n.html, failureSummary: n.failureSummary})),
            }));
        }""",
        {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )


def assert_accessible(page: Page) -> None:
    """Fail with a readable list when axe-core finds WCAG 2.1 A/AA violations."""
    violations = axe_violations(page)
    assert not violations, format_violations(page.url, violations)


def page_problems(page: Page) -> list[str]:
    """What is wrong with the page as it is now: browser errors since the last check
    (see watch_errors), a missing ``<html lang>``, axe-core violations."""
    errors = getattr(page, "wk_errors", [])
    problems = [f"in the browser: {error}" for error in errors]
    errors.clear()
    if not page.evaluate("() => document.documentElement.lang"):
        problems.append("<html> has no lang")
    violations = axe_violations(page)
    if violations:
        problems.append(format_violations(page.url, violations))
    return problems


def check_page(page: Page, name: str) -> None:
    """Screenshot the page as ``name``, then assert it has no problems (page_problems)."""
    screenshot(page, name)
    problems = page_problems(page)
    assert not problems, f"{name} ({page.url}):\n" + "\n".join(problems)


def visit(page: Page, path: str, name: str, *, status: int = 200, ready: str = "") -> None:
    """Open ``path``, expect ``status``, wait for the ``ready`` selector (for pages that
    build themselves with script), and check the page (see check_page)."""
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"
    if ready:
        page.locator(ready).first.wait_for()
    check_page(page, name)


# --- Logging in ---------------------------------------------------------------------------


def authenticator_code(key: bytes, *, used_up_to: int = -1) -> str:
    """What an authenticator app holding ``key`` shows: the current six-digit code.

    A code is accepted once. When the current time step's code has been used already
    (``used_up_to``, the device's ``last_t``), this gives the next step's code, which the
    server accepts within its tolerance of one step, instead of waiting 30 seconds.
    """
    totp = TOTP(key, step=30, t0=0, digits=6)
    if totp.t() <= used_up_to:
        totp.time = (used_up_to + 1) * 30
    return f"{totp.token():06d}"


def enrol_second_factor(page: Page, user, *, check: str | None = None) -> bytes:
    """On the enrolment page: read the key shown (as a person types it into an app), check
    it is the device's key in the database, enter the code. Returns the key."""
    assert path_of(page) == ENROL, f"expected the enrolment page, got {page.url}"
    if check:
        check_page(page, check)
    secret = re.sub(r"\s", "", page.locator("#wk-totp-secret").inner_text())
    key = b32decode(secret + "=" * (-len(secret) % 8))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert key == device.bin_key, "the key on the page is not the device's key"
    page.fill("#id_code", authenticator_code(key, used_up_to=device.last_t))
    submit(page)
    return key


def verify_second_factor(page: Page, user, *, check: str | None = None) -> None:
    """On the verification page: enter the code of the user's confirmed device."""
    assert path_of(page) == VERIFY, f"expected the verification page, got {page.url}"
    if check:
        check_page(page, check)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    page.fill("#id_code", authenticator_code(device.bin_key, used_up_to=device.last_t))
    submit(page)


def enter_password(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto(LOGIN)
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    submit(page)


def login(page: Page, user, *, password: str = PASSWORD) -> None:
    """Log ``user`` in completely, through whichever second-factor page the app shows."""
    enter_password(page, user.username, password)
    if path_of(page) == ENROL:
        enrol_second_factor(page, user)
    elif path_of(page) == VERIFY:
        verify_second_factor(page, user)
    assert path_of(page) not in {LOGIN, ENROL, VERIFY}, (
        f"login of {user.username} did not finish: still on {page.url}\n"
        + page.locator("main").inner_text()[:500]
    )


def logout(page: Page) -> None:
    submit(page, "header form[action$='/uitloggen/'] button")
