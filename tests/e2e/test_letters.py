"""Letters in the browser: the template editor with live readability, the settings, and a
14-day letter made for a household. Every page passes the accessibility check."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps

from woonkans.documents.models import GeneratedLetter, LetterSettings

from .browser import check_page, login, submit, visit

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def migration_data(world):
    """The default texts and the WIK scale come from data migrations, which a live-server
    test before this one may have flushed away: ship them again (both are idempotent)."""
    import_module("woonkans.norms.migrations.0002_seed_norms").seed(apps, None)
    import_module("woonkans.documents.migrations.0002_default_templates").ship_defaults(apps, None)


def test_administrator_edits_a_text_and_sees_readability_live(page, world):
    login(page, world.admin.user)
    visit(page, "/documenten/", "letters-templates")
    visit(page, "/documenten/instellingen/", "letters-settings")
    visit(page, "/documenten/sjablonen/herinnering/", "letters-editor")
    score = page.locator("#wk-check .wk-score").first
    before = score.inner_text()
    body = page.locator("textarea[name=body]")
    body.fill("")
    body.press_sequentially(
        "Ingevolge de toepasselijke bepalingen verzoeken wij u onverwijld het openstaande "
        "saldo inclusief administratiekosten te voldoen.",
        delay=0,
    )
    # htmx posts the text after a pause in typing and swaps in the new measures.
    page.locator("#wk-check .wk-score--low").wait_for()
    assert score.inner_text() != before
    check_page(page, "letters-editor-hard-text")


def test_consultant_makes_a_fourteen_day_letter(page, world):
    LetterSettings.objects.create(
        organisation=world.corporation,
        contact_phone="0123 45 67 89",
        signature_name="Alex de Jong",
        sender_address="Postbus 1\n3700 AA Voorbeeldstad",
    )
    login(page, world.consultant.user)
    visit(page, f"/documenten/huishouden/{world.household.pk}/brief/", "letters-new")
    page.select_option("select[name=kind]", "veertiendagenbrief")
    page.fill("input[name=amount_due]", "1225,00")
    submit(page, "main button[value=preview]")
    assert page.locator(".wk-paper").is_visible()
    check_page(page, "letters-preview")
    submit(page, "main button[value=generate]")
    letter = GeneratedLetter.objects.get()
    assert letter.deadline is not None
    assert page.locator(f"#letter-{letter.pk}").is_visible()
    check_page(page, "letters-made")
