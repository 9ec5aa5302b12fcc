"""Payment arrangements as pure computation: terms, payments against terms, broken or kept,
and the allowed status transitions (VERA Betalingsregelingstatus).

No database. ``services.py`` feeds these functions from the ledger and stores the result.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
#: At most ten years of monthly terms.
MAX_TERMS = 120

# --- Status transitions -----------------------------------------------------------------

AAN, ACT, ANN, BEE, BEV, VER = "AAN", "ACT", "ANN", "BEE", "BEV", "VER"

#: Every allowed change of status. A new arrangement starts as requested (AAN) or active
#: (ACT). Ended (BEE) needs an end reason; nothing else may carry one. Removed (VER) is for
#: arrangements registered by mistake and is final.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    "": frozenset({AAN, ACT}),
    AAN: frozenset({ACT, ANN, VER}),
    ACT: frozenset({BEV, BEE}),
    BEV: frozenset({ACT, BEE}),
    ANN: frozenset({VER}),
    BEE: frozenset({VER}),
    VER: frozenset(),
}

END_REASONS = frozenset({"AFB", "ONI", "SAN", "VOL"})


class TransitionError(ValueError):
    pass


def check_transition(current: str, new: str, end_reason: str = "") -> None:
    """Raise :class:`TransitionError` unless ``current`` → ``new`` is allowed with this end
    reason."""
    if new not in ALLOWED_TRANSITIONS.get(current, frozenset()):
        raise TransitionError(f"{current or 'new'} -> {new} is not allowed")
    if new == BEE and end_reason not in END_REASONS:
        raise TransitionError("An ended arrangement needs an end reason")
    if new != BEE and end_reason:
        raise TransitionError("Only an ended arrangement has an end reason")


# --- Terms ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TermPlan:
    number: int
    due_date: date
    amount: Decimal


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the last day of the month when it has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def plan_terms(*, total: Decimal, term_amount: Decimal, first_due: date) -> list[TermPlan]:
    """Monthly terms of ``term_amount`` until ``total`` is reached; the last term is the
    remainder (never more than ``term_amount``). Amounts add up to ``total`` exactly."""
    if total <= 0 or term_amount <= 0:
        raise ValueError("total and term amount must be positive")
    total = total.quantize(CENT)
    term_amount = term_amount.quantize(CENT)
    count, remainder = divmod(total, term_amount)
    count = int(count)
    if count + (1 if remainder > 0 else 0) > MAX_TERMS:
        raise ValueError(f"more than {MAX_TERMS} terms")
    amounts = [term_amount] * count + ([remainder] if remainder > 0 else [])
    return [
        TermPlan(number=i + 1, due_date=add_months(first_due, i), amount=amount)
        for i, amount in enumerate(amounts)
    ]


def term_amount_for(*, total: Decimal, number_of_terms: int) -> Decimal:
    """The amount per term to pay ``total`` in ``number_of_terms`` terms (rounded up to
    the cent, so the last term may be smaller)."""
    if number_of_terms < 1:
        raise ValueError("at least one term")
    per_term = (total / number_of_terms).quantize(CENT, rounding=ROUND_DOWN)
    if per_term * number_of_terms < total:
        per_term += CENT
    return per_term


# --- Payments against terms -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    number: int
    due_date: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Money:
    """A dated amount: a payment (positive) or a new charge such as the month's rent."""

    day: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class TermState:
    number: int
    due_date: date
    amount: Decimal
    paid: Decimal
    paid_on: date | None  # the day it was fully paid

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.paid


def allocate_payments(
    terms: Sequence[Term],
    payments: Iterable[Money],
    charges: Iterable[Money] = (),
) -> list[TermState]:
    """How far each term is paid.

    ``payments`` are the tenant's payments booked on or after the arrangement's start.
    ``charges`` are the rent and costs that fell due on or after the start: the tenant has to
    keep paying the current rent, so a payment first covers those (oldest first) and only
    what is left goes to the terms — otherwise paying only the rent would look like keeping
    the arrangement. With no ``charges`` every payment goes to the terms. Terms are paid
    oldest first, also before they fall due (paying ahead counts). On one day, charges come
    before payments. What is left after the last term is not allocated.
    """
    ordered = sorted(terms, key=lambda t: (t.due_date, t.number))
    remaining = [t.amount for t in ordered]
    paid_on: list[date | None] = [None] * len(ordered)
    events = sorted(
        [(c.day, 0, c.amount) for c in charges] + [(p.day, 1, p.amount) for p in payments],
        key=lambda e: (e[0], e[1]),
    )
    owed_charges = ZERO
    index = 0
    for day, is_payment, amount in events:
        if not is_payment:
            owed_charges += amount
            continue
        money = amount
        covered = min(money, owed_charges)
        owed_charges -= covered
        money -= covered
        while money > 0 and index < len(ordered):
            part = min(money, remaining[index])
            remaining[index] -= part
            money -= part
            if remaining[index] == 0:
                paid_on[index] = day
                index += 1
    return [
        TermState(
            number=t.number,
            due_date=t.due_date,
            amount=t.amount,
            paid=t.amount - remaining[i],
            paid_on=paid_on[i],
        )
        for i, t in enumerate(ordered)
    ]


def missed_terms(states: Iterable[TermState], on: date, grace_days: int) -> list[TermState]:
    """Terms still not fully paid more than ``grace_days`` after their due date."""
    limit = timedelta(days=grace_days)
    return [s for s in states if s.remaining > 0 and on - s.due_date > limit]


def is_paid_off(states: Sequence[TermState]) -> bool:
    return bool(states) and all(s.remaining == 0 for s in states)
