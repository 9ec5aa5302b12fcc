"""Pure rules for payment plans: the corporation's standard demand against the household's
repayment capacity, months to pay off, a projected balance, and splitting the capacity over
creditors. No database. See ``docs/repayment-capacity.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")
#: A simulation stops after this many months (50 years): "not within a lifetime".
MAX_SIMULATED_MONTHS = 600


def _cents_up(amount: Decimal) -> Decimal:
    """Round up to whole cents (a term amount that pays the total in time)."""
    down = amount.quantize(CENT, rounding=ROUND_DOWN)
    return down if down == amount else down + CENT


def months_needed(*, debt: Decimal, monthly: Decimal, at_once: Decimal = ZERO) -> int | None:
    """Monthly terms of ``monthly`` needed to pay ``debt`` after paying ``at_once``.

    0 when the payment at once covers the debt; ``None`` when nothing is paid monthly and
    something is left (never paid off)."""
    rest = debt - at_once
    if rest <= 0:
        return 0
    if monthly <= 0:
        return None
    whole, remainder = divmod(rest, monthly)
    return int(whole) + (1 if remainder > 0 else 0)


def monthly_for(*, debt: Decimal, terms: int, at_once: Decimal = ZERO) -> Decimal:
    """The amount per month to pay ``debt`` in ``terms`` months after ``at_once`` (rounded
    up to the cent, so the last term may be smaller)."""
    if terms < 1:
        raise ValueError("at least one term")
    rest = max(debt - at_once, ZERO)
    return _cents_up(rest / terms)


@dataclass(frozen=True, slots=True)
class Plan:
    """A plan: an amount at once and then monthly terms until the debt is paid."""

    code: str  # "standard", "capacity", "max_terms", "proposal", "demand"
    debt: Decimal
    at_once: Decimal
    monthly: Decimal
    terms: int | None  # monthly terms after the payment at once; None: never paid off
    affordable: bool
    over_capacity: Decimal  # how much the monthly amount exceeds the capacity (0 if not)
    at_once_short: Decimal  # how much the amount at once exceeds what is available

    @property
    def months_total(self) -> int | None:
        return self.terms

    @property
    def last_term(self) -> Decimal:
        if not self.terms:
            return ZERO
        return self.debt - self.at_once - self.monthly * (self.terms - 1)


def assess(
    *,
    code: str,
    debt: Decimal,
    at_once: Decimal,
    monthly: Decimal,
    capacity: Decimal,
    available_at_once: Decimal = ZERO,
) -> Plan:
    """A plan and whether the household can keep it: the monthly amount within the
    capacity and the amount at once within what is available (savings, a fund)."""
    at_once = min(max(at_once, ZERO), debt)
    terms = months_needed(debt=debt, monthly=monthly, at_once=at_once)
    over = max(monthly - capacity, ZERO) if terms else ZERO
    short = max(at_once - available_at_once, ZERO)
    return Plan(
        code=code,
        debt=debt,
        at_once=at_once,
        monthly=monthly if terms else ZERO,
        terms=terms,
        affordable=terms is not None and over == 0 and short == 0,
        over_capacity=over,
        at_once_short=short,
    )


def standard_demand(
    *,
    debt: Decimal,
    upfront_percent: Decimal,
    months: int,
    capacity: Decimal,
    available_at_once: Decimal = ZERO,
) -> Plan:
    """The corporation's standard demand: ``upfront_percent`` of the debt at once
    (rounded half-up to the cent) and the rest in ``months`` equal terms."""
    at_once = (debt * upfront_percent / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
    monthly = monthly_for(debt=debt, terms=months, at_once=at_once) if debt > at_once else ZERO
    return assess(
        code="standard",
        debt=debt,
        at_once=at_once,
        monthly=monthly,
        capacity=capacity,
        available_at_once=available_at_once,
    )


def alternatives(
    *,
    debt: Decimal,
    capacity: Decimal,
    available_at_once: Decimal = ZERO,
    max_terms: int | None = None,
) -> list[Plan]:
    """Plans that fit the capacity: what is available at once, then the full capacity each
    month. When that needs more than ``max_terms`` terms, also the plan that pays the debt
    in ``max_terms`` terms (marked not affordable when it exceeds the capacity)."""
    at_once = min(available_at_once, debt)
    plans = []
    if capacity > 0 or at_once >= debt:
        plans.append(
            assess(
                code="capacity",
                debt=debt,
                at_once=at_once,
                monthly=capacity,
                capacity=capacity,
                available_at_once=available_at_once,
            )
        )
    needed = months_needed(debt=debt, monthly=capacity, at_once=at_once)
    if max_terms and (needed is None or needed > max_terms) and debt > at_once:
        plans.append(
            assess(
                code="max_terms",
                debt=debt,
                at_once=at_once,
                monthly=monthly_for(debt=debt, terms=max_terms, at_once=at_once),
                capacity=capacity,
                available_at_once=available_at_once,
            )
        )
    return plans


def projected_balance(plan: Plan, *, limit: int = MAX_SIMULATED_MONTHS) -> list[Decimal]:
    """The balance left after month 0 (the payment at once) and after each monthly term,
    until 0 or ``limit`` months."""
    balance = plan.debt - plan.at_once
    points = [max(balance, ZERO)]
    if plan.monthly <= 0:
        return points
    month = 0
    while balance > 0 and month < limit:
        balance = max(balance - plan.monthly, ZERO)
        points.append(balance)
        month += 1
    return points


# --- Splitting the capacity over creditors ------------------------------------------------


class SplitMethod:
    PRO_RATA = "pro_rata"
    PRIORITY = "priority"


@dataclass(frozen=True, slots=True)
class DebtIn:
    key: str  # the debt's id as text, or any label
    creditor: str
    amount: Decimal
    priority: int = 3  # 1 = most urgent


@dataclass(frozen=True, slots=True)
class Share:
    key: str
    creditor: str
    amount: Decimal
    priority: int
    first_month: Decimal  # the capacity this debt gets in the first month
    months: int | None  # months until paid off; None: not within the simulated period
    paid_in_simulation: Decimal


@dataclass(frozen=True, slots=True)
class Split:
    method: str
    capacity: Decimal
    shares: tuple[Share, ...]
    months: int | None  # until every debt is paid; None: not within the simulated period
    balances: tuple[Decimal, ...]  # total balance at the start and after each month


def _pro_rata(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """``amount`` divided in proportion to ``weights`` in whole cents, adding up exactly
    (largest remainders get the leftover cents; ties to the earlier item)."""
    total = sum(weights, ZERO)
    if total <= 0 or amount <= 0:
        return [ZERO for _ in weights]
    exact = [amount * w / total for w in weights]
    floors = [e.quantize(CENT, rounding=ROUND_DOWN) for e in exact]
    left = int(((amount - sum(floors, ZERO)) / CENT).to_integral_value(rounding=ROUND_HALF_UP))
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += CENT
    return floors


def _month(capacity: Decimal, balances: list[Decimal], debts: Sequence[DebtIn], method: str):
    """One month's payments per debt: never more than a debt's balance; what a paid-off
    debt does not need goes to the others."""
    pay = [ZERO] * len(debts)
    left = capacity
    while left > 0:
        open_idx = [i for i, b in enumerate(balances) if b - pay[i] > 0]
        if not open_idx:
            break
        if method == SplitMethod.PRIORITY:
            top = min(debts[i].priority for i in open_idx)
            open_idx = [i for i in open_idx if debts[i].priority == top]
        parts = _pro_rata(left, [debts[i].amount for i in open_idx])
        spent = ZERO
        for i, part in zip(open_idx, parts, strict=True):
            part = min(part, balances[i] - pay[i])
            pay[i] += part
            spent += part
        if spent == 0:
            break
        left -= spent
    return pay


def split_capacity(
    *,
    capacity: Decimal,
    debts: Sequence[DebtIn],
    method: str = SplitMethod.PRO_RATA,
    limit: int = MAX_SIMULATED_MONTHS,
) -> Split:
    """Divide a monthly capacity over debts, month by month until all are paid.

    ``pro_rata``: in proportion to the original amounts. ``priority``: all to the most
    urgent debts first (pro rata among equal priority). A debt never gets more than its
    balance; the rest of the month's capacity goes to the other debts."""
    if method not in (SplitMethod.PRO_RATA, SplitMethod.PRIORITY):
        raise ValueError(f"unknown method {method}")
    balances = [max(d.amount, ZERO) for d in debts]
    first = [ZERO] * len(debts)
    paid = [ZERO] * len(debts)
    done_month: list[int | None] = [0 if b == 0 else None for b in balances]
    series = [sum(balances, ZERO)]
    month = 0
    while sum(balances, ZERO) > 0 and month < limit and capacity > 0:
        month += 1
        pay = _month(capacity, balances, debts, method)
        for i, p in enumerate(pay):
            if month == 1:
                first[i] = p
            balances[i] -= p
            paid[i] += p
            if balances[i] == 0 and done_month[i] is None:
                done_month[i] = month
        series.append(sum(balances, ZERO))
    shares = tuple(
        Share(
            key=d.key,
            creditor=d.creditor,
            amount=d.amount,
            priority=d.priority,
            first_month=first[i],
            months=done_month[i],
            paid_in_simulation=paid[i],
        )
        for i, d in enumerate(debts)
    )
    all_done = all(m is not None for m in done_month)
    return Split(
        method=method,
        capacity=capacity,
        shares=shares,
        months=max((m for m in done_month if m is not None), default=0) if all_done else None,
        balances=tuple(series),
    )
