"""The background import of an uploaded file: idempotent, progress in the cache, the file
deleted afterwards, a dead run taken over."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from openpyxl import Workbook

from woonkans.arrears import services, uploads
from woonkans.arrears.models import ImportBatch, ImportKind, ImportStatus, LedgerEntry
from woonkans.arrears.services import ImportBusy, import_run, import_upload
from woonkans.arrears.tasks import run_uploaded_import
from woonkans.audit.models import AuditEvent
from woonkans.households.models import Tenancy
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

SAMPLES = Path(__file__).resolve().parents[4] / "docs" / "samples"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    uploads.cache.clear()
    with translation.override("en"):
        yield


@pytest.fixture
def actor(corporation):
    return f.make_actor(role=Role.INCASSOMEDEWERKER, organisation=corporation)


def queue(actor, name: str, kind: str = ImportKind.LEDGER, content: bytes | None = None):
    """Upload without running: the on-commit callback is never executed here."""
    content = (SAMPLES / name).read_bytes() if content is None else content
    return import_upload(
        actor=actor,
        kind=kind,
        uploaded=SimpleUploadedFile(name, content),
        extension=Path(name).suffix,
    )


@pytest.fixture
def tenancies(actor):
    batch = import_run(batch_id=queue(actor, "tenancies.csv", ImportKind.TENANCIES).pk)
    assert batch.status == ImportStatus.APPLIED, batch.errors
    return batch


def test_the_task_runs_a_queued_import_once(actor, tenancies):
    batch = queue(actor, "ledger.csv")
    assert batch.status == ImportStatus.QUEUED

    assert run_uploaded_import.delay(batch.pk).get() == batch.pk
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED
    assert batch.rows_created == 42
    finished_at = batch.finished_at

    # Delivered again (acks-late, a retry): nothing happens.
    assert run_uploaded_import.delay(batch.pk).get() is None
    batch.refresh_from_db()
    assert (batch.status, batch.finished_at) == (ImportStatus.APPLIED, finished_at)
    assert LedgerEntry.objects.count() == 42
    assert AuditEvent.objects.filter(detail__startswith="ledger: 42 created").count() == 1


def test_the_import_runs_as_the_person_who_uploaded(actor, tenancies):
    batch = import_run(batch_id=queue(actor, "ledger.csv").pk)

    event = AuditEvent.objects.get(detail__startswith="ledger: 42 created")
    assert event.actor_user == actor.user
    assert event.role == Role.INCASSOMEDEWERKER
    assert event.object_id == str(batch.pk)


def test_the_stored_file_is_deleted_whatever_the_outcome(actor, tenancies):
    bad = queue(actor, "bad.csv", content=b"mutatie_id,soort\nX,huur\n")
    path = uploads.stored_path(bad.stored_file)
    assert path.exists()

    batch = import_run(batch_id=bad.pk)

    assert batch.status == ImportStatus.REJECTED
    assert not path.exists()
    batch.refresh_from_db()
    assert batch.stored_file == ""
    assert list(uploads.upload_root().iterdir()) == []


def test_a_running_import_is_left_to_its_worker(actor, tenancies):
    batch = queue(actor, "ledger.csv")
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )

    with pytest.raises(ImportBusy):
        import_run(batch_id=batch.pk)
    assert LedgerEntry.objects.count() == 0
    assert uploads.stored_path(batch.stored_file).exists()


def test_a_dead_run_is_taken_over(actor, tenancies):
    batch = queue(actor, "ledger.csv")
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.RUNNING,
        started_at=timezone.now() - services.IMPORT_STALE_AFTER - timedelta(minutes=1),
    )

    assert import_run(batch_id=batch.pk).status == ImportStatus.APPLIED
    assert LedgerEntry.objects.count() == 42


def test_a_missing_file_fails_the_import(actor, tenancies):
    batch = queue(actor, "ledger.csv")
    uploads.stored_path(batch.stored_file).unlink()

    batch = import_run(batch_id=batch.pk)

    assert batch.status == ImportStatus.FAILED
    assert batch.errors[0]["reason"] == "The uploaded file is gone. Upload it again."
    assert LedgerEntry.objects.count() == 0


def test_an_unknown_batch_does_nothing():
    assert import_run(batch_id=987654) is None


def test_progress_goes_to_the_cache_and_ends_in_the_record(actor, tenancies, monkeypatch):
    from woonkans.arrears import imports

    monkeypatch.setattr(imports, "CHUNK", 20)
    batch = queue(actor, "ledger.csv")
    reported = []
    original = uploads.progress_report

    def spy(batch_id, rows):
        original(batch_id, rows)
        running = ImportBatch.objects.get(pk=batch_id)
        reported.append((rows, uploads.progress_of(running)))

    monkeypatch.setattr(uploads, "progress_report", spy)
    import_run(batch_id=batch.pk)

    assert [rows for rows, _p in reported] == [0, 20, 40, 42]
    assert all(not p.finished and p.total == 42 for _r, p in reported)
    assert [p.read for _r, p in reported] == [0, 20, 40, 42]
    # Finished: the record answers, the cache entry is gone.
    batch.refresh_from_db()
    assert uploads.progress_of(batch) == uploads.Progress(read=42, total=42, finished=True)
    assert uploads.cache.get(uploads._key(batch.pk)) is None


def test_only_importers_may_upload(corporation):
    consultant = f.make_actor(role=Role.WOONCONSULENT, organisation=corporation)

    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        queue(consultant, "ledger.csv")
    assert not ImportBatch.objects.exists()


def test_an_upload_that_fails_to_queue_leaves_no_file(actor, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        queue(actor, "ledger.csv")
    assert list(uploads.upload_root().iterdir()) == []
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize(
    ("content", "rows"),
    [
        (b"a,b\n1,2\n3,4\n", 2),
        (b"a,b\n1,2\n3,4", 2),
        (b"a,b\n", 0),
        (b"a,b", 0),
        (b"", 0),
    ],
)
def test_counting_csv_rows(tmp_path, content, rows):
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    assert uploads.count_rows(path) == rows


def test_counting_xlsx_rows(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    for row in [["a", "b"], [1, 2], [3, 4], [5, 6]]:
        sheet.append(row)
    path = tmp_path / "f.xlsx"
    workbook.save(path)

    assert uploads.count_rows(path) == 3
    assert uploads.count_rows(SAMPLES / "ledger.xlsx") == 42


def test_stored_paths_stay_in_the_upload_folder():
    with pytest.raises(ValueError):
        uploads.stored_path("../../etc/passwd")
    with pytest.raises(ValueError):
        uploads.stored_path("imports/../secret.csv")


def test_tenancies_import_from_an_upload(tenancies, corporation):
    assert Tenancy.objects.filter(corporation=corporation).count() == 8
    assert tenancies.rows_total == 8
