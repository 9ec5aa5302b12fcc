"""The agreement as text, DOCX and PDF; own Word templates."""

from __future__ import annotations

import io
import itertools
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from woonkans.agreements import services
from woonkans.agreements.document import (
    agreement_document,
    agreement_docx,
    agreement_pdf,
    standard_readability,
)
from woonkans.agreements.docx_templates import (
    MAX_TEMPLATE_BYTES,
    check_template,
    fill_paragraph,
    fill_template,
)
from woonkans.agreements.rules import AgreementForm

from .helpers import coordinator, make_trajectory

pytestmark = pytest.mark.django_db

ARTICLE_HEADINGS = (
    "Wie maken deze afspraken?",
    "Waarom deze afspraken?",
    "Artikel 1. Wat u belooft",
    "Artikel 2. Het doel",
    "Artikel 3. Begeleiding en budgetbeheer",
    "Artikel 4. Huur betalen en schuld aflossen",
    "Artikel 5. Informatie delen",
    "Artikel 6. Hoe lang en wanneer we evalueren",
    "Artikel 7. Verlengen",
    "Artikel 8. Stoppen en als u zich niet aan de afspraken houdt",
    "Artikel 9. Ondertekening",
)


def _agreement(form=AgreementForm.WOONBEGELEIDINGSOVEREENKOMST, **kwargs):
    trajectory = make_trajectory(legal_stage="vonnis")
    return services.agreement_create(
        actor=coordinator(trajectory),
        trajectory=trajectory,
        form=form,
        form_reason="Past beter" if form != AgreementForm.WOONBEGELEIDINGSOVEREENKOMST else "",
        start_date=date(2026, 3, 1),
        guidance_hours_per_week=Decimal("4"),
        repayment_per_month=Decimal("50"),
        **kwargs,
    )


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


@pytest.mark.parametrize("form", AgreementForm.values)
def test_docx_has_every_article_and_the_party_names(form):
    agreement = _agreement(form)
    text = _docx_text(agreement_docx(agreement_document(agreement)))
    for heading in ARTICLE_HEADINGS:
        assert heading in text
    for name in ("Bea Bosuil", "Bob Bosuil", "Woonstichting Eik", "Zorg Samen"):
        assert name in text
    assert "€\u00a050,00 per maand" in text
    assert "4 uur per week" in text
    assert "1 maart 2026" in text
    end = "29 februari 2028" if form == AgreementForm.OMKLAPCONTRACT else "28 februari 2027"
    assert end in text
    assert "{{" not in text and "{%" not in text


def test_omklapcontract_mentions_the_flip_and_runs_two_years():
    agreement = _agreement(AgreementForm.OMKLAPCONTRACT)
    text = agreement_document(agreement).text
    assert agreement.end_date == date(2028, 2, 29)
    assert "omklappen" in text
    assert "29 februari 2028" in text


def test_pdf_is_a_pdf_with_the_text():
    from pypdf import PdfReader

    agreement = _agreement()
    pdf = agreement_pdf(agreement_document(agreement))
    assert pdf.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Woonbegeleidingsovereenkomst" in text
    assert "Bea Bosuil" in text
    assert "Artikel 5. Informatie delen" in text


@pytest.mark.parametrize("form", AgreementForm.values)
def test_standard_texts_are_plain_dutch_b1(form):
    report = standard_readability(form)
    assert report.meets_b1, (form, report.score, report.long_words)


# --- Own Word templates -------------------------------------------------------------------


def _docx(*paragraphs: str | list[str]) -> bytes:
    """A Word file; a list is one paragraph split over several runs."""
    document = Document()
    for paragraph in paragraphs:
        target = document.add_paragraph()
        for run in [paragraph] if isinstance(paragraph, str) else paragraph:
            target.add_run(run)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_check_template_lists_the_placeholders_used():
    content = _docx("Huurder: {{ huurder_naam }}", "Van {{startdatum}} tot {{ einddatum }}")
    assert check_template(content, "eigen.docx") == ["einddatum", "huurder_naam", "startdatum"]


def test_check_template_names_every_unknown_placeholder():
    content = _docx("{{ huurder_naam }} {{ iban }}", "{{ huurder.naam }} {{ bsn }}")
    with pytest.raises(ValidationError) as raised:
        check_template(content, "eigen.docx")
    message = " ".join(raised.value.messages)
    for bad in ("{{ iban }}", "{{ bsn }}", "{{ huurder.naam }}"):
        assert bad in message


def test_check_template_refuses_tags():
    content = _docx("{{ huurder_naam }} {% if x %}ja{% endif %}")
    with pytest.raises(ValidationError, match="if x"):
        check_template(content, "eigen.docx")


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b"PK\x03\x04 not really", "x.docx"),
        (b"plain text", "x.docx"),
        (b"x", "x.doc"),
        (b"x", "x.docm"),
        (b"0" * (MAX_TEMPLATE_BYTES + 1), "x.docx"),
    ],
)
def test_check_template_refuses_other_files(content, filename):
    with pytest.raises(ValidationError):
        check_template(content, filename)


def test_check_template_refuses_a_template_without_placeholders():
    with pytest.raises(ValidationError, match="no placeholders"):
        check_template(_docx("Gewone tekst"), "eigen.docx")


def test_fill_replaces_placeholders_split_over_runs_and_keeps_other_text():
    document = Document()
    paragraph = document.add_paragraph()
    for piece in ("Beste {{ huur", "der_na", "am }}, tot {{ einddatum }}", " en {{ onbekend }}."):
        paragraph.add_run(piece)
    paragraph.runs[0].bold = True
    fill_paragraph(paragraph, {"huurder_naam": "Bea Bosuil", "einddatum": "1 mei 2027"})
    assert paragraph.text == "Beste Bea Bosuil, tot 1 mei 2027 en {{ onbekend }}."
    assert paragraph.runs[0].text == "Beste Bea Bosuil"
    assert paragraph.runs[0].bold


def test_fill_keeps_page_breaks_in_the_runs_of_placeholders():
    from docx.enum.text import WD_BREAK
    from docx.oxml.ns import qn

    document = Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Getekend in {{ plaats }}.").add_break(WD_BREAK.PAGE)
    paragraph.add_run("Partijen: {{ part").add_break(WD_BREAK.COLUMN)
    paragraph.add_run("ijen }} (einde)")
    fill_paragraph(paragraph, {"plaats": "Utrecht", "partijen": "• A\n• B"})

    def children(run):
        return [
            (child.tag.split("}")[1], child.get(qn("w:type")), child.text)
            for child in run._r
            if child.tag != qn("w:rPr")
        ]

    first, second, third = paragraph.runs
    assert children(first) == [("t", None, "Getekend in Utrecht."), ("br", "page", None)]
    assert children(second) == [
        ("t", None, "Partijen: • A"),
        ("br", None, None),
        ("t", None, "• B"),
        ("br", "column", None),
    ]
    assert children(third) == [("t", None, " (einde)")]
    assert paragraph.text == "Getekend in Utrecht.Partijen: • A\n• B (einde)"


def test_fill_template_with_an_agreement_context():
    from woonkans.agreements.document import agreement_context

    agreement = _agreement()
    content = _docx(
        ["Overeenkomst met {{ huur", "der_naam }}"],
        "{{ afspraken }}",
        "Getekend in {{ aantal_exemplaren }}-voud",
    )
    text = _docx_text(fill_template(content, agreement_context(agreement)))
    assert "Overeenkomst met Bea Bosuil en Bob Bosuil" in text
    assert "• U betaalt de huurschuld af met €\u00a050,00 per maand." in text
    assert "Getekend in 5-voud" in text
    assert "{{" not in text


_VALUES = {"huurder_naam": "Bea Bosuil", "einddatum": "1 mei 2027", "afspraken": "• a\n• b"}


# No deadline: each example builds a Word document, slow on a busy shared machine.
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pieces=st.lists(
        st.sampled_from(
            ["Beste ", "{{ huurder_naam }}", "{{einddatum}}", "{{ onbekend }}", ", tot ", "{", "}"]
        ),
        min_size=1,
        max_size=8,
    ),
    cuts=st.lists(st.integers(min_value=0, max_value=120), max_size=6),
)
def test_fill_gives_the_same_text_however_word_splits_the_runs(pieces, cuts):
    """Property: cutting the text into runs anywhere does not change the filled text."""
    import re

    text = "".join(pieces)
    expected = re.sub(
        r"\{\{\s*([^{}]*?)\s*\}\}",
        lambda m: _VALUES.get(m.group(1), m.group(0)),
        text,
    )
    positions = sorted({min(c, len(text)) for c in cuts} | {0, len(text)})
    document = Document()
    paragraph = document.add_paragraph()
    for start, end in itertools.pairwise(positions):
        paragraph.add_run(text[start:end])
    fill_paragraph(paragraph, _VALUES)
    assert paragraph.text == expected


def test_notice_text_is_plain_dutch_b1():
    from woonkans.agreements.document import notice_document
    from woonkans.documents.readability import measure

    agreement = _agreement()
    services.agreement_end_early(
        actor=coordinator(agreement.trajectory),
        agreement=agreement,
        outcome="mislukt",
        effective_on=agreement.end_date,
        reason="Het gezin kwam niet naar de afspraken.",
        version=agreement.version,
    )
    agreement.refresh_from_db()
    report = measure(notice_document(agreement).text)
    assert report.meets_b1, (report.score, report.long_words)
