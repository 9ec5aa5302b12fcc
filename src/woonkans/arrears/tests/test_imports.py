"""Importing tenancies and ledger files: whole or nothing, every bad row listed, repeats."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from woonkans.arrears import imports
from woonkans.arrears.models import ColumnMapping, ImportBatch, ImportStatus, LedgerEntry
from woonkans.arrears.services import ledger_import, tenancies_import
from woonkans.audit.models import AuditEvent
from woonkans.households.models import Household, Person, Relation, Tenancy, TimelineEntry
from woonkans.organisations.actor import system_actor
from woonkans.organisations.models import Role

SAMPLES = Path(__file__).resolve().parents[4] / "docs" / "samples"
LEDGER_HEADER = "mutatie_id,overeenkomstnummer,boekdatum,vervaldatum,soort,bedrag,omschrijving"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are asserted in their English source text."""
    with translation.override("en"):
        yield


@pytest.fixture
def actor(corporation):
    return system_actor(corporation, Role.INCASSOMEDEWERKER)


@pytest.fixture
def imported(corporation, actor):
    """The sample tenancies and ledger, imported."""
    batch = tenancies_import(actor=actor, corporation=corporation, path=SAMPLES / "tenancies.csv")
    assert batch.status == ImportStatus.APPLIED, batch.errors
    batch = ledger_import(actor=actor, corporation=corporation, path=SAMPLES / "ledger.csv")
    assert batch.status == ImportStatus.APPLIED, batch.errors
    return batch


def write(tmp_path, name: str, text: str, encoding="utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def ledger_snapshot():
    return sorted(
        LedgerEntry.objects.values_list(
            "mutation_id", "tenancy_id", "booking_date", "due_date", "kind", "amount", "description"
        )
    )


def test_tenancies_import_creates_households_main_tenants_and_tenancies(corporation, actor):
    batch = tenancies_import(actor=actor, corporation=corporation, path=SAMPLES / "tenancies.csv")

    assert batch.status == ImportStatus.APPLIED
    assert (batch.rows_read, batch.rows_created, batch.rows_updated) == (8, 8, 0)
    tenancy = Tenancy.objects.get(corporation=corporation, contract_number="OVK-1006")
    assert tenancy.rent == Decimal("600.00")
    assert tenancy.postcode == "9999 XC"
    assert tenancy.household.reference == "ws-test-H-506"
    tenant = Person.objects.get(household=tenancy.household)
    assert (tenant.first_name, tenant.last_name, tenant.relation) == (
        "Fatima",
        "El Amrani",
        Relation.HOOFDHUURDER,
    )
    assert tenant.date_of_birth == date(1979, 12, 24)
    # One audit event for the whole batch; a timeline entry per new tenancy.
    assert AuditEvent.objects.filter(object_type="arrears.importbatch").count() == 1
    assert TimelineEntry.objects.filter(kind="tenancy.created").count() == 8


def test_tenancies_import_again_updates_only_what_changed(corporation, actor, tmp_path):
    tenancies_import(actor=actor, corporation=corporation, path=SAMPLES / "tenancies.csv")
    lines = (SAMPLES / "tenancies.csv").read_text().splitlines()
    lines[1] = lines[1].replace("650.00", "675.00")
    changed = write(tmp_path, "tenancies-2.csv", "\n".join(lines) + "\n")

    batch = tenancies_import(actor=actor, corporation=corporation, path=changed)

    assert (batch.rows_created, batch.rows_updated, batch.rows_unchanged) == (0, 1, 7)
    assert Tenancy.objects.get(contract_number="OVK-1001").rent == Decimal("675.00")
    assert Household.objects.count() == 8
    assert TimelineEntry.objects.filter(kind="tenancy.created").count() == 8


def test_ledger_import_stores_signed_amounts(imported):
    assert LedgerEntry.objects.count() == 42
    payment = LedgerEntry.objects.get(mutation_id="M-0002")
    assert (payment.kind, payment.amount, payment.due_date) == (
        "betaling",
        Decimal("-650.00"),
        None,
    )
    assert LedgerEntry.objects.get(mutation_id="M-0056").amount == Decimal("-100.00")
    assert LedgerEntry.objects.get(mutation_id="M-0044").amount == Decimal("40.00")
    assert imported.rows_created == 42


def test_importing_the_identical_file_again_changes_nothing(imported, corporation, actor):
    before = ledger_snapshot()

    batch = ledger_import(actor=actor, corporation=corporation, path=SAMPLES / "ledger.csv")

    assert batch.status == ImportStatus.DUPLICATE
    assert batch.duplicate_of == imported
    assert ledger_snapshot() == before


def test_rows_imported_before_are_skipped(imported, corporation, actor, tmp_path):
    before = ledger_snapshot()
    rows = (SAMPLES / "ledger.csv").read_text().splitlines()
    # Same rows in another order, plus one new payment: a different file.
    text = "\n".join([rows[0], *reversed(rows[1:]), "M-9001,OVK-1004,2025-03-21,,betaling,10,x"])
    batch = ledger_import(actor=actor, corporation=corporation, path=write(tmp_path, "l.csv", text))

    assert batch.status == ImportStatus.APPLIED
    assert (batch.rows_created, batch.rows_unchanged) == (1, 42)
    after = ledger_snapshot()
    assert len(after) == len(before) + 1
    assert [r for r in after if r[0] != "M-9001"] == before


def test_a_bad_file_lists_every_bad_row_and_changes_nothing(imported, corporation, actor, tmp_path):
    before = ledger_snapshot()
    text = "\n".join(
        [
            LEDGER_HEADER,
            "N-1,OVK-1001,2025-04-01,2025-04-01,huur,650.00,ok",  # 2: good
            "N-2,OVK-1001,2025-04-01,2025-04-01,huur,650.001,three decimals",  # 3
            "N-3,OVK-1001,01-04-2025,2025-04-01,huur,650.00,bad date",  # 4
            "N-4,OVK-1001,2025-04-01,2025-04-01,rente,5.00,bad kind",  # 5
            "N-5,OVK-9999,2025-04-01,2025-04-01,huur,650.00,unknown contract",  # 6
            "N-6,OVK-1001,2025-04-01,,betaling,-650.00,negative payment",  # 7
            "M-0001,OVK-1001,2024-12-20,2025-01-01,huur,651.00,changed content",  # 8
            "N-1,OVK-1001,2025-04-01,2025-04-01,huur,1.00,repeated id",  # 9
            "N-7,OVK-1001,2025-04-01,,huur,650.00,no due date",  # 10
            "N-8,OVK-1001,2025-04-01,2025-04-01,kosten,1.234,thousands",  # 11
        ]
    )
    seen = []
    batch = ledger_import(
        actor=actor,
        corporation=corporation,
        path=write(tmp_path, "bad.csv", text),
        on_error=seen.append,
    )

    assert batch.status == ImportStatus.REJECTED
    assert [(e.line, e.column) for e in seen] == [
        (3, "bedrag"),
        (4, "boekdatum"),
        (5, "soort"),
        (6, "overeenkomstnummer"),
        (7, "bedrag"),
        (8, "mutatie_id"),
        (9, "mutatie_id"),
        (10, "vervaldatum"),
        (11, "bedrag"),
    ]
    assert "line 2" in seen[6].reason
    assert batch.error_count == 9
    assert batch.errors[0] == {"line": 3, "column": "bedrag", "reason": seen[0].reason}
    assert ledger_snapshot() == before
    assert batch.rows_created == 0


def test_bad_tenancy_file_changes_nothing(corporation, actor, tmp_path):
    lines = (SAMPLES / "tenancies.csv").read_text().splitlines()
    lines[3] = lines[3].replace("9999 XB", "99999")
    lines[5] = lines[5].replace("OVK-1005", "OVK-1001")
    path = write(tmp_path, "t.csv", "\n".join(lines))
    seen = []

    batch = tenancies_import(actor=actor, corporation=corporation, path=path, on_error=seen.append)

    assert batch.status == ImportStatus.REJECTED
    assert [(e.line, e.column) for e in seen] == [(4, "postcode"), (6, "overeenkomstnummer")]
    assert not Tenancy.objects.exists()
    assert not Household.objects.exists()
    assert not TimelineEntry.objects.exists()


def test_missing_column_rejects_the_file(corporation, actor, tmp_path):
    path = write(tmp_path, "l.csv", "mutatie_id,overeenkomstnummer,boekdatum\nx,y,2025-01-01\n")
    seen = []
    batch = ledger_import(actor=actor, corporation=corporation, path=path, on_error=seen.append)
    assert batch.status == ImportStatus.REJECTED
    assert {(e.line, e.column) for e in seen} == {
        (1, "vervaldatum"),
        (1, "soort"),
        (1, "bedrag"),
    }


def test_errors_across_chunks_are_all_found(imported, corporation, actor, tmp_path, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK", 2)
    text = "\n".join(
        [
            LEDGER_HEADER,
            "C-1,OVK-1004,2025-04-01,,betaling,1.00,",
            "C-2,OVK-1004,2025-04-01,,betaling,2.00,",
            "C-3,OVK-1004,2025-04-01,,betaling,3.00,",
            "C-1,OVK-1004,2025-04-01,,betaling,1.00,",  # identical repeat: skipped
            "C-2,OVK-1004,2025-04-02,,betaling,2.00,",  # other content: error
        ]
    )
    seen = []
    batch = ledger_import(
        actor=actor,
        corporation=corporation,
        path=write(tmp_path, "c.csv", text),
        on_error=seen.append,
    )
    assert [(e.line, e.column) for e in seen] == [(6, "mutatie_id")]
    assert "line 3" in seen[0].reason
    assert batch.status == ImportStatus.REJECTED
    assert not LedgerEntry.objects.filter(mutation_id__startswith="C-").exists()


def test_semicolon_csv_with_bom_and_decimal_commas(corporation, actor, tmp_path):
    tenancies_import(actor=actor, corporation=corporation, path=SAMPLES / "tenancies.csv")
    text = (
        "mutatie_id;overeenkomstnummer;boekdatum;vervaldatum;soort;bedrag;omschrijving\n"
        "S-1;OVK-1001;2025-04-01;2025-04-01;huur;650,00;Huur april\n"
        "S-2;OVK-1001;2025-04-03;;betaling;649,5;Betaling\n"
        "S-3;OVK-1001;2025-04-03;2025-04-03;correctie;-0,5;Afronding\n"
    )
    path = write(tmp_path, "semi.csv", text, encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    batch = ledger_import(actor=actor, corporation=corporation, path=path)

    assert batch.status == ImportStatus.APPLIED, batch.errors
    amounts = dict(LedgerEntry.objects.values_list("mutation_id", "amount"))
    assert amounts == {"S-1": Decimal("650.00"), "S-2": Decimal("-649.50"), "S-3": Decimal("-0.50")}


def test_xlsx_ledger_gives_the_same_entries_as_csv(corporation, actor, tmp_path):
    tenancies_import(actor=actor, corporation=corporation, path=SAMPLES / "tenancies.csv")
    batch = ledger_import(actor=actor, corporation=corporation, path=SAMPLES / "ledger.xlsx")
    assert batch.status == ImportStatus.APPLIED, batch.errors
    from_xlsx = ledger_snapshot()
    LedgerEntry.objects.all().delete()
    ImportBatch.objects.filter(kind="ledger").delete()

    ledger_import(actor=actor, corporation=corporation, path=SAMPLES / "ledger.csv")

    assert ledger_snapshot() == from_xlsx
    assert len(from_xlsx) == 42


def test_xlsx_errors_name_the_spreadsheet_row(corporation, actor, tmp_path):
    tenancies_import(actor=actor, corporation=corporation, path=SAMPLES / "tenancies.csv")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(LEDGER_HEADER.split(","))
    sheet.append(["X-1", "OVK-1001", date(2025, 4, 1), date(2025, 4, 1), "huur", 650.5, ""])
    sheet.append(["X-2", "OVK-1001", date(2025, 4, 1), None, "huur", 650.125, ""])
    path = tmp_path / "bad.xlsx"
    workbook.save(path)
    seen = []
    batch = ledger_import(actor=actor, corporation=corporation, path=path, on_error=seen.append)
    assert batch.status == ImportStatus.REJECTED
    assert [(e.line, e.column) for e in seen] == [(3, "vervaldatum"), (3, "bedrag")]


def test_column_mapping_lets_another_export_in(corporation, actor, tmp_path):
    tenancies_import(actor=actor, corporation=corporation, path=SAMPLES / "tenancies.csv")
    ColumnMapping.objects.create(
        corporation=corporation,
        kind="ledger",
        columns={
            "mutatie_id": "Boekingsnr",
            "overeenkomstnummer": "Contract",
            "boekdatum": "Boekdatum",
            "vervaldatum": "Vervaldag",
            "soort": "Type",
            "bedrag": "Bedrag EUR",
            "omschrijving": "Tekst",
        },
        date_format="%d-%m-%Y",
        decimal_separator=",",
    )
    text = (
        "Boekingsnr;Contract;Boekdatum;Vervaldag;Type;Bedrag EUR;Tekst;Extra kolom\n"
        "E-1;OVK-1002;20-03-2025;01-04-2025;huur;1.700,00;Huur;genegeerd\n"
    )
    batch = ledger_import(
        actor=actor, corporation=corporation, path=write(tmp_path, "erp.csv", text)
    )

    assert batch.status == ImportStatus.APPLIED, batch.errors
    entry = LedgerEntry.objects.get(mutation_id="E-1")
    assert (entry.amount, entry.due_date) == (Decimal("1700.00"), date(2025, 4, 1))


def test_command_exits_non_zero_and_lists_bad_rows(imported, corporation, tmp_path, capsys):
    path = write(
        tmp_path,
        "bad.csv",
        f"{LEDGER_HEADER}\nB-1,OVK-1001,2025-04-01,2025-04-01,huur,x,\n"
        "B-2,OVK-0000,2025-04-01,2025-04-01,huur,1,\n",
    )
    before = ledger_snapshot()
    with pytest.raises(CommandError, match="2 bad row"):
        call_command("import_ledger", str(path), corporation=corporation.slug)
    err = capsys.readouterr().err
    assert "line 2, column bedrag" in err
    assert "line 3, column overeenkomstnummer" in err
    assert ledger_snapshot() == before


def test_commands_import_the_samples(corporation, capsys):
    call_command("import_tenancies", str(SAMPLES / "tenancies.csv"), corporation="ws-test")
    call_command("import_ledger", str(SAMPLES / "ledger.csv"), corporation="ws-test")
    out = capsys.readouterr().out
    assert "8 created" in out and "42 created" in out
    call_command("import_ledger", str(SAMPLES / "ledger.csv"), corporation="ws-test")
    assert "nothing changed" in capsys.readouterr().out


def test_other_corporations_contracts_are_unknown(imported, other_corporation, tmp_path):
    shutil.copy(SAMPLES / "ledger.csv", tmp_path / "ledger.csv")
    batch = ledger_import(
        actor=system_actor(other_corporation, Role.INCASSOMEDEWERKER),
        corporation=other_corporation,
        path=tmp_path / "ledger.csv",
    )
    assert batch.status == ImportStatus.REJECTED
    assert batch.error_count == 42
