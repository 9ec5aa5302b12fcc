"""What a 14-day letter claims, and over which part of it collection costs may be charged.

Pure functions over plain values (no database), property-tested.

**The principal (hoofdsom).** A 14-day letter claims the overdue *principal* of the tenancy
at the letter date: the rent charges and positive corrections that are due and still unpaid.
Collection costs already booked are not principal: costs are never charged over costs
(art. 6:96 BW and the Besluit vergoeding voor buitengerechtelijke incassokosten compute the
costs over the principal). Which charges are unpaid follows the allocation of the arrears
positions (``woonkans.arrears.positions``, art. 6:43–6:44 BW): a payment goes first to
costs, then to the oldest principal. :func:`open_terms_at` lists the open charges with what
is left of each; the property tests hold it to :func:`~woonkans.arrears.positions.position_at`.

**Costs once per claim.** Under the WIK the collection costs are due once for a claim: a
rent term that already carried costs in an earlier 14-day letter must not carry them again
when a later letter claims it once more. :func:`plan_claim` implements the rule:

1. A term *already carried costs* when an earlier 14-day letter of the tenancy counted it in
   its costs and those costs were booked, or are still pending (the letter's term has not
   been decided yet). A term of an earlier letter that was paid within its term (no costs
   booked) carried none.
2. The letter claims the whole open principal, or less when the user lowers the amount; a
   lowered amount covers the open terms oldest first (the order in which payments discharge
   them, art. 6:43(2) BW).
3. The costs are computed with the WIK scale over the **cost base**: the claimed amounts of
   the terms that did not carry costs yet. Several such terms are costed over their total
   (norms.md §2), never term by term.
4. **Within the legal maximum overall.** When the letter also claims terms that carried
   costs in an earlier letter, it continues the same claim: the costs of those earlier
   letters (booked, or stated and pending) and the new costs together stay within the
   scale's maximum (€6,775 in the 2012 scale). The earlier costs count only when the earlier
   letter shares a claimed term with this one.

With nothing left to cost (every claimed term carried costs already) the letter states
€ 0,00 costs; it still gives the 14 days to pay.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from itertools import groupby

from woonkans.arrears.costs import CostBreakdown, WikScale, collection_costs, to_cents
from woonkans.arrears.positions import BETALING, CORRECTIE, HUUR, KOSTEN, Entry

__all__ = [
    "ClaimError",
    "ClaimLine",
    "ClaimPlan",
    "EarlierLetter",
    "OpenPrincipal",
    "OpenTerm",
    "capped_costs",
    "open_terms_at",
    "plan_claim",
]

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class OpenTerm:
    """A principal charge (rent or a positive correction) with something left unpaid."""

    ref: str  # the ledger mutation id
    kind: str  # "huur" or "correctie"
    due_date: date
    amount: Decimal  # the amount charged
    open: Decimal  # what is left unpaid at the reference date (0 < open <= amount)


@dataclass(frozen=True)
class OpenPrincipal:
    terms: tuple[OpenTerm, ...]  # oldest first, in the order payments discharge them
    open_costs: Decimal  # booked costs still unpaid (not principal)
    credit: Decimal  # credit left over after everything was paid

    @property
    def total(self) -> Decimal:
        return sum((t.open for t in self.terms), ZERO)

    @property
    def rent_terms(self) -> int:
        return sum(1 for t in self.terms if t.kind == HUUR)


def _is_credit(entry: Entry) -> bool:
    return entry.kind == BETALING or (entry.kind == CORRECTIE and entry.amount < 0)


def _is_principal(entry: Entry) -> bool:
    return entry.kind == HUUR or (entry.kind == CORRECTIE and entry.amount > 0)


def _effective_date(entry: Entry) -> date:
    if entry.kind == BETALING or entry.due_date is None:
        return entry.booking_date
    return entry.due_date


def _day_order(entry: Entry) -> tuple:
    # The order of arrears.positions: on one day costs, then principal (rent before
    # corrections, smaller first, then the mutation id), then credits.
    if _is_credit(entry):
        return (2, 0, entry.amount, entry.ref)
    if entry.kind == KOSTEN:
        return (0, 0, entry.amount, entry.ref)
    return (1, 0 if entry.kind == HUUR else 1, entry.amount, entry.ref)


def open_terms_at(entries: Iterable[Entry], on: date) -> OpenPrincipal:
    """The principal charges of one tenancy unpaid at the end of day ``on``.

    Same allocation as :func:`woonkans.arrears.positions.position_at`: day by day, charges
    before that day's credits; a credit pays costs first, then principal oldest first.
    """
    in_scope = sorted(
        (e for e in entries if _effective_date(e) <= on),
        key=lambda e: (_effective_date(e), _day_order(e)),
    )
    credit = ZERO
    costs: deque[list] = deque()
    principal: deque[list] = deque()
    items: list[list] = []
    for _day, day_entries in groupby(in_scope, key=_effective_date):
        for entry in day_entries:
            if _is_credit(entry):
                credit += -entry.amount
            elif entry.kind == KOSTEN:
                costs.append([entry.amount, entry])
            elif _is_principal(entry):
                item = [entry.amount, entry]
                principal.append(item)
                items.append(item)
        for queue in (costs, principal):
            while credit > 0 and queue:
                item = queue[0]
                paid = min(credit, item[0])
                item[0] -= paid
                credit -= paid
                if item[0] == 0:
                    queue.popleft()
    terms = tuple(
        OpenTerm(
            ref=entry.ref,
            kind=entry.kind,
            due_date=_effective_date(entry),
            amount=entry.amount,
            open=left,
        )
        for left, entry in items
        if left > 0
    )
    return OpenPrincipal(terms=terms, open_costs=sum((c[0] for c in costs), ZERO), credit=credit)


class ClaimError(ValueError):
    """The amount cannot be claimed. ``code``: ``nothing_open``, ``too_high``, ``not_positive``."""

    def __init__(self, code: str, *, open_total: Decimal = ZERO):
        super().__init__(code)
        self.code = code
        self.open_total = open_total


@dataclass(frozen=True)
class EarlierLetter:
    """An earlier 14-day letter of the tenancy whose costs were booked or are pending."""

    costed_refs: frozenset[str]  # the terms it charged costs over
    costs: Decimal  # its costs without VAT: as booked, or as stated while pending


@dataclass(frozen=True)
class ClaimLine:
    term: OpenTerm
    claimed: Decimal  # the part of the term's open amount this letter claims
    costed_before: bool  # carried costs in an earlier 14-day letter (booked or pending)


@dataclass(frozen=True)
class ClaimPlan:
    lines: tuple[ClaimLine, ...]
    open_total: Decimal  # all open principal at the letter date
    principal: Decimal  # what the letter claims (the amount it states)
    cost_base: Decimal  # claimed amounts of the terms that did not carry costs yet
    earlier_costs: Decimal  # costs of earlier letters of the same claim (without VAT)
    costs_limit: Decimal | None  # what the maximum leaves for this letter; None: no earlier
    costs: CostBreakdown  # over ``cost_base``, within ``costs_limit``

    @property
    def lowered(self) -> bool:
        return self.principal < self.open_total

    @property
    def costed_refs(self) -> frozenset[str]:
        """The terms this letter charges costs over."""
        return frozenset(line.term.ref for line in self.lines if not line.costed_before)


def capped_costs(
    principal: Decimal, *, scale: WikScale, vat: bool, limit: Decimal | None
) -> CostBreakdown:
    """The WIK costs over ``principal``, no more than ``limit`` (without VAT) when given.

    VAT is computed on the capped costs. A cap below the scale's minimum wins: the maximum
    is a ceiling on everything charged for the claim."""
    breakdown = collection_costs(principal, scale=scale, vat=vat)
    if limit is None or breakdown.costs <= limit:
        return breakdown
    costs = to_cents(max(limit, ZERO))
    vat_amount = (
        to_cents(costs * breakdown.vat_percent / Decimal(100))
        if breakdown.vat_percent is not None
        else ZERO
    )
    return replace(
        breakdown,
        maximum_applied=True,
        costs_exact=costs,
        costs=costs,
        vat=vat_amount,
        total=costs + vat_amount,
    )


def plan_claim(
    open_principal: OpenPrincipal,
    *,
    amount: Decimal | None,
    earlier: Iterable[EarlierLetter],
    scale: WikScale,
    vat: bool,
) -> ClaimPlan:
    """What a 14-day letter claims and the costs it states (module docstring, rules 1–4).

    ``amount`` None claims all open principal; otherwise it must be above zero and no more
    than the open principal (:class:`ClaimError`). ``earlier``: the tenancy's earlier
    14-day letters whose costs were booked or are pending (not those paid within the term).
    """
    earlier = list(earlier)
    costed_before = frozenset().union(*(letter.costed_refs for letter in earlier))
    open_total = open_principal.total
    if open_total <= 0:
        raise ClaimError("nothing_open")
    if amount is None:
        amount = open_total
    if amount <= 0:
        raise ClaimError("not_positive", open_total=open_total)
    if amount > open_total:
        raise ClaimError("too_high", open_total=open_total)
    lines = []
    left = amount
    for term in open_principal.terms:
        if left <= 0:
            break
        claimed = min(term.open, left)
        left -= claimed
        lines.append(ClaimLine(term=term, claimed=claimed, costed_before=term.ref in costed_before))
    cost_base = sum((line.claimed for line in lines if not line.costed_before), ZERO)
    claimed_refs = {line.term.ref for line in lines}
    # The same claim continues: the earlier letters that charged costs over a term claimed
    # again here. Their costs and this letter's stay within the maximum together.
    sharing = [letter for letter in earlier if letter.costed_refs & claimed_refs]
    earlier_costs = sum((letter.costs for letter in sharing), ZERO)
    limit = max(scale.maximum - earlier_costs, ZERO) if sharing else None
    return ClaimPlan(
        lines=tuple(lines),
        open_total=open_total,
        principal=amount,
        cost_base=cost_base,
        earlier_costs=earlier_costs,
        costs_limit=limit,
        costs=capped_costs(cost_base, scale=scale, vat=vat, limit=limit),
    )
