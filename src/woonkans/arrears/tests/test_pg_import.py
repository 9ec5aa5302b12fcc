"""The PostgreSQL fast path of the imports (``pg_import.py``) against the general path.

Each scenario runs twice on the same database — once through the general row-by-row path,
once through the set-based path — each time inside a transaction that is rolled back
afterwards; the outcomes (status, counts, every error, and the rows written) must be equal.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.utils import translation

from woonkans.arrears import imports
from woonkans.arrears.models import ImportStatus, LedgerEntry
from woonkans.arrears.services import ledger_import, tenancies_import
from woonkans.households.models import Person, Tenancy, TimelineEntry
from woonkans.organisations.actor import system_actor
from woonkans.organisations.models import Role

SAMPLES = Path(__file__).resolve().parents[4] / "docs" / "samples"
LEDGER_HEADER = "mutatie_id,overeenkomstnummer,boekdatum,vervaldatum,soort,bedrag,omschrijving"
TENANCY_HEADER = (
    "overeenkomstnummer,huishoudnummer,ingangsdatum,einddatum,straat,huisnummer,postcode,"
    "plaats,huurprijs,huurder_naam,geboortedatum,telefoon,email"
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the fast path is PostgreSQL only"
    ),
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def actor(corporation):
    return system_actor(corporation, Role.INCASSOMEDEWERKER)


class _Undo(Exception):
    pass


def _snapshot(corporation) -> dict:
    return {
        "ledger": sorted(
            LedgerEntry.objects.filter(corporation=corporation).values_list(
                "mutation_id",
                "tenancy__contract_number",
                "booking_date",
                "due_date",
                "kind",
                "amount",
                "description",
                "source_line",
            )
        ),
        "tenancies": sorted(
            Tenancy.objects.filter(corporation=corporation).values_list(
                "contract_number",
                "household__reference",
                "household__name",
                "start_date",
                "end_date",
                "street",
                "house_number",
                "postcode",
                "city",
                "rent",
            )
        ),
        "people": sorted(
            Person.objects.values_list(
                "household__reference",
                "first_name",
                "last_name",
                "date_of_birth",
                "relation",
                "phone",
                "email",
                "version",
            )
        ),
        "timeline": sorted(
            TimelineEntry.objects.values_list(
                "household__reference", "kind", "summary", "field_group", "actor_label"
            )
        ),
    }


def _outcome(monkeypatch, fast: bool, corporation, steps) -> tuple[list, dict]:
    """Run ``steps`` (kind, path) through one path; return the outcomes and the rows."""
    monkeypatch.setattr(imports, "FAST_PATH", fast)
    actor = system_actor(corporation, Role.INCASSOMEDEWERKER)
    outcomes = []
    try:
        with transaction.atomic():
            for kind, path in steps:
                use = tenancies_import if kind == "tenancies" else ledger_import
                errors = []
                batch = use(actor=actor, corporation=corporation, path=path, on_error=errors.append)
                outcomes.append(
                    (
                        batch.status,
                        batch.rows_read,
                        batch.rows_created,
                        batch.rows_updated,
                        batch.rows_unchanged,
                        batch.error_count,
                        batch.errors,
                        [e.as_dict() for e in errors],
                    )
                )
            snapshot = _snapshot(corporation)
            raise _Undo
    except _Undo:
        pass
    return outcomes, snapshot


def _both_paths(monkeypatch, corporation, steps) -> tuple[list, dict]:
    general = _outcome(monkeypatch, False, corporation, steps)
    fast = _outcome(monkeypatch, True, corporation, steps)
    assert fast[0] == general[0]
    assert fast[1] == general[1]
    return fast


def write(tmp_path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_fast_path_is_used_on_postgresql(monkeypatch, corporation, actor):
    called = []
    real = imports.pg_import.apply_ledger
    monkeypatch.setattr(
        imports.pg_import, "apply_ledger", lambda **kw: called.append(1) or real(**kw)
    )
    tenancies_import(actor=actor, corporation=corporation, path=SAMPLES / "tenancies.csv")
    batch = ledger_import(actor=actor, corporation=corporation, path=SAMPLES / "ledger.csv")
    assert batch.status == ImportStatus.APPLIED
    assert called == [1]


def test_samples_and_repeats_give_equal_results(monkeypatch, corporation):
    outcomes, rows = _both_paths(
        monkeypatch,
        corporation,
        [
            ("tenancies", SAMPLES / "tenancies.csv"),
            ("ledger", SAMPLES / "ledger.csv"),
            ("tenancies", SAMPLES / "tenancies.csv"),  # duplicate file
            ("ledger", SAMPLES / "ledger.csv"),
        ],
    )
    assert [o[0] for o in outcomes] == [
        ImportStatus.APPLIED,
        ImportStatus.APPLIED,
        ImportStatus.DUPLICATE,
        ImportStatus.DUPLICATE,
    ]
    assert len(rows["tenancies"]) == 8
    assert rows["ledger"]


@pytest.mark.parametrize("lane", ["fast", "text"])
def test_bad_ledger_reports_every_row_equally_and_changes_nothing(
    monkeypatch, corporation, tmp_path, lane
):
    """``fast``: a plain CSV, read line by line with the pattern; ``text``: the same rows
    plus a date that does not exist, which sends the file to the general lane."""
    text_lanes = []
    real_text_lane = imports.pg_import._ledger_text_lane
    monkeypatch.setattr(
        imports.pg_import,
        "_ledger_text_lane",
        lambda *a, **kw: text_lanes.append(1) or real_text_lane(*a, **kw),
    )
    earlier = write(
        tmp_path,
        "earlier.csv",
        f"{LEDGER_HEADER}\nE-1,OVK-1001,2025-01-01,2025-01-01,huur,650.00,Huur\n",
    )
    bad = write(
        tmp_path,
        "bad.csv",
        "\n".join(
            [
                LEDGER_HEADER,
                "B-1,OVK-1001,2025-01-01,2025-01-01,huur,650.00,fine",
                "B-2,OVK-9999,2025-01-01,2025-01-01,huur,650.00,unknown contract",
                "B-3,OVK-1001,2025-02-30,2025-03-01,huur,650.00,no such day"
                if lane == "text"
                else "B-3,OVK-1001,2025-02-02,2025-03-01,HUUR,+650.00,upper case fine",
                "B-4,OVK-1001,2025-01-01,2025-01-01,rent,650.00,unknown kind",
                "B-5,OVK-1001,2025-01-01,,huur,-650.00,negative rent and no due date",
                "B-1,OVK-1001,2025-01-01,2025-01-01,huur,651.00,repeat with other content",
                "B-1,OVK-1001,2025-01-01,2025-01-01,huur,650,fine",  # the same content
                "E-1,OVK-1001,2025-01-01,2025-01-01,huur,600.00,imported before with other content",
                "E-1,OVK-1001,2025-01-01,2025-01-01,huur,650.00,Huur",
                ",OVK-1001,2025-01-01,2025-01-01,huur,1.234,no id, three decimals",
                f"{'X' * 65},,01-01-2025,2025-01-01,kosten,0,{'d' * 256}",
                "B-6,OVK-1001,2024-02-29,2024-02-29,huur,1 234.50,leap day and spaced amount",
                "B-7,OVK-1001,2025-01-01,2025-01-01,correctie,-12.5,signed correction",
            ]
        )
        + "\n",
    )
    outcomes, rows = _both_paths(
        monkeypatch,
        corporation,
        [
            ("tenancies", SAMPLES / "tenancies.csv"),
            ("ledger", earlier),
            ("ledger", bad),
        ],
    )
    status, _read, created, *_rest, error_count, stored, reported = outcomes[2]
    assert status == ImportStatus.REJECTED
    assert created == 0
    assert stored == reported
    lines = [e["line"] for e in reported]
    assert lines == sorted(lines)
    bad_lines = {3, 4, 5, 6, 7, 9, 11, 12} if lane == "text" else {3, 5, 6, 7, 9, 11, 12}
    assert {e["line"] for e in reported} == bad_lines
    assert error_count == len(reported) > len(bad_lines)
    # Only the fast path's run used a lane; the text lane only for the impossible date.
    assert len(text_lanes) == (1 if lane == "text" else 0)
    # Whole or nothing: only the earlier file's entry is there.
    assert [r[0] for r in rows["ledger"]] == ["E-1"]


def test_leap_day_and_spaced_amount_pass_through_the_python_check(
    monkeypatch, corporation, tmp_path
):
    good = write(
        tmp_path,
        "good.csv",
        "\n".join(
            [
                LEDGER_HEADER,
                'G-1,OVK-1001,2024-02-29,2024-02-29,huur,"1 234,50",leap day',
                "G-2,OVK-1001,2025-01-05,,BETALING,100,upper-case kind",
                "G-3,OVK-1001,2025-01-05,2025-01-05,correctie,-0.01,one cent back",
            ]
        )
        + "\n",
    )
    outcomes, rows = _both_paths(
        monkeypatch,
        corporation,
        [("tenancies", SAMPLES / "tenancies.csv"), ("ledger", good)],
    )
    assert outcomes[1][0] == ImportStatus.APPLIED
    by_id = {r[0]: r for r in rows["ledger"]}
    assert by_id["G-1"][2] == date(2024, 2, 29)
    assert by_id["G-1"][5] == Decimal("1234.50")
    assert by_id["G-2"][4:6] == ("betaling", Decimal("-100.00"))
    assert by_id["G-3"][5] == Decimal("-0.01")


def test_tenancies_bad_rows_and_updates_equal(monkeypatch, corporation, tmp_path):
    bad = write(
        tmp_path,
        "bad.csv",
        "\n".join(
            [
                TENANCY_HEADER,
                "T-1,H-1,2020-01-01,,Straat,1,1234AB,Stad,500.00,Jan de Vries,,,",
                "T-1,H-2,2020-01-01,,Straat,2,1234 AB,Stad,500.00,Piet Jansen,,,",
                "T-2,H-3,2020-01-01,2019-01-01,Straat,3,12345,Stad,-1,,,,not-an-email",
            ]
        )
        + "\n",
    )
    changed = write(
        tmp_path,
        "changed.csv",
        "\n".join(
            [
                TENANCY_HEADER,
                "OVK-1001,H-501,2019-04-01,,Voorbeeldstraat,1,9999 XA,Voorbeeldstad,675.00,"
                "Anna de Boer,1980-05-12,0600000001,anna.deboer@example.invalid",
                "OVK-1002,H-502,2020-09-01,,Voorbeeldstraat,3,9999 XA,Voorbeeldstad,700.00,"
                "Bram Visser,1975-11-02,0611111111,",
                "OVK-2001,H-502,2024-01-01,,Nieuwe straat,5,9999 XA,Voorbeeldstad,710.00,"
                "Bram Visser,1975-11-02,,",
                "OVK-2002,H-900,2024-01-01,,Nieuwe straat,7,9999 XA,Voorbeeldstad,710.00,"
                '"Vries, Jan de",,,',
                "OVK-2003,H-900,2024-01-01,,Nieuwe straat,9,9999 XA,Voorbeeldstad,720.00,"
                "Other Name,,,",
            ]
        )
        + "\n",
    )
    outcomes, rows = _both_paths(
        monkeypatch,
        corporation,
        [
            ("tenancies", bad),
            ("tenancies", SAMPLES / "tenancies.csv"),
            ("tenancies", changed),
        ],
    )
    assert outcomes[0][0] == ImportStatus.REJECTED
    assert {e["line"] for e in outcomes[0][7]} == {3, 4}  # line 2 is fine: 1234AB
    assert outcomes[2][0] == ImportStatus.APPLIED
    assert outcomes[2][2:5] == (3, 2, 0)  # created, updated, unchanged
    assert len(rows["tenancies"]) == 11
