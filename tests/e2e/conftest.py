"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright's own browser download cannot work on our machines, so the tests drive
``/usr/bin/chromium`` (``apt-get install chromium``; ``make test`` does that). Without it
the browser tests are skipped, except in CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from woonkans.households import services
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

from .browser import watch_errors

# Playwright's sync API runs an event loop in this thread; the ORM calls of the tests
# themselves are still synchronous and safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = (
            f"{CHROMIUM} is missing: install Debian's Chromium with `apt-get install "
            "chromium` (or `make browser`). Never `playwright install`."
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI needs the browser tests: {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(request, browser, live_server, django_db_serialized_rollback):
    """Make pages, each in its own browser context (own cookies), on the live server, in
    Dutch like the app's users — or in the language of a ``browser_locale`` marker
    (``@pytest.mark.browser_locale("en-GB")``) for journeys that find elements by their
    English labels.

    ``live_server`` gives the test a transactional database that the server thread shares.
    Such a test empties every table afterwards, also the rows the migrations made (norms,
    letter texts); the serialized rollback puts those back before each browser test."""
    # Reference data shipped by data migrations (norm tables, letter texts): a live-server
    # test that ran before may have flushed it and a later loader re-shipped only a part.
    from woonkans.demo.arrears import ensure_reference_data

    ensure_reference_data()
    contexts = []
    marker = request.node.get_closest_marker("browser_locale")
    locale = marker.args[0] if marker else "nl-NL"

    def make():
        context = browser.new_context(
            base_url=live_server.url, locale=locale, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        watch_errors(page)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


class World:
    """A small, fictional world: a corporation renting to one household with members and a
    timeline, a care provider not involved with it, and people of both."""

    def __init__(self):
        self.corporation = f.OrganisationFactory(
            corporation=True, name="Woonstichting Voorbeeld", slug="ws-voorbeeld"
        )
        self.care = f.OrganisationFactory(care=True, name="Zorg Anders", slug="zorg-anders")
        self.municipality = f.OrganisationFactory(
            municipality=True, name="Gemeente Voorbeeld", slug="gemeente-voorbeeld"
        )
        self.consultant = self.actor(Role.WOONCONSULENT, self.corporation, "woonconsulent")
        self.outsider = self.actor(Role.WOONBEGELEIDER, self.care, "begeleider")
        self.admin = self.actor(Role.FUNCTIONEEL_BEHEERDER, self.corporation, "beheerder")
        self.policy = self.actor(Role.BELEIDSMEDEWERKER, self.municipality, "beleid")

        self.household = services.household_create(
            actor=self.consultant, name="Familie Bakker-Visser"
        )
        self.tenant = services.person_add(
            actor=self.consultant,
            household=self.household,
            first_name="Sanne",
            last_name="Bakker",
            relation="hoofdhuurder",
        )
        services.person_add(
            actor=self.consultant,
            household=self.household,
            first_name="Daan",
            last_name="Visser",
            relation="kind",
        )
        self.tenancy = f.TenancyFactory(
            household=self.household,
            corporation=self.corporation,
            contract_number="OVK-424242",
            street="Lindelaan",
            house_number="12",
            postcode="3701 AB",
            city="Voorbeeldstad",
        )
        # Another household of the corporation, to show that the search narrows the list.
        other = f.HouseholdFactory(name="Familie De Groot")
        f.TenancyFactory(household=other, corporation=self.corporation, street="Beukenweg")

    @staticmethod
    def actor(role, organisation, username):
        user = f.UserFactory(username=username, first_name=username.capitalize())
        return f.make_actor(role=role, organisation=organisation, user=user)


@pytest.fixture
def world(live_server):
    return World()
