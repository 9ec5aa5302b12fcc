"""The stored arrears state (``state.py``) against the pure position function.

Random ledgers of a few tenancies are imported through the real import, split into files
in random order (so rows arrive back-dated), some files repeated, some entries written
outside an import, one bad file among them; after every step the positions from the state
must equal :func:`~woonkans.arrears.positions.position_at` over the ledger in the
database — and the full query — for every tenancy at several dates, to the cent and the
day. Runs on SQLite and on PostgreSQL (there through both import paths).
"""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from woonkans.arrears import imports, state
from woonkans.arrears.models import (
    ArrearsOpenRent,
    ArrearsPending,
    ArrearsState,
    ArrearsStateDate,
    ImportStatus,
    LedgerEntry,
)
from woonkans.arrears.positions import BETALING, CORRECTIE, HUUR, KINDS, Entry, position_at
from woonkans.arrears.selectors import arrears_positions, owing_tenancies_sql
from woonkans.arrears.services import ledger_import
from woonkans.organisations.actor import system_actor
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

pytestmark = pytest.mark.django_db

HEADER = "mutatie_id,overeenkomstnummer,boekdatum,vervaldatum,soort,bedrag,omschrijving"
BASE = date(2025, 1, 1)
CONTRACTS = ("ST-1", "ST-2", "ST-3")
EDGES = tuple(
    day
    for month in range(1, 6)
    for day in (date(2025, month, 1), date(2025, month + 1, 1) - timedelta(days=1))
)


def _day(n: int) -> date:
    return BASE + timedelta(days=n)


class _Undo(Exception):
    """Rolls one example's database work back."""


# ------------------------------------------------------------------------ strategies


@st.composite
def rows(draw):
    kind = draw(st.sampled_from((HUUR, HUUR, BETALING, BETALING, *KINDS)))
    # Often the same few amounts, so that payments pay charges off exactly.
    cents = draw(st.one_of(st.sampled_from([10_000, 50_000, 61_250]), st.integers(1, 150_000)))
    signed = -cents if kind == BETALING or (kind == CORRECTIE and draw(st.booleans())) else cents
    # Dates often on the edges of months, where the state date lies.
    due = draw(st.one_of(st.sampled_from(EDGES), st.integers(0, 150).map(_day)))
    booked = draw(
        st.one_of(
            st.sampled_from(EDGES),
            st.integers(-25, 25).map(lambda n: due + timedelta(days=n)),
        )
    )
    return {
        "contract": draw(st.sampled_from(CONTRACTS)),
        "kind": kind,
        "cents": signed,
        "booked": booked,
        "due": None if kind == BETALING else due,
    }


@st.composite
def scenarios(draw):
    ledger = draw(st.lists(rows(), min_size=1, max_size=30))
    for i, row in enumerate(ledger):
        row["mid"] = f"M{i:03d}"
    # Each row goes to one of up to four files, or is written outside an import.
    files = draw(st.integers(1, 4))
    place = draw(st.lists(st.integers(-1, files - 1), min_size=len(ledger), max_size=len(ledger)))
    parts: list[list[dict]] = [[] for _ in range(files)]
    outside: list[dict] = []
    for row, where in zip(ledger, place, strict=True):
        (outside if where < 0 and len(outside) < 4 else parts[max(where, 0)]).append(row)
    order = draw(st.permutations(range(files)))
    steps: list[tuple[str, list[dict]]] = []
    for index in order:
        steps.append(("import", parts[index]))
        if outside and draw(st.booleans()):
            steps.append(("outside", [outside.pop()]))
        if draw(st.integers(0, 3)) == 0:
            # The same rows again, in another file (other order, so another checksum),
            # with a new row in a bad file alongside: the bad file changes nothing.
            steps.append(("repeat", list(reversed(parts[index]))))
        if draw(st.integers(0, 4)) == 0:
            steps.append(("bad", parts[index][:2]))
    steps += [("outside", [row]) for row in outside]
    dates = draw(
        st.lists(st.integers(-10, 200).map(lambda n: BASE + timedelta(days=n)), max_size=3)
    )
    return steps, dates


# ------------------------------------------------------------------------ helpers


def _csv(rows_: list[dict], extra: str = "") -> str:
    lines = [HEADER]
    for r in rows_:
        amount = Decimal(abs(r["cents"]) if r["kind"] != CORRECTIE else r["cents"]) / 100
        due = r["due"].isoformat() if r["due"] else ""
        lines.append(
            f"{r['mid']},{r['contract']},{r['booked'].isoformat()},{due},{r['kind']},"
            f"{amount:.2f},test"
        )
    return "\n".join(lines) + "\n" + extra


def _snapshot(corporation) -> tuple:
    return (
        list(ArrearsStateDate.objects.filter(corporation=corporation).values_list("as_of")),
        sorted(
            ArrearsState.objects.filter(corporation=corporation).values_list(
                "tenancy_id", "co", "pr", "cr", "low"
            )
        ),
        sorted(
            ArrearsOpenRent.objects.filter(corporation=corporation).values_list(
                "tenancy_id", "due_date", "running"
            )
        ),
        sorted(
            ArrearsPending.objects.filter(corporation=corporation).values_list(
                "tenancy_id", "d", "kind", "c"
            )
        ),
        sorted(LedgerEntry.objects.filter(corporation=corporation).values_list("mutation_id")),
    )


def _expected(corporation, on: date) -> dict:
    ledgers: dict[str, list[Entry]] = {c: [] for c in CONTRACTS}
    for contract, kind, amount, booked, due, mid in LedgerEntry.objects.filter(
        corporation=corporation
    ).values_list(
        "tenancy__contract_number", "kind", "amount", "booking_date", "due_date", "mutation_id"
    ):
        ledgers[contract].append(Entry(kind, amount, booked, due, mid))
    return {c: position_at(entries, on) for c, entries in ledgers.items()}


def _check(corporation, dates: list[date]) -> None:
    as_of = state.state_date(corporation.pk)
    days = list(dates) + ([as_of, as_of + timedelta(days=17), date(2025, 9, 1)] if as_of else [])
    for on in days:
        expected = _expected(corporation, on)
        got = {
            p.contract_number: p.position for p in arrears_positions(corporation=corporation, on=on)
        }
        assert got == expected, (on, as_of)
        sql, params = owing_tenancies_sql(corporation, on)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            owing = {t for (t,) in cursor.fetchall()}
        in_arrears = {
            pk for pk, c in _tenancy_ids(corporation).items() if expected[c].achterstand > 0
        }
        assert in_arrears <= owing, on
        if not state.has_entries_outside_state(corporation.pk):
            assert owing == in_arrears, on


def _tenancy_ids(corporation) -> dict[int, str]:
    from woonkans.households.models import Tenancy

    return dict(
        Tenancy.objects.filter(corporation=corporation).values_list("pk", "contract_number")
    )


def _run(steps, dates) -> None:
    corporation = f.OrganisationFactory(corporation=True, slug="st-corp")
    actor = system_actor(corporation, Role.INCASSOMEDEWERKER)
    tenancies = {c: f.TenancyFactory(corporation=corporation, contract_number=c) for c in CONTRACTS}
    with tempfile.TemporaryDirectory() as directory:
        for n, (what, part) in enumerate(steps):
            path = Path(directory) / f"step-{n}.csv"
            if what == "outside":
                r = part[0]
                LedgerEntry.objects.create(
                    corporation=corporation,
                    tenancy=tenancies[r["contract"]],
                    mutation_id=r["mid"],
                    booking_date=r["booked"],
                    due_date=r["due"],
                    kind=r["kind"],
                    amount=Decimal(r["cents"]) / 100,
                )
            else:
                bad = "X999,ST-UNKNOWN,2025-03-01,2025-03-01,huur,1.00,x\n" if what == "bad" else ""
                path.write_text(_csv(part, bad), encoding="utf-8")
                before = _snapshot(corporation)
                outside_before = state.has_entries_outside_state(corporation.pk)
                batch = ledger_import(actor=actor, corporation=corporation, path=path)
                if what == "bad":
                    assert batch.status == ImportStatus.REJECTED
                    assert _snapshot(corporation) == before
                else:
                    assert batch.status in (ImportStatus.APPLIED, ImportStatus.DUPLICATE), (
                        batch.errors
                    )
                if what == "repeat" and not outside_before:
                    # (An import does fold in entries written outside one: that changes
                    # the stored state, never a position.)
                    assert _snapshot(corporation) == before
            _check(corporation, dates)
    # Whatever the order of the imports, the state equals one built from the whole ledger.
    as_of = state.state_date(corporation.pk)
    if as_of is not None and not state.has_entries_outside_state(corporation.pk):
        kept = _snapshot(corporation)
        state.rebuild(corporation_id=corporation.pk, as_of=as_of)
        assert _snapshot(corporation) == kept


def _example(steps, dates) -> None:
    try:
        with transaction.atomic():
            _run(steps, dates)
            raise _Undo
    except _Undo:
        pass


# ------------------------------------------------------------------------ properties

_SETTINGS = settings(
    max_examples=60 if connection.vendor == "postgresql" else 120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@_SETTINGS
@given(scenarios())
def test_positions_from_the_state_equal_the_pure_function(scenario):
    _example(*scenario)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the general path on PostgreSQL")
@_SETTINGS
@given(scenarios())
def test_positions_from_the_state_equal_the_pure_function_general_import_path(scenario):
    imports.FAST_PATH = False
    try:
        _example(*scenario)
    finally:
        imports.FAST_PATH = True


# ------------------------------------------------------------------------ examples


def _month(corporation, actor, tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(HEADER + "\n" + text, encoding="utf-8")
    batch = ledger_import(actor=actor, corporation=corporation, path=path)
    assert batch.status == ImportStatus.APPLIED, batch.errors
    return batch


def test_an_import_moves_the_state_date_to_the_end_of_the_month_before_its_latest_booking(
    corporation, tmp_path
):
    actor = system_actor(corporation, Role.INCASSOMEDEWERKER)
    f.TenancyFactory(corporation=corporation, contract_number="A-1")
    _month(
        corporation,
        actor,
        tmp_path,
        "jan.csv",
        "m1,A-1,2024-12-20,2025-01-01,huur,500.00,\nm2,A-1,2025-01-20,2025-02-01,huur,500.00,\n"
        "m3,A-1,2025-01-05,,betaling,300.00,\n",
    )
    assert state.state_date(corporation.pk) == date(2024, 12, 31)
    assert state.usable_on(corporation.pk, date(2025, 1, 31))
    assert not state.usable_on(corporation.pk, date(2024, 12, 30))
    # Everything counts after the state date: all pending, nothing folded yet.
    assert ArrearsPending.objects.filter(corporation=corporation).count() == 3
    _month(
        corporation,
        actor,
        tmp_path,
        "feb.csv",
        "m4,A-1,2025-02-03,,betaling,200.00,\nm5,A-1,2025-02-20,2025-03-01,huur,500.00,\n",
    )
    assert state.state_date(corporation.pk) == date(2025, 1, 31)
    st_ = ArrearsState.objects.get(corporation=corporation)
    assert (st_.co, st_.pr, st_.cr, st_.low) == (0, 50_000, 30_000, -30_000)
    assert list(ArrearsOpenRent.objects.values_list("due_date", "running")) == [
        (date(2025, 1, 1), 50_000)
    ]
    (position,) = arrears_positions(corporation=corporation, on=date(2025, 2, 28))
    # 1,000.00 of rent due, 500.00 paid: January's rent is paid off (300 + 200).
    assert position.position.achterstand == Decimal("500.00")
    assert position.position.open_termijnen == 1
    assert position.position.oudste_vervaldatum == date(2025, 2, 1)


def test_a_back_dated_payment_corrects_the_stored_state(corporation, tmp_path):
    actor = system_actor(corporation, Role.INCASSOMEDEWERKER)
    f.TenancyFactory(corporation=corporation, contract_number="A-1")
    _month(
        corporation,
        actor,
        tmp_path,
        "a.csv",
        "m1,A-1,2024-12-20,2025-01-01,huur,500.00,\nm2,A-1,2025-01-20,2025-02-01,huur,500.00,\n"
        "m3,A-1,2025-03-02,,betaling,1.00,\n",
    )
    assert state.state_date(corporation.pk) == date(2025, 2, 28)
    assert ArrearsOpenRent.objects.count() == 2
    # A payment of January, booked back in time after the state date passed it.
    _month(corporation, actor, tmp_path, "b.csv", "m4,A-1,2025-01-10,,betaling,500.00,\n")
    assert state.state_date(corporation.pk) == date(2025, 2, 28)
    assert list(ArrearsOpenRent.objects.values_list("due_date", "running")) == [
        (date(2025, 2, 1), 100_000)
    ]
    (row,) = arrears_positions(corporation=corporation, on=date(2025, 3, 10))
    assert (row.position.achterstand, row.position.oudste_vervaldatum) == (
        Decimal("499.00"),
        date(2025, 2, 1),
    )


def test_an_entry_written_outside_an_import_counts_at_once_and_is_folded_in_later(
    corporation, tmp_path
):
    actor = system_actor(corporation, Role.INCASSOMEDEWERKER)
    tenancy = f.TenancyFactory(corporation=corporation, contract_number="A-1")
    f.TenancyFactory(corporation=corporation, contract_number="A-2")
    _month(
        corporation,
        actor,
        tmp_path,
        "a.csv",
        "m1,A-1,2025-01-01,2025-01-01,huur,500.00,\nm2,A-2,2025-01-01,2025-01-01,huur,400.00,\n"
        "m3,A-1,2025-02-02,,betaling,500.00,\n",
    )
    LedgerEntry.objects.create(
        corporation=corporation,
        tenancy=tenancy,
        mutation_id="costs-1",
        booking_date=date(2025, 2, 10),
        due_date=date(2025, 2, 10),
        kind="kosten",
        amount=Decimal("40.00"),
    )
    assert state.has_entries_outside_state(corporation.pk)
    positions = {
        p.contract_number: p.position.achterstand
        for p in arrears_positions(corporation=corporation, on=date(2025, 2, 20))
    }
    assert positions == {"A-1": Decimal("40.00"), "A-2": Decimal("400.00")}
    _month(corporation, actor, tmp_path, "b.csv", "m4,A-2,2025-03-03,,betaling,400.00,\n")
    assert not state.has_entries_outside_state(corporation.pk)
    positions = {
        p.contract_number: p.position.achterstand
        for p in arrears_positions(corporation=corporation, on=date(2025, 3, 20))
    }
    assert positions == {"A-1": Decimal("40.00"), "A-2": Decimal("0.00")}


def test_with_the_state_switched_off_imports_leave_it_alone(corporation, tmp_path, monkeypatch):
    monkeypatch.setattr(state, "ENABLED", False)
    actor = system_actor(corporation, Role.INCASSOMEDEWERKER)
    f.TenancyFactory(corporation=corporation, contract_number="A-1")
    _month(corporation, actor, tmp_path, "a.csv", "m1,A-1,2025-01-01,2025-01-01,huur,500.00,\n")
    assert state.state_date(corporation.pk) is None
    assert not ArrearsPending.objects.exists()
    assert LedgerEntry.objects.get().in_state is False


def test_a_row_on_the_state_date_itself_counts_as_back_dated(corporation, tmp_path):
    """A cost due on the state date, imported after the state passed that day, lands on a
    day already folded: that day's payment goes to the cost first, so the rent it seemed
    to pay is open again — the tenancy is rebuilt, not continued."""
    actor = system_actor(corporation, Role.INCASSOMEDEWERKER)
    f.TenancyFactory(corporation=corporation, contract_number="A-1")
    _month(
        corporation,
        actor,
        tmp_path,
        "a.csv",
        "m1,A-1,2025-01-01,2025-01-01,huur,500.00,\nm2,A-1,2025-01-31,,betaling,500.00,\n"
        "m3,A-1,2025-02-05,,betaling,1.00,\n",
    )
    assert state.state_date(corporation.pk) == date(2025, 1, 31)
    assert not ArrearsOpenRent.objects.exists()
    _month(corporation, actor, tmp_path, "b.csv", "m4,A-1,2025-02-10,2025-01-31,kosten,100.00,\n")
    (row,) = arrears_positions(corporation=corporation, on=date(2025, 2, 3))
    assert (row.position.achterstand, row.position.open_termijnen) == (Decimal("100.00"), 1)
    kept = _snapshot(corporation)
    state.rebuild(corporation_id=corporation.pk, as_of=date(2025, 1, 31))
    assert _snapshot(corporation) == kept


def test_an_import_that_fails_while_folding_leaves_ledger_and_state_untouched(
    corporation, tmp_path, monkeypatch
):
    actor = system_actor(corporation, Role.INCASSOMEDEWERKER)
    f.TenancyFactory(corporation=corporation, contract_number="A-1")
    _month(corporation, actor, tmp_path, "a.csv", "m1,A-1,2025-01-01,2025-01-01,huur,500.00,\n")
    before = _snapshot(corporation)
    fold = state._fold_pending

    def fold_then_fail(*args):
        fold(*args)  # the state tables are written ...
        raise RuntimeError("disk full")  # ... and then the import fails

    monkeypatch.setattr(state, "_fold_pending", fold_then_fail)
    path = tmp_path / "b.csv"
    path.write_text(HEADER + "\nm2,A-1,2025-02-20,2025-03-01,huur,500.00,\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        ledger_import(actor=actor, corporation=corporation, path=path)
    assert _snapshot(corporation) == before
    assert not LedgerEntry.objects.filter(mutation_id="m2").exists()
