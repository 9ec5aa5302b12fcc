"""Arrears of one tenancy at a reference date: a pure computation over ledger entries.

No database, no Django models: the input is plain :class:`Entry` values, the output a
:class:`Position`. The database path (``selectors.arrears_positions``) computes the same
figures in SQL with the closed form in :func:`position_by_totals`; tests hold the two to
each other.

Amounts are signed from the tenant's debt point of view: ``huur`` and ``kosten`` positive,
``betaling`` negative, ``correctie`` as given (positive raises the debt, negative lowers it).

Which entries count at the reference date ``on``
    Charges (``huur``, ``kosten``) and corrections count from their due date
    (``due_date <= on``); payments from their booking date (``booking_date <= on``).

``achterstand``
    The sum of the entries that count: charges and corrections minus payments. Negative
    means the tenant has credit.

``open_termijnen`` — payments are allocated day by day, as they were made (art. 6:43–6:44 BW)
    * A payment discharges the debts that exist on its day: first costs (``kosten``), then
      principal — rent charges and positive corrections — oldest due date first. On one
      day, all charges are added before that day's payments are allocated, so a payment on
      the due date pays that day's rent.
    * A payment made when nothing is owed, or the part of it left over, is credit. Credit is
      allocated by the same rule to the charges as they fall due.
    * A negative correction (e.g. a rent reduction or a reversed charge) is treated as a
      credit on its due date, exactly like a payment.
    * A positive correction is principal: it is allocated together with the rent, by due
      date, but it is not a rent term and is never counted as one.
    * A later cost never takes back what an earlier payment already discharged.
    * Ties on one day: costs before principal; within principal, rent before corrections,
      then the smaller amount first, then the mutation id — so the result never depends on
      the order of the input.
    ``open_termijnen`` is the number of rent charges due by the date with something left
    unpaid after this allocation.

``oudste_vervaldatum`` / ``dagen_achterstand``
    The due date of the oldest open rent charge (``None`` if none) and the days from it to
    the reference date (``0`` if none).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import groupby

HUUR = "huur"
KOSTEN = "kosten"
BETALING = "betaling"
CORRECTIE = "correctie"
KINDS = (HUUR, KOSTEN, BETALING, CORRECTIE)

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Entry:
    """One ledger entry (mutatie). ``amount`` is signed (see the module docstring)."""

    kind: str
    amount: Decimal
    booking_date: date
    due_date: date | None = None
    ref: str = ""

    @property
    def effective_date(self) -> date:
        """The date from which the entry counts."""
        if self.kind == BETALING or self.due_date is None:
            return self.booking_date
        return self.due_date

    @property
    def is_credit(self) -> bool:
        return self.kind == BETALING or (self.kind == CORRECTIE and self.amount < 0)

    @property
    def is_principal(self) -> bool:
        return self.kind == HUUR or (self.kind == CORRECTIE and self.amount > 0)


@dataclass(frozen=True, slots=True)
class Position:
    achterstand: Decimal
    open_termijnen: int
    oudste_vervaldatum: date | None
    dagen_achterstand: int


def _principal_order(entry: Entry) -> tuple:
    return (0 if entry.kind == HUUR else 1, entry.amount, entry.ref)


def _day_order(entry: Entry) -> tuple:
    # Charges before credits on one day; principal in its documented order.
    if entry.is_credit:
        return (2, entry.amount, entry.ref)
    if entry.kind == KOSTEN:
        return (0, entry.amount, entry.ref)
    return (1, *_principal_order(entry))


def position_at(entries: Iterable[Entry], on: date) -> Position:
    """The arrears position of one tenancy at the end of day ``on``."""
    in_scope = sorted(
        (e for e in entries if e.effective_date <= on),
        key=lambda e: (e.effective_date, _day_order(e)),
    )
    achterstand = ZERO
    credit = ZERO
    costs: deque[list] = deque()  # [remaining, entry], oldest first
    principal: deque[list] = deque()
    rents: list[list] = []
    for _day, day_entries in groupby(in_scope, key=lambda e: e.effective_date):
        for entry in day_entries:
            achterstand += entry.amount
            if entry.is_credit:
                credit += -entry.amount
            elif entry.kind == KOSTEN:
                costs.append([entry.amount, entry])
            elif entry.is_principal:
                item = [entry.amount, entry]
                principal.append(item)
                if entry.kind == HUUR:
                    rents.append(item)
        for queue in (costs, principal):
            while credit > 0 and queue:
                item = queue[0]
                paid = min(credit, item[0])
                item[0] -= paid
                credit -= paid
                if item[0] == 0:
                    queue.popleft()
    open_rents = [item[1] for item in rents if item[0] > 0]
    oldest = min((e.effective_date for e in open_rents), default=None)
    return Position(
        achterstand=achterstand,
        open_termijnen=len(open_rents),
        oudste_vervaldatum=oldest,
        dagen_achterstand=(on - oldest).days if oldest else 0,
    )


def position_by_totals(entries: Iterable[Entry], on: date) -> Position:
    """The same position as :func:`position_at`, from running totals only.

    This is the form the SQL query uses (window functions, no loop). Per day ``s`` (end of
    day, after allocation) with cumulative costs ``Co``, principal ``Pr`` and credits ``Cr``:

    * credit balance ``B(s) = max(Cr - Co - Pr, 0)``;
    * costs still open at ``T``: ``max(0, Co(T) - Cr(T) - min(0, min_s(Co(s) - Cr(s) + B(s))))``
      — costs take every credit while they are open, and since the last day they were all
      paid only the credit arriving afterwards (plus the balance then) can reach them;
    * principal paid ``Pp = Pr(T) - max(Co + Pr - Cr, 0)(T) + open costs``;
    * principal is paid oldest first, so a rent charge is open when the running sum of
      principal up to and including it (in principal order) exceeds ``Pp``.
    """
    in_scope = [e for e in entries if e.effective_date <= on]
    days = sorted({e.effective_date for e in in_scope})
    per_day: dict[date, list[Decimal]] = {d: [ZERO, ZERO, ZERO] for d in days}
    for e in in_scope:
        bucket = per_day[e.effective_date]
        if e.kind == KOSTEN:
            bucket[0] += e.amount
        elif e.is_principal:
            bucket[1] += e.amount
        elif e.is_credit:
            bucket[2] += -e.amount
    co = pr = cr = ZERO
    lowest = ZERO
    for d in days:
        co += per_day[d][0]
        pr += per_day[d][1]
        cr += per_day[d][2]
        balance = max(cr - co - pr, ZERO)
        lowest = min(lowest, co - cr + balance)
    outstanding = max(co + pr - cr, ZERO)
    open_costs = max(ZERO, co - cr - lowest)
    principal_paid = pr - outstanding + open_costs
    running = ZERO
    open_dates = []
    for e in sorted(
        (e for e in in_scope if e.is_principal),
        key=lambda e: (e.effective_date, _principal_order(e)),
    ):
        running += e.amount
        if e.kind == HUUR and e.amount > 0 and running > principal_paid:
            open_dates.append(e.effective_date)
    oldest = min(open_dates, default=None)
    return Position(
        achterstand=co + pr - cr,
        open_termijnen=len(open_dates),
        oudste_vervaldatum=oldest,
        dagen_achterstand=(on - oldest).days if oldest else 0,
    )
