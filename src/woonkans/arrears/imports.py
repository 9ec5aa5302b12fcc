"""Importing tenancies and ledger entries (mutaties) from CSV or XLSX.

The use cases are :func:`woonkans.arrears.services.tenancies_import` and
:func:`woonkans.arrears.services.ledger_import`; this module holds their machinery.

How a file is applied (whole or not at all, in constant memory):

1. The file's SHA-256 is computed. An identical file already applied for the corporation
   and kind is a *duplicate*: nothing is done.
2. On PostgreSQL the file goes through the set-based path in ``pg_import.py`` (COPY into
   a temporary staging table, checks as SQL joins; same rules, results and reports).
   Otherwise: in one transaction (holding a lock on the corporation, so imports of one
   corporation never overlap) the rows are streamed in chunks of :data:`CHUNK` rows. Each chunk is
   validated — per value, then against the database with one query per chunk (known
   contracts, mutation ids already present) — and its good rows are written with
   ``bulk_create``. Rows written by earlier chunks of the same file are in the database
   already, so a repeated id later in the file is found by the same per-chunk query.
3. Every bad row is reported (line, column, reason) as it is found, and validation goes on
   to the end of the file. If there was any bad row, the transaction is rolled back: the
   file changes nothing. Otherwise it commits, with one audit event for the whole batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import islice
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record
from woonkans.households.models import (
    Household,
    Person,
    Relation,
    Tenancy,
    TimelineEntry,
    normalize_postcode,
)
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Organisation
from woonkans.organisations.policy import FieldGroup

from . import pg_import, state
from .models import ColumnMapping, ImportBatch, ImportKind, ImportStatus, LedgerEntry, LedgerKind
from .parsing import (
    BadValue,
    check_length,
    parse_amount,
    parse_date,
    parse_optional_date,
    split_name,
)
from .readers import FileProblem, RowError, file_sha256, iter_records

CHUNK = 5000
STORED_ERRORS = 1000
#: Use the set-based PostgreSQL path (``pg_import.py``) where it applies. Tests switch it
#: off to hold the two paths to each other.
FAST_PATH = True

TENANCY_COLUMNS = (
    "overeenkomstnummer",
    "huishoudnummer",
    "ingangsdatum",
    "einddatum",
    "straat",
    "huisnummer",
    "postcode",
    "plaats",
    "huurprijs",
    "huurder_naam",
    "geboortedatum",
    "telefoon",
    "email",
)
TENANCY_REQUIRED = (
    "overeenkomstnummer",
    "huishoudnummer",
    "ingangsdatum",
    "straat",
    "huisnummer",
    "postcode",
    "plaats",
    "huurprijs",
    "huurder_naam",
)
LEDGER_COLUMNS = (
    "mutatie_id",
    "overeenkomstnummer",
    "boekdatum",
    "vervaldatum",
    "soort",
    "bedrag",
    "omschrijving",
)
LEDGER_REQUIRED = LEDGER_COLUMNS[:-1]

_LEDGER_KINDS = frozenset(LedgerKind.values)

ErrorSink = Callable[[RowError], None]
Progress = Callable[[int], None]


class Rejected(Exception):
    """Raised inside the transaction to roll a file with bad rows back."""


@dataclass
class ErrorLog:
    """Counts every error, keeps the first :data:`STORED_ERRORS`, and passes each one on."""

    sink: ErrorSink | None = None
    count: int = 0
    kept: list[RowError] = field(default_factory=list)

    def add(self, error: RowError) -> None:
        self.count += 1
        if len(self.kept) < STORED_ERRORS:
            self.kept.append(error)
        if self.sink is not None:
            self.sink(error)

    def extend(self, errors: Iterable[RowError]) -> None:
        for error in sorted(errors, key=lambda e: e.line):
            self.add(error)


@dataclass
class Counts:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _chunks(rows: Iterator, size: int) -> Iterator[list]:
    while chunk := list(islice(rows, size)):
        yield chunk


def _mapping_for(corporation: Organisation, kind: str) -> ColumnMapping:
    return ColumnMapping.objects.filter(corporation=corporation, kind=kind).first() or (
        ColumnMapping(corporation=corporation, kind=kind)
    )


# --------------------------------------------------------------------------- the driver


def run_import(
    *,
    actor: Actor,
    corporation: Organisation,
    kind: str,
    path: str | Path,
    file_name: str | None,
    on_error: ErrorSink | None,
    progress: Progress | None,
    batch: ImportBatch | None = None,
) -> ImportBatch:
    """Import ``path``. ``batch`` is an import record made beforehand (an upload waiting
    for the background worker); without it a new record is made."""
    path = Path(path)
    if batch is None:
        batch = ImportBatch.objects.create(
            corporation=corporation,
            kind=kind,
            file_name=(file_name or path.name)[:255],
            sha256=file_sha256(path),
            created_by=actor.user if getattr(actor.user, "pk", None) else None,
            created_by_label=actor.label,
            started_at=timezone.now(),
        )
    else:
        batch.sha256 = file_sha256(path)
        batch.status = ImportStatus.RUNNING
        batch.started_at = batch.started_at or timezone.now()
        batch.save(update_fields=["sha256", "status", "started_at"])
    log = ErrorLog(sink=on_error)
    counts = Counts()
    mapping = _mapping_for(corporation, kind)
    apply = _apply_tenancies if kind == ImportKind.TENANCIES else _apply_ledger
    if FAST_PATH and pg_import.fast_path_applies(mapping):
        apply = _fast_tenancies if kind == ImportKind.TENANCIES else _fast_ledger
    try:
        with transaction.atomic():
            Organisation.objects.select_for_update().filter(pk=corporation.pk).first()
            earlier = (
                ImportBatch.objects.filter(
                    corporation=corporation,
                    kind=kind,
                    sha256=batch.sha256,
                    status=ImportStatus.APPLIED,
                )
                .exclude(pk=batch.pk)
                .order_by("pk")
                .first()
            )
            if earlier is not None:
                batch.status = ImportStatus.DUPLICATE
                batch.duplicate_of = earlier
            else:
                apply(
                    actor=actor,
                    corporation=corporation,
                    batch=batch,
                    path=path,
                    mapping=mapping,
                    log=log,
                    counts=counts,
                    progress=progress,
                )
                if log.count:
                    raise Rejected
                if kind == ImportKind.LEDGER:
                    # The stored arrears state follows the ledger in the same transaction.
                    state.fold_import(corporation_id=corporation.pk, batch_id=batch.pk)
                batch.status = ImportStatus.APPLIED
                _finish(batch, counts, log)
                audit_record(
                    actor=actor,
                    action=AuditAction.CREATE,
                    obj=batch,
                    fields=["rows_created", "rows_updated"],
                    detail=(
                        f"{kind}: {counts.created} created, {counts.updated} updated, "
                        f"{counts.unchanged} already present ({batch.file_name})"
                    ),
                )
    except FileProblem as problem:
        log.extend(problem.errors)
        batch.status = ImportStatus.REJECTED
    except Rejected:
        batch.status = ImportStatus.REJECTED
    except Exception:
        batch.status = ImportStatus.FAILED
        _finish(batch, counts, log)
        raise
    if batch.status != ImportStatus.APPLIED:
        # Nothing of the file was applied: keep only how far it got and why.
        counts.created = counts.updated = counts.unchanged = 0
        _finish(batch, counts, log)
    return batch


def _fast_tenancies(*, actor, **kwargs) -> None:
    pg_import.apply_tenancies(actor=actor, **kwargs)


def _fast_ledger(*, actor, **kwargs) -> None:
    pg_import.apply_ledger(**kwargs)


def _finish(batch: ImportBatch, counts: Counts, log: ErrorLog) -> None:
    batch.rows_read = counts.read
    batch.rows_created = counts.created
    batch.rows_updated = counts.updated
    batch.rows_unchanged = counts.unchanged
    batch.error_count = log.count
    batch.errors = [e.as_dict() for e in log.kept]
    batch.finished_at = timezone.now()
    batch.save()


# ------------------------------------------------------------------------------ ledger


@dataclass(slots=True)
class _LedgerRow:
    line: int
    mutation_id: str
    contract: str
    booking_date: date
    due_date: date | None
    kind: str
    amount: Decimal  # signed
    description: str


def _parse_ledger_row(
    line: int, raw: dict, names: dict, mapping: ColumnMapping, errors: list[RowError]
) -> _LedgerRow | None:
    bad = len(errors)

    def err(column: str, reason: str) -> None:
        errors.append(RowError(line, names[column], reason))

    mutation_id = raw.get("mutatie_id", "")
    mutation_id = mutation_id if isinstance(mutation_id, str) else str(mutation_id)
    if not mutation_id:
        err("mutatie_id", _("A mutation id is required."))
    elif len(mutation_id) > 64:
        err("mutatie_id", _("Longer than %(limit)d characters.") % {"limit": 64})
    contract = str(raw.get("overeenkomstnummer", "") or "")
    if not contract:
        err("overeenkomstnummer", _("A contract number is required."))
    kind = str(raw.get("soort", "") or "").lower()
    if kind not in _LEDGER_KINDS:
        err(
            "soort",
            _("Unknown kind %(value)s: use huur, kosten, betaling or correctie.")
            % {"value": raw.get("soort", "")},
        )
        kind = ""
    booking = due = None
    try:
        booking = parse_date(raw.get("boekdatum"), date_format=mapping.date_format)
    except BadValue as exc:
        err("boekdatum", str(exc))
    try:
        due = parse_optional_date(raw.get("vervaldatum"), date_format=mapping.date_format)
        if due is None and kind and kind != LedgerKind.BETALING:
            err("vervaldatum", _("A due date is required for rent, costs and corrections."))
    except BadValue as exc:
        err("vervaldatum", str(exc))
    amount = None
    try:
        amount = parse_amount(
            str(raw.get("bedrag", "")), decimal_separator=mapping.decimal_separator
        )
        if kind in (LedgerKind.HUUR, LedgerKind.KOSTEN, LedgerKind.BETALING) and amount <= 0:
            err(
                "bedrag",
                _(
                    "The amount must be greater than zero for %(kind)s; "
                    "the kind gives the direction. Only a correction is signed."
                )
                % {"kind": kind},
            )
    except BadValue as exc:
        err("bedrag", str(exc))
    description = str(raw.get("omschrijving", "") or "")
    if len(description) > 255:
        err("omschrijving", _("Longer than %(limit)d characters.") % {"limit": 255})
    if len(errors) > bad:
        return None
    return _LedgerRow(
        line=line,
        mutation_id=mutation_id,
        contract=contract,
        booking_date=booking,
        due_date=due,
        kind=kind,
        amount=-amount if kind == LedgerKind.BETALING else amount,
        description=description,
    )


def _ledger_content(tenancy_id, booking_date, due_date, kind, amount, description) -> tuple:
    return (tenancy_id, booking_date, due_date, kind, Decimal(amount), description)


def _apply_ledger(
    *,
    actor: Actor,
    corporation: Organisation,
    batch: ImportBatch,
    path: Path,
    mapping: ColumnMapping,
    log: ErrorLog,
    counts: Counts,
    progress: Progress | None,
) -> None:
    columns, records = iter_records(
        path, canonical=LEDGER_COLUMNS, required=LEDGER_REQUIRED, mapping=mapping.columns
    )
    names = columns.names
    statistics = _Statistics(LedgerEntry._meta.db_table)
    for chunk in _chunks(records, CHUNK):
        errors: list[RowError] = []
        rows = [
            row
            for line, raw in chunk
            if (row := _parse_ledger_row(line, raw, names, mapping, errors)) is not None
        ]
        counts.read += len(chunk)
        tenancy_ids = _tenancy_ids(corporation, {r.contract for r in rows})
        existing = {
            mid: (_ledger_content(*content), batch_id, line)
            for mid, batch_id, line, *content in _existing_entries(
                corporation, {r.mutation_id for r in rows}
            )
        }
        new: list[tuple] = []
        for row in rows:
            tenancy_id = tenancy_ids.get(row.contract)
            if tenancy_id is None:
                errors.append(
                    RowError(
                        row.line,
                        names["overeenkomstnummer"],
                        _("Unknown contract number %(value)s for this corporation.")
                        % {"value": row.contract},
                    )
                )
                continue
            content = _ledger_content(
                tenancy_id,
                row.booking_date,
                row.due_date,
                row.kind,
                row.amount,
                row.description,
            )
            seen = existing.get(row.mutation_id)
            if seen is not None:
                if seen[0] == content:
                    counts.unchanged += 1
                elif seen[1] == batch.pk:
                    errors.append(
                        RowError(
                            row.line,
                            names["mutatie_id"],
                            _(
                                "Mutation id %(value)s also appears on line %(line)s "
                                "with different content."
                            )
                            % {"value": row.mutation_id, "line": seen[2]},
                        )
                    )
                else:
                    errors.append(
                        RowError(
                            row.line,
                            names["mutatie_id"],
                            _(
                                "Mutation id %(value)s was imported before with different "
                                "content. Booked entries are never overwritten: book a "
                                "correction with a new mutation id instead."
                            )
                            % {"value": row.mutation_id},
                        )
                    )
                continue
            existing[row.mutation_id] = (content, batch.pk, row.line)
            new.append(
                (
                    corporation.pk,
                    tenancy_id,
                    row.mutation_id,
                    row.booking_date,
                    row.due_date,
                    row.kind,
                    row.amount,
                    row.description,
                    batch.pk,
                    row.line,
                    state.ENABLED,
                )
            )
        log.extend(errors)
        # Written even after a bad row: the file is rolled back at the end anyway, and the
        # rows in the database let later chunks find repeated ids.
        _insert_ledger_rows(new)
        counts.created += len(new)
        statistics.written(counts.created)
        if progress is not None:
            progress(counts.read)


class _Statistics:
    """Inside a long import a table grows by millions of rows that the planner's statistics
    (taken before) do not know about; it then reads the whole table for each chunk's
    lookup instead of using the unique index. ANALYZE inside the transaction sees the new
    rows: run it each time the rows written have doubled (a handful of times per file)."""

    def __init__(self, *tables: str):
        self.tables = tables
        self.next_at = CHUNK

    def written(self, rows: int) -> None:
        if connection.vendor != "postgresql" or rows < self.next_at:
            return
        self.next_at = rows * 2
        with connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _tenancy_ids(corporation: Organisation, contracts: set[str]) -> dict[str, int]:
    if connection.vendor == "postgresql":
        # One array parameter instead of thousands of placeholders.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT contract_number, id FROM households_tenancy "
                "WHERE corporation_id = %s AND contract_number = ANY(%s)",
                [corporation.pk, list(contracts)],
            )
            return dict(cursor.fetchall())
    return dict(
        Tenancy.objects.filter(corporation=corporation, contract_number__in=contracts).values_list(
            "contract_number", "pk"
        )
    )


_EXISTING_FIELDS = (
    "mutation_id",
    "batch_id",
    "source_line",
    "tenancy_id",
    "booking_date",
    "due_date",
    "kind",
    "amount",
    "description",
)


def _existing_entries(corporation: Organisation, mutation_ids: set[str]) -> list[tuple]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(_EXISTING_FIELDS)} FROM arrears_ledgerentry "  # noqa: S608
                "WHERE corporation_id = %s AND mutation_id = ANY(%s)",
                [corporation.pk, list(mutation_ids)],
            )
            return cursor.fetchall()
    return list(
        LedgerEntry.objects.filter(
            corporation=corporation, mutation_id__in=mutation_ids
        ).values_list(*_EXISTING_FIELDS)
    )


_LEDGER_INSERT_FIELDS = (
    "corporation_id",
    "tenancy_id",
    "mutation_id",
    "booking_date",
    "due_date",
    "kind",
    "amount",
    "description",
    "batch_id",
    "source_line",
    "in_state",
)


def _insert_ledger_rows(rows: list[tuple]) -> None:
    """Insert ledger rows (tuples in :data:`_LEDGER_INSERT_FIELDS` order). PostgreSQL gets
    them through COPY, about ten times faster than ``bulk_create``; the constraints hold
    either way."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(LedgerEntry._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in _LEDGER_INSERT_FIELDS)
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    LedgerEntry.objects.bulk_create(
        [LedgerEntry(**dict(zip(_LEDGER_INSERT_FIELDS, row, strict=True))) for row in rows],
        batch_size=CHUNK,
    )


# --------------------------------------------------------------------------- tenancies


@dataclass(slots=True)
class _TenancyRow:
    line: int
    contract: str
    household_ref: str
    start_date: date
    end_date: date | None
    street: str
    house_number: str
    postcode: str
    city: str
    rent: Decimal
    first_name: str
    last_name: str
    date_of_birth: date | None
    phone: str
    email: str


_email = EmailValidator()


def household_reference(corporation: Organisation, number: str) -> str:
    """Household numbers are the corporation's own: prefix them so two corporations never
    share a reference by accident."""
    return f"{corporation.slug}-{number}"


def _parse_tenancy_row(
    line: int,
    raw: dict,
    names: dict,
    mapping: ColumnMapping,
    corporation: Organisation,
    errors: list[RowError],
) -> _TenancyRow | None:
    bad = len(errors)

    def err(column: str, reason: str) -> None:
        errors.append(RowError(line, names[column], reason))

    def text(column: str, limit: int, required: bool = True) -> str:
        value = raw.get(column, "")
        value = value if isinstance(value, str) else str(value)
        value = " ".join(value.split())
        if required and not value:
            err(column, _("A value is required."))
        try:
            return check_length(value, limit)
        except BadValue as exc:
            err(column, str(exc))
            return ""

    def a_date(column: str, optional: bool = False) -> date | None:
        try:
            if optional:
                return parse_optional_date(raw.get(column), date_format=mapping.date_format)
            return parse_date(raw.get(column), date_format=mapping.date_format)
        except BadValue as exc:
            err(column, str(exc))
            return None

    contract = text("overeenkomstnummer", 64)
    number = text("huishoudnummer", 32)
    if number and len(household_reference(corporation, number)) > 32:
        err(
            "huishoudnummer",
            _("Longer than %(limit)d characters.") % {"limit": 32 - len(corporation.slug) - 1},
        )
    start = a_date("ingangsdatum")
    end = a_date("einddatum", optional=True)
    if start and end and end < start:
        err("einddatum", _("The end date is before the start date."))
    street = text("straat", 200)
    house_number = text("huisnummer", 20)
    postcode = normalize_postcode(text("postcode", 16))
    if postcode and not (len(postcode) == 7 and postcode[4] == " "):
        err("postcode", _("Not a Dutch postcode: %(value)s.") % {"value": postcode})
    city = text("plaats", 100)
    rent = None
    try:
        rent = parse_amount(
            str(raw.get("huurprijs", "")), decimal_separator=mapping.decimal_separator
        )
        if rent < 0 or rent >= Decimal("10000000"):
            err("huurprijs", _("The rent must be between 0 and 9,999,999.99."))
    except BadValue as exc:
        err("huurprijs", str(exc))
    first, last = split_name(text("huurder_naam", 250))
    if len(first) > 100 or len(last) > 150:
        err("huurder_naam", _("The name is too long."))
    born = a_date("geboortedatum", optional=True)
    phone = text("telefoon", 32, required=False)
    email = text("email", 254, required=False)
    if email:
        try:
            _email(email)
        except ValidationError:
            err("email", _("Not an e-mail address: %(value)s.") % {"value": email})
    if len(errors) > bad:
        return None
    return _TenancyRow(
        line=line,
        contract=contract,
        household_ref=household_reference(corporation, number),
        start_date=start,
        end_date=end,
        street=street,
        house_number=house_number,
        postcode=postcode,
        city=city,
        rent=rent,
        first_name=first,
        last_name=last,
        date_of_birth=born,
        phone=phone,
        email=email,
    )


_TENANCY_FIELDS = ("start_date", "end_date", "street", "house_number", "postcode", "city", "rent")


def _apply_tenancies(
    *,
    actor: Actor,
    corporation: Organisation,
    batch: ImportBatch,
    path: Path,
    mapping: ColumnMapping,
    log: ErrorLog,
    counts: Counts,
    progress: Progress | None,
) -> None:
    columns, records = iter_records(
        path, canonical=TENANCY_COLUMNS, required=TENANCY_REQUIRED, mapping=mapping.columns
    )
    names = columns.names
    # Contract numbers seen in this file, to refuse a second row for the same contract.
    # About 100 bytes per tenancy: 80,000 tenancies (a large corporation) take ~8 MB.
    seen: dict[str, int] = {}
    now = timezone.now()
    statistics = _Statistics(
        Tenancy._meta.db_table, Household._meta.db_table, Person._meta.db_table
    )
    for chunk in _chunks(records, CHUNK):
        errors: list[RowError] = []
        rows: list[_TenancyRow] = []
        for line, raw in chunk:
            row = _parse_tenancy_row(line, raw, names, mapping, corporation, errors)
            if row is None:
                continue
            if row.contract in seen:
                errors.append(
                    RowError(
                        line,
                        names["overeenkomstnummer"],
                        _("Contract number %(value)s also appears on line %(line)s.")
                        % {"value": row.contract, "line": seen[row.contract]},
                    )
                )
                continue
            seen[row.contract] = line
            rows.append(row)
        counts.read += len(chunk)
        log.extend(errors)
        existing = {
            t.contract_number: t
            for t in Tenancy.objects.filter(
                corporation=corporation, contract_number__in=[r.contract for r in rows]
            )
        }
        fresh = [r for r in rows if r.contract not in existing]
        households = {
            h.reference: h
            for h in Household.objects.filter(reference__in={r.household_ref for r in fresh})
        }
        new_households = []
        for row in fresh:
            if row.household_ref not in households:
                household = Household(
                    reference=row.household_ref,
                    name=f"{row.first_name} {row.last_name}".strip()[:200],
                )
                households[row.household_ref] = household
                new_households.append((household, row))
        Household.objects.bulk_create([h for h, _row in new_households], batch_size=CHUNK)
        Person.objects.bulk_create(
            [
                Person(
                    household=household,
                    first_name=row.first_name,
                    last_name=row.last_name,
                    date_of_birth=row.date_of_birth,
                    relation=Relation.HOOFDHUURDER,
                    phone=row.phone,
                    email=row.email,
                )
                for household, row in new_households
            ],
            batch_size=CHUNK,
        )
        tenancies = Tenancy.objects.bulk_create(
            [
                Tenancy(
                    corporation=corporation,
                    household=households[row.household_ref],
                    contract_number=row.contract,
                    start_date=row.start_date,
                    end_date=row.end_date,
                    street=row.street,
                    house_number=row.house_number,
                    postcode=row.postcode,
                    city=row.city,
                    rent=row.rent,
                )
                for row in fresh
            ],
            batch_size=CHUNK,
        )
        TimelineEntry.objects.bulk_create(
            [
                TimelineEntry(
                    household_id=t.household_id,
                    occurred_at=now,
                    kind="tenancy.created",
                    summary=t.contract_number,
                    field_group=FieldGroup.TENANCY,
                    organisation=corporation,
                    actor_label=actor.label,
                )
                for t in tenancies
            ],
            batch_size=CHUNK,
        )
        counts.created += len(fresh)
        updated = _update_existing(
            [r for r in rows if r.contract in existing], existing, counts=counts
        )
        counts.updated += updated
        statistics.written(counts.created)
        if progress is not None:
            progress(counts.read)


def _update_existing(rows: list[_TenancyRow], existing: dict[str, Tenancy], *, counts) -> int:
    """Bring existing tenancies and their main tenants up to date with the file. An empty
    phone or e-mail in the file never erases a known one. Returns the rows that changed."""
    if not rows:
        return 0
    changed_tenancies = []
    changed_rows = set()
    for row in rows:
        tenancy = existing[row.contract]
        changed = False
        for name in _TENANCY_FIELDS:
            if getattr(tenancy, name) != getattr(row, name):
                setattr(tenancy, name, getattr(row, name))
                changed = True
        if changed:
            changed_tenancies.append(tenancy)
            changed_rows.add(row.contract)
    Tenancy.objects.bulk_update(changed_tenancies, _TENANCY_FIELDS, batch_size=CHUNK)

    main_tenants: dict[int, Person] = {}
    for person in Person.objects.filter(
        household_id__in={existing[r.contract].household_id for r in rows},
        relation=Relation.HOOFDHUURDER,
    ).order_by("-pk"):
        main_tenants[person.household_id] = person  # the oldest main tenant wins
    changed_people = []
    now = timezone.now()
    for row in rows:
        person = main_tenants.get(existing[row.contract].household_id)
        if person is None:
            continue
        wanted = {
            "first_name": row.first_name,
            "last_name": row.last_name,
            "date_of_birth": row.date_of_birth or person.date_of_birth,
            "phone": row.phone or person.phone,
            "email": row.email or person.email,
        }
        diff = {k: v for k, v in wanted.items() if getattr(person, k) != v}
        if diff:
            for k, v in diff.items():
                setattr(person, k, v)
            person.version += 1
            person.updated_at = now
            changed_people.append(person)
            changed_rows.add(row.contract)
    Person.objects.bulk_update(
        changed_people,
        ["first_name", "last_name", "date_of_birth", "phone", "email", "version", "updated_at"],
        batch_size=CHUNK,
    )
    counts.unchanged += len(rows) - len(changed_rows)
    return len(changed_rows)
