"""The collection worklist makes a 14-day letter through ``letter_generate`` (read-only use
of collection.services: the documents rules apply to it too)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
import time_machine

from woonkans.collection.models import Channel, WorklistItem, WorklistKind
from woonkans.collection.services import worklist_item_make_letter
from woonkans.documents.models import GeneratedLetter, LetterSettings
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

from .ledger import entry, rent

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(household, corporation):
    LetterSettings.objects.create(
        organisation=corporation, contact_phone="0123 45 67 89", signature_name="Alex de Jong"
    )
    tenancy = household.tenancies.get()
    return WorklistItem.objects.create(
        corporation=corporation,
        tenancy=tenancy,
        household=household,
        kind=WorklistKind.PROMPT,
        source_key="test:14-day",
        title="14-dagenbrief",
        channel=Channel.BRIEF,
        assigned_role=Role.INCASSOMEDEWERKER,
        letter_template="veertiendagenbrief",
        due_date=date(2026, 2, 5),
    )


def _make(item, corporation):
    actor = f.make_actor(role=Role.INCASSOMEDEWERKER, organisation=corporation)
    with time_machine.travel("2026-02-05 10:00 +01:00", tick=False):
        return worklist_item_make_letter(actor=actor, item=item)


def test_worklist_fourteen_day_letter_claims_the_principal(item, corporation):
    rent(item.tenancy, "800.00", date(2026, 1, 1))
    letter = _make(item, corporation)
    assert letter.amount_due == D("800.00") and letter.collection_costs == D("120.00")
    assert letter.claimed_terms.count() == 1


def test_worklist_fourteen_day_letter_with_booked_costs(item, corporation):
    rent(item.tenancy, "800.00", date(2026, 1, 1))
    entry(item.tenancy, "kosten", "120.00", date(2026, 1, 20))
    letter = _make(item, corporation)
    assert letter.amount_due == D("800.00")
    assert GeneratedLetter.objects.count() == 1
