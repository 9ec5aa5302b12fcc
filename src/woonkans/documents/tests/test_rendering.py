"""Letters really come out as PDF and DOCX that can be read back."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from docx import Document
from pypdf import PdfReader

from woonkans.documents.contexts import letter_context, sample_facts
from woonkans.documents.kinds import Layout, LetterKind
from woonkans.documents.models import LetterTemplate
from woonkans.documents.rendering import letter_docx, letter_pdf, render_letter


def _template(kind=LetterKind.HERINNERING, title="Uw huur", body=None):
    return LetterTemplate(
        kind=kind,
        title=title,
        body=body
        or (
            "Beste {{ huurder.naam }},\n\nU moet nog {{ bedrag_achterstand }} betalen.\n"
            "Bel {{ telefoon }}.\n\n# Wat kunt u doen?\n- Betaal vandaag.\n- Of bel ons.\n\n"
            "Tot ziens."
        ),
    )


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_render_letter_cuts_the_body_into_blocks():
    letter = render_letter(
        template=_template(), context=letter_context(sample_facts(amount_due=Decimal("612.50")))
    )
    assert letter.title == "Uw huur"
    assert [b.heading for b in letter.blocks if b.is_heading] == ["Wat kunt u doen?"]
    assert [b.items for b in letter.blocks if b.is_list] == [("Betaal vandaag.", "Of bel ons.")]
    paragraph = letter.blocks[1]
    assert paragraph.lines == ("U moet nog €\u00a0612,50 betalen.", "Bel 0123 45 67 89.")
    assert letter.recipient_lines == [
        "Sam Voorbeeld",
        "Voorbeeldstraat 12",
        "1234 AB Voorbeeldstad",
    ]
    assert letter.layout == Layout.LETTER


def test_pdf_is_a_readable_a4_letter():
    letter = render_letter(
        template=_template(), context=letter_context(sample_facts(amount_due=Decimal("1234.56")))
    )
    pdf = letter_pdf(letter)
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = _pdf_text(pdf)
    for expected in (
        "1.234,56",
        "Sam Voorbeeld",
        "Uw huur",
        "Betaal vandaag.",
        "Alex de Jong",
        "Met vriendelijke groet",
        "Woningcorporatie Voorbeeld",
        "Postbus 100",
    ):
        assert expected in text, expected
    assert reader.metadata.title == "Uw huur"
    # The same letter gives the same bytes, so the stored hash identifies the content.
    assert letter_pdf(letter) == pdf


def test_card_is_a6_landscape():
    template = LetterTemplate(
        kind=LetterKind.KAARTJE, title="Bel ons even", body="Beste {{ huurder.naam }}, bel ons."
    )
    letter = render_letter(template=template, context=letter_context(sample_facts()))
    assert letter.layout == Layout.CARD
    pdf = letter_pdf(letter)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (420, 298)  # A6 landscape in points
    assert "Bel ons even" in _pdf_text(pdf)
    document = Document(io.BytesIO(letter_docx(letter)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (148, 105)
    assert "Sam Voorbeeld" in _docx_text(letter_docx(letter))


def test_docx_opens_and_holds_the_letter():
    letter = render_letter(
        template=_template(), context=letter_context(sample_facts(amount_due=Decimal("1234.56")))
    )
    data = letter_docx(letter)
    document = Document(io.BytesIO(data))
    text = _docx_text(data)
    assert "U moet nog €\u00a01.234,56 betalen." in text
    assert "Uw huur" in text and "Met vriendelijke groet," in text
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["Betaal vandaag.", "Of bel ons."]
    assert document.core_properties.title == "Uw huur"
    assert round(document.sections[0].page_width.mm) == 210
    assert "0123 45 67 89" in document.sections[0].footer.paragraphs[0].text


def test_markup_in_values_is_printed_not_interpreted():
    facts = sample_facts(tenant_name="<b>Sam</b> & Co")
    letter = render_letter(template=_template(), context=letter_context(facts))
    text = _pdf_text(letter_pdf(letter))
    assert "<b>Sam</b> & Co" in text


@pytest.mark.parametrize("kind", [k for k in LetterKind if k != LetterKind.KAARTJE])
def test_other_kinds_use_the_a4_layout(kind):
    assert LetterTemplate(kind=kind).layout == Layout.LETTER
