"""Extra-judicial collection costs with the WIK scale (norms.md §2).

Pure functions over plain values: the scale comes in as a :class:`WikScale` (load it with
:func:`woonkans.norms.selectors.wik_scale_on`), so nothing here touches the database.

Rounding: the amount per band is computed exactly (Decimal, no rounding); their sum is
clamped to the scale's minimum and maximum and then rounded once to the cent
(``ROUND_HALF_UP``). VAT is computed on those rounded costs and rounded to the cent
(``ROUND_HALF_UP``) again. The total is costs + VAT. The band amounts shown to people are
rounded for display only and need not add up to the costs to the cent.

Example: €650 → 15% = €97.50 costs; with VAT 21% = €20.475 → €20.48; total €117.98.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from woonkans.norms.scales import WikBand, WikScale

__all__ = [
    "AmountError",
    "BandLine",
    "CostBreakdown",
    "WikBand",
    "WikScale",
    "collection_costs",
    "collection_costs_for_terms",
    "parse_amount",
]

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


def to_cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class BandLine:
    """What one band adds: ``portion`` of the principal at ``rate_percent``."""

    band: WikBand
    portion: Decimal
    amount: Decimal  # exact, not rounded

    @property
    def amount_display(self) -> Decimal:
        return to_cents(self.amount)


@dataclass(frozen=True)
class CostBreakdown:
    principal: Decimal
    lines: tuple[BandLine, ...]
    scale_amount: Decimal  # exact sum of the bands, before minimum and maximum
    minimum_applied: bool
    maximum_applied: bool
    costs_exact: Decimal  # after minimum and maximum, before rounding
    costs: Decimal  # rounded to the cent
    vat_percent: Decimal | None  # None when no VAT is charged
    vat: Decimal
    total: Decimal  # costs + vat

    @property
    def with_vat(self) -> bool:
        return self.vat_percent is not None


def _check_principal(principal: Decimal) -> None:
    if not isinstance(principal, Decimal):
        raise TypeError("The principal must be a Decimal.")
    if not principal.is_finite():
        raise ValueError("The principal must be a finite amount.")
    if principal != principal.quantize(CENT):
        raise ValueError("The principal must be a whole number of cents.")


def collection_costs(principal: Decimal, *, scale: WikScale, vat: bool) -> CostBreakdown:
    """The WIK collection costs over ``principal``, with VAT when ``vat`` is true.

    A principal of zero or less means nothing is owed: the costs are 0.00. A principal that
    is not a whole number of cents is refused with ``ValueError``.
    """
    _check_principal(principal)
    vat_percent = scale.vat_percent if vat else None
    if principal <= 0:
        return CostBreakdown(
            principal=to_cents(principal),
            lines=(),
            scale_amount=ZERO,
            minimum_applied=False,
            maximum_applied=False,
            costs_exact=ZERO,
            costs=ZERO,
            vat_percent=vat_percent,
            vat=ZERO,
            total=ZERO,
        )
    lines = []
    for band in scale.bands:
        if principal <= band.lower:
            break
        top = principal if band.upper is None else min(principal, band.upper)
        portion = top - band.lower
        lines.append(
            BandLine(band=band, portion=portion, amount=portion * band.rate_percent / HUNDRED)
        )
    scale_amount = sum((line.amount for line in lines), ZERO)
    costs_exact = min(max(scale_amount, scale.minimum), scale.maximum)
    costs = to_cents(costs_exact)
    vat_amount = to_cents(costs * vat_percent / HUNDRED) if vat_percent is not None else ZERO
    return CostBreakdown(
        principal=principal,
        lines=tuple(lines),
        scale_amount=scale_amount,
        minimum_applied=scale_amount < scale.minimum,
        maximum_applied=scale_amount > scale.maximum,
        costs_exact=costs_exact,
        costs=costs,
        vat_percent=vat_percent,
        vat=vat_amount,
        total=costs + vat_amount,
    )


def collection_costs_for_terms(
    amounts: Iterable[Decimal], *, scale: WikScale, vat: bool
) -> CostBreakdown:
    """Costs for several overdue terms claimed in one letter: computed over their total
    (norms.md §2), not per term. Each term amount must be zero or more."""
    amounts = list(amounts)
    for amount in amounts:
        _check_principal(amount)
        if amount < 0:
            raise ValueError("An overdue term cannot be negative.")
    return collection_costs(sum(amounts, ZERO), scale=scale, vat=vat)


# --- reading an amount typed by a person or passed in a URL -----------------------------

_AMOUNT = re.compile(r"^(?P<int>\d+)(?:[.,](?P<frac>\d+))?$")
MAX_INTEGER_DIGITS = 12


class AmountError(ValueError):
    """An amount that cannot be read; ``str()`` is a message fit to show."""


def parse_amount(text: str | None) -> Decimal:
    """Read a non-negative euro amount such as ``1250``, ``1250.5`` or ``1250,50``.

    One decimal point or comma, at most two decimals, no thousands separators, no sign.
    Raises :class:`AmountError` with a clear message otherwise.
    """
    cleaned = (text or "").strip().removeprefix("€").strip()
    if not cleaned:
        raise AmountError(_("Enter an amount."))
    if cleaned.startswith("-"):
        raise AmountError(_("The amount must not be negative."))
    match = _AMOUNT.match(cleaned.removeprefix("+"))
    if match is None:
        raise AmountError(
            _(
                "Enter the amount in digits, with a decimal point or comma and no thousands "
                "separators, for example 1250.50 or 1250,50."
            )
        )
    if len(match["int"].lstrip("0")) > MAX_INTEGER_DIGITS:
        raise AmountError(_("The amount is too large."))
    fraction = match["frac"] or ""
    if len(fraction) > 2:
        raise AmountError(_("The amount can have at most two decimals (whole cents)."))
    return Decimal(f"{match['int']}.{fraction.ljust(2, '0')}")
