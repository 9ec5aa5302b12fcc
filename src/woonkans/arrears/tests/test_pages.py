"""The import pages (upload, progress, result, access) and the arrears section of the
household page (figures, chart data, table, access, query count)."""

from __future__ import annotations

import itertools
import json
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from woonkans.arrears import uploads
from woonkans.arrears.history import arrears_history, month_ends
from woonkans.arrears.models import ImportBatch, ImportStatus, LedgerEntry
from woonkans.arrears.positions import Entry, Position
from woonkans.arrears.tasks import run_uploaded_import
from woonkans.audit.models import AuditEvent
from woonkans.households.models import Tenancy
from woonkans.households.services import involvement_open
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

SAMPLES = Path(__file__).resolve().parents[4] / "docs" / "samples"
LEDGER_HEADER = "mutatie_id,overeenkomstnummer,boekdatum,vervaldatum,soort,bedrag,omschrijving"
IMPORT_URL = "/incasso/import/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def isolated(settings, tmp_path):
    """Uploads in a temporary folder; page text in its English source."""
    settings.MEDIA_ROOT = tmp_path / "media"
    uploads.cache.clear()
    with translation.override("en"):
        yield


@pytest.fixture
def importer(make_logged_in_client, corporation):
    return make_logged_in_client(Role.INCASSOMEDEWERKER, corporation)


def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def upload(client, name: str, content: bytes, kind: str = "ledger"):
    english(client)
    return client.post(IMPORT_URL, {"kind": kind, "file": SimpleUploadedFile(name, content)})


def stored_files() -> list[Path]:
    root = uploads.upload_root()
    return sorted(root.iterdir()) if root.exists() else []


def ledger_snapshot():
    return sorted(
        LedgerEntry.objects.values_list("mutation_id", "tenancy_id", "kind", "amount", "due_date")
    )


@pytest.fixture
def tenancies(importer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(
            importer, "tenancies.csv", (SAMPLES / "tenancies.csv").read_bytes(), "tenancies"
        )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("arrears:import-batch", args=[batch.pk])
    assert batch.status == ImportStatus.APPLIED, batch.errors
    return batch


# --- Upload -------------------------------------------------------------------------------


def test_upload_page_shows_the_form_with_stable_ids(importer):
    response = english(importer).get(IMPORT_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_kind"' in html and '<select name="kind"' in html
    assert 'type="file" name="file"' in html and 'id="id_file"' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'type="submit"' in html
    assert "No imports yet." in html


def test_a_good_file_is_imported_in_the_background_and_deleted(
    importer, corporation, tenancies, django_capture_on_commit_callbacks
):
    assert (tenancies.rows_read, tenancies.rows_created, tenancies.rows_total) == (8, 8, 8)
    assert Tenancy.objects.filter(corporation=corporation).count() == 8

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(importer, "ledger.csv", (SAMPLES / "ledger.csv").read_bytes())

    batch = ImportBatch.objects.get(kind="ledger")
    assert batch.status == ImportStatus.APPLIED
    assert (batch.rows_read, batch.rows_created, batch.rows_unchanged) == (42, 42, 0)
    assert batch.file_name == "ledger.csv"
    assert batch.created_by == importer.actor.user
    assert LedgerEntry.objects.filter(corporation=corporation).count() == 42
    # The upload is gone once imported; the record no longer points at it.
    assert stored_files() == []
    assert batch.stored_file == ""

    page = importer.get(response.url).content.decode()
    assert 'id="import-result"' in page
    assert "The file has been imported." in page
    assert 'id="import-progress"' not in page and "every 1s" not in page
    assert re.search(r"<dt>Created</dt><dd>42</dd>", page)
    # The upload and the import are both in the audit log.
    details = list(
        AuditEvent.objects.filter(object_type="arrears.importbatch", object_id=str(batch.pk))
        .order_by("pk")
        .values_list("detail", flat=True)
    )
    assert details[0].startswith("ledger: file uploaded, import queued")
    assert details[1].startswith("ledger: 42 created")


def test_an_xlsx_file_is_imported_too(importer, tenancies, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(importer, "ledger.xlsx", (SAMPLES / "ledger.xlsx").read_bytes())

    batch = ImportBatch.objects.get(kind="ledger")
    assert batch.status == ImportStatus.APPLIED, batch.errors
    assert (batch.rows_created, batch.rows_total) == (42, 42)


def test_the_task_is_enqueued_only_after_commit(
    importer, tenancies, django_capture_on_commit_callbacks
):
    content = (SAMPLES / "ledger.csv").read_bytes()
    with mock.patch.object(run_uploaded_import, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            upload(importer, "ledger.csv", content)
        # Before the commit: queued, the file stored under a random name, nothing sent.
        batch = ImportBatch.objects.get(kind="ledger")
        assert batch.status == ImportStatus.QUEUED
        assert len(stored_files()) == 1 and stored_files()[0].read_bytes() == content
        assert stored_files()[0].name != "ledger.csv"
        assert batch.stored_file == f"imports/{stored_files()[0].name}"
        delay.assert_not_called()
        assert len(callbacks) == 1
        callbacks[0]()  # the commit
    delay.assert_called_once_with(batch.pk)
    assert LedgerEntry.objects.count() == 0


def test_a_bad_file_is_rejected_listing_every_bad_row_and_changes_nothing(
    importer, tenancies, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(importer, "ledger.csv", (SAMPLES / "ledger.csv").read_bytes())
    before = ledger_snapshot()
    bad = "\n".join(
        [
            LEDGER_HEADER,
            "N-1,OVK-1001,2025-04-20,2025-05-01,huur,650.00,Huur mei",
            "N-2,OVK-9999,2025-04-20,2025-05-01,huur,650.00,Onbekend contract",
            "N-3,OVK-1002,20-04-2025,2025-05-01,huur,700.00,Datum fout",
            "N-4,OVK-1003,2025-04-20,2025-05-01,rente,1.234,Soort en bedrag fout",
            "M-0001,OVK-1001,2024-12-20,2025-01-01,huur,651.00,Eerder anders geboekt",
        ]
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(importer, "ledger-mei.csv", bad.encode())

    batch = ImportBatch.objects.get(file_name="ledger-mei.csv")
    assert batch.status == ImportStatus.REJECTED
    assert batch.error_count == 5
    assert ledger_snapshot() == before
    assert not LedgerEntry.objects.filter(mutation_id="N-1").exists()
    assert stored_files() == []

    page = importer.get(response.url).content.decode()
    assert "The file was rejected: 5 bad rows. Nothing was changed." in page
    rows = re.findall(
        r"<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell\">(\d+)</td>"
        r"<td class=\"utrecht-table__cell\">([^<]*)</td>",
        page,
    )
    assert rows == [
        ("3", "overeenkomstnummer"),
        ("4", "boekdatum"),
        ("5", "soort"),
        ("5", "bedrag"),
        ("6", "mutatie_id"),
    ]
    assert "Unknown contract number OVK-9999 for this corporation." in page
    assert "Not a valid date: 20-04-2025 (expected YYYY-MM-DD)." in page


def test_uploading_again_changes_nothing(importer, tenancies, django_capture_on_commit_callbacks):
    content = (SAMPLES / "ledger.csv").read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        upload(importer, "ledger.csv", content)
    before = ledger_snapshot()

    # The identical file: recognised as a duplicate.
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(importer, "ledger-again.csv", content)
    again = ImportBatch.objects.get(file_name="ledger-again.csv")
    assert again.status == ImportStatus.DUPLICATE
    page = importer.get(response.url).content.decode()
    assert "This file was imported before. Nothing was changed." in page

    # The same rows in another file (a new line at the end): all already present.
    with django_capture_on_commit_callbacks(execute=True):
        upload(importer, "ledger-copy.csv", content + b"\n")
    copy = ImportBatch.objects.get(file_name="ledger-copy.csv")
    assert copy.status == ImportStatus.APPLIED
    assert (copy.rows_created, copy.rows_unchanged) == (0, 42)
    assert ledger_snapshot() == before
    assert stored_files() == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ledger.txt", b"x", "Choose a CSV or XLSX file."),
        ("ledger.xlsx", b"mutatie_id\n", "This is not an XLSX file."),
        ("ledger.csv", b"PK\x03\x04rest", "This is an XLSX file: give it the extension .xlsx."),
        ("ledger.csv", b"", "The submitted file is empty."),
    ],
)
def test_files_that_are_not_csv_or_xlsx_are_refused_at_once(importer, name, content, message):
    response = upload(importer, name, content)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert stored_files() == []


def test_the_size_limit_is_configurable(importer, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 1
    response = upload(importer, "big.csv", b"x" * (1024 * 1024 + 1))

    assert "The file is larger than 1.0\xa0MB." in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_kind_must_be_chosen(importer):
    response = upload(importer, "ledger.csv", b"a,b\n1,2\n", kind="")
    assert response.status_code == 200
    assert not ImportBatch.objects.exists()


def test_recent_imports_are_listed_per_corporation(importer, corporation, other_corporation):
    own = ImportBatch.objects.create(
        corporation=corporation, kind="ledger", file_name="eigen.csv", sha256="a"
    )
    ImportBatch.objects.create(
        corporation=other_corporation, kind="ledger", file_name="andermans.csv", sha256="b"
    )

    page = english(importer).get(IMPORT_URL).content.decode()

    assert "eigen.csv" in page
    assert reverse("arrears:import-batch", args=[own.pk]) in page
    assert "andermans.csv" not in page


# --- Progress -------------------------------------------------------------------------------


def test_progress_fragment_polls_every_second_while_running(importer, corporation):
    batch = ImportBatch.objects.create(
        corporation=corporation,
        kind="ledger",
        file_name="groot.csv",
        sha256="x",
        status=ImportStatus.RUNNING,
        rows_total=167000,
    )
    uploads.progress_report(batch.pk, 12000)
    url = reverse("arrears:import-progress", args=[batch.pk])

    html = english(importer).get(url, HTTP_HX_REQUEST="true").content.decode()

    assert 'hx-trigger="every 1s"' in html
    assert f'hx-get="{url}"' in html
    assert re.search(r'<progress id="import-progress"[^>]* max="167000" value="12000"', html)
    assert "12,000 of 167,000 rows" in html
    assert 'id="import-result"' not in html

    # The batch page embeds the same fragment.
    page = importer.get(reverse("arrears:import-batch", args=[batch.pk])).content.decode()
    assert 'id="import-progress"' in page and 'hx-trigger="every 1s"' in page
    assert 'id="import-announcement"' in page


def test_progress_without_a_known_total_is_indeterminate(importer, corporation):
    batch = ImportBatch.objects.create(
        corporation=corporation, kind="ledger", file_name="a.xlsx", sha256="x"
    )
    batch.status = ImportStatus.QUEUED
    batch.save()

    html = english(importer).get(reverse("arrears:import-progress", args=[batch.pk]))
    html = html.content.decode()

    assert re.search(r'<progress id="import-progress" class="wk-progress" aria-describedby', html)
    assert "0 rows" in html
    assert "Waiting for the background worker" in html


def test_a_finished_import_stops_polling_and_announces_the_outcome(importer, corporation):
    batch = ImportBatch.objects.create(
        corporation=corporation,
        kind="ledger",
        file_name="klaar.csv",
        sha256="x",
        status=ImportStatus.APPLIED,
        rows_read=10,
        rows_created=7,
        rows_unchanged=3,
    )
    url = reverse("arrears:import-progress", args=[batch.pk])

    html = english(importer).get(url, HTTP_HX_REQUEST="true").content.decode()

    assert "hx-trigger" not in html
    assert 'id="import-result"' in html
    assert '<div id="import-announcement" hx-swap-oob="innerHTML">' in html
    assert re.search(r"<dt>Already present \(skipped\)</dt><dd>3</dd>", html)


def test_progress_is_visible_while_the_import_transaction_is_open(
    importer, tenancies, monkeypatch, django_capture_on_commit_callbacks
):
    """The worker reports progress to the cache inside its open transaction; the page
    reads it from there (a second database writer would wait on SQLite)."""
    from woonkans.arrears import imports

    monkeypatch.setattr(imports, "CHUNK", 10)
    seen = []

    def look(batch_id, rows):
        uploads.cache.set(uploads._key(batch_id), rows)
        assert connection.in_atomic_block
        batch = ImportBatch.objects.get(pk=batch_id)
        page = importer.get(reverse("arrears:import-progress", args=[batch_id])).content
        seen.append((batch.status, re.search(rb"(\d+) of (\d+) rows", page).groups()))

    monkeypatch.setattr(uploads, "progress_report", look)
    with django_capture_on_commit_callbacks(execute=True):
        upload(importer, "ledger.csv", (SAMPLES / "ledger.csv").read_bytes())

    assert seen[0] == (ImportStatus.RUNNING, (b"0", b"42"))
    assert [rows for _status, rows in seen[1:]] == [
        (b"10", b"42"),
        (b"20", b"42"),
        (b"30", b"42"),
        (b"40", b"42"),
        (b"42", b"42"),
    ]


# --- Access ---------------------------------------------------------------------------------


@pytest.fixture
def batch(corporation):
    return ImportBatch.objects.create(
        corporation=corporation,
        kind="ledger",
        file_name="geheim-bestand.csv",
        sha256="x",
        status=ImportStatus.REJECTED,
        error_count=1,
        errors=[{"line": 2, "column": "bedrag", "reason": "Not an amount: geheim."}],
    )


def batch_urls(batch) -> list[str]:
    return [
        reverse("arrears:import-batch", args=[batch.pk]),
        reverse("arrears:import-progress", args=[batch.pk]),
    ]


@pytest.mark.parametrize("role", [Role.INCASSOMEDEWERKER, Role.FUNCTIONEEL_BEHEERDER])
def test_the_corporations_importers_see_its_imports(
    make_logged_in_client, corporation, batch, role
):
    client = make_logged_in_client(role, corporation)

    assert client.get(IMPORT_URL).status_code == 200
    for url in batch_urls(batch):
        response = client.get(url)
        assert response.status_code == 200
        assert "Not an amount: geheim." in response.content.decode()


@pytest.mark.parametrize("role", [Role.INCASSOMEDEWERKER, Role.FUNCTIONEEL_BEHEERDER])
def test_another_corporation_gets_not_found(make_logged_in_client, other_corporation, batch, role):
    client = make_logged_in_client(role, other_corporation)

    assert client.get(IMPORT_URL).status_code == 200  # its own (empty) import page
    for url in batch_urls(batch):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "role",
    [Role.WOONCONSULENT, Role.BELEIDSMEDEWERKER, Role.WIJKCONSULENT, Role.COORDINATOR],
)
def test_other_roles_of_the_corporation_get_not_found(
    make_logged_in_client, corporation, batch, role
):
    client = make_logged_in_client(role, corporation)

    assert client.get(IMPORT_URL).status_code == 404
    assert client.post(IMPORT_URL, {"kind": "ledger"}).status_code == 404
    for url in batch_urls(batch):
        assert client.get(url).status_code == 404


def test_a_municipality_cannot_import(make_logged_in_client):
    municipality = f.OrganisationFactory(municipality=True)
    client = make_logged_in_client(Role.INCASSOMEDEWERKER, municipality)

    assert client.get(IMPORT_URL).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, batch):
    for url in [IMPORT_URL, *batch_urls(batch)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_the_menu_offers_import_to_importers_only(make_logged_in_client, corporation):
    importer = english(make_logged_in_client(Role.FUNCTIONEEL_BEHEERDER, corporation))
    consultant = english(make_logged_in_client(Role.WOONCONSULENT, corporation))
    link = f'href="{IMPORT_URL}"'

    assert link in importer.get("/").content.decode()
    assert link not in consultant.get("/").content.decode()


# --- The household page -------------------------------------------------------------------

_ids = itertools.count(1)
TODAY = datetime(2025, 3, 20, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def book(tenancy, kind: str, amount: str, day: date) -> LedgerEntry:
    """``huur``/``kosten`` fall due on ``day`` (booked ten days before); a ``betaling`` is
    booked on ``day`` (amount given positive)."""
    batch = ImportBatch.objects.filter(corporation=tenancy.corporation).first()
    batch = batch or ImportBatch.objects.create(
        corporation=tenancy.corporation, kind="ledger", file_name="t", sha256="t"
    )
    value = Decimal(amount)
    return LedgerEntry.objects.create(
        corporation=tenancy.corporation,
        tenancy=tenancy,
        mutation_id=f"T-{next(_ids)}",
        booking_date=day if kind == "betaling" else date.fromordinal(day.toordinal() - 10),
        due_date=None if kind == "betaling" else day,
        kind=kind,
        amount=-value if kind == "betaling" else value,
        batch=batch,
    )


def partial_payer(tenancy) -> None:
    """600 due on the 1st of January to March, 300 paid on the 10th of each month."""
    for month in (1, 2, 3):
        book(tenancy, "huur", "600.00", date(2025, month, 1))
        book(tenancy, "betaling", "300.00", date(2025, month, 10))


def figures(html: str, tenancy) -> dict[str, str]:
    block = html.split(f'id="arrears-{tenancy.pk}"', 1)[1]
    return dict(re.findall(r'data-wk-figure="(\w+)">(.*?)</dd>', block))


def chart_data(html: str, tenancy) -> dict:
    found = re.search(
        rf'<script id="arrears-history-{tenancy.pk}" type="application/json">(.*?)</script>',
        html,
    )
    return json.loads(found.group(1))


@pytest.fixture
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)


def test_history_month_ends_and_today():
    assert month_ends(date(2025, 3, 20), 4) == [
        date(2024, 12, 31),
        date(2025, 1, 31),
        date(2025, 2, 28),
        date(2025, 3, 20),
    ]
    assert len(month_ends(date(2025, 3, 20))) == 24
    assert month_ends(date(2024, 2, 29), 2) == [date(2024, 1, 31), date(2024, 2, 29)]


def test_history_starts_with_the_ledger_and_uses_the_position_rule():
    entries = [
        Entry("huur", Decimal("600.00"), date(2024, 12, 20), date(2025, 1, 1)),
        Entry("betaling", Decimal("-300.00"), date(2025, 1, 10)),
    ]
    history = arrears_history(entries, date(2025, 3, 20))

    assert [day for day, _p in history] == [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 20)]
    assert history[0][1] == Position(Decimal("300.00"), 1, date(2025, 1, 1), 30)
    assert history[-1][1] == Position(Decimal("300.00"), 1, date(2025, 1, 1), 78)
    assert arrears_history([], date(2025, 3, 20)) == []


def test_household_page_shows_the_arrears_of_a_hand_made_ledger(
    importer, corporation, household, today
):
    tenancy = household.tenancies.get()
    partial_payer(tenancy)

    html = english(importer).get(f"/huishoudens/{household.pk}/").content.decode()

    assert 'id="arrears-heading"' in html
    # Jan paid in full (300 + 300); Feb has 300 open, Mar 600: 900 over two terms.
    assert figures(html, tenancy) == {
        "achterstand": "€900.00",
        "open_termijnen": "2",
        "oudste_vervaldatum": '<time datetime="2025-02-01">1 February 2025</time>',
        "dagen_achterstand": "47",
    }
    data = chart_data(html, tenancy)
    assert data["labels"] == ["Jan 2025", "Feb 2025", "today"]
    assert data["amounts"] == ["300.00", "600.00", "900.00"]
    assert data["terms"] == ["1 open rent term", "1 open rent term", "2 open rent terms"]
    # The chart: a canvas with a text alternative, drawn by a static script.
    assert f'data-wk-arrears-chart="arrears-history-{tenancy.pk}"' in html
    assert 'role="img"' in html
    assert '/static/vendor/chartjs/chart.umd.min.js"' in html
    assert '/static/woonkans/arrears-chart.js"' in html
    # The same figures as a table, behind "Show as table".
    table = html.split("<summary>Show as table</summary>", 1)[1].split("</table>", 1)[0]
    cells = re.findall(r'<td class="utrecht-table__cell wk-amount">([^<]*)</td>', table)
    assert cells == ["€300.00", "1", "30", "€600.00", "1", "27", "€900.00", "2", "47"]
    # No inline script: only the JSON data block and scripts with a src.
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag


@pytest.mark.parametrize(("language", "expected"), [("en", "€2,400.00"), ("nl", "€\u00a02.400,00")])
def test_arrears_in_the_money_notation_of_the_page(importer, household, today, language, expected):
    tenancy = household.tenancies.get()
    book(tenancy, "huur", "1200.00", date(2025, 2, 1))
    book(tenancy, "huur", "1200.00", date(2025, 3, 1))

    importer.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    html = importer.get(f"/huishoudens/{household.pk}/").content.decode()

    assert figures(html, tenancy)["achterstand"] == expected
    table = html.split("</summary>", 1)[1].split("</table>", 1)[0]
    assert expected in table
    assert chart_data(html, tenancy)["amounts"][-1] == "2400.00"  # the chart: plain numbers


def test_credit_is_shown_as_credit(importer, household, today):
    tenancy = household.tenancies.get()
    book(tenancy, "huur", "600.00", date(2025, 3, 1))
    book(tenancy, "betaling", "1100.00", date(2025, 2, 25))

    html = english(importer).get(f"/huishoudens/{household.pk}/").content.decode()

    assert figures(html, tenancy)["achterstand"] == "€500.00"
    assert ">Credit</dt>" in html
    assert chart_data(html, tenancy)["amounts"] == ["-1100.00", "-500.00"]


def test_a_tenancy_without_ledger_shows_zero_and_no_chart(importer, household, today):
    tenancy = household.tenancies.get()

    html = english(importer).get(f"/huishoudens/{household.pk}/").content.decode()

    assert figures(html, tenancy)["achterstand"] == "€0.00"
    assert "No ledger entries have been imported for this contract." in html
    assert "data-wk-arrears-chart" not in html


@pytest.mark.parametrize(
    ("kind", "role", "shown"),
    [
        ("municipality", Role.WIJKCONSULENT, True),  # involved, sees financial data
        ("care", Role.WOONBEGELEIDER, False),  # involved, no financial field group
    ],
)
def test_involved_organisations_see_arrears_only_with_the_financial_group(
    make_logged_in_client, household, today, kind, role, shown
):
    tenancy = household.tenancies.get()
    partial_payer(tenancy)
    organisation = f.OrganisationFactory(**{kind: True})
    involvement_open(actor=None, household=household, organisation=organisation, kind="referral")
    client = make_logged_in_client(role, organisation)

    html = english(client).get(f"/huishoudens/{household.pk}/").content.decode()

    assert ('id="arrears-heading"' in html) is shown
    assert ("900.00" in html) is shown


def test_a_corporation_sees_only_its_own_tenancies_arrears(
    importer, household, other_corporation, today
):
    own = household.tenancies.get()
    other = f.TenancyFactory(
        household=household, corporation=other_corporation, start_date=date(2010, 1, 1)
    )
    partial_payer(own)
    book(other, "huur", "777.00", date(2025, 1, 1))

    html = english(importer).get(f"/huishoudens/{household.pk}/").content.decode()

    assert f'id="arrears-{own.pk}"' in html
    assert f'id="arrears-{other.pk}"' not in html
    assert "777.00" not in html


def test_a_corporation_role_without_financial_data_sees_no_arrears(
    make_logged_in_client, corporation, household, today
):
    partial_payer(household.tenancies.get())
    client = make_logged_in_client(Role.FUNCTIONEEL_BEHEERDER, corporation)

    html = english(client).get(f"/huishoudens/{household.pk}/").content.decode()

    assert 'id="arrears-heading"' not in html


def _queries(client, household) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/huishoudens/{household.pk}/").status_code == 200
    return len(queries)


def test_the_household_page_query_count_does_not_grow_with_the_ledger(
    importer, corporation, household, today
):
    tenancy = household.tenancies.get()
    book(tenancy, "huur", "600.00", date(2025, 1, 1))
    small = _queries(importer, household)

    for month in range(1, 13):
        for year in (2023, 2024):
            book(tenancy, "huur", "600.00", date(year, month, 1))
            book(tenancy, "betaling", "550.00", date(year, month, 5))
    second = f.TenancyFactory(household=household, corporation=corporation)
    partial_payer(second)
    large = _queries(importer, household)

    assert large == small
    assert small <= 30  # the whole page; the arrears section takes two of them


def test_polling_writes_nothing_not_even_the_session(importer, corporation):
    batch = ImportBatch.objects.create(
        corporation=corporation, kind="ledger", file_name="a.csv", sha256="x"
    )
    url = reverse("arrears:import-progress", args=[batch.pk])
    importer.get(IMPORT_URL)  # a page the person asked for saves the session as usual

    with CaptureQueriesContext(connection) as queries:
        assert importer.get(url, HTTP_HX_REQUEST="true").status_code == 200
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert writes == []
    with CaptureQueriesContext(connection) as queries:
        importer.get(reverse("arrears:import-batch", args=[batch.pk]))
    assert any("django_session" in q["sql"] and "UPDATE" in q["sql"] for q in queries)
