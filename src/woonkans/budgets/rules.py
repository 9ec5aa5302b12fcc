"""Pure budget and debt rules: no database, tested with property tests."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from woonkans.budgets.models import ChargeKind, CreditorKind, LivingMoneyFrequency

# Rent, energy, water and health insurance first: arrears there lead to eviction,
# disconnection and the health-insurance premium withheld at source (bronheffing).
_PRIORITY_BY_KIND: dict[str, int] = {
    CreditorKind.VERHUURDER: 1,
    CreditorKind.ENERGIE: 1,
    CreditorKind.WATER: 1,
    CreditorKind.ZORGVERZEKERAAR: 1,
    CreditorKind.BELASTINGEN: 2,
    CreditorKind.OVERHEID: 2,
    CreditorKind.TELECOM: 3,
    CreditorKind.OVERIG: 3,
}

PRIORITY_KINDS = frozenset(k for k, p in _PRIORITY_BY_KIND.items() if p == 1)


def priority_for_kind(kind: str) -> int:
    """The default priority of a debt (1 = most urgent) from the creditor's kind."""
    return _PRIORITY_BY_KIND.get(kind, 3)


# --------------------------------------------------------------------------------------
# Money per month
# --------------------------------------------------------------------------------------

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# Transfers per year for each living-money frequency.
TRANSFERS_PER_YEAR: dict[str, int] = {
    LivingMoneyFrequency.WEEKLY: 52,
    LivingMoneyFrequency.FORTNIGHTLY: 26,
    LivingMoneyFrequency.MONTHLY: 12,
}


def cents(amount: Decimal) -> Decimal:
    """Round half-up to cents."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def living_money_per_month(amount: Decimal, frequency: str) -> Decimal:
    """The monthly equivalent of living money paid ``frequency``: a year's transfers
    spread over twelve months (weekly €50 is €216.67 a month), rounded half-up to cents."""
    per_year = TRANSFERS_PER_YEAR[frequency]
    return cents(amount * per_year / 12)


@dataclass(frozen=True)
class Overview:
    """The monthly budget: income − fixed charges − living money − repayments."""

    income: Decimal
    fixed_charges: Decimal
    living_money: Decimal
    repayments: Decimal

    @property
    def balance(self) -> Decimal:
        return self.income - self.fixed_charges - self.living_money - self.repayments

    @property
    def is_shortfall(self) -> bool:
        return self.balance < 0


def overview(
    *,
    incomes: Iterable[Decimal],
    charges: Iterable[Decimal],
    living_money_amount: Decimal,
    living_money_frequency: str,
    repayments: Iterable[Decimal],
) -> Overview:
    return Overview(
        income=cents(sum(incomes, ZERO)),
        fixed_charges=cents(sum(charges, ZERO)),
        living_money=living_money_per_month(living_money_amount, living_money_frequency),
        repayments=cents(sum(repayments, ZERO)),
    )


# --------------------------------------------------------------------------------------
# Warnings: a fixed charge that would go unpaid this month
# --------------------------------------------------------------------------------------

# Charges whose arrears lead to eviction, disconnection or the premium at source.
ESSENTIAL_CHARGES = frozenset(
    {ChargeKind.HUUR, ChargeKind.ENERGIE, ChargeKind.WATER, ChargeKind.ZORGVERZEKERING}
)

NOT_PAID_BY_DUE_DAY = "not_paid_by_due_day"
INCOME_SHORT = "income_short"


@dataclass(frozen=True)
class ChargeFacts:
    key: object  # the charge's id
    kind: str
    amount: Decimal
    due_day: int
    paid_this_month: Decimal  # sum of the consultant's payments for it this month


@dataclass(frozen=True)
class ChargeWarning:
    key: object
    reason: str  # NOT_PAID_BY_DUE_DAY or INCOME_SHORT
    due_on: date
    missing: Decimal  # what is still to be paid this month


def due_date_in_month(year: int, month: int, day: int) -> date:
    """The due day in that month; a day past the month's end falls on its last day."""
    return date(year, month, min(day, monthrange(year, month)[1]))


# A charge is often paid before its due day (right after the income arrives at the end of
# the previous month). Payments made up to this many days before the due day count for
# that month's term; earlier ones belong to the previous term.
EARLY_PAYMENT_DAYS = 14


def payment_window_start(today: date, due_day: int) -> date:
    """First day from which a payment counts for this month's term of a charge due on
    ``due_day``: the 1st of the month, or up to EARLY_PAYMENT_DAYS before the due date
    when that is earlier (rent due on the 1st paid on the 31st counts for the 1st)."""
    due_on = due_date_in_month(today.year, today.month, due_day)
    return min(today.replace(day=1), due_on - timedelta(days=EARLY_PAYMENT_DAYS))


def charge_warnings(
    charges: Iterable[ChargeFacts], *, income_this_month: Decimal, today: date
) -> list[ChargeWarning]:
    """Essential charges (rent, energy, water, health insurance) that would go unpaid this
    month: not paid in full by their due day (once it has passed), or — while still open —
    when the month's income does not cover all fixed charges."""
    charges = list(charges)
    total = sum((c.amount for c in charges), ZERO)
    income_short = income_this_month < total
    warnings: list[ChargeWarning] = []
    for charge in charges:
        if charge.kind not in ESSENTIAL_CHARGES:
            continue
        missing = charge.amount - charge.paid_this_month
        if missing <= 0:
            continue
        due_on = due_date_in_month(today.year, today.month, charge.due_day)
        if today > due_on:
            warnings.append(ChargeWarning(charge.key, NOT_PAID_BY_DUE_DAY, due_on, missing))
        elif income_short:
            warnings.append(ChargeWarning(charge.key, INCOME_SHORT, due_on, missing))
    return warnings


# --------------------------------------------------------------------------------------
# Quarters
# --------------------------------------------------------------------------------------


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    if not 1 <= quarter <= 4:
        raise ValueError("quarter must be 1..4")
    first_month = 3 * (quarter - 1) + 1
    last_month = first_month + 2
    return date(year, first_month, 1), date(year, last_month, monthrange(year, last_month)[1])


def previous_quarter(day: date) -> tuple[int, int]:
    year, quarter = quarter_of(day)
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def months_of_quarter(year: int, quarter: int) -> list[tuple[int, int]]:
    first_month = 3 * (quarter - 1) + 1
    return [(year, m) for m in range(first_month, first_month + 3)]


def rent_paid_on_time(
    *,
    year: int,
    quarter: int,
    due_day: int,
    payments: Iterable[tuple[date, Decimal]],
    rent: Decimal,
) -> int:
    """How many months of the quarter had the rent paid in full by its due day, from the
    consultant's payments for the rent charge (date, amount). A month's rent counts the
    payments after the previous month's due day up to and including its own due day."""
    payments = list(payments)
    on_time = 0
    for y, m in months_of_quarter(year, quarter):
        due_on = due_date_in_month(y, m, due_day)
        py, pm = (y, m - 1) if m > 1 else (y - 1, 12)
        previous_due = due_date_in_month(py, pm, due_day)
        paid = sum((a for d, a in payments if previous_due < d <= due_on), ZERO)
        if paid >= rent:
            on_time += 1
    return on_time
