"""The 14-day letter claims the overdue principal at its date, and charges collection costs
once per claim (documents/claims.py): use cases, costs booking and the letter page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
import time_machine
from django.utils import translation

from woonkans.audit.models import AuditEvent
from woonkans.documents import services
from woonkans.documents.kinds import LetterKind
from woonkans.documents.models import ClaimedTerm, CostsBooking, GeneratedLetter, LetterSettings
from woonkans.documents.selectors import LetterError, earlier_fourteen_day_letters
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

from .ledger import entry, pay, rent

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def tenancy(household, corporation):
    LetterSettings.objects.create(
        organisation=corporation, contact_phone="0123 45 67 89", signature_name="Alex de Jong"
    )
    return household.tenancies.get()


@pytest.fixture
def officer(corporation):
    return f.make_actor(role=Role.INCASSOMEDEWERKER, organisation=corporation)


def letter_on(day: date, officer, tenancy, **kwargs) -> GeneratedLetter:
    with time_machine.travel(f"{day.isoformat()} 10:00 +01:00", tick=False):
        return services.letter_generate(
            actor=officer,
            tenancy=tenancy,
            kind=LetterKind.VEERTIENDAGENBRIEF,
            sent_on=day,
            **kwargs,
        )


def book(corporation, day: date):
    return services.collection_costs_book_due(corporation=corporation, run_date=day)


# --- item 1: the amount is the overdue principal ------------------------------------------


def test_without_an_amount_the_letter_claims_all_overdue_principal(tenancy, officer):
    rent(tenancy, "800.00", JAN, ref="H-JAN")
    rent(tenancy, "800.00", FEB, ref="H-FEB")
    pay(tenancy, "300.00", date(2026, 1, 10))
    letter = letter_on(date(2026, 2, 5), officer, tenancy)
    assert letter.amount_due == D("1300.00")
    assert letter.costs_principal == D("1300.00")
    assert letter.collection_costs == D("195.00")  # over the total of both terms
    assert letter.amount_reason == ""
    terms = list(letter.claimed_terms.order_by("due_date"))
    assert [(t.mutation_id, t.open_amount, t.claimed, t.costed) for t in terms] == [
        ("H-JAN", D("500.00"), D("500.00"), True),
        ("H-FEB", D("800.00"), D("800.00"), True),
    ]


def test_booked_costs_are_not_part_of_the_principal(tenancy, officer):
    rent(tenancy, "800.00", JAN)
    entry(tenancy, "kosten", "120.00", date(2026, 1, 20))
    with pytest.raises(LetterError) as caught:
        letter_on(date(2026, 2, 5), officer, tenancy, amount_due=D("920.00"))
    message = str(caught.value)
    assert "more than the overdue rent and corrections on 05-02-2026 (€800.00)" in message
    assert "booked collection costs are not part of it" in message
    letter = letter_on(date(2026, 2, 5), officer, tenancy)
    assert letter.amount_due == D("800.00") and letter.collection_costs == D("120.00")


def test_a_lower_amount_needs_a_reason(tenancy, officer):
    rent(tenancy, "800.00", JAN)
    rent(tenancy, "800.00", FEB)
    with pytest.raises(LetterError, match="Give the reason for the lower amount"):
        letter_on(date(2026, 2, 5), officer, tenancy, amount_due=D("800.00"))
    letter = letter_on(
        date(2026, 2, 5),
        officer,
        tenancy,
        amount_due=D("800.00"),
        amount_reason="Februari is betwist.",
    )
    assert letter.amount_due == letter.costs_principal == D("800.00")
    assert letter.amount_reason == "Februari is betwist."
    assert list(letter.claimed_terms.values_list("claimed", flat=True)) == [D("800.00")]
    event = AuditEvent.objects.get(object_type="documents.generatedletter")
    assert "amount_reason" in event.fields
    # The full amount with a reason: the reason is not kept (nothing was lowered).
    rent(tenancy, "50.00", FEB, ref="X")
    full = letter_on(date(2026, 2, 6), officer, tenancy, amount_reason="niet nodig")
    assert full.amount_reason == ""


def test_the_position_is_taken_at_the_letter_date(tenancy, officer):
    rent(tenancy, "800.00", JAN)
    rent(tenancy, "800.00", MAR)  # not yet due on 5 February
    pay(tenancy, "800.00", date(2026, 2, 10))  # after the letter date
    letter = letter_on(date(2026, 2, 5), officer, tenancy)
    assert letter.amount_due == D("800.00")


# --- item 2: costs once per claim ---------------------------------------------------------


def test_a_second_letter_while_the_first_is_pending_costs_only_the_new_term(
    tenancy, officer, corporation
):
    rent(tenancy, "800.00", JAN, ref="H-JAN")
    first = letter_on(date(2026, 1, 20), officer, tenancy)
    assert first.collection_costs == D("120.00")
    rent(tenancy, "800.00", FEB, ref="H-FEB")
    second = letter_on(date(2026, 2, 3), officer, tenancy)  # first still in its term
    assert second.amount_due == D("1600.00")
    assert second.costs_principal == D("800.00")
    assert second.collection_costs == D("120.00")  # not 240.00 over 1,600
    assert second.costs_limit == D("6655.00")
    costed = dict(second.claimed_terms.values_list("mutation_id", "costed"))
    assert costed == {"H-JAN": False, "H-FEB": True}

    # Both terms pass unpaid: 120 + 120 booked, January carried costs once.
    counts = book(corporation, date(2026, 3, 31))
    assert counts["booked"] == 2
    assert sorted(CostsBooking.objects.values_list("remaining_principal", "total")) == [
        (D("800.00"), D("120.00")),
        (D("800.00"), D("120.00")),
    ]


def test_after_costs_were_booked_a_new_letter_does_not_cost_them_again(
    tenancy, officer, corporation
):
    rent(tenancy, "800.00", JAN, ref="H-JAN")
    letter_on(date(2026, 1, 5), officer, tenancy)
    assert book(corporation, date(2026, 1, 31))["booked"] == 1
    rent(tenancy, "800.00", FEB, ref="H-FEB")
    again = letter_on(date(2026, 2, 5), officer, tenancy)
    # The booked costs (120) are in the ledger but not in the principal.
    assert again.amount_due == D("1600.00")
    assert again.costs_principal == D("800.00")
    assert again.collection_costs == D("120.00")


def test_a_letter_paid_within_its_term_leaves_no_costed_terms(tenancy, officer, corporation):
    rent(tenancy, "800.00", JAN)
    letter_on(date(2026, 1, 5), officer, tenancy)
    pay(tenancy, "800.00", date(2026, 1, 12))
    assert len(earlier_fourteen_day_letters(tenancy)) == 1  # pending
    assert book(corporation, date(2026, 1, 31))["paid"] == 1
    assert earlier_fourteen_day_letters(tenancy) == []


def test_payment_within_the_term_lowers_the_new_cost_base_first(tenancy, officer, corporation):
    rent(tenancy, "800.00", JAN)
    letter_on(date(2026, 1, 20), officer, tenancy)
    rent(tenancy, "800.00", FEB)
    second = letter_on(date(2026, 2, 3), officer, tenancy)
    pay(tenancy, "800.00", date(2026, 2, 10))  # within the second letter's term
    book(corporation, date(2026, 3, 31))
    booking = CostsBooking.objects.get(letter=second)
    assert booking.remaining_principal == D("0.00") and booking.total == D("0.00")


def test_two_letters_at_the_same_time_are_refused_by_one_lock(tenancy, officer):
    """The use case locks the tenancy before it reads the earlier letters (a smoke test:
    SQLite has no row locks, PostgreSQL does; the sequential outcome is checked)."""
    rent(tenancy, "800.00", JAN)
    letter_on(date(2026, 2, 5), officer, tenancy)
    second = letter_on(date(2026, 2, 5), officer, tenancy)
    assert second.collection_costs == D("0.00")
    assert ClaimedTerm.objects.filter(costed=True).count() == 1


# --- the letter page ----------------------------------------------------------------------


@pytest.fixture
def client(make_logged_in_client, corporation):
    client = make_logged_in_client(Role.INCASSOMEDEWERKER, organisation=corporation)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _post(client, household, **data):
    values = {
        "tenancy": household.tenancies.get().pk,
        "kind": LetterKind.VEERTIENDAGENBRIEF,
        "sent_on": "2026-02-05",
        "amount_due": "",
        "amount_reason": "",
        "appointment": "",
        "action": "preview",
    }
    values.update(data)
    return client.post(f"/documenten/huishouden/{household.pk}/brief/", values)


def test_page_prefills_the_amount_and_shows_the_overdue_terms(client, household, tenancy):
    rent(tenancy, "800.00", JAN)
    rent(tenancy, "425.00", FEB)
    with time_machine.travel("2026-02-05 10:00 +01:00", tick=False):
        page = client.get(
            f"/documenten/huishouden/{household.pk}/brief/?soort=veertiendagenbrief"
        ).content.decode()
        assert 'value="1225,00"' in page
        assert "Overdue rent and corrections today: €1,225.00 in 2 open terms." in page
        preview = _post(client, household).content.decode()
    assert 'id="claimed-terms"' in preview
    assert preview.count("<tr>") >= 3  # header + two terms
    assert 'id="cost-base">€1,225.00' in preview
    assert 'id="stated-costs">€183.75' in preview
    # The empty amount field now shows what the letter claims.
    assert 'value="1225,00"' in preview
    assert not GeneratedLetter.objects.exists()


def test_page_shows_amounts_in_the_dutch_money_notation(client, household, tenancy):
    """The letter page (not the letter) follows the page's language: Dutch groups thousands
    with a dot, after the euro sign and a no-break space."""
    rent(tenancy, "800.00", JAN)
    rent(tenancy, "425.00", FEB)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "nl"
    with time_machine.travel("2026-02-05 10:00 +01:00", tick=False):
        page = client.get(
            f"/documenten/huishouden/{household.pk}/brief/?soort=veertiendagenbrief"
        ).content.decode()
        preview = _post(client, household).content.decode()
    assert "€\u00a01.225,00" in page
    assert 'id="cost-base">€\u00a01.225,00' in preview
    assert 'id="stated-costs">€\u00a0183,75' in preview
    assert 'value="1225,00"' in preview  # the field stays machine-readable


def test_page_refuses_a_higher_amount_and_a_lower_one_without_reason(client, household, tenancy):
    rent(tenancy, "800.00", JAN)
    with time_machine.travel("2026-02-05 10:00 +01:00", tick=False):
        higher = _post(client, household, amount_due="900", action="generate").content.decode()
        lower = _post(client, household, amount_due="500", action="generate").content.decode()
        ok = _post(
            client, household, amount_due="500", amount_reason="Deel betwist", action="generate"
        )
    assert "A 14-day letter cannot claim more" in higher
    assert "Give the reason for the lower amount." in lower
    assert ok.status_code == 302
    letter = GeneratedLetter.objects.get()
    assert (letter.amount_due, letter.amount_reason) == (D("500.00"), "Deel betwist")


def test_page_preview_shows_terms_that_already_carried_costs(client, household, tenancy, officer):
    rent(tenancy, "800.00", JAN)
    letter_on(date(2026, 1, 20), officer, tenancy)
    rent(tenancy, "800.00", FEB)
    with time_machine.travel("2026-02-05 10:00 +01:00", tick=False):
        preview = _post(client, household).content.decode()
    assert "already charged in an earlier 14-day letter: no costs again" in preview
    assert 'id="cost-base">€800.00' in preview
    assert "the terms that did not carry costs yet" in preview
    assert 'id="stated-costs">€120.00' in preview
    assert "Costs of earlier letters for this claim" in preview


def test_page_says_when_nothing_is_overdue(client, household, tenancy):
    with time_machine.travel("2026-02-05 10:00 +01:00", tick=False):
        page = client.get(f"/documenten/huishouden/{household.pk}/brief/").content.decode()
        assert "No overdue rent or corrections today" in page
        response = _post(client, household, action="generate")
    assert "has no overdue rent or corrections left unpaid" in response.content.decode()
    assert not GeneratedLetter.objects.exists()
