"""Reading norms by date: the version valid on a date, its boundaries and clear errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from woonkans.norms.models import NormTable, NormValue
from woonkans.norms.selectors import NormNotFound, norm_table, norm_value, wik_scale_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def table():
    table = NormTable.objects.create(code="testnorm", name="Test norm", unit="euro")
    for valid_from, key, value in [
        (date(2025, 1, 1), "a", "10.00"),
        (date(2025, 1, 1), "b", "20.00"),
        (date(2025, 7, 1), "a", "11.00"),
        (date(2025, 7, 1), "b", "21.00"),
        (date(2026, 1, 1), "a", "12.00"),  # a half-entered new version: no "b"
    ]:
        NormValue.objects.create(
            table=table, valid_from=valid_from, key=key, value=D(value), source="Test"
        )
    return table


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 1, 1), "10.00"),
        (date(2025, 6, 30), "10.00"),  # the day before the next version
        (date(2025, 7, 1), "11.00"),  # its first day
        (date(2025, 7, 2), "11.00"),
        (date(2030, 1, 1), "12.00"),
    ],
)
def test_value_of_the_latest_version_on_or_before_the_date(table, day, expected):
    assert norm_value("testnorm", "a", on=day).value == D(expected)


def test_no_value_before_the_first_version(table):
    with pytest.raises(NormNotFound, match=r"testnorm.*2024-12-31"):
        norm_value("testnorm", "a", on=date(2024, 12, 31))


def test_a_key_missing_from_the_version_is_an_error_not_an_old_value(table):
    assert norm_value("testnorm", "b", on=date(2025, 12, 31)).value == D("21.00")
    with pytest.raises(NormNotFound, match="key 'b'"):
        norm_value("testnorm", "b", on=date(2026, 1, 1))


def test_table_on_a_date_is_one_version(table):
    assert [(v.key, v.value) for v in norm_table("testnorm", on=date(2025, 8, 1))] == [
        ("a", D("11.00")),
        ("b", D("21.00")),
    ]
    assert [v.key for v in norm_table("testnorm", on=date(2026, 1, 1))] == ["a"]


def test_unknown_table_is_a_clear_error():
    with pytest.raises(NormNotFound, match="no norm table 'does_not_exist'"):
        norm_table("does_not_exist", on=date(2026, 1, 1))


def test_wik_scale_starts_on_1_july_2012():
    scale = wik_scale_on(date(2012, 7, 1))
    assert scale.minimum == D("40") and scale.maximum == D("6775")
    assert scale.vat_percent == D("19")  # the general VAT rate until 30-9-2012
    assert wik_scale_on(date(2012, 10, 1)).vat_percent == D("21")
    with pytest.raises(NormNotFound):
        wik_scale_on(date(2012, 6, 30))
