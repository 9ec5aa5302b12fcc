"""Pages and states that following links does not reach, checked with axe-core's WCAG 2.1
A/AA rules (browser.check_page).

test_demo_roles.py walks every link each demo role can follow; the journeys in
test_login.py and test_households.py check the pages they pass through (login, enrolment
and its error, verification, lockout, search results, the member form and its errors).
This module adds: audit search results, the API documentation opened up, the English
pages, "not found". Screenshots of all of them land in var/screenshots/.
"""

from __future__ import annotations

import pytest

from .browser import check_page, login, submit, visit

pytestmark = pytest.mark.browser


def test_administrator_pages(page, world):
    login(page, world.admin.user)
    visit(page, "/", "home-functioneel-beheerder")
    visit(page, "/audit/", "audit-search")
    visit(page, f"/audit/?household_id={world.household.pk}", "audit-search-results")
    visit(page, "/taken/", "jobs")


def test_api_docs(page):
    """The API documentation (Swagger UI, public): collapsed, with every operation opened
    for "Try it out", and with every schema opened. Swagger UI's own accessibility defects
    are mended by the API app's swagger.css and swagger-a11y.js."""
    visit(page, "/api/v1/docs/", "api-docs", ready=".opblock")
    operations = page.locator(".opblock")
    for i in range(operations.count()):
        operation = operations.nth(i)
        operation.locator(".opblock-summary-control").click()
        operation.locator(".opblock-body").wait_for()
        operation.locator("button.try-out__btn").click()
    check_page(page, "api-docs-operations")

    models = page.locator(".models .model-box-control")
    for i in range(models.count()):
        models.nth(i).click()
    check_page(page, "api-docs-schemas")


def test_english_pages(page, world):
    login(page, world.consultant.user)
    submit(page, "header form.wk-language button")
    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Overview"
    check_page(page, "home-en")
    visit(page, f"/huishoudens/{world.household.pk}/", "household-detail-en")
    assert page.evaluate("() => document.documentElement.lang") == "en"


def test_not_found_page(page, world):
    login(page, world.consultant.user)
    visit(page, "/huishoudens/999999/", "not-found", status=404)
