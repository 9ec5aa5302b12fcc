"""``woonkans generate-data`` writes files that import cleanly and show every pattern."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from woonkans.arrears.generate import generate
from woonkans.arrears.models import ImportStatus
from woonkans.arrears.selectors import arrears_positions
from woonkans.arrears.services import ledger_import, tenancies_import
from woonkans.organisations.actor import system_actor
from woonkans.organisations.models import Role


def test_same_seed_same_files(tmp_path):
    a = generate(tenancies=30, months=4, seed=5, output_dir=tmp_path / "a")
    b = generate(tenancies=30, months=4, seed=5, output_dir=tmp_path / "b")
    assert a.ledger_path.read_bytes() == b.ledger_path.read_bytes()
    assert a.tenancies_path.read_bytes() == b.tenancies_path.read_bytes()


@pytest.mark.django_db
def test_generated_files_import_and_show_growing_and_shrinking_arrears(corporation, tmp_path):
    out = io.StringIO()
    call_command(
        "generate_data", tenancies=300, months=6, seed=3, output_dir=str(tmp_path), stdout=out
    )
    assert "300" in out.getvalue()  # the message itself is translated
    actor = system_actor(corporation, Role.INCASSOMEDEWERKER)
    batch = tenancies_import(actor=actor, corporation=corporation, path=tmp_path / "tenancies.csv")
    assert batch.status == ImportStatus.APPLIED, batch.errors[:3]
    batch = ledger_import(actor=actor, corporation=corporation, path=tmp_path / "ledger.csv")
    assert batch.status == ImportStatus.APPLIED, batch.errors[:3]

    def positions(on):
        return {
            p.contract_number: p.position for p in arrears_positions(corporation=corporation, on=on)
        }

    march, june = positions(date(2025, 3, 31)), positions(date(2025, 6, 30))
    assert any(p.achterstand < 0 for p in june.values())  # credit
    assert sum(p.open_termijnen == 0 for p in june.values()) > 150  # most pay on time
    assert any(p.open_termijnen >= 3 for p in june.values())
    grew = [c for c in june if june[c].achterstand > march[c].achterstand > 0]
    shrank = [c for c in june if 0 < june[c].achterstand < march[c].achterstand]
    assert grew and shrank
