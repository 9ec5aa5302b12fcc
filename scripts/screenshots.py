"""Screenshots of the demo for the docs: ``docs/screenshots/*.png``.

Usage (with a demo server running, see docs/demo.md "Screenshots for the docs")::

    WOONKANS_DEMO=true .venv/bin/python scripts/screenshots.py http://127.0.0.1:8765

Logs in as demo users (password ``woonkans-demo-2026``; the two-step code comes from
``woonkans totp-code USERNAME``, run with this process's environment, so DATABASE_URL must
point at the same database as the server) with Playwright on the system Chromium, finds
each page the way a person does (menu, list, link) and saves it 1280 px wide.

The pages are found by the menu links and the pilot households' names, never by database
ids, so the script works on any freshly loaded demo. A page that does not answer 200, or
whose chart did not draw, is reported and the script exits with 1 (the other screenshots
are still taken).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "woonkans-demo-2026"  # noqa: S105 - the published demo password (demo/constants.py)
LOGIN = "/accounts/inloggen/"
SECOND_FACTOR = ("/accounts/tweestaps/instellen/", "/accounts/tweestaps/controleren/")
SUBMIT = "main button.utrecht-button--primary-action"
WIDTH = 1280
HEIGHT = 900


class ShotError(Exception):
    """A page could not be found, did not load, or looks broken."""


# --- Logging in ---------------------------------------------------------------------------


def totp_code(username: str, command: list[str]) -> str:
    """The user's current two-step code, as the demo's ``totp-code`` command prints it."""
    env = dict(os.environ, WOONKANS_DEMO="true")
    for attempt in range(3):
        result = subprocess.run(  # noqa: S603 - our own command, no shell
            [*command, "totp-code", username],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode == 0:
            return result.stdout.strip().splitlines()[-1]
        if "have been used" in result.stderr and attempt < 2:
            time.sleep(31)  # this moment's codes are used up: wait for the next step
            continue
        raise ShotError(f"totp-code {username} failed: {result.stderr.strip()}")
    raise AssertionError("unreachable")


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def submit(page: Page, selector: str = SUBMIT) -> None:
    with page.expect_navigation(wait_until="load"):
        page.locator(selector).first.click()


def login(page: Page, username: str, command: list[str]) -> None:
    """Password, then the enrolment or verification page with the code of ``totp-code``."""
    page.goto(LOGIN)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    submit(page)
    if path_of(page) in SECOND_FACTOR:
        page.fill("#id_code", totp_code(username, command))
        submit(page)
    if path_of(page) == LOGIN or path_of(page) in SECOND_FACTOR:
        text = page.locator("main").inner_text()[:300]
        raise ShotError(f"login of {username} did not finish ({page.url}): {text}")


# --- Finding pages like a person does -----------------------------------------------------


def open_path(page: Page, path: str) -> None:
    response = page.goto(path)
    status = response.status if response else 0
    if status != 200:
        raise ShotError(f"HTTP {status} for {page.url}")


def follow(page: Page, links, what: str) -> None:
    """Open the first of ``links`` (a Playwright locator): the href it shows."""
    if links.count() == 0:
        raise ShotError(f"no link to {what} on {page.url}")
    href = links.first.get_attribute("href") or ""
    open_path(page, urljoin(page.url, href))


def menu(page: Page, href: str) -> None:
    """Click the main-menu item leading to ``href`` (the menu is the same in every language)."""
    follow(page, page.locator(f"header a[href='{href}'], nav a[href='{href}']"), f"menu {href}")


def link_named(page: Page, name: str) -> None:
    """Follow the link in the page's main part whose text is ``name`` (a household's name)."""
    links = page.locator("main a", has_text=re.compile(rf"^\s*{re.escape(name)}\s*$"))
    follow(page, links, repr(name))


def link_to(page: Page, pattern: str, what: str) -> None:
    """Follow the first link in the main part whose path matches the regular expression."""
    for link in page.locator("main a[href]").all():
        href = link.get_attribute("href") or ""
        if re.fullmatch(pattern, urlsplit(href).path):
            open_path(page, urljoin(page.url, href))
            return
    raise ShotError(f"no link to {what} ({pattern}) on {page.url}")


def wait_for_chart(page: Page, selector: str) -> None:
    """Wait until Chart.js has drawn into the canvas (it sets its size), then a moment for
    its animation to finish."""
    canvas = page.locator(selector).first
    try:
        canvas.wait_for(state="visible", timeout=10_000)
        page.wait_for_function(
            "(el) => window.Chart && Chart.getChart && Chart.getChart(el)",
            arg=canvas.element_handle(),
            timeout=10_000,
        )
    except Exception as exc:  # reported as a broken page
        raise ShotError(f"the chart {selector} did not draw on {page.url}: {exc}") from exc
    page.wait_for_timeout(1500)


# --- The screenshots ----------------------------------------------------------------------


def trajectory(page: Page) -> None:
    """Household F (Familie Tamminga) in active guidance, from the Last-chance list."""
    menu(page, "/trajecten/")
    link_named(page, "Familie Tamminga")


def case_conference(page: Page) -> None:
    """The next meeting: its agenda of new referrals, attendance and the agenda controls."""
    menu(page, "/casusoverleg/")
    link_to(page, r"/casusoverleg/\d+/", "the first (upcoming) meeting")


def agreement(page: Page) -> None:
    """F's settlement agreement, from its trajectory page."""
    trajectory(page)
    link_to(page, r"/afspraken/\d+/", "the agreement")


def my_tasks(page: Page) -> None:
    menu(page, "/mijn-taken/")


def budget(page: Page) -> None:
    """Household B (Familie Oudeland): budget management with payments, debts, the chart."""
    menu(page, "/budgetbeheer/")
    link_named(page, "Familie Oudeland")
    wait_for_chart(page, "canvas[data-wk-budget-chart]")


def plan_comparison(page: Page) -> None:
    """Household D (Familie Brinkerink): household page, repayment capacity, latest
    calculation, "Compare plans and propose"."""
    menu(page, "/huishoudens/")
    link_named(page, "Familie Brinkerink")
    link_to(page, r"/afloscapaciteit/huishouden/\d+/", "repayment capacity")
    link_to(page, r"/afloscapaciteit/berekening/\d+/", "the latest calculation")
    link_to(page, r"/afloscapaciteit/berekening/\d+/voorstel/", "the plan comparison")
    wait_for_chart(page, "canvas[data-wk-capacity-chart]")


def household_for_corporation(page: Page) -> None:
    """Household C (Familie Dijkhout) as De Linde's housing consultant: its household page
    (full page, with the last-chance panel), reached from the Last-chance list."""
    menu(page, "/trajecten/")
    link_named(page, "Familie Dijkhout")
    link_to(page, r"/huishoudens/\d+/", "the household page")
    charts = page.locator("main canvas")
    if charts.count():
        wait_for_chart(page, "main canvas")


@dataclass(frozen=True)
class Shot:
    name: str
    user: str
    find: Callable[[Page], None]
    # The full page, cut off just above this element (a long list or form that adds little).
    cut_before: str = ""


SHOTS: tuple[Shot, ...] = (
    Shot("trajectory", "coordinator", trajectory),
    Shot("case-conference", "coordinator", case_conference),
    Shot("agreement", "coordinator", agreement),
    Shot("my-tasks", "consulent", my_tasks),
    Shot("budget", "consulent", budget, cut_before="main section:has(#payments-heading)"),
    Shot(
        "plan-comparison",
        "consulent",
        plan_comparison,
        cut_before="main section:has(#propose-heading)",
    ),
    Shot(
        "household-trajectory-panel",
        "woonconsulent.delinde",
        household_for_corporation,
        cut_before="#timeline-heading",
    ),
)


def save(page: Page, target: Path, cut_before: str = "") -> None:
    """Save the full page, or the part above ``cut_before`` (its top, in page coordinates)."""
    if not cut_before:
        page.screenshot(path=target, full_page=True)
        return
    element = page.locator(cut_before)
    if element.count() == 0:
        raise ShotError(f"nothing matches {cut_before!r} on {page.url}")
    top = element.first.evaluate("(el) => el.getBoundingClientRect().top + window.scrollY")
    clip = {"x": 0, "y": 0, "width": WIDTH, "height": max(HEIGHT, round(top))}
    page.screenshot(path=target, full_page=True, clip=clip)


def take(browser: Browser, base_url: str, user: str, shots: list[Shot], args) -> list[str]:
    """One browser context (one login) per user; returns the problems found."""
    problems: list[str] = []
    context = browser.new_context(
        base_url=base_url,
        viewport={"width": WIDTH, "height": HEIGHT},
        locale=args.locale,
        device_scale_factor=1,
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
    page.on(
        "response",
        lambda r: errors.append(f"HTTP {r.status} for {r.url}") if r.status >= 400 else None,
    )
    try:
        login(page, user, args.totp_command)
    except ShotError as exc:
        context.close()
        return [f"{user}: {exc}"]
    for shot in shots:
        errors.clear()
        try:
            shot.find(page)
        except ShotError as exc:
            problems.append(f"{shot.name} ({user}): {exc}")
            continue
        target = args.out / f"{shot.name}.png"
        try:
            save(page, target, shot.cut_before)
        except ShotError as exc:
            problems.append(f"{shot.name} ({user}): {exc}")
            continue
        note = f"  ({'; '.join(errors)})" if errors else ""
        if errors:
            problems.append(f"{shot.name} ({user}, {page.url}): {'; '.join(errors)}")
        print(
            f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}"
            f"  {user}  {path_of(page)}{note}"
        )
    context.close()
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs")
    parser.add_argument(
        "--locale",
        default="nl-NL",
        help="the browser's language (nl-NL, the app's own; en-GB for English pages)",
    )
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument(
        "--only", nargs="*", default=[], help=f"names: {' '.join(s.name for s in SHOTS)}"
    )
    parser.add_argument(
        "--totp-command",
        nargs="+",
        default=[str(ROOT / ".venv" / "bin" / "woonkans")],
        help="the woonkans command that prints a demo user's code",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    wanted = [s for s in SHOTS if not args.only or s.name in args.only]
    users = list(dict.fromkeys(s.user for s in wanted))
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium)
        try:
            for user in users:
                shots = [s for s in wanted if s.user == user]
                problems += take(browser, args.base_url, user, shots, args)
        finally:
            browser.close()
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
