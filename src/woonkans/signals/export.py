"""The export of early signals for the municipality's vroegsignalering platform.

Field names follow the municipal data model (GGM *Vroegsignaal*: bedrag, ontstaansdatum,
signaaldatum, crisissignaal, warmeOverdracht; *Signaalpartner* type ``HUUR``) plus the
tenant's contact details. The CSV has exactly the columns of :data:`CSV_HEADER`; the JSON
is one object with the batch and a list ``vroegsignalen``. Amounts have two decimals and a
point, dates are ``YYYY-MM-DD``, booleans ``true``/``false``, unknown values empty (CSV) or
``null`` (JSON). See docs/vroegsignalering.md for an example.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

CENT = Decimal("0.01")

CSV_HEADER = (
    "signaal_id",
    "signaalpartner",
    "signaalpartner_naam",
    "gemeente",
    "overeenkomstnummer",
    "bedrag",
    "ontstaansdatum",
    "signaaldatum",
    "crisissignaal",
    "warme_overdracht",
    "voornamen",
    "achternaam",
    "geboortedatum",
    "straat",
    "huisnummer",
    "postcode",
    "plaats",
    "telefoonnummer",
    "emailadres",
)


@dataclass(frozen=True)
class ExportRow:
    signal_id: int
    partner: str
    partner_name: str
    municipality: str
    contract_number: str
    amount: Decimal
    arose_on: date
    signal_date: date
    crisis: bool
    warm_handover: bool
    first_names: str
    last_name: str
    date_of_birth: date | None
    street: str
    house_number: str
    postcode: str
    city: str
    phone: str
    email: str


def _amount(value: Decimal) -> str:
    return f"{value.quantize(CENT):.2f}"


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _bool(value: bool) -> str:
    return "true" if value else "false"


def render_csv(rows: list[ExportRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for r in rows:
        writer.writerow(
            (
                r.signal_id,
                r.partner,
                r.partner_name,
                r.municipality,
                r.contract_number,
                _amount(r.amount),
                _date(r.arose_on),
                _date(r.signal_date),
                _bool(r.crisis),
                _bool(r.warm_handover),
                r.first_names,
                r.last_name,
                _date(r.date_of_birth) or "",
                r.street,
                r.house_number,
                r.postcode,
                r.city,
                r.phone,
                r.email,
            )
        )
    return out.getvalue()


def render_json(rows: list[ExportRow], *, export_id: int, export_date: date) -> str:
    document = {
        "export": {"id": export_id, "datum": _date(export_date)},
        "vroegsignalen": [
            {
                "id": r.signal_id,
                "signaalpartner": {"type": r.partner, "naam": r.partner_name},
                "gemeente": r.municipality,
                "overeenkomstnummer": r.contract_number,
                "bedrag": _amount(r.amount),
                "ontstaansdatum": _date(r.arose_on),
                "signaaldatum": _date(r.signal_date),
                "crisissignaal": r.crisis,
                "warmeOverdracht": r.warm_handover,
                "client": {
                    "voornamen": r.first_names or None,
                    "achternaam": r.last_name or None,
                    "geboortedatum": _date(r.date_of_birth),
                    "telefoonnummer": r.phone or None,
                    "emailadres": r.email or None,
                    "adres": {
                        "straat": r.street,
                        "huisnummer": r.house_number,
                        "postcode": r.postcode,
                        "plaats": r.city,
                    },
                },
            }
            for r in rows
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
