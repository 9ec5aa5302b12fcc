"""Plain values built from the norm tables, for pure calculations without the database.

:func:`woonkans.norms.selectors.wik_scale_on` loads a :class:`WikScale` for a date; the
collection-cost calculation (:mod:`woonkans.arrears.costs`) takes it as an argument.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


class InvalidScale(ValueError):
    """The bands of a scale do not form one unbroken range from zero upwards."""


@dataclass(frozen=True)
class WikBand:
    """Part of the principal from ``lower`` (exclusive) up to ``upper`` (inclusive; ``None``
    for no limit) is charged at ``rate_percent`` percent."""

    lower: Decimal
    upper: Decimal | None
    rate_percent: Decimal


@dataclass(frozen=True)
class WikScale:
    """The WIK scale (Besluit vergoeding voor buitengerechtelijke incassokosten) on a date."""

    bands: tuple[WikBand, ...]
    minimum: Decimal
    maximum: Decimal
    vat_percent: Decimal
    valid_on: date | None = None
    source: str = ""
    vat_source: str = ""

    def __post_init__(self) -> None:
        if not self.bands:
            raise InvalidScale("A WIK scale needs at least one band.")
        expected_lower = Decimal("0")
        for index, band in enumerate(self.bands):
            if band.lower != expected_lower:
                raise InvalidScale(
                    f"Band {index + 1} starts at {band.lower}, expected {expected_lower}."
                )
            if band.rate_percent < 0:
                raise InvalidScale(f"Band {index + 1} has a negative rate.")
            last = index == len(self.bands) - 1
            if band.upper is None:
                if not last:
                    raise InvalidScale(f"Only the last band may be open-ended (band {index + 1}).")
            else:
                if band.upper <= band.lower:
                    raise InvalidScale(f"Band {index + 1} ends before it starts.")
                expected_lower = band.upper
        if self.bands[-1].upper is not None:
            raise InvalidScale("The last band must be open-ended.")
        if self.minimum < 0 or self.maximum < self.minimum:
            raise InvalidScale("The minimum must be at least zero and at most the maximum.")
        if self.vat_percent < 0:
            raise InvalidScale("The VAT rate must not be negative.")
