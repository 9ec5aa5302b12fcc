"""The ``euro`` template filter: to the cent, grouped in thousands, per language."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from woonkans.core.templatetags.money import euro

NBSP = "\u00a0"

amounts = st.decimals(
    min_value=Decimal("-10000000"), max_value=Decimal("10000000"), places=2, allow_nan=False
)


@pytest.mark.parametrize(
    ("language", "amount", "expected"),
    [
        ("nl", Decimal("1234.56"), f"€{NBSP}1.234,56"),
        ("nl", Decimal("2150"), f"€{NBSP}2.150,00"),
        ("nl", Decimal("650.00"), f"€{NBSP}650,00"),
        ("nl", Decimal("-1075.5"), f"€{NBSP}-1.075,50"),
        ("nl", Decimal("1234567.891"), f"€{NBSP}1.234.567,89"),
        ("en", Decimal("1234.56"), "€1,234.56"),
        ("en", Decimal("2150"), "€2,150.00"),
        ("en", Decimal("-1075.5"), "-€1,075.50"),
        ("en", Decimal("0.005"), "€0.01"),  # half up to the cent
    ],
)
def test_examples(language, amount, expected):
    with translation.override(language):
        assert euro(amount) == expected


def test_empty_values_show_nothing_and_strings_are_read_as_decimals():
    with translation.override("nl"):
        assert euro(None) == ""
        assert euro("") == ""
        assert euro("1125.00") == f"€{NBSP}1.125,00"
        assert euro("not a number") == "not a number"


def test_in_a_template():
    with translation.override("en"):
        html = Template("{% load money %}{{ x|euro }}").render(Context({"x": Decimal("7000")}))
    assert html == "€7,000.00"


def _read(text: str, thousands: str, decimal: str) -> Decimal:
    """Parse a formatted amount back, checking that the digits are grouped by three."""
    sign = "-" if "-" in text else ""
    digits = text.replace("€", "").replace(NBSP, "").replace("-", "")
    whole, cents = digits.split(decimal)
    assert re.fullmatch(r"\d{1,3}(" + re.escape(thousands) + r"\d{3})*", whole), text
    assert re.fullmatch(r"\d{2}", cents), text
    return Decimal(f"{sign}{whole.replace(thousands, '')}.{cents}")


@given(amounts)
def test_dutch_notation_reads_back_to_the_amount(amount):
    with translation.override("nl"):
        text = euro(amount)
    assert text.startswith(f"€{NBSP}")
    assert _read(text, ".", ",") == amount


@given(amounts)
def test_english_notation_reads_back_to_the_amount(amount):
    with translation.override("en"):
        text = euro(amount)
    assert text.lstrip("-").startswith("€") and NBSP not in text
    assert _read(text, ",", ".") == amount
