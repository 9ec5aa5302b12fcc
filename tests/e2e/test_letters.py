"""Letters in the browser: the template editor with live readability, the settings, and a
14-day letter made for a household. Every page passes the accessibility check."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from woonkans.arrears.models import LedgerEntry
from woonkans.documents.models import GeneratedLetter, LetterSettings, LetterTemplate

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
    visit(page, "/juridisch/instellingen/", "legal-settings")
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
    # Two months of rent overdue: the 14-day letter claims their total (1,225.00).
    today = timezone.localdate()
    for n, (days_ago, amount) in enumerate(((40, "800.00"), (10, "425.00")), start=1):
        due = today - timedelta(days=days_ago)
        LedgerEntry.objects.create(
            corporation=world.corporation,
            tenancy=world.tenancy,
            mutation_id=f"E2E-H{n}",
            booking_date=due,
            due_date=due,
            kind="huur",
            amount=Decimal(amount),
        )
    login(page, world.consultant.user)
    path = f"/documenten/huishouden/{world.household.pk}/brief/?soort=veertiendagenbrief"
    visit(page, path, "letters-new")
    # Prefilled from the arrears position today.
    assert page.locator("input[name=amount_due]").input_value() == "1225,00"
    assert "1.225,00" in page.locator("#overdue-today").inner_text()
    submit(page, "main button[value=preview]")
    assert page.locator(".wk-paper").is_visible()
    assert page.locator("#claimed-terms tbody tr").count() == 2
    check_page(page, "letters-preview")
    submit(page, "main button[value=generate]")
    letter = GeneratedLetter.objects.get()
    assert letter.deadline is not None
    assert letter.amount_due == Decimal("1225.00")
    assert letter.claimed_terms.count() == 2
    assert page.locator(f"#letter-{letter.pk}").is_visible()
    check_page(page, "letters-made")


def test_administrator_restores_missing_default_texts(page, world):
    """After a flush the shipped texts are gone: the page says so and restores them."""
    LetterTemplate.objects.filter(organisation__isnull=True).delete()
    login(page, world.admin.user)
    visit(page, "/documenten/", "letters-defaults-missing")
    assert page.locator("main .utrecht-alert--error").is_visible()
    submit(page, "main form[action$='/documenten/standaardteksten/'] button")
    check_page(page, "letters-defaults-restored")
    assert not page.locator("main .utrecht-alert--error").count()
    assert LetterTemplate.objects.filter(organisation__isnull=True, is_active=True).count() == 5
