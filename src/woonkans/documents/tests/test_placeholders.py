"""The placeholder sandbox: validation on save and rendering with a plain dict."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from woonkans.documents.kinds import LetterKind
from woonkans.documents.models import LetterTemplate
from woonkans.documents.placeholders import (
    MissingValues,
    format_date_nl,
    format_euro,
    render_text,
    required_errors,
    template_errors,
    used_placeholders,
)

K = LetterKind


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in their English source text."""
    with translation.override("en"):
        yield


def test_known_placeholders_and_if_are_valid():
    text = (
        "Beste {{ huurder.naam }}, bel {{ telefoon }}. "
        "{% if btw_van_toepassing %}Met {{ btw }} btw.{% else %}Geen btw.{% endif %}"
        "{# a note #}"
    )
    assert template_errors(text, kind=K.VEERTIENDAGENBRIEF) == []


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Beste {{ naam }}", "Unknown placeholder “naam”"),
        ("{{ huurder.naam.upper }}", "Unknown placeholder “huurder.naam.upper”"),
        ("{{ telefoon|upper }}", "Filters"),
        ("{{ }}", "empty placeholder"),
        ("{% include 'base.html' %}", "The tag “{% include 'base.html' %}” is not allowed"),
        ("{% load static %}", "is not allowed"),
        ("{% for x in y %}{% endfor %}", "is not allowed"),
        ("{% debug %}", "is not allowed"),
        ("{% if %}x{% endif %}", "needs a placeholder"),
        ("{% if telefoon == '1' %}x{% endif %}", "only placeholders"),
        ("{% if telefoon %}x", "cannot be read as a template"),
        ("{{ btw_van_toepassing }}", "can only be used in {% if btw_van_toepassing %}"),
    ],
)
def test_invalid_templates_are_refused_with_a_clear_message(text, fragment):
    errors = template_errors(text, kind=K.VEERTIENDAGENBRIEF)
    assert errors, text
    assert any(fragment in error for error in errors), errors


@pytest.mark.parametrize("kind", [K.KAARTJE, K.HUISBEZOEK_BRIEFJE])
def test_amounts_are_not_allowed_where_others_can_read_them(kind):
    errors = template_errors("U moet {{ bedrag_achterstand }} betalen.", kind=kind)
    assert errors and "cannot be used" in errors[0]


def test_cost_placeholders_only_in_the_fourteen_day_letter():
    assert template_errors("{{ incassokosten }}", kind=K.HERINNERING)
    assert not template_errors("{{ incassokosten }}", kind=K.VEERTIENDAGENBRIEF)
    assert template_errors("{{ afspraak }}", kind=K.HERINNERING)
    assert not template_errors("{{ afspraak }}", kind=K.UITNODIGING)


def test_fourteen_day_letter_requires_the_legal_elements():
    errors = required_errors("Betaal {{ bedrag_achterstand }}.", kind=K.VEERTIENDAGENBRIEF)
    joined = " ".join(errors)
    assert "{{ incassokosten }}" in joined
    assert "{{ uiterste_betaaldatum }}" in joined
    assert "{{ btw_van_toepassing }} or {{ btw }}" in joined
    assert "{{ bedrag_achterstand }}" not in joined
    assert required_errors("Betaal.", kind=K.HERINNERING) == []


@pytest.mark.django_db
def test_model_validation_on_save_names_the_field():
    template = LetterTemplate(kind=K.HERINNERING, title="Hallo {{ naam }}", body="Bel {{ tel }}.")
    with pytest.raises(ValidationError) as caught:
        template.full_clean()
    assert "Unknown placeholder “naam”." in caught.value.message_dict["title"]
    assert "Unknown placeholder “tel”." in caught.value.message_dict["body"]


def test_rendering_uses_only_the_plain_dict():
    text = "Beste {{ huurder.naam }}.{% if btw_van_toepassing %} Met btw.{% endif %}"
    context = {"huurder.naam": "<b>Sam</b>", "btw_van_toepassing": False}
    # Plain text, no escaping: the page layout escapes.
    assert render_text(text, context) == "Beste <b>Sam</b>."
    assert render_text(text, {**context, "btw_van_toepassing": True}).endswith("Met btw.")


def test_rendering_refuses_missing_values_and_objects():
    with pytest.raises(MissingValues) as caught:
        render_text("{{ telefoon }} {{ corporatie }}", {"telefoon": "1"})
    assert caught.value.names == ["corporatie"]
    with pytest.raises(TypeError):
        render_text("{{ telefoon }}", {"telefoon": object()})


def test_used_placeholders():
    text = "{{ a }} {% if b and not c %}{{ d }}{% endif %}"
    assert used_placeholders(text) == {"a", "b", "c", "d"}


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("0"), "€\u00a00,00"),
        (Decimal("40"), "€\u00a040,00"),
        (Decimal("1234.5"), "€\u00a01.234,50"),
        (Decimal("6775.00"), "€\u00a06.775,00"),
        (Decimal("1234567.891"), "€\u00a01.234.567,89"),
    ],
)
def test_format_euro(amount, text):
    assert format_euro(amount) == text


def test_format_euro_refuses_floats():
    with pytest.raises(TypeError):
        format_euro(12.5)


def test_format_date_nl():
    assert format_date_nl(date(2026, 1, 21)) == "21 januari 2026"
    assert format_date_nl(date(2026, 1, 21), weekday=True) == "woensdag 21 januari 2026"


def test_format_euro_is_dutch_whatever_the_active_language():
    from django.utils import translation

    with translation.override("en"):
        assert format_euro(Decimal("-1234.5")) == "€\u00a0-1.234,50"
