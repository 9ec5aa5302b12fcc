"""The arrears journey in the browser (issue 3, item 11): a corporation's collections officer
imports a month's ledger, runs the daily collection steps, finds the tenant on today's
worklist, records a phone call, makes the 14-day letter and downloads it; the early signal
is made and shown to the corporation and to the municipality's wijkconsulent. Every page
passes the page checks (accessibility with axe-core, CSP, script errors)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone
from pypdf import PdfReader

from woonkans.arrears.models import LedgerEntry
from woonkans.collection.calendar import WorkingCalendar
from woonkans.collection.models import ContactAttempt, WorklistItem, WorklistStatus
from woonkans.collection.services import policy_apply_preset
from woonkans.documents.models import GeneratedLetter
from woonkans.documents.services import letter_settings_update
from woonkans.organisations.models import Role
from woonkans.signals.models import Signal
from woonkans.signals.services import signal_policy_set

from .browser import check_page, login, logout, submit, visit

pytestmark = pytest.mark.browser

RENT = Decimal("650.00")
PAID = Decimal("300.00")
ARREARS = 3 * RENT - PAID  # 1650.00
MONTHS = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()


@pytest.fixture(autouse=True)
def migration_data(world):
    """The default letter texts and the WIK scale come from data migrations, which a
    live-server test before this one may have flushed away: ship them again (idempotent)."""
    import_module("woonkans.norms.migrations.0002_seed_norms").seed(apps, None)
    import_module("woonkans.documents.migrations.0002_default_templates").ship_defaults(apps, None)


@pytest.fixture
def journey(world, settings, tmp_path):
    """The world's corporation with the small corporation's collection steps, its letter
    settings and an early-signal policy that sends signals to the world's municipality as
    soon as the law allows (the reminder offers it; no days to object, so the signal can be
    made on the day of the letter). A collections officer of the corporation and a
    wijkconsulent of the municipality."""
    settings.MEDIA_ROOT = tmp_path / "media"
    world.collector = world.actor(Role.INCASSOMEDEWERKER, world.corporation, "incasso")
    world.caseworker = world.actor(Role.WIJKCONSULENT, world.municipality, "wijkconsulent")
    policy_apply_preset(actor=world.admin, corporation=world.corporation, preset="small")
    letter_settings_update(
        actor=world.admin,
        contact_phone="0123 45 67 89",
        signature_name="Alex de Jong",
        sender_address="Postbus 1\n3700 AA Voorbeeldstad",
    )
    signal_policy_set(
        actor=world.admin,
        corporation=world.corporation,
        municipality=world.municipality,
        reminder_offers_signal=True,
        objection_days=0,
    )
    return world


def first_of_month(day: date, months_back: int) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def ledger_file(tmp_path, contract: str, today: date):
    """Three months of rent, the first paid in part: arrears 1,650.00 in three open terms."""
    rows = ["mutatie_id,overeenkomstnummer,boekdatum,vervaldatum,soort,bedrag,omschrijving"]
    for n, months_back in enumerate((2, 1, 0), start=1):
        due = first_of_month(today, months_back)
        rows.append(f"H-{n},{contract},{due},{due},huur,{RENT},Huur {due:%m-%Y}")
    paid_on = first_of_month(today, 2) + timedelta(days=3)
    rows.append(f"B-1,{contract},{paid_on},,betaling,{PAID},Betaling")
    path = tmp_path / "grootboek.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def last_working_day(day: date) -> date:
    calendar = WorkingCalendar()
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def test_import_to_worklist_contact_letter_and_signal(new_page, journey, tmp_path):
    world = journey
    household, tenancy = world.household, world.tenancy
    today = timezone.localdate()
    page = new_page()
    login(page, world.collector.user)

    # 1. Import a month's ledger on the upload page; the import runs in the background
    #    (eagerly in the tests) and the page shows its result.
    visit(page, "/incasso/import/", "arrears-journey-import")
    page.select_option("#id_kind", "ledger")
    page.set_input_files("#id_file", str(ledger_file(tmp_path, tenancy.contract_number, today)))
    submit(page)
    page.locator("#import-result").wait_for(timeout=60_000)
    assert not page.locator("#import-errors").count()
    check_page(page, "arrears-journey-import-result")
    assert LedgerEntry.objects.filter(tenancy=tenancy).count() == 4

    # 2. The daily run, by hand from the collection steps page, for the last working day.
    run_day = last_working_day(today)
    visit(page, "/werklijst/stappen/", "arrears-journey-steps")
    run_form = page.locator("form[action$='/werklijst/stappen/uitvoeren/']")
    run_form.locator("input[name=run_date]").fill(run_day.isoformat())
    with page.expect_navigation(wait_until="load"):
        run_form.locator("button[type=submit]").click()
    check_page(page, "arrears-journey-steps-run")
    item = WorklistItem.objects.get(tenancy=tenancy, status=WorklistStatus.OPEN)
    assert (item.due_date, item.arrears_amount, item.open_terms) == (run_day, ARREARS, 3)

    # 3. Today's worklist shows the tenant's task.
    visit(page, "/werklijst/", "arrears-journey-worklist")
    row = page.locator(f"#item-{item.pk}")
    assert household.name in row.inner_text()
    assert tenancy.street in row.inner_text()

    # 4. Record a phone call from the task: reached, in the afternoon, why the rent was not
    #    paid ("vraag door"), pointed to debt help.
    with page.expect_navigation(wait_until="load"):
        row.locator(f"a[href$='/taak/{item.pk}/contactpoging/']").click()
    check_page(page, "arrears-journey-contact-form")
    page.select_option("#id_kind", "telefoon")
    page.check("input[name=reached][value=true]")
    moment = timezone.localtime() - timedelta(minutes=5)
    page.fill("#id_attempted_at", moment.strftime("%Y-%m-%dT%H:%M"))
    page.select_option("#id_part_of_day", "middag")
    page.select_option("#id_outcome", "payment_promised")
    page.check("input[name=arrears_reason][value=income_drop]")
    page.check("input[name=other_problems][value=debts]")
    page.check("#id_pointed_to_debt_help")
    submit(page)
    check_page(page, "arrears-journey-contact-recorded")
    attempt = ContactAttempt.objects.get(household=household)
    assert (attempt.kind, attempt.reached, attempt.part_of_day) == ("telefoon", True, "middag")
    assert attempt.arrears_reason == ["income_drop"] and attempt.pointed_to_debt_help
    assert attempt.tenancy == tenancy and attempt.worklist_item == item

    # 5. The 14-day letter, from the household page; download the PDF.
    visit(page, f"/huishoudens/{household.pk}/", "arrears-journey-household")
    with page.expect_navigation(wait_until="load"):
        page.locator(f"main a[href='/documenten/huishouden/{household.pk}/brief/']").click()
    check_page(page, "arrears-journey-letter-form")
    page.select_option("select[name=kind]", "veertiendagenbrief")
    page.fill("input[name=amount_due]", "1650,00")
    submit(page, "main button[value=preview]")
    check_page(page, "arrears-journey-letter-preview")
    submit(page, "main button[value=generate]")
    check_page(page, "arrears-journey-letter-made")
    letter = GeneratedLetter.objects.get(tenancy=tenancy)
    assert (letter.kind, letter.amount_due, letter.sent_on) == (
        "veertiendagenbrief",
        ARREARS,
        today,
    )
    with page.expect_download() as download:
        page.locator(f"#letter-{letter.pk} a[href$='/pdf/']").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "1.650,00" in text
    deadline = letter.deadline
    assert f"{deadline.day} {MONTHS[deadline.month - 1]} {deadline.year}" in text

    # 6. The early signal: all four conditions hold now (contact effort, pointed to debt
    #    help, a written reminder that offers to pass the details on, no objection).
    visit(page, "/signalen/", "arrears-journey-signals-before")
    with page.expect_navigation(wait_until="load"):
        page.locator("form[action$='/signalen/controleren/'] button").click()
    check_page(page, "arrears-journey-signals")
    signal = Signal.objects.get(tenancy=tenancy)
    assert signal.municipality == world.municipality and signal.amount == ARREARS
    assert signal.warm_handover  # the tenant was reached in this episode
    assert page.locator(f"main a[href='/signalen/{signal.pk}/']").count() == 1
    assert tenancy.contract_number in page.locator("main table").inner_text()
    visit(page, f"/signalen/huurovereenkomst/{tenancy.pk}/", "arrears-journey-conditions")
    logout(page)

    # ... and the municipality's wijkconsulent sees it.
    other = new_page()
    login(other, world.caseworker.user)
    visit(other, "/signalen/", "arrears-journey-municipality-signals")
    assert household.name in other.locator("main table").inner_text()
    visit(other, f"/signalen/{signal.pk}/", "arrears-journey-municipality-signal")
