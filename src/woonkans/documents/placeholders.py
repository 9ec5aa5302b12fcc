"""Placeholders of letter templates and the sandbox that renders them.

A letter template is plain text in a small subset of the Django template language:

* ``{{ name }}`` inserts a placeholder from :data:`PLACEHOLDERS` — no filters, no
  attribute look-ups other than the listed names (``huurder.naam``);
* ``{% if name %}`` … ``{% elif name %}`` … ``{% else %}`` … ``{% endif %}``, where the
  condition is placeholders joined with ``and``, ``or`` and ``not``;
* ``{# comments #}``.

Anything else — other tags (``{% include %}``, ``{% load %}``, ``{% url %}``), filters,
unknown names — is refused by :func:`template_errors` when the template is saved, with a
message that names the problem. Rendering uses a separate template engine without
loaders or libraries and a plain dict of strings and booleans, never model objects, so even
a template that slipped past validation could not reach into the database.

The values are formatted for Dutch letters (``€ 1.234,56``, ``17 december 2025``),
whatever the language of the person generating the letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Lexer, TokenType
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .kinds import LetterKind

__all__ = [
    "PLACEHOLDERS",
    "MissingValues",
    "Placeholder",
    "format_date_nl",
    "format_euro",
    "nested",
    "placeholders_for",
    "render_text",
    "required_errors",
    "template_errors",
    "used_placeholders",
]

K = LetterKind
_WITH_AMOUNT = frozenset({K.HERINNERING, K.VEERTIENDAGENBRIEF, K.UITNODIGING})
_FOURTEEN_DAY = frozenset({K.VEERTIENDAGENBRIEF})


@dataclass(frozen=True)
class Placeholder:
    name: str
    description: str
    # Kinds of letter that may use it; None for every kind. Amounts never appear on a card
    # or a note left at the door: others can read those.
    kinds: frozenset[str] | None = None
    # Only for {% if %}: a yes/no value that would print as True/False.
    condition_only: bool = False

    def allowed_in(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds


P = Placeholder
PLACEHOLDERS: tuple[Placeholder, ...] = (
    P("huurder.naam", gettext_lazy("Name of the tenant or tenants")),
    P("adres", gettext_lazy("Address of the home, on one line")),
    P("adres_straat", gettext_lazy("Street and house number")),
    P("adres_postcode_plaats", gettext_lazy("Postcode and town")),
    P("overeenkomstnummer", gettext_lazy("Contract number of the tenancy")),
    P("datum", gettext_lazy("Date of the letter")),
    P("corporatie", gettext_lazy("Name of the housing corporation")),
    P("afzender_adres", gettext_lazy("Address of the corporation (from the letter settings)")),
    P("contactpersoon", gettext_lazy("Name of the contact person who signs")),
    P("telefoon", gettext_lazy("Phone number for the tenant")),
    P("bedrag_achterstand", gettext_lazy("Amount of the arrears"), _WITH_AMOUNT),
    P(
        "incassokosten",
        gettext_lazy("Collection costs if not paid in time (WIK scale, without VAT)"),
        _FOURTEEN_DAY,
    ),
    P("btw", gettext_lazy("VAT on the collection costs (zero when no VAT)"), _FOURTEEN_DAY),
    P(
        "btw_van_toepassing",
        gettext_lazy("Yes when VAT is added to the collection costs; only in {% if %}"),
        _FOURTEEN_DAY,
        condition_only=True,
    ),
    P("totaal", gettext_lazy("Collection costs including VAT"), _FOURTEEN_DAY),
    P(
        "totaal_met_kosten",
        gettext_lazy("Arrears plus collection costs including VAT: owed after the deadline"),
        _FOURTEEN_DAY,
    ),
    P("ontvangstdatum", gettext_lazy("Day the letter is presumed received"), _FOURTEEN_DAY),
    P(
        "uiterste_betaaldatum",
        gettext_lazy("Last day to pay: 14 days counted from the day after receipt"),
        _FOURTEEN_DAY,
    ),
    P(
        "afspraak",
        gettext_lazy("Day, time and place of the talk, as typed when generating"),
        frozenset({K.UITNODIGING}),
    ),
)
_BY_NAME = {placeholder.name: placeholder for placeholder in PLACEHOLDERS}

# The legally required elements of the 14-day letter (art. 6:96(6) BW, norms.md §2): the
# amount owed, the exact costs, whether VAT is added, and the exact last day to pay.
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    K.VEERTIENDAGENBRIEF: (
        ("bedrag_achterstand",),
        ("incassokosten",),
        ("btw_van_toepassing", "btw"),
        ("uiterste_betaaldatum",),
    ),
}

_ALLOWED_TAGS = frozenset({"if", "elif", "else", "endif"})
_OPERATORS = frozenset({"and", "or", "not"})
_NAME = re.compile(r"[a-z_]+(?:\.[a-z_]+)?")

# No loaders, no libraries beyond Django's built-ins (which validation restricts further),
# no autoescaping: the result is plain text, escaped later by the page layout.
_ENGINE = Engine(loaders=[], libraries={}, autoescape=False, string_if_invalid="")


def placeholders_for(kind: str) -> list[Placeholder]:
    return [p for p in PLACEHOLDERS if p.allowed_in(kind)]


def _check_name(name: str, kind: str, errors: list[str]) -> None:
    placeholder = _BY_NAME.get(name)
    if placeholder is None:
        errors.append(_("Unknown placeholder “%(name)s”.") % {"name": name})
    elif not placeholder.allowed_in(kind):
        errors.append(
            _("The placeholder “%(name)s” cannot be used in a %(kind)s.")
            % {"name": name, "kind": LetterKind(kind).label.lower()}
        )


def template_errors(text: str, *, kind: str) -> list[str]:
    """Why ``text`` is not a valid letter template of ``kind``; empty when it is."""
    errors: list[str] = []
    for token in Lexer(text).tokenize():
        if token.token_type == TokenType.VAR:
            contents = token.contents.strip()
            if not contents:
                errors.append(_("An empty placeholder {{ }}. Write a name between the braces."))
            elif "|" in contents:
                errors.append(
                    _("Filters such as “%(text)s” are not allowed. Write only {{ name }}.")
                    % {"text": "{{ " + contents + " }}"}
                )
            else:
                _check_name(contents, kind, errors)
                placeholder = _BY_NAME.get(contents)
                if placeholder is not None and placeholder.condition_only:
                    errors.append(
                        _("“%(name)s” can only be used in {%% if %(name)s %%}.")
                        % {"name": contents}
                    )
        elif token.token_type == TokenType.BLOCK:
            bits = token.split_contents()
            tag = bits[0] if bits else ""
            if tag not in _ALLOWED_TAGS:
                errors.append(
                    _(
                        "The tag “%(tag)s” is not allowed. Only {%% if %%}, {%% elif %%}, "
                        "{%% else %%} and {%% endif %%} can be used."
                    )
                    % {"tag": "{% " + token.contents.strip() + " %}"}
                )
                continue
            condition = [bit for bit in bits[1:] if bit not in _OPERATORS]
            if tag in ("if", "elif") and not condition:
                errors.append(_("{%% %(tag)s %%} needs a placeholder to test.") % {"tag": tag})
            if tag in ("else", "endif") and condition:
                errors.append(_("{%% %(tag)s %%} takes nothing after it.") % {"tag": tag})
                continue
            for bit in condition:
                if _NAME.fullmatch(bit):
                    _check_name(bit, kind, errors)
                else:
                    errors.append(
                        _(
                            "“%(text)s”: only placeholders, joined with and, or and not, can "
                            "be tested in {%% if %%}."
                        )
                        % {"text": "{% " + token.contents.strip() + " %}"}
                    )
    if not errors:
        try:
            _ENGINE.from_string(text)
        except TemplateSyntaxError as error:
            errors.append(_("The text cannot be read as a template: %(error)s") % {"error": error})
    return list(dict.fromkeys(errors))


def used_placeholders(text: str) -> set[str]:
    """Names of the placeholders printed or tested in ``text``."""
    used: set[str] = set()
    for token in Lexer(text).tokenize():
        if token.token_type == TokenType.VAR:
            used.add(token.contents.strip())
        elif token.token_type == TokenType.BLOCK:
            used.update(bit for bit in token.split_contents()[1:] if bit not in _OPERATORS)
    return used


def required_errors(text: str, *, kind: str) -> list[str]:
    """The legally required placeholders of ``kind`` that ``text`` lacks."""
    used = used_placeholders(text)
    errors = []
    for alternatives in REQUIRED.get(kind, ()):
        if not used.intersection(alternatives):
            errors.append(
                _("A %(kind)s must contain %(names)s.")
                % {
                    "kind": LetterKind(kind).label.lower(),
                    "names": _(" or ").join("{{ " + name + " }}" for name in alternatives),
                }
            )
    return errors


class MissingValues(ValueError):
    """The template uses placeholders that the context has no value for."""

    def __init__(self, names: set[str]):
        self.names = sorted(names)
        super().__init__(f"No value for: {', '.join(self.names)}")


def nested(flat: dict[str, str | bool]) -> dict[str, object]:
    """``{"huurder.naam": "x"}`` → ``{"huurder": {"naam": "x"}}`` for the template engine."""
    out: dict[str, object] = {}
    for name, value in flat.items():
        head, _dot, tail = name.partition(".")
        if tail:
            out.setdefault(head, {})[tail] = value  # type: ignore[index]
        else:
            out[name] = value
    return out


def render_text(text: str, context: dict[str, str | bool]) -> str:
    """Render a validated template ``text`` with a flat dict of placeholder values.

    Raises :class:`MissingValues` when ``text`` uses a placeholder absent from ``context``.
    """
    missing = used_placeholders(text) - set(context)
    if missing:
        raise MissingValues(missing)
    for value in context.values():
        if not isinstance(value, str | bool):
            raise TypeError("Letter context values must be strings or booleans.")
    return _ENGINE.from_string(text).render(Context(nested(context), autoescape=False))


# --- Dutch formatting -------------------------------------------------------------------

_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def format_euro(amount: Decimal) -> str:
    """``Decimal("1234.5")`` → ``€ 1.234,50`` (a no-break space after the euro sign)."""
    if not isinstance(amount, Decimal):
        raise TypeError("Amounts must be Decimal.")
    from django.utils import translation

    from woonkans.core.templatetags.money import format_money

    # Letters are Dutch whatever the language of the person who makes them.
    with translation.override("nl"):
        return format_money(amount)


def format_date_nl(day: date, *, weekday: bool = False) -> str:
    """``17 december 2025``, or ``woensdag 17 december 2025`` with ``weekday``."""
    text = f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{_WEEKDAYS[day.weekday()]} {text}" if weekday else text
