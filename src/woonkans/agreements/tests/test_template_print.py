"""The print version (PDF) of an agreement in an organisation's own Word template."""

from __future__ import annotations

import io
import logging
import struct
import zlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Mm
from pypdf import PdfReader

from conftest import login_verified
from woonkans.agreements import services
from woonkans.agreements.document import (
    SUBTITLE,
    agreement_context,
    agreement_document,
    agreement_pdf,
)
from woonkans.agreements.docx_templates import fill_template
from woonkans.agreements.models import AgreementTemplate
from woonkans.agreements.rules import AgreementForm
from woonkans.agreements.template_print import (
    PRINT_NOTICE,
    TemplatePrintError,
    template_html,
    template_pdf,
)
from woonkans.audit.models import AuditAction, AuditEvent
from woonkans.organisations.models import Role
from woonkans.testing import factories as f

from .helpers import coordinator, make_trajectory

pytestmark = pytest.mark.django_db

OWN_WORDING = "Deze afspraken schreven wij zelf, in onze eigen woorden."
OWN_CLOSING = "Tot slot: bel ons als er iets verandert."


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rich_template() -> bytes:
    """A template as an organisation would write it: a heading, paragraphs with split and
    bold placeholders, the list of agreements, an empty line, a signature table, a page
    break, and a placeholder in the header (which the print version leaves out)."""
    document = Document()
    document.sections[0].header.paragraphs[0].text = "Kenmerk {{ overeenkomstnummer }}"
    document.add_heading("Ons eigen addendum", level=1)
    paragraph = document.add_paragraph("Tussen ")
    paragraph.add_run("{{ verhuur")  # Word often cuts a placeholder into runs
    paragraph.add_run("der_naam }}")
    paragraph.add_run(" en ")
    paragraph.add_run("{{ huurder_naam }}").bold = True
    paragraph.add_run(", wonend op {{ adres }}.")
    document.add_paragraph(OWN_WORDING)
    document.add_paragraph("Begeleiding door ").add_run("{{ zorgaanbieder_naam }}").bold = True
    document.add_heading("Wat u belooft", level=2)
    document.add_paragraph("{{ afspraken }}")
    document.add_paragraph("Van {{ startdatum }} tot en met {{ einddatum }}.")
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Namens {{ verhuurder_naam }}"
    table.cell(0, 1).text = "Huurder: {{ huurder_naam }}"
    table.cell(1, 0).text = "Handtekening:"
    table.cell(1, 1).text = "Handtekening:"
    # A page break in the same run as a placeholder (filling keeps it).
    document.add_paragraph("Getekend in {{ plaats }}.").runs[0].add_break(WD_BREAK.PAGE)
    document.add_paragraph(OWN_CLOSING)
    return _save(document)


def _agreement():
    trajectory = make_trajectory()
    return services.agreement_create(
        actor=coordinator(trajectory),
        trajectory=trajectory,
        form=AgreementForm.ADDENDUM,
        start_date=date(2026, 3, 1),
        guidance_hours_per_week=Decimal("4"),
        repayment_per_month=Decimal("50"),
    )


def _print(agreement, content: bytes) -> bytes:
    context = agreement_context(agreement)
    return template_pdf(
        fill_template(content, context),
        form=agreement.form,
        template_name="Ons addendum",
        organisation="Woonstichting Eik",
        reference=str(context["overeenkomstnummer"]),
        author="Woonstichting Eik",
    )


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_pdf_is_the_filled_template_not_the_standard_text():
    agreement = _agreement()
    pdf = _print(agreement, _rich_template())
    assert pdf.startswith(b"%PDF")
    pages = _pages(pdf)
    text = _flat(" ".join(pages))
    # The filled values ...
    context = agreement_context(agreement)
    assert "Tussen Woonstichting Eik en Bea Bosuil en Bob Bosuil, wonend op" in text
    # The address once, on one line (postcode and city are part of Tenancy.address).
    address = agreement.trajectory.tenancy.address
    assert context["adres"] == address and f"wonend op {address}." in text
    assert "Van 1 maart 2026 tot en met 28 februari 2027." in text
    assert "U betaalt de huurschuld af met € 50,00 per maand." in text
    assert "Namens Woonstichting Eik" in text and "Huurder: Bea Bosuil en Bob Bosuil" in text
    # ... in the template's own wording, headings and table ...
    for own in ("Ons eigen addendum", "Wat u belooft", OWN_WORDING, OWN_CLOSING):
        assert own in text
    assert text.count("Handtekening:") == 2
    # ... and not the standard text, nor an unfilled placeholder.
    assert SUBTITLE not in text
    assert "Artikel 5. Informatie delen" not in text
    assert "{{" not in text
    # The header of the Word template is not printed (said on the upload page).
    assert "Kenmerk" not in text


def test_the_pdf_has_the_standard_page_layout_and_says_it_is_a_print_version():
    agreement = _agreement()
    pdf = _print(agreement, _rich_template())
    reader = PdfReader(io.BytesIO(pdf))
    # The page break of the template is kept; A4 like the standard agreement.
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    for number, text in enumerate(_pages(pdf), start=1):
        flat = _flat(text)
        assert f"{PRINT_NOTICE} “Ons addendum” van Woonstichting Eik" in flat
        assert f"Pagina {number} van 2" in flat
    assert OWN_CLOSING in _pages(pdf)[1] and OWN_CLOSING not in _pages(pdf)[0]
    metadata = reader.metadata
    assert metadata.title.startswith("Addendum bij de huurovereenkomst (Printversie")
    assert PRINT_NOTICE in metadata.subject and "kop- en voetteksten" in metadata.subject
    assert metadata.author == "Woonstichting Eik"


def test_bold_text_of_the_template_stays_bold_and_the_rest_does_not():
    agreement = _agreement()
    pdf = _print(agreement, _rich_template())
    bold, regular = [], []

    def visit(text, _cm, _tm, font, _size):
        if font and text.strip():
            (bold if "Bold" in str(font.get("/BaseFont")) else regular).append(text)

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    assert "Zorg Samen" in "".join(bold)
    assert "Bea Bosuil en Bob Bosuil" in "".join(bold)
    assert OWN_WORDING not in _flat("".join(bold))
    assert OWN_WORDING in _flat("".join(regular))


def test_template_html_keeps_structure_and_escapes_values():
    filled = fill_template(
        _rich_template(),
        {"huurder_naam": "<script>alert(1)</script>", "verhuurder_naam": "Eik & Zn"},
    )
    html = template_html(filled).html
    assert "<h1>Ons eigen addendum</h1>" in html
    assert "<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>" in html
    assert "<script>" not in html
    assert "Eik &amp; Zn" in html
    assert html.count("<table>") == 1 and "<td>" in html
    assert '<hr class="page-break" />' in html
    assert "<p></p>" in html  # the empty line is kept: room to sign


def _png() -> bytes:
    """A 4×4 red PNG."""
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_an_image_in_the_body_is_printed_with_an_alt_text(caplog):
    document = Document()
    document.add_paragraph("Logo van {{ verhuurder_naam }}:")
    document.add_picture(io.BytesIO(_png()), width=Mm(20))
    content = _save(document)
    html = template_html(content).html
    assert 'alt="Afbeelding uit het sjabloon"' in html and "data:image/png;base64," in html
    # The weasyprint logger does not propagate (settings.LOGGING): listen to it directly.
    weasyprint_log = logging.getLogger("weasyprint")
    weasyprint_log.addHandler(caplog.handler)
    try:
        pdf = template_pdf(
            content,
            form="addendum",
            template_name="Logo",
            organisation="Eik",
            reference="",
            author="",
        )
    finally:
        weasyprint_log.removeHandler(caplog.handler)
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1
    # PDF/UA: no "Image ... has no required alt description".
    assert not [r for r in caplog.records if r.name == "weasyprint" and r.levelname == "ERROR"]


def test_an_image_format_the_print_cannot_show_is_named_not_embedded(monkeypatch):
    from types import SimpleNamespace

    from woonkans.agreements import template_print

    emf = SimpleNamespace(content_type="image/x-emf", alt_text="Logo", open=None)
    assert template_print._image(emf) == {
        "src": "data:,",
        "alt": template_print.UNPRINTABLE_IMAGE_ALT,
    }
    # In the PDF the note stands where the image was (PNG treated as unprintable here).
    monkeypatch.setattr(template_print, "PRINTABLE_IMAGES", frozenset())
    document = Document()
    document.add_paragraph("Logo van {{ verhuurder_naam }}:")
    document.add_picture(io.BytesIO(_png()), width=Mm(20))
    pdf = template_pdf(
        _save(document),
        form="addendum",
        template_name="Logo",
        organisation="Eik",
        reference="",
        author="",
    )
    assert template_print.UNPRINTABLE_IMAGE_ALT in _flat(" ".join(_pages(pdf)))
    assert not PdfReader(io.BytesIO(pdf)).pages[0].images


def test_links_keep_only_web_mail_and_internal_targets():
    from woonkans.agreements.template_print import safe_links

    html = (
        '<a href="https://example.org/a?b=1&amp;c=2">web</a>'
        '<a href="mailto:info@example.org">mail</a><a href="#footnote-1">1</a>'
        '<a href="javascript:alert(1)">js</a><a href=" JavaScript:x">js2</a>'
        '<a href="file:///etc/passwd">file</a>'
    )
    assert safe_links(html) == (
        '<a href="https://example.org/a?b=1&amp;c=2">web</a>'
        '<a href="mailto:info@example.org">mail</a><a href="#footnote-1">1</a>'
        "<a>js</a><a>js2</a><a>file</a>"
    )


def test_a_broken_file_gives_a_clear_error():
    with pytest.raises(TemplatePrintError, match="cannot read this Word template"):
        template_html(b"PK\x03\x04 not really a Word file")


def test_a_template_with_only_a_header_has_nothing_to_print():
    document = Document()
    document.sections[0].header.paragraphs[0].text = "Huurder {{ huurder_naam }}"
    with pytest.raises(TemplatePrintError, match="no text in the body"):
        template_html(_save(document))


def test_upload_refuses_a_template_whose_print_version_would_be_empty():
    trajectory = make_trajectory()
    admin = f.make_actor(Role.FUNCTIONEEL_BEHEERDER, trajectory.corporation)
    document = Document()
    document.sections[0].header.paragraphs[0].text = "Huurder {{ huurder_naam }}"
    with pytest.raises(ValidationError, match="no text in the body"):
        services.template_upload(
            actor=admin,
            form=AgreementForm.ADDENDUM,
            name="Alleen een kop",
            filename="kop.docx",
            content=_save(document),
        )
    assert not AgreementTemplate.objects.exists()


def test_the_standard_pdf_is_unchanged():
    agreement = _agreement()
    text = _flat(" ".join(_pages(agreement_pdf(agreement_document(agreement)))))
    assert SUBTITLE in text
    assert "Artikel 5. Informatie delen" in text
    assert PRINT_NOTICE not in text
    assert "Pagina 1 van" in text


# --- Pages ------------------------------------------------------------------------------------


def _client(actor):
    from django.test import Client

    client = Client()
    login_verified(client, actor.user)
    return client


def _exports(agreement) -> int:
    return AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(agreement.pk)).count()


def test_download_the_print_version_from_the_agreement_page():
    agreement = _agreement()
    trajectory = agreement.trajectory
    admin = f.make_actor(Role.FUNCTIONEEL_BEHEERDER, trajectory.corporation)
    template = services.template_upload(
        actor=admin,
        form=AgreementForm.ADDENDUM,
        name="Ons addendum",
        filename="eigen.docx",
        content=_rich_template(),
    )
    client = _client(coordinator(trajectory))
    url = reverse("agreements:download-own-format", args=[agreement.pk, template.pk, "pdf"])
    assert url in client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    before = _exports(agreement)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    text = _flat(" ".join(_pages(response.content)))
    assert OWN_WORDING in text and "Tussen Woonstichting Eik en Bea Bosuil" in text
    assert f"{PRINT_NOTICE} “Ons addendum” van Woonstichting Eik" in text
    assert _exports(agreement) == before + 1
    # The Word download is the filled template itself, as before.
    word = client.get(reverse("agreements:download-own", args=[agreement.pk, template.pk]))
    assert "Kenmerk" in Document(io.BytesIO(word.content)).sections[0].header.paragraphs[0].text
    # The standard PDF is still the standard text.
    standard = client.get(reverse("agreements:download", args=[agreement.pk, "pdf"]))
    assert SUBTITLE in _flat(" ".join(_pages(standard.content)))
    # Other formats do not exist.
    other = reverse("agreements:download-own-format", args=[agreement.pk, template.pk, "odt"])
    assert client.get(other).status_code == 404


def test_a_template_that_cannot_be_printed_gives_a_message_and_no_file():
    agreement = _agreement()
    # A stored template that broke (or was stored before the print check existed).
    template = AgreementTemplate.objects.create(
        organisation=agreement.trajectory.corporation,
        form=AgreementForm.ADDENDUM,
        name="Kapot",
        filename="kapot.docx",
        content=_header_only_template(),
        size=10,
        placeholders=["huurder_naam"],
    )
    client = _client(coordinator(agreement.trajectory))
    before = _exports(agreement)
    url = reverse("agreements:download-own-format", args=[agreement.pk, template.pk, "pdf"])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:detail", args=[agreement.pk])
    assert "Content-Disposition" not in response
    assert _exports(agreement) == before
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "no text in the body of the document" in page


def _header_only_template() -> bytes:
    document = Document()
    document.sections[0].header.paragraphs[0].text = "Huurder {{ huurder_naam }}"
    return _save(document)
