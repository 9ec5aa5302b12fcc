"""Parsing single values of import files. Each parser returns the value or raises
:class:`BadValue` with a translatable reason."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _


class BadValue(ValueError):
    pass


_PLAIN = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_GROUPED = {
    ",": re.compile(r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$"),
    ".": re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$"),
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_amount(text: str, *, decimal_separator: str = "") -> Decimal:
    """An amount in euros, exact to the cent.

    ``decimal_separator`` empty: ``1234.56`` or ``1234,56``, no thousands separator.
    ``","``: ``1.234,56`` or ``1234,56``. ``"."``: ``1,234.56`` or ``1234.56``.
    More than two decimals is an error, never rounded.
    """
    value = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if not value:
        raise BadValue(_("An amount is required."))
    if decimal_separator in _GROUPED:
        if not _GROUPED[decimal_separator].match(value):
            raise BadValue(_("Not an amount: %(value)s.") % {"value": text})
        thousands = "." if decimal_separator == "," else ","
        value = value.replace(thousands, "").replace(decimal_separator, ".")
    else:
        if not _PLAIN.match(value):
            raise BadValue(
                _(
                    "Not an amount: %(value)s. Write e.g. 1234.56 or 1234,56, "
                    "without a thousands separator."
                )
                % {"value": text}
            )
        value = value.replace(",", ".")
    if "." in value and len(value.split(".", 1)[1]) > 2:
        raise BadValue(_("More than two decimals: %(value)s.") % {"value": text})
    try:
        amount = Decimal(value)
    except InvalidOperation as exc:  # pragma: no cover - the patterns above exclude it
        raise BadValue(_("Not an amount: %(value)s.") % {"value": text}) from exc
    if abs(amount) >= Decimal("10000000000"):
        raise BadValue(_("The amount is too large: %(value)s.") % {"value": text})
    return amount.quantize(Decimal("0.01"))


def parse_date(value, *, date_format: str = "") -> date:
    """A date as ``YYYY-MM-DD`` (or the mapping's ``strftime`` format); XLSX date cells
    come in as dates already."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = (value or "").strip()
    if not text:
        raise BadValue(_("A date is required."))
    try:
        if date_format:
            return datetime.strptime(text, date_format).date()  # noqa: DTZ007 - a date only
        if not _ISO_DATE.match(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError as exc:
        raise BadValue(
            _("Not a valid date: %(value)s (expected %(format)s).")
            % {"value": text, "format": date_format or "YYYY-MM-DD"}
        ) from exc


def parse_optional_date(value, *, date_format: str = "") -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_date(value, date_format=date_format)


def check_length(value: str, limit: int) -> str:
    if len(value) > limit:
        raise BadValue(_("Longer than %(limit)d characters.") % {"limit": limit})
    return value


def split_name(full: str) -> tuple[str, str]:
    """'Jan de Vries' -> ('Jan', 'de Vries'); 'Vries, Jan de' -> ('Jan de', 'Vries');
    a single word is the last name."""
    full = " ".join(full.split())
    if "," in full:
        last, first = (part.strip() for part in full.split(",", 1))
        return first, last
    if " " in full:
        first, last = full.split(" ", 1)
        return first, last
    return "", full
