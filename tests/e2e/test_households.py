"""Working with households in the browser: find one, open it, and the access gate."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .browser import check_page, login, path_of, submit, visit

pytestmark = pytest.mark.browser


def test_corporation_finds_household_and_sees_members_tenancy_and_timeline(page, world):
    login(page, world.consultant.user)
    page.locator("nav.wk-nav a[href='/huishoudens/']").click()
    page.wait_for_url("**/huishoudens/")
    results = page.locator("#household-results")
    assert "Familie Bakker-Visser" in results.inner_text()
    assert "Familie De Groot" in results.inner_text()
    check_page(page, "household-list")

    # The search updates the results in place (htmx), without loading a new page.
    page.fill("#q", "Lindelaan")
    page.locator("main form[role=search] button").click()
    expect(results).not_to_contain_text("Familie De Groot")
    expect(results).to_contain_text("Familie Bakker-Visser")
    check_page(page, "household-search")

    results.get_by_role("link", name="Familie Bakker-Visser").click()
    page.wait_for_url(f"**/huishoudens/{world.household.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Familie Bakker-Visser"
    members = page.locator("section[aria-labelledby=members-heading]")
    assert "Sanne Bakker" in members.inner_text()
    assert "Daan Visser" in members.inner_text()
    tenancy = page.locator("section[aria-labelledby=tenancy-heading]")
    assert "Lindelaan 12" in tenancy.inner_text()
    assert "OVK-424242" in tenancy.inner_text()
    timeline = page.locator("#timeline li")
    assert timeline.count() >= 3  # registered, and two members added
    check_page(page, "household-detail")

    page.locator(f"main a[href='/huishoudens/leden/{world.tenant.pk}/wijzigen/']").click()
    page.wait_for_url(f"**/huishoudens/leden/{world.tenant.pk}/wijzigen/")
    assert page.locator("#id_first_name").input_value() == "Sanne"
    check_page(page, "person-edit")

    page.fill("#id_first_name", "")
    submit(page)
    assert page.locator("[data-wk-error-summary]").is_visible()
    check_page(page, "person-edit-error")


def test_uninvolved_organisation_gets_not_found_for_the_household(page, world):
    login(page, world.outsider.user)
    response = page.goto(f"/huishoudens/{world.household.pk}/")
    assert response.status == 404
    assert "Bakker" not in page.content()
    forbidden = page.locator("body").inner_text()
    # The same answer as for a household that does not exist at all.
    missing = page.goto("/huishoudens/999999/")
    assert missing.status == 404
    assert path_of(page) == "/huishoudens/999999/"
    assert page.locator("body").inner_text() == forbidden
    visit(page, "/huishoudens/", "household-list-empty")
    assert "Familie Bakker-Visser" not in page.locator("main").inner_text()
