"""Building the actions a signal is made from: ledger entries, contact attempts, letters."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from woonkans.arrears.models import ImportBatch, LedgerEntry
from woonkans.collection.models import ContactAttempt
from woonkans.documents.models import GeneratedLetter, LetterTemplate
from woonkans.signals.models import SignalPolicy

_ids = itertools.count(1)


def rent_unpaid(tenancy, *due_dates: date, amount: str = "700.00") -> None:
    """Rent charges on ``due_dates`` that nobody paid."""
    batch = ImportBatch.objects.create(
        corporation=tenancy.corporation,
        kind="ledger",
        file_name="test.csv",
        sha256=f"{next(_ids):064d}",
        status="applied",
    )
    for due in due_dates:
        LedgerEntry.objects.create(
            corporation=tenancy.corporation,
            tenancy=tenancy,
            mutation_id=f"M{next(_ids)}",
            booking_date=due,
            due_date=due,
            kind="huur",
            amount=Decimal(amount),
            batch=batch,
        )


def payment(tenancy, on: date, amount: str) -> None:
    batch = ImportBatch.objects.create(
        corporation=tenancy.corporation,
        kind="ledger",
        file_name="pay.csv",
        sha256=f"{next(_ids):064d}",
        status="applied",
    )
    LedgerEntry.objects.create(
        corporation=tenancy.corporation,
        tenancy=tenancy,
        mutation_id=f"P{next(_ids)}",
        booking_date=on,
        kind="betaling",
        amount=-Decimal(amount),
        batch=batch,
    )


def contact(
    tenancy,
    on: date,
    *,
    kind="telefoon",
    reached=False,
    pointed=False,
    organisation=None,
    with_tenancy=True,
) -> ContactAttempt:
    return ContactAttempt.objects.create(
        tenancy=tenancy if with_tenancy else None,
        household=tenancy.household,
        organisation=organisation or tenancy.corporation,
        kind=kind,
        reached=reached,
        attempted_at=timezone.make_aware(datetime.combine(on, time(10, 0))),
        part_of_day="ochtend",
        outcome="no_answer" if not reached else "payment_promised",
        pointed_to_debt_help=pointed,
    )


def letter(tenancy, on: date, kind: str = "herinnering") -> GeneratedLetter:
    template = LetterTemplate.objects.get(organisation__isnull=True, kind=kind, is_active=True)
    extra = {}
    if kind == "veertiendagenbrief":
        extra = {
            "amount_due": Decimal("700.00"),
            "collection_costs": Decimal("105.00"),
            "vat": Decimal("0.00"),
            "presumed_receipt_on": on,
            "deadline": on,
        }
    return GeneratedLetter.objects.create(
        tenancy=tenancy,
        household=tenancy.household,
        kind=kind,
        template=template,
        template_version=template.version,
        sent_on=on,
        title="Test",
        content_hash="0" * 64,
        **extra,
    )


def policy(corporation, municipality, **values) -> SignalPolicy:
    defaults = {"reminder_offers_signal": True, "objection_days": 7}
    defaults.update(values)
    return SignalPolicy.objects.create(
        corporation=corporation, municipality=municipality, **defaults
    )


def complete_actions(tenancy, *, arrears_from: date, reminder_on: date, call_on: date) -> None:
    """Arrears plus everything the four conditions need."""
    rent_unpaid(tenancy, arrears_from)
    contact(tenancy, call_on, pointed=True)
    letter(tenancy, reminder_on)
