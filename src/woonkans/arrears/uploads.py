"""Uploaded import files and the progress of their import.

An upload is stored under ``MEDIA_ROOT/imports/`` with a random name (never the name the
user gave it) and deleted as soon as its import has finished, whatever the outcome: the
import record keeps the counts and the bad rows, the data itself is in the database, so a
second copy of a file full of personal data is not kept. A file of an import that has not
run yet stays until the background worker has processed it.

Progress goes to the Django cache, not to the database. The import runs in one long
transaction (whole or nothing); on SQLite that transaction holds the only write lock, so a
progress row written from a second connection would wait for the import to end. A cache
entry is written and read outside the database, on SQLite and PostgreSQL alike. The cache
must be shared by the web server and the workers (files under ``var/cache`` on one machine,
Redis when they run on several: ``WOONKANS_CACHE_URL``).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

from .models import ImportBatch, ImportStatus
from .readers import XLSX_MAGIC

UPLOAD_DIR = "imports"
EXTENSIONS = (".csv", ".xlsx")
#: How long a progress entry lives in the cache (an import never takes this long).
PROGRESS_TIMEOUT = 24 * 60 * 60
FINISHED = frozenset(
    {ImportStatus.APPLIED, ImportStatus.REJECTED, ImportStatus.DUPLICATE, ImportStatus.FAILED}
)


def upload_root() -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOAD_DIR


def store_upload(uploaded, extension: str) -> tuple[str, str]:
    """Write an uploaded file under a random name. Returns its path relative to
    ``MEDIA_ROOT`` and its SHA-256."""
    root = upload_root()
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    name = f"{secrets.token_hex(16)}{extension}"
    digest = hashlib.sha256()
    with open(root / name, "xb") as handle:
        for chunk in uploaded.chunks():
            digest.update(chunk)
            handle.write(chunk)
    (root / name).chmod(0o600)
    return f"{UPLOAD_DIR}/{name}", digest.hexdigest()


def stored_path(relative: str) -> Path:
    """The absolute path of a stored upload; refuses anything outside the upload folder."""
    path = (Path(settings.MEDIA_ROOT) / relative).resolve()
    if path.parent != upload_root().resolve():
        raise ValueError("not a stored upload")
    return path


def delete_upload(relative: str) -> None:
    if relative:
        stored_path(relative).unlink(missing_ok=True)


def count_rows(path: Path) -> int | None:
    """The number of rows after the header, cheaply: the lines of a CSV file (a quoted
    value with a line break makes this a little high), the rows of the XLSX sheet as its
    dimension says (``None`` when the file does not say)."""
    with open(path, "rb") as handle:
        if handle.read(4) == XLSX_MAGIC:
            return _xlsx_rows(path)
        handle.seek(0)
        lines = 0
        last = b""
        for block in iter(lambda: handle.read(1 << 20), b""):
            lines += block.count(b"\n")
            last = block[-1:]
        if last and last != b"\n":
            lines += 1
    return max(lines - 1, 0)


def _xlsx_rows(path: Path) -> int | None:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True)
    except Exception:  # the import itself reports an unreadable file
        return None
    try:
        rows = workbook.worksheets[0].max_row
    finally:
        workbook.close()
    return max(rows - 1, 0) if rows else None


# --- Progress ---------------------------------------------------------------------------


def _key(batch_id: int) -> str:
    return f"arrears:import-progress:{batch_id}"


def progress_report(batch_id: int, rows_read: int) -> None:
    cache.set(_key(batch_id), rows_read, PROGRESS_TIMEOUT)


def progress_clear(batch_id: int) -> None:
    cache.delete(_key(batch_id))


@dataclass(frozen=True)
class Progress:
    read: int
    total: int | None
    finished: bool

    @property
    def shown_total(self) -> int | None:
        """The total to show: never less than what was read (the count is an estimate)."""
        return None if self.total is None else max(self.total, self.read)


def progress_of(batch: ImportBatch) -> Progress:
    """How far an import is. Finished imports answer from the record itself."""
    if batch.status in FINISHED:
        return Progress(read=batch.rows_read, total=batch.rows_total, finished=True)
    read = cache.get(_key(batch.pk)) or 0
    return Progress(read=int(read), total=batch.rows_total, finished=False)
