"""Pure rules for repayment capacity: the beslagvrije voet (Wet vereenvoudiging beslagvrije
voet, in force 1-1-2021) and a VTLB-style breakdown on top of it. No database: the callers
pass the norm values valid on the reference date (``selectors.norms_for``).

See ``docs/repayment-capacity.md`` for the formulas and the sources, and
``../shared/domain/norms.md`` §4–5.

Beslagvrije voet (bvv), per month, all amounts including holiday allowance:

* income at or below the applicable social-assistance norm (low income group):
  ``bvv = 95% x income``;
* never more than the maximum of the period for the household situation;
* above the norm: ``bvv = min(95% x norm + top-up, maximum, 95% x income)``. The top-up
  (compensatiekop for lost housing, care and child benefits, art. 475da lid 1 Rv) needs the
  taxable annual income and the benefit parameters; Woonkans does not compute it. When the
  consultant enters it (from the official calculation of the bailiff or the debt-help
  organisation) it is used; otherwise the **upper bound** ``min(maximum, 95% x income)`` is
  used, so a plan never asks for more than the law could leave available;
* never more than 95% of the income (art. 475dc), so at least 5% stays available.

Repayment capacity = income - bvv, never below 0. Every amount is rounded half-up to cents.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def cents(amount: Decimal) -> Decimal:
    """Round half-up to whole cents."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


class IncomeGroup:
    LOW = "laag"  # income at or below the norm
    MIDDLE = "midden"  # above the norm, formula (with the top-up) below the maximum
    HIGH = "hoog"  # the maximum applies
    ABOVE_NORM = "boven_norm"  # above the norm, top-up not entered: upper bound used
    NONE = "geen"  # no income


@dataclass(frozen=True, slots=True)
class Component:
    """One line of a calculation, shown to the consultant."""

    code: str  # stable code, e.g. "norm_95"; the label is chosen by the template
    amount: Decimal
    note: str = ""  # short machine-readable extra, e.g. the percentage used


@dataclass(frozen=True, slots=True)
class BvvResult:
    net_income: Decimal
    norm: Decimal
    maximum: Decimal
    percent: Decimal
    top_up: Decimal | None
    income_group: str
    beslagvrije_voet: Decimal
    capacity: Decimal
    components: tuple[Component, ...]

    @property
    def top_up_entered(self) -> bool:
        return self.top_up is not None


def beslagvrije_voet(
    *,
    net_income: Decimal,
    norm: Decimal,
    maximum: Decimal,
    percent: Decimal = Decimal("95"),
    top_up: Decimal | None = None,
) -> BvvResult:
    """The beslagvrije voet and the repayment capacity for a monthly net income.

    ``norm`` is the applicable social-assistance norm incl. holiday allowance, ``maximum``
    the maximum bvv of the period for the household situation, ``percent`` the 95% of the
    law, ``top_up`` the compensatiekop when known (see the module docstring).
    """
    for name, value in (("net_income", net_income), ("norm", norm), ("maximum", maximum)):
        if not isinstance(value, Decimal):
            raise TypeError(f"{name} must be Decimal")
        if value < 0:
            raise ValueError(f"{name} cannot be negative")
    if top_up is not None and top_up < 0:
        raise ValueError("top_up cannot be negative")
    income = cents(net_income)
    rate = percent / HUNDRED
    income_95 = cents(income * rate)
    norm_95 = cents(norm * rate)
    components: list[Component] = [
        Component("net_income", income),
        Component("income_95", income_95, f"{percent.normalize():f}"),
        Component("norm", cents(norm)),
        Component("norm_95", norm_95, f"{percent.normalize():f}"),
        Component("maximum", cents(maximum)),
    ]
    if income <= 0:
        group, bvv = IncomeGroup.NONE, ZERO
    elif income <= norm:
        group, bvv = IncomeGroup.LOW, min(income_95, cents(maximum))
    elif top_up is not None:
        formula = norm_95 + cents(top_up)
        components.append(Component("top_up", cents(top_up)))
        components.append(Component("formula", formula))
        group = IncomeGroup.HIGH if formula >= maximum else IncomeGroup.MIDDLE
        bvv = min(formula, cents(maximum), income_95)
    else:
        group = IncomeGroup.HIGH if income_95 >= maximum else IncomeGroup.ABOVE_NORM
        bvv = min(cents(maximum), income_95)
    capacity = max(income - bvv, ZERO)
    components.append(Component("beslagvrije_voet", bvv))
    components.append(Component("capacity", capacity))
    return BvvResult(
        net_income=income,
        norm=cents(norm),
        maximum=cents(maximum),
        percent=percent,
        top_up=cents(top_up) if top_up is not None else None,
        income_group=group,
        beslagvrije_voet=bvv,
        capacity=capacity,
        components=tuple(components),
    )


# --- VTLB-style breakdown -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Correction:
    """An addition to the protected amount (VTLB method, norms.md §5): a code from
    :data:`CORRECTION_CODES` and the monthly amount (0 or more)."""

    code: str
    amount: Decimal
    note: str = ""


#: The corrections the Recofa method knows (norms.md §5). The consultant enters the
#: amounts; only the deductible reservation is computed from a norm table.
CORRECTION_CODES = (
    "eigen_risico",  # reservation for the health-insurance deductible
    "woonkosten",  # housing costs above the rent-benefit limit
    "zorgpremie",  # actual health premium above the standard premium
    "lokale_lasten",  # local taxes
    "medische_kosten",
    "reiskosten",
    "kinderopvang",
    "alimentatie",
    "beschermingsbewind",  # costs of budget management or bewind
    "overig",
)


@dataclass(frozen=True, slots=True)
class VtlbResult:
    bvv: BvvResult
    corrections: tuple[Correction, ...]
    corrections_total: Decimal
    protected: Decimal  # bvv + corrections, at most the income
    capacity: Decimal  # income - protected, never below 0


def deductible_reservation(*, deductible_per_year: Decimal, adults: int) -> Decimal:
    """The monthly reservation for the health-insurance deductible of ``adults`` people."""
    if adults < 0:
        raise ValueError("adults cannot be negative")
    return cents(deductible_per_year * adults / 12)


def vtlb(bvv: BvvResult, corrections: Iterable[Correction] = ()) -> VtlbResult:
    """The protected amount of the VTLB method: the bvv plus the corrections, never more
    than the income; capacity = income - protected, never below 0."""
    items = tuple(c for c in corrections if c.amount)
    for c in items:
        if c.amount < 0:
            raise ValueError("a correction cannot be negative")
    total = cents(sum((c.amount for c in items), ZERO))
    protected = min(bvv.beslagvrije_voet + total, bvv.net_income)
    return VtlbResult(
        bvv=bvv,
        corrections=items,
        corrections_total=total,
        protected=protected,
        capacity=max(bvv.net_income - protected, ZERO),
    )


@dataclass(frozen=True, slots=True)
class NormUsed:
    """A norm value a calculation used, with its source (stored with the calculation)."""

    code: str
    key: str
    name: str
    value: Decimal
    unit: str
    source: str
    valid_from: str  # ISO date
    verified: bool
    verification_note: str = ""

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "key": self.key,
            "name": self.name,
            "value": f"{self.value.normalize():f}"
            if self.unit == "percent"
            else f"{self.value:.2f}",
            "unit": self.unit,
            "source": self.source,
            "valid_from": self.valid_from,
            "verified": self.verified,
            "verification_note": self.verification_note,
        }


@dataclass(frozen=True)
class NormSet:
    """The norm values for one household situation on one date."""

    norm: NormUsed  # social-assistance norm incl. holiday allowance
    maximum: NormUsed  # maximum bvv
    percent: NormUsed  # 95
    deductible: NormUsed | None = None  # eigen risico per year
    extra: tuple[NormUsed, ...] = field(default=())

    @property
    def all(self) -> list[NormUsed]:
        rows = [self.norm, self.percent, self.maximum]
        if self.deductible is not None:
            rows.append(self.deductible)
        return [*rows, *self.extra]
