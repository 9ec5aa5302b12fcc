"""Reading import files row by row: CSV (comma or semicolon, UTF-8 with or without BOM) and
XLSX (first sheet, openpyxl read-only mode). Rows are streamed, never loaded whole.

Values come out as stripped strings, except XLSX date cells (``date``) and XLSX numbers
(turned into their decimal text with Excel's 15 significant digits, never used as floats).
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True, slots=True)
class RowError:
    """A bad row: line in the file (the header is line 1), column as named in the file."""

    line: int
    column: str
    reason: str

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "reason": self.reason}

    def __str__(self) -> str:
        column = f" [{self.column}]" if self.column else ""
        return f"{self.line}{column}: {self.reason}"


class FileProblem(Exception):
    """The file as a whole cannot be read (not CSV/XLSX, not UTF-8, columns missing)."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Columns:
    """Where each canonical column is in the file."""

    positions: dict[str, int]
    names: dict[str, str]  # canonical -> name in the file
    width: int = field(default=0)


def resolve_columns(
    header: list, *, canonical: tuple[str, ...], required: tuple[str, ...], mapping: dict
) -> Columns:
    cells = [str(c).strip().lower() if c is not None else "" for c in header]
    errors = []
    positions: dict[str, int] = {}
    names: dict[str, str] = {}
    for column in canonical:
        source = str(mapping.get(column) or column).strip()
        names[column] = source
        wanted = source.lower()
        hits = [i for i, c in enumerate(cells) if c == wanted]
        if len(hits) > 1:
            errors.append(RowError(1, source, _("The column appears more than once.")))
        elif hits:
            positions[column] = hits[0]
        elif column in required:
            errors.append(RowError(1, source, _("The column is missing from the header row.")))
    if errors:
        raise FileProblem(errors)
    return Columns(positions=positions, names=names, width=len(cells))


def _is_blank(row) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in row)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # An XLSX number is a double; Excel shows 15 significant digits. Format it like
        # that so 612.5 stays "612.5" and never becomes a float in the calculation.
        return format(value, ".15g")
    return str(value).strip()


def _csv_rows(path: Path) -> Iterator[tuple[int, list]]:
    raw = open(path, "rb")
    try:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
        try:
            first = text.readline()
        except UnicodeDecodeError as exc:
            raise FileProblem([RowError(1, "", _("The file is not UTF-8 encoded text."))]) from exc
        delimiter = ";" if first.count(";") > first.count(",") else ","

        def lines():
            yield first
            yield from text

        reader = csv.reader(lines(), delimiter=delimiter)
        previous = 0
        try:
            for row in reader:
                start = previous + 1
                previous = reader.line_num
                if _is_blank(row):
                    continue
                yield start, row
        except UnicodeDecodeError as exc:
            raise FileProblem(
                [RowError(previous + 1, "", _("The file is not UTF-8 encoded text."))]
            ) from exc
        except csv.Error as exc:
            raise FileProblem(
                [RowError(previous + 1, "", _("The CSV file is malformed: %s") % exc)]
            ) from exc
    finally:
        raw.close()


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise FileProblem([RowError(0, "", _("The XLSX file cannot be read."))]) from exc
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if _is_blank(row):
                continue
            yield number, [_cell(v) for v in row]
    finally:
        workbook.close()


def iter_records(
    path: str | Path,
    *,
    canonical: tuple[str, ...],
    required: tuple[str, ...],
    mapping: dict | None = None,
) -> tuple[Columns, Iterator[tuple[int, dict]]]:
    """Open a file, check its header and return the column names and a stream of
    ``(line, {canonical column: value})`` for each non-empty row after the header.

    Raises :class:`FileProblem` when the file or its header is unusable.
    """
    path = Path(path)
    with open(path, "rb") as handle:
        magic = handle.read(4)
    rows = _xlsx_rows(path) if magic == XLSX_MAGIC else _csv_rows(path)
    try:
        _line, header = next(rows)
    except StopIteration:
        raise FileProblem([RowError(1, "", _("The file is empty."))]) from None
    columns = resolve_columns(header, canonical=canonical, required=required, mapping=mapping or {})

    def records() -> Iterator[tuple[int, dict]]:
        positions = columns.positions
        for line, row in rows:
            values = {}
            for column, index in positions.items():
                value = row[index] if index < len(row) else ""
                values[column] = value.strip() if isinstance(value, str) else value
            yield line, values

    return columns, records()
