"""The values that fill a letter's placeholders, built from plain facts.

:func:`letter_context` is pure: the use case (``services.letter_generate``) gathers the
facts from the database — tenancy, letter settings, the WIK scale on the letter date — and
the editor's preview uses the fictional :func:`sample_facts`, so both go through the same
formatting.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from woonkans.arrears.costs import CostBreakdown

from .placeholders import format_date_nl, format_euro


@dataclass(frozen=True)
class FourteenDayTerms:
    """What a 14-day letter states besides the amount owed."""

    costs: CostBreakdown
    receipt_on: date
    deadline: date


@dataclass(frozen=True)
class LetterFacts:
    tenant_name: str
    street_line: str  # "Voorbeeldstraat 12"
    postcode_city: str  # "1234 AB Voorbeeldstad"
    contract_number: str
    corporation_name: str
    sender_address: str
    contact_name: str
    phone: str
    sent_on: date
    amount_due: Decimal | None = None
    fourteen_day: FourteenDayTerms | None = None
    appointment: str = ""


def letter_context(facts: LetterFacts) -> dict[str, str | bool]:
    """A flat dict of placeholder values. Amounts and term only when the facts have them:
    a template that uses a missing one is refused at rendering (``MissingValues``)."""
    context: dict[str, str | bool] = {
        "huurder.naam": facts.tenant_name,
        "adres": f"{facts.street_line}, {facts.postcode_city}",
        "adres_straat": facts.street_line,
        "adres_postcode_plaats": facts.postcode_city,
        "overeenkomstnummer": facts.contract_number,
        "datum": format_date_nl(facts.sent_on),
        "corporatie": facts.corporation_name,
        "afzender_adres": facts.sender_address,
        "contactpersoon": facts.contact_name,
        "telefoon": facts.phone,
    }
    if facts.amount_due is not None:
        context["bedrag_achterstand"] = format_euro(facts.amount_due)
    if facts.appointment:
        context["afspraak"] = facts.appointment
    terms = facts.fourteen_day
    if terms is not None:
        if facts.amount_due is None:
            raise ValueError("A 14-day letter needs the amount due.")
        costs = terms.costs
        context.update(
            {
                "incassokosten": format_euro(costs.costs),
                "btw": format_euro(costs.vat),
                "btw_van_toepassing": costs.with_vat,
                "totaal": format_euro(costs.total),
                "totaal_met_kosten": format_euro(facts.amount_due + costs.total),
                "ontvangstdatum": format_date_nl(terms.receipt_on, weekday=True),
                "uiterste_betaaldatum": format_date_nl(terms.deadline, weekday=True),
            }
        )
    return context


# Fictional values for previews in the template editor. The amounts and dates of a 14-day
# sample are computed like a real letter's (services.sample_context).
SAMPLE_AMOUNT = Decimal("1225.00")
SAMPLE_FACTS = LetterFacts(
    tenant_name="Sam Voorbeeld",
    street_line="Voorbeeldstraat 12",
    postcode_city="1234 AB Voorbeeldstad",
    contract_number="OVK-000123",
    corporation_name="Woningcorporatie Voorbeeld",
    sender_address="Postbus 100\n1234 AA Voorbeeldstad",
    contact_name="Alex de Jong",
    phone="0123 45 67 89",
    sent_on=date(2026, 1, 5),
    amount_due=SAMPLE_AMOUNT,
    appointment="dinsdag 13 januari 2026 om 10.00 uur, op ons kantoor",
)


def sample_facts(**changes) -> LetterFacts:
    return replace(SAMPLE_FACTS, **changes)
