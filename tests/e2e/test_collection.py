"""Collection in the browser: the steps page, the daily run, today's worklist with htmx,
a contact attempt with "vraag door", a payment arrangement and the message outbox. Every
page passes the accessibility check."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from woonkans.collection.calendar import WorkingCalendar
from woonkans.collection.models import (
    ContactAttempt,
    OutboundMessage,
    PaymentArrangement,
    WorklistItem,
)
from woonkans.collection.services import collection_run
from woonkans.collection.tests.helpers import book, preset, single_step_policy

from .browser import check_page, login, submit, visit

pytestmark = pytest.mark.browser


def _run_date():
    return WorkingCalendar().on_or_after(timezone.localdate())


@pytest.fixture
def in_arrears(world):
    """The household is two months behind; the small corporation's steps apply."""
    world.tenant.phone = "0612345020"
    world.tenant.save()
    run_date = _run_date()
    for months in (2, 1):
        book(world.tenancy, "huur", "612.50", run_date - timedelta(days=30 * months))
    return run_date


def test_administrator_sets_up_the_steps_and_runs_them(page, world, in_arrears):
    login(page, world.admin.user)
    visit(page, "/werklijst/stappen/", "collection-policy-empty")
    page.select_option("select[name=preset]", "small")
    submit(page, "form[action$='voorinstelling/'] button")
    assert page.locator("tbody tr").count() == 6
    check_page(page, "collection-policy")
    page.locator("a[href$='/werklijst/stappen/nieuw/']").click()
    page.wait_for_load_state()
    check_page(page, "collection-step-new")
    visit(page, "/werklijst/stappen/instellingen/", "collection-policy-settings")
    visit(page, "/werklijst/stappen/", "collection-policy-again")
    page.fill("input[name=run_date]", in_arrears.isoformat())
    submit(page, "form[action$='uitvoeren/'] button")
    assert WorklistItem.objects.filter(tenancy=world.tenancy).count() == 1
    check_page(page, "collection-policy-after-run")


def test_consultant_works_the_worklist(page, world, in_arrears):
    preset(world.corporation, "small")
    collection_run(corporation=world.corporation, run_date=in_arrears)
    item = WorklistItem.objects.get(tenancy=world.tenancy)
    login(page, world.consultant.user)
    visit(page, f"/werklijst/?datum={in_arrears.isoformat()}", "collection-worklist")
    row = page.locator(f"#item-{item.pk}")
    assert "Familie Bakker-Visser" in row.inner_text()

    # A contact attempt from the worklist, with what was learned.
    row.locator("a[href$='/contactpoging/']").click()
    page.wait_for_load_state()
    check_page(page, "collection-contact-form")
    page.select_option("select[name=kind]", "telefoon")
    page.check("input[name=reached][value=true]")
    page.select_option("select[name=outcome]", "arrangement")
    page.check("input[name=arrears_reason][value=income_drop]")
    page.check("input[name=other_problems][value=debts]")
    page.check("input[name=pointed_to_debt_help]")
    page.uncheck("input[name=complete_item]")
    submit(page)
    attempt = ContactAttempt.objects.get()
    assert attempt.reached and attempt.arrears_reason == ["income_drop"]
    check_page(page, "collection-worklist-after-contact")

    # Mark the task done in place (htmx).
    row = page.locator(f"#item-{item.pk}")
    row.locator("form[hx-post] button").click()
    page.locator(f"#item-{item.pk} [role=status]").wait_for()
    item.refresh_from_db()
    assert item.status == "done"
    check_page(page, "collection-worklist-done")

    # The household's collection page and a payment arrangement.
    visit(page, f"/werklijst/huishouden/{world.household.pk}/", "collection-household")
    page.locator("a[href$='/regeling/']").click()
    page.wait_for_load_state()
    check_page(page, "collection-arrangement-form")
    page.fill("input[name=term_amount]", "100")
    page.fill("input[name=first_due_date]", (in_arrears + timedelta(days=20)).isoformat())
    page.select_option("select[name=payment_method]", "overboeking")
    submit(page)
    arrangement = PaymentArrangement.objects.get()
    assert arrangement.status == "ACT" and arrangement.total_amount > 0
    check_page(page, "collection-arrangement")
    page.select_option("select[name=status]", "BEV")
    submit(page)
    arrangement.refresh_from_db()
    assert arrangement.status == "BEV"
    check_page(page, "collection-arrangement-frozen")


def test_administrator_reads_the_outbox(page, world, in_arrears):
    single_step_policy(world.corporation, channel="sms", send_automatically=True)
    collection_run(corporation=world.corporation, run_date=in_arrears)
    assert OutboundMessage.objects.count() == 1
    login(page, world.admin.user)
    visit(page, "/werklijst/berichten/", "collection-outbox")
    assert "…020" in page.locator("main").inner_text()
