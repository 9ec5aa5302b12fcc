"""Collection costs after a 14-day letter: what is due once its term has passed.

norms.md §2: the costs stated in a 14-day letter are only due when the principal is not
paid within the term; a partial payment within the term recomputes the costs over the
remaining principal. Pure rules, no database; the use case that books them is
:func:`woonkans.documents.services.collection_costs_book_due`.

Which payments count: payments booked **after the letter date** up to and including the
**deadline**. The letter date is exclusive because the principal a letter claims is the
arrears at its date, which already takes the payments booked on that day into account
(the worklist fills it in from the arrears position at that date). A payment booked after
the deadline does not reduce the costs: the term passed unpaid for that part.

The costs are computed with the scale valid on the letter date (the one the letter's stated
costs came from) and with VAT only when the letter stated VAT, so they never exceed what
the letter said.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from woonkans.arrears.costs import CostBreakdown, WikScale

from .claims import capped_costs

__all__ = [
    "COSTS_DECISION_DELAY_DAYS",
    "CostsDue",
    "costs_due",
    "costs_due_after_letter",
    "decision_due",
    "payments_in_term",
]

ZERO = Decimal("0.00")

#: The decision on a letter's costs is taken by the first daily run more than this many
#: days after its deadline, not the day after: a payment booked on the deadline reaches the
#: ledger only with a later import of the corporation's ledger (a weekend may lie in
#: between). The costs are booked with the date of the day after the deadline all the same.
#: This is the default; each corporation sets its own number of days in its letter settings
#: (``LetterSettings.costs_decision_delay_days``, between the two limits below).
COSTS_DECISION_DELAY_DAYS = 3
MIN_DECISION_DELAY_DAYS = 1
MAX_DECISION_DELAY_DAYS = 30


@dataclass(frozen=True)
class CostsDue:
    claimed: Decimal  # the principal the letter claimed
    paid_in_term: Decimal  # payments that count (after the letter date, by the deadline)
    remaining: Decimal  # claimed − paid_in_term, never below zero
    breakdown: CostBreakdown  # the costs over ``remaining`` (all 0.00 when nothing remains)

    @property
    def costs(self) -> Decimal:
        return self.breakdown.costs

    @property
    def vat(self) -> Decimal:
        return self.breakdown.vat

    @property
    def total(self) -> Decimal:
        return self.breakdown.total


def _check_amount(value: Decimal, what: str) -> None:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise TypeError(f"{what} must be a finite Decimal.")
    if value < 0:
        raise ValueError(f"{what} cannot be negative.")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(f"{what} must be a whole number of cents.")


def costs_due(
    *,
    claimed: Decimal,
    payments: Iterable[Decimal],
    scale: WikScale,
    vat: bool,
    limit: Decimal | None = None,
) -> CostsDue:
    """The collection costs due over what remains of ``claimed`` after ``payments``.

    ``claimed`` is the principal the letter computed its costs over (its cost base,
    ``documents/claims.py``); ``payments`` are the amounts paid within the term (positive,
    whole cents). They lower the cost base first: a term that already carried costs in an
    earlier letter is not the debt the new costs threaten, so a payment within the term
    goes to the most burdensome debt first (art. 6:43(2) BW) — the tenant's favour. Paid in
    full (or more): 0.00. Otherwise the WIK costs over the remaining principal, with VAT
    when ``vat`` is true, no more than ``limit`` (what the letter's maximum left).
    """
    _check_amount(claimed, "The principal claimed")
    paid = ZERO
    for amount in payments:
        _check_amount(amount, "A payment")
        paid += amount
    remaining = max(claimed - paid, ZERO)
    return CostsDue(
        claimed=claimed,
        paid_in_term=paid,
        remaining=remaining,
        breakdown=capped_costs(remaining, scale=scale, vat=vat, limit=limit),
    )


def payments_in_term(
    payments: Iterable[tuple[date, Decimal]], *, letter_date: date, deadline: date
) -> list[Decimal]:
    """The amounts of the ``(booking date, amount)`` payments that count for the term:
    booked after ``letter_date`` and on or before ``deadline``."""
    return [amount for day, amount in payments if letter_date < day <= deadline]


def costs_due_after_letter(
    *,
    claimed: Decimal,
    letter_date: date,
    deadline: date,
    payments: Iterable[tuple[date, Decimal]],
    scale: WikScale,
    vat: bool,
    limit: Decimal | None = None,
) -> CostsDue:
    """:func:`costs_due` for a letter, from all of the tenancy's dated payments."""
    return costs_due(
        claimed=claimed,
        payments=payments_in_term(payments, letter_date=letter_date, deadline=deadline),
        scale=scale,
        vat=vat,
        limit=limit,
    )


def decision_due(
    deadline: date, run_date: date, delay_days: int = COSTS_DECISION_DELAY_DAYS
) -> bool:
    """Whether the run of ``run_date`` decides on the costs of a letter with ``deadline``:
    only more than ``delay_days`` after the deadline."""
    if not MIN_DECISION_DELAY_DAYS <= delay_days <= MAX_DECISION_DELAY_DAYS:
        raise ValueError(
            f"delay_days must be between {MIN_DECISION_DELAY_DAYS} and {MAX_DECISION_DELAY_DAYS}."
        )
    return deadline + timedelta(days=delay_days) < run_date


def booking_date(deadline: date) -> date:
    """The date the costs are booked with and fall due on: the day after the deadline."""
    return deadline + timedelta(days=1)
