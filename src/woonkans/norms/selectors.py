"""Reading the norms valid on a date.

A table's values on a date are its *version* on that date: all rows with the latest
``valid_from`` on or before the date. A key that is missing from that version has no value
on that date, even when an older version had one: a half-entered new version fails loudly
instead of silently mixing old and new amounts.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Q

from .models import NormTable, NormValue
from .scales import WikBand, WikScale

WIK_STAFFEL = "wik_staffel"
WIK_MINIMUM = "wik_minimum"
WIK_MAXIMUM = "wik_maximum"
BTW_TARIEF = "btw_tarief"


class NormNotFound(LookupError):
    """No value of a norm applies on the requested date."""


def _version_date(code: str, on: date) -> date:
    if not NormTable.objects.filter(code=code).exists():
        raise NormNotFound(f"There is no norm table '{code}'.")
    latest = NormValue.objects.filter(table__code=code, valid_from__lte=on).aggregate(
        latest=Max("valid_from")
    )["latest"]
    if latest is None:
        raise NormNotFound(f"Norm table '{code}' has no values valid on {on.isoformat()}.")
    return latest


def norm_table(code: str, *, on: date) -> list[NormValue]:
    """All values of table ``code`` valid on ``on``, ordered by key.

    Raises :class:`NormNotFound` if the table does not exist or has no values on that date.
    """
    version = _version_date(code, on)
    return list(
        NormValue.objects.filter(table__code=code, valid_from=version)
        .select_related("table")
        .order_by("key")
    )


def norm_value(code: str, key: str = "", *, on: date) -> NormValue:
    """The value of ``key`` in table ``code`` valid on ``on``.

    Raises :class:`NormNotFound` when the table's version on that date has no such key.
    """
    version = _version_date(code, on)
    try:
        return NormValue.objects.select_related("table").get(
            table__code=code, key=key, valid_from=version
        )
    except NormValue.DoesNotExist:
        label = f"key '{key}'" if key else "a value"
        raise NormNotFound(
            f"Norm table '{code}' has no {label} in its version of "
            f"{version.isoformat()} (valid on {on.isoformat()})."
        ) from None


def wik_scale_on(day: date) -> WikScale:
    """The WIK scale, its minimum and maximum and the VAT rate valid on ``day``."""
    rows = norm_table(WIK_STAFFEL, on=day)
    bands = tuple(
        WikBand(
            lower=row.lower_bound if row.lower_bound is not None else Decimal("0"),
            upper=row.upper_bound,
            rate_percent=row.value,
        )
        for row in sorted(rows, key=lambda r: r.lower_bound or Decimal("0"))
    )
    minimum = norm_value(WIK_MINIMUM, on=day)
    maximum = norm_value(WIK_MAXIMUM, on=day)
    vat = norm_value(BTW_TARIEF, on=day)
    return WikScale(
        bands=bands,
        minimum=minimum.value,
        maximum=maximum.value,
        vat_percent=vat.value,
        valid_on=day,
        source=rows[0].source,
        vat_source=vat.source,
    )


def tables_overview():
    """Norm tables with their number of values and of values still to verify."""
    return NormTable.objects.annotate(
        value_count=Count("values"),
        unverified_count=Count("values", filter=Q(values__verified=False)),
    ).order_by("name")


def table_versions(table: NormTable) -> list[dict]:
    """The table's values grouped per ``valid_from`` date, newest first.

    Each version lists the keys that an older version had but this one lacks, so an
    administrator sees a half-entered new version.
    """
    values = list(
        table.values.select_related("created_by", "changed_by").order_by("valid_from", "key")
    )
    versions: list[dict] = []
    for value in values:
        if not versions or versions[-1]["valid_from"] != value.valid_from:
            versions.append({"valid_from": value.valid_from, "values": []})
        versions[-1]["values"].append(value)
    previous_keys: set[str] = set()
    for version in versions:
        keys = {v.key for v in version["values"]}
        version["missing_keys"] = sorted(previous_keys - keys)
        previous_keys = keys
    versions.reverse()
    return versions
