"""Reads of the arrears area: positions for many tenancies at once, the import records a
person may see, and the arrears section of the household page.

:func:`arrears_positions` computes them in one SQL query (window functions, PostgreSQL and
SQLite alike) with the closed form of :func:`woonkans.arrears.positions.position_by_totals`:
from the stored arrears state (``state.py``, ADR 0009) for dates on or after its state
date, otherwise over the whole ledger.
:func:`arrears_positions_streamed` streams the ledger ordered by tenancy through the pure
function :func:`woonkans.arrears.positions.position_at`. Both give the same rows; tests hold
them to each other and the benchmark measures both.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import groupby

from django.db import connection
from django.db.models import Exists, Q, QuerySet
from django.http import Http404

from woonkans.households.access import tenancies_visible_to
from woonkans.households.models import Household, Involvement, Tenancy
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Organisation, OrganisationKind, Role
from woonkans.organisations.policy import FieldGroup

from . import state
from .history import HISTORY_MONTHS, arrears_history
from .models import ImportBatch, LedgerEntry
from .positions import Entry, Position, position_at
from .sql import positions_sql

CENT = Decimal("0.01")

CSV_HEADER = (
    "overeenkomstnummer",
    "achterstand",
    "open_termijnen",
    "oudste_vervaldatum",
    "dagen_achterstand",
)


@dataclass(frozen=True, slots=True)
class TenancyPosition:
    contract_number: str
    position: Position

    def csv_row(self) -> tuple[str, str, str, str, str]:
        p = self.position
        return (
            self.contract_number,
            f"{p.achterstand.quantize(CENT):.2f}",
            str(p.open_termijnen),
            p.oudste_vervaldatum.isoformat() if p.oudste_vervaldatum else "",
            str(p.dagen_achterstand),
        )


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _row_to_position(row, on: date) -> TenancyPosition:
    contract, cents, open_terms, oldest = row
    oldest = _as_date(oldest)
    return TenancyPosition(
        contract_number=contract,
        position=Position(
            achterstand=(Decimal(int(cents)) / 100).quantize(CENT),
            open_termijnen=int(open_terms),
            oudste_vervaldatum=oldest,
            dagen_achterstand=(on - oldest).days if oldest else 0,
        ),
    )


def owing_tenancies_sql(corporation: Organisation, on: date) -> tuple[str, list]:
    """SQL and its parameters for the ids (column ``t``) of a corporation's tenancies
    whose ``achterstand`` at a date is above zero — a plain sum, much cheaper than the
    positions themselves. From the stored arrears state where it serves the date (then a
    superset: tenancies with entries outside the state are included too)."""
    if state.usable_on(corporation.pk, on):
        sql, names = state.owing_sql()
        return sql, [{"corp": corporation.pk, "on": on}[n] for n in names]
    ledger = LedgerEntry._meta.db_table
    return (
        f"SELECT tenancy_id AS t FROM {ledger} WHERE corporation_id = %s AND "  # noqa: S608
        f"{state.EFFECTIVE} <= %s GROUP BY tenancy_id "
        f"HAVING SUM({state.CENTS}) > 0",
        [corporation.pk, on],
    )


def _full_positions_sql(
    corporation: Organisation, only_tenancies_sql: str, *, outside_only: bool, order: bool
) -> tuple[str, list]:
    """The positions query over the whole ledger (``sql.positions_sql``)."""
    ledger = LedgerEntry._meta.db_table
    tenancy = Tenancy._meta.db_table
    only_ledger = f" AND tenancy_id IN ({only_tenancies_sql})" if only_tenancies_sql else ""
    only_tenancy = f" AND id IN ({only_tenancies_sql})" if only_tenancies_sql else ""
    extra: list = []
    if outside_only:
        only_ledger += f" AND tenancy_id IN ({state.outside_state_sql()})"
        only_tenancy += f" AND id IN ({state.outside_state_sql()})"
        extra = [corporation.pk]
    # Table names only; the corporation and the date go in as parameters.
    source = (
        "(SELECT tenancy_id AS t, kind, booking_date, due_date, amount, mutation_id AS mid "  # noqa: S608
        f"FROM {ledger} WHERE corporation_id = %s{only_ledger})"
    )
    tenancies = (
        f"(SELECT id AS t, contract_number FROM {tenancy} "  # noqa: S608
        f"WHERE corporation_id = %s{only_tenancy})"
    )
    return positions_sql(source, tenancies, order=order), [
        corporation.pk,
        *extra,
        "on",
        corporation.pk,
        *extra,
    ]


def _positions_query(
    corporation: Organisation, on: date, only_tenancies_sql: str, use_state: bool = True
) -> tuple[str, list]:
    """The positions query and its parameters: from the stored arrears state where it
    serves the date (tenancies with entries outside the state in full, in the same
    query), otherwise over the whole ledger."""
    if not (use_state and state.usable_on(corporation.pk, on)):
        sql, params = _full_positions_sql(
            corporation, only_tenancies_sql, outside_only=False, order=True
        )
    else:
        outside = state.has_entries_outside_state(corporation.pk)
        sql, names = state.positions_sql(only=only_tenancies_sql, exclude_outside=outside)
        params = [{"corp": corporation.pk, "on": "on"}[n] for n in names]
        if outside:
            full, full_params = _full_positions_sql(
                corporation, only_tenancies_sql, outside_only=True, order=False
            )
            sql = f"SELECT * FROM ({sql}) a UNION ALL SELECT * FROM ({full}) b ORDER BY 1"  # noqa: S608
            params += full_params
        else:
            sql += " ORDER BY tn.contract_number"
    return sql, [on if p == "on" else p for p in params]


def arrears_positions(
    *, corporation: Organisation, on: date, only_tenancies_sql: str = "", use_state: bool = True
) -> Iterator[TenancyPosition]:
    """One position per tenancy of the corporation (ordered by contract number).

    ``only_tenancies_sql``: a fixed SQL text selecting tenancy ids (no parameters, e.g.
    from a temporary table) to compute the positions of those tenancies only.
    ``use_state=False``: the full query over the whole ledger even where the stored
    arrears state serves the date (for checking; same rows)."""
    sql, params = _positions_query(corporation, on, only_tenancies_sql, use_state)
    with connection.chunked_cursor() as cursor:
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            with connection.cursor() as settings:
                # The window functions' sorts in memory rather than in files on disk, and
                # a plan for all rows (a server-side cursor is planned for the first 10%).
                settings.execute("SET LOCAL work_mem = '256MB'")
                settings.execute("SET LOCAL cursor_tuple_fraction = 1.0")
                # Every join here is a bulk join: with statistics that underestimate a
                # table (e.g. the pending rows, analysed inside an import that then rolled
                # back) a nested loop over the candidates took minutes instead of seconds.
                settings.execute("SET LOCAL enable_nestloop = off")
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(2000):
            for row in rows:
                yield _row_to_position(row, on)


def arrears_positions_streamed(*, corporation: Organisation, on: date) -> Iterator[TenancyPosition]:
    """The same rows as :func:`arrears_positions`, through the pure Python function."""
    contracts = dict(
        Tenancy.objects.filter(corporation=corporation).values_list("pk", "contract_number")
    )
    entries = (
        LedgerEntry.objects.filter(corporation=corporation)
        .order_by("tenancy_id")
        .values_list("tenancy_id", "kind", "amount", "booking_date", "due_date", "mutation_id")
        .iterator(chunk_size=10000)
    )
    found: dict[str, Position] = {}
    for tenancy_id, group in groupby(entries, key=lambda r: r[0]):
        ledger = [
            Entry(kind, amount, booked, due, mid) for _t, kind, amount, booked, due, mid in group
        ]
        found[contracts[tenancy_id]] = position_at(ledger, on)
    empty = Position(Decimal("0.00"), 0, None, 0)
    for contract in sorted(contracts.values()):
        yield TenancyPosition(contract, found.get(contract, empty))


# --- Import pages ---------------------------------------------------------------------

#: Who may upload import files and see the corporation's imports: the collections staff
#: who work with the ledger, and the functioneel beheerder who runs the link with the ERP.
IMPORT_ROLES = frozenset({Role.INCASSOMEDEWERKER, Role.FUNCTIONEEL_BEHEERDER})


def may_import(actor: Actor | None) -> bool:
    return (
        actor is not None
        and actor.organisation.kind == OrganisationKind.WONINGCORPORATIE
        and actor.role in IMPORT_ROLES
    )


def import_batches_for(actor: Actor | None) -> QuerySet[ImportBatch]:
    """The imports of the actor's own corporation (none for anyone else)."""
    if not may_import(actor):
        return ImportBatch.objects.none()
    return ImportBatch.objects.filter(corporation=actor.organisation)


def import_batch_for(actor: Actor | None, pk) -> ImportBatch:
    try:
        return import_batches_for(actor).get(pk=pk)
    except (ImportBatch.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- The household page ---------------------------------------------------------------


@dataclass(frozen=True)
class TenancyArrears:
    tenancy: Tenancy
    position: Position
    history: list[tuple[date, Position]]


def household_arrears(
    actor: Actor | None, household: Household, *, on: date, months: int = HISTORY_MONTHS
) -> list[TenancyArrears]:
    """The current position and month-end history of each tenancy of ``household`` whose
    arrears ``actor`` may see: roles with the financial field group, of the tenancy's own
    corporation or of an organisation with an open involvement in the household. Three
    queries, whatever the size of the ledger."""
    if actor is None or not actor.sees(FieldGroup.FINANCIAL):
        return []
    involved = Involvement.objects.filter(
        household=household, organisation=actor.organisation, closed_at__isnull=True
    )
    tenancies = list(
        tenancies_visible_to(actor)
        .filter(household=household)
        .filter(Q(corporation=actor.organisation) | Q(Exists(involved)))
        .order_by("-start_date", "pk")
    )
    if not tenancies:
        return []
    ledgers: dict[int, list[Entry]] = {t.pk: [] for t in tenancies}
    for tenancy_id, kind, amount, booked, due, mid in LedgerEntry.objects.filter(
        tenancy__in=list(ledgers)
    ).values_list("tenancy_id", "kind", "amount", "booking_date", "due_date", "mutation_id"):
        ledgers[tenancy_id].append(Entry(kind, amount, booked, due, mid))
    return [
        TenancyArrears(
            tenancy=tenancy,
            position=position_at(ledgers[tenancy.pk], on),
            history=arrears_history(ledgers[tenancy.pk], on, months),
        )
        for tenancy in tenancies
    ]
