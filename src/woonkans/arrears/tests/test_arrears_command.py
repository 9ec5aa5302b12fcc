"""``woonkans arrears``: exact CSV output, and the SQL path equal to the pure function."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from woonkans.arrears import state
from woonkans.arrears.models import ImportBatch, LedgerEntry
from woonkans.arrears.selectors import arrears_positions, arrears_positions_streamed
from woonkans.arrears.services import ledger_import, tenancies_import
from woonkans.organisations.actor import system_actor
from woonkans.organisations.models import Role
from woonkans.testing.factories import TenancyFactory

SAMPLES = Path(__file__).resolve().parents[4] / "docs" / "samples"

pytestmark = pytest.mark.django_db

EXPECTED_CSV = """\
overeenkomstnummer,achterstand,open_termijnen,oudste_vervaldatum,dagen_achterstand
OVK-1001,0.00,0,,0
OVK-1002,700.00,1,2025-03-01,19
OVK-1003,900.00,2,2025-02-01,47
OVK-1004,1650.00,3,2025-01-01,78
OVK-1005,940.00,2,2025-02-01,47
OVK-1006,525.00,1,2025-03-01,19
OVK-1007,-500.00,0,,0
OVK-1008,0.00,0,,0
"""


@pytest.fixture
def sample(corporation):
    actor = system_actor(corporation, Role.INCASSOMEDEWERKER)
    tenancies_import(actor=actor, corporation=corporation, path=SAMPLES / "tenancies.csv")
    ledger_import(actor=actor, corporation=corporation, path=SAMPLES / "ledger.csv")
    return corporation


@pytest.mark.parametrize("method", ["sql", "full", "python"])
def test_arrears_csv_of_the_sample_ledger(sample, method):
    # The hand-checked sample: "sql" takes it from the stored arrears state, "full" and
    # "python" from the whole ledger.
    assert state.usable_on(sample.pk, date(2025, 3, 20))
    out = io.StringIO()
    call_command("arrears", corporation="ws-test", date="2025-03-20", method=method, stdout=out)
    assert out.getvalue() == EXPECTED_CSV


def test_arrears_to_a_file(sample, tmp_path):
    target = tmp_path / "arrears.csv"
    call_command("arrears", corporation="ws-test", date="2025-03-20", output=str(target))
    assert target.read_text(encoding="utf-8") == EXPECTED_CSV


def test_only_the_corporations_own_tenancies(sample, other_corporation):
    TenancyFactory(corporation=other_corporation, contract_number="OVK-ANDERS")
    out = io.StringIO()
    call_command("arrears", corporation="ws-test", date="2025-03-20", stdout=out)
    assert "OVK-ANDERS" not in out.getvalue()
    assert len(out.getvalue().splitlines()) == 9


def test_bad_date_and_unknown_corporation(sample):
    with pytest.raises(CommandError):
        call_command("arrears", corporation="ws-test", date="20-03-2025")
    with pytest.raises(CommandError):
        call_command("arrears", corporation="bestaat-niet", date="2025-03-20")


def test_sql_equals_pure_function_on_a_random_ledger(corporation):
    rnd = random.Random(7)
    batch = ImportBatch.objects.create(
        corporation=corporation, kind="ledger", sha256="x", file_name="r"
    )
    tenancies = [TenancyFactory(corporation=corporation) for _ in range(40)]
    entries = []
    start = date(2024, 11, 1)
    for tenancy in tenancies:
        for i in range(rnd.randint(0, 14)):
            kind = rnd.choice(["huur", "huur", "kosten", "betaling", "betaling", "correctie"])
            amount = Decimal(rnd.randint(1, 80000)) / 100
            if kind == "betaling" or (kind == "correctie" and rnd.random() < 0.5):
                amount = -amount
            due = start + timedelta(days=rnd.choice([0, 0, 31, 61, 92, rnd.randint(0, 120)]))
            entries.append(
                LedgerEntry(
                    corporation=corporation,
                    tenancy=tenancy,
                    mutation_id=f"R-{tenancy.pk}-{i}",
                    booking_date=due + timedelta(days=rnd.randint(-10, 10)),
                    due_date=None if kind == "betaling" else due,
                    kind=kind,
                    amount=amount,
                    batch=batch,
                )
            )
    LedgerEntry.objects.bulk_create(entries)
    for on in (date(2024, 12, 15), date(2025, 1, 31), date(2025, 3, 31)):
        by_sql = {
            p.contract_number: p.position for p in arrears_positions(corporation=corporation, on=on)
        }
        by_python = {
            p.contract_number: p.position
            for p in arrears_positions_streamed(corporation=corporation, on=on)
        }
        assert by_sql == by_python
        assert any(p.open_termijnen > 1 for p in by_sql.values())
