"""Booking the collection costs once a 14-day letter's term has passed (norms.md §2)."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal as D

import pytest
import time_machine

from woonkans.arrears.models import ImportBatch, LedgerEntry
from woonkans.audit.models import AuditEvent
from woonkans.documents import services, tasks
from woonkans.documents.kinds import LetterKind
from woonkans.documents.models import CostsBooking, GeneratedLetter, LetterSettings, LetterTemplate
from woonkans.households.models import TimelineEntry
from woonkans.jobs.models import JobRun
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

from .ledger import rent

pytestmark = pytest.mark.django_db

LETTER_DATE = date(2026, 3, 2)
DEADLINE = date(2026, 3, 18)
RUN = date(2026, 3, 23)  # more than COSTS_DECISION_DELAY_DAYS after the deadline
_ids = itertools.count(1)


def fourteen_day_letter(tenancy, claimed="3000.00", costs="425.00", vat="0.00"):
    template = LetterTemplate.objects.get(
        organisation=None, kind=LetterKind.VEERTIENDAGENBRIEF, is_active=True
    )
    return GeneratedLetter.objects.create(
        tenancy=tenancy,
        household=tenancy.household,
        kind=LetterKind.VEERTIENDAGENBRIEF,
        template=template,
        template_version=template.version,
        sent_on=LETTER_DATE,
        title="Laatste herinnering",
        amount_due=D(claimed),
        collection_costs=D(costs),
        vat=D(vat),
        presumed_receipt_on=date(2026, 3, 4),
        deadline=DEADLINE,
        content_hash="0" * 64,
    )


def pay(tenancy, amount: str, day: date) -> LedgerEntry:
    batch = ImportBatch.objects.filter(corporation=tenancy.corporation).first()
    batch = batch or ImportBatch.objects.create(
        corporation=tenancy.corporation, kind="ledger", file_name="t", sha256="t"
    )
    return LedgerEntry.objects.create(
        corporation=tenancy.corporation,
        tenancy=tenancy,
        mutation_id=f"P-{next(_ids)}",
        booking_date=day,
        kind="betaling",
        amount=-D(amount),
        batch=batch,
    )


@pytest.fixture
def tenancy(household):
    return household.tenancies.get()


def book(corporation, run_date=RUN):
    return services.collection_costs_book_due(corporation=corporation, run_date=run_date)


def costs_entries(tenancy):
    return LedgerEntry.objects.filter(tenancy=tenancy, kind="kosten")


def test_unpaid_letter_books_the_stated_costs_once(corporation, tenancy):
    letter = fourteen_day_letter(tenancy)
    pay(tenancy, "500.00", LETTER_DATE)  # on the letter date: already in the claimed amount

    assert book(corporation) == {"letters": 1, "booked": 1, "paid": 0, "skipped": 0}

    entry = costs_entries(tenancy).get()
    assert entry.mutation_id == f"WIK-{letter.pk}"
    assert entry.amount == D("425.00")
    assert entry.booking_date == entry.due_date == date(2026, 3, 19)
    assert entry.description == "Incassokosten (14-dagenbrief van 02-03-2026)"
    assert entry.batch is None
    booking = CostsBooking.objects.get(letter=letter)
    assert booking.ledger_entry == entry
    assert (booking.payments_in_term, booking.remaining_principal) == (D("0.00"), D("3000.00"))
    assert booking.decided_on == RUN
    event = AuditEvent.objects.get(object_type="documents.costsbooking")
    assert event.household_id == tenancy.household_id
    assert "425.00" in event.detail
    timeline = TimelineEntry.objects.get(household=tenancy.household, kind="costs.booked")
    assert "425,00" in timeline.summary
    assert timeline.field_group == "financial"

    # Again, on the same or a later day: nothing more.
    assert book(corporation) == {"letters": 0, "booked": 0, "paid": 0, "skipped": 0}
    assert book(corporation, date(2026, 4, 30))["letters"] == 0
    assert costs_entries(tenancy).count() == 1
    assert CostsBooking.objects.count() == 1


def test_partial_payment_within_the_term_recomputes(corporation, tenancy):
    fourteen_day_letter(tenancy)
    pay(tenancy, "600.00", date(2026, 3, 5))
    pay(tenancy, "400.00", DEADLINE)
    pay(tenancy, "2000.00", date(2026, 3, 19))  # too late to count

    book(corporation)

    assert costs_entries(tenancy).get().amount == D("300.00")
    booking = CostsBooking.objects.get()
    assert (booking.payments_in_term, booking.remaining_principal) == (D("1000.00"), D("2000.00"))


def test_vat_is_booked_when_the_letter_stated_it(corporation, tenancy):
    fourteen_day_letter(tenancy, claimed="650.00", costs="97.50", vat="20.48")
    book(corporation)
    assert costs_entries(tenancy).get().amount == D("117.98")
    booking = CostsBooking.objects.get()
    assert (booking.costs, booking.vat, booking.total) == (D("97.50"), D("20.48"), D("117.98"))


def test_paid_in_full_records_a_decision_without_costs(corporation, tenancy):
    from django.utils import translation

    letter = fourteen_day_letter(tenancy)
    pay(tenancy, "3000.00", date(2026, 3, 10))

    # The timeline summary is written in the active language; compare in the source one.
    with translation.override("en"):
        counts = book(corporation)
    assert counts == {"letters": 1, "booked": 0, "paid": 1, "skipped": 0}

    assert not costs_entries(tenancy).exists()
    booking = CostsBooking.objects.get(letter=letter)
    assert booking.total == D("0.00") and booking.ledger_entry is None
    assert "paid within the term" in (
        TimelineEntry.objects.get(household=tenancy.household, kind="costs.booked").summary
    )
    assert book(corporation)["letters"] == 0


def test_before_the_term_has_passed_nothing_is_decided(corporation, tenancy):
    fourteen_day_letter(tenancy)
    for day in (DEADLINE, date(2026, 3, 19), date(2026, 3, 21)):
        assert book(corporation, day)["letters"] == 0
    assert not CostsBooking.objects.exists()
    assert not costs_entries(tenancy).exists()


def test_other_letters_and_corporations_are_left_alone(corporation, other_corporation, tenancy):
    other = f.TenancyFactory(corporation=other_corporation)
    other_letter = fourteen_day_letter(other)
    reminder = fourteen_day_letter(tenancy)
    GeneratedLetter.objects.filter(pk=reminder.pk).update(kind=LetterKind.HERINNERING)

    assert book(corporation)["letters"] == 0
    assert not CostsBooking.objects.exists()

    assert book(other_corporation)["booked"] == 1
    assert CostsBooking.objects.get().letter == other_letter
    assert not costs_entries(tenancy).exists()


def test_a_generated_letter_is_booked_with_the_costs_it_stated(corporation, tenancy):
    LetterSettings.objects.create(organisation=corporation, contact_phone="0123 45 67 89")
    actor = f.make_actor(role=Role.INCASSOMEDEWERKER, organisation=corporation)
    rent(tenancy, "1225.00", date(2026, 2, 1))
    with time_machine.travel("2026-03-02 10:00 +01:00", tick=False):
        letter = services.letter_generate(
            actor=actor,
            tenancy=tenancy,
            kind=LetterKind.VEERTIENDAGENBRIEF,
            amount_due=D("1225.00"),
        )
    book(corporation, date(2026, 4, 1))
    assert costs_entries(tenancy).get().amount == letter.collection_costs + letter.vat


def test_the_scheduled_task_runs_once_per_corporation_and_day(corporation, tenancy, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    fourteen_day_letter(tenancy)
    for _ in range(2):
        tasks.corporation_costs(corporation.pk, RUN.isoformat())
    assert costs_entries(tenancy).count() == 1
    run = JobRun.objects.get(task_name=tasks.CORPORATION_COSTS)
    assert run.run_key == f"{RUN.isoformat()}:{corporation.slug}"
    assert run.counts["booked"] == 1


def test_the_corporation_sets_the_days_before_the_decision(corporation, tenancy):
    """``costs_decision_delay_days`` from the letter settings replaces the default 3."""
    fourteen_day_letter(tenancy)
    LetterSettings.objects.create(organisation=corporation, costs_decision_delay_days=7)
    # RUN is 5 days after the deadline: enough for the default, not for 7.
    assert book(corporation)["letters"] == 0
    assert book(corporation, date(2026, 3, 25))["letters"] == 0  # deadline + 7
    assert book(corporation, date(2026, 3, 26)) == {
        "letters": 1,
        "booked": 1,
        "paid": 0,
        "skipped": 0,
    }
