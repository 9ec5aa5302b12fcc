"""The demo ledger generator (pure, no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from woonkans.demo import data
from woonkans.demo.ledger import (
    arrears_of,
    background_rows,
    pilot_rows,
    profile_of,
    rent_months,
)

LEDGERS = {spec.key: spec for spec in data.PILOT_LEDGERS}
DAYS = [date(2026, 11, 27), date(2027, 1, 1), date(2027, 2, 28), date(2028, 7, 15)]


@pytest.mark.parametrize("today", DAYS)
@pytest.mark.parametrize("spec", data.PILOT_HOUSEHOLDS, ids=lambda spec: spec.key)
def test_pilot_arrears_on_the_load_date_are_the_reports_amount(spec, today):
    rows = pilot_rows(
        contract=spec.tenancy.contract_number,
        rent=spec.tenancy.rent,
        start_date=date(2000, 1, 1),
        today=today,
        spec=LEDGERS[spec.key],
        arrears=spec.facts.arrears,
    )
    assert arrears_of(rows, today) == spec.facts.arrears
    assert len({row.mutation_id for row in rows}) == len(rows)
    assert all(row.booked <= today for row in rows)


def test_rent_is_due_on_the_first_for_twelve_months_not_before_the_start():
    assert rent_months(date(2026, 11, 27), date(2000, 1, 1)) == [date(2025, 12, 1)] + [
        date(2026, month, 1) for month in range(1, 12)
    ]
    assert rent_months(date(2026, 11, 27), date(2026, 9, 15)) == [
        date(2026, 10, 1),
        date(2026, 11, 1),
    ]


def test_a_month_booked_once_is_the_same_when_generated_later():
    """Loading the demo again later never meets a booked id with other content, except
    the amount an irregular payer catches up with (it depends on the months before)."""
    contracts = [f"DL-OVK-3{n:05d}" for n in range(1, 120)]
    for contract in contracts:
        kwargs = {"contract": contract, "rent": Decimal("612.35"), "start_date": date(2000, 1, 1)}
        first = {r.mutation_id: r for r in background_rows(today=date(2026, 11, 27), **kwargs)}
        later = {r.mutation_id: r for r in background_rows(today=date(2027, 3, 20), **kwargs)}
        for mid, row in first.items():
            if mid in later and not (
                profile_of(contract) == "irregular" and row.kind == "betaling"
            ):
                assert later[mid] == row, mid
        # Only payments that were still in the future were missing from the first load.
        months = {mid[: -len("-B")] for mid in first}
        for mid, row in later.items():
            if mid not in first and mid.endswith("-B") and mid[: -len("-B")] in months:
                assert row.booked > date(2026, 11, 27)


def test_profiles_are_spread_like_the_weights():
    profiles = [profile_of(f"RL-HC-1{n:05d}") for n in range(1, 1001)]
    assert 650 < profiles.count("punctual") < 850
    assert all(profiles.count(name) > 20 for name, _weight in data.LEDGER_PROFILES)
