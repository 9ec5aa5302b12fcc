"""Money in templates: ``{% load money %}`` … ``{{ amount|euro }}``.

Amounts are Decimals (never floats) shown to the cent with thousands separators, in the
notation of the page's language: Dutch ``€ 1.234,56`` (a no-break space after the sign,
``€ -1.234,56`` when negative), English ``€1,234.56`` (``-€1,234.56``). Empty values
(``None``, ``""``) show as nothing, so a template can write ``{{ x|euro|default:"–" }}``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

register = template.Library()

NBSP = "\u00a0"
CENT = Decimal("0.01")


def format_money(amount: Decimal) -> str:
    """``amount`` in euros, in the notation of the active language."""
    cents = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    digits = number_format(abs(cents), decimal_pos=2, force_grouping=True)
    negative = cents < 0
    if (get_language() or "nl").lower().startswith("en"):
        return f"{'-' if negative else ''}€{digits}"
    return f"€{NBSP}{'-' if negative else ''}{digits}"


@register.filter(is_safe=True)
def euro(value) -> str:
    """``{{ amount|euro }}``: see the module docstring."""
    if value is None or value == "":
        return ""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
    if not amount.is_finite():
        return str(value)
    return format_money(amount)
