"""From a template and a context to a letter, and from a letter to PDF and DOCX.

:func:`render_letter` fills the template's placeholders (the sandbox in
:mod:`.placeholders`) and cuts the text into paragraphs and lists. :func:`letter_pdf`
prints it with WeasyPrint in the page layout of its kind — an A4 letter or an A6 card —
with the fonts installed on the machine (Liberation Sans, DejaVu Sans), nothing fetched
from elsewhere. :func:`letter_docx` writes the same letter as a Word document with
python-docx, for a corporation that wants to change one letter by hand.

The words of the page layout ("Met vriendelijke groet", "Datum") are Dutch on purpose and
not translated: letters to households are always in plain Dutch, whatever the language of
the person who makes them.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from itertools import groupby

from django.template.loader import render_to_string

from woonkans.core.pdf import html_to_pdf

from .kinds import Layout, layout_for
from .placeholders import render_text

__all__ = ["Block", "RenderedLetter", "letter_docx", "letter_pdf", "render_letter"]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_BULLET = re.compile(r"^\s*[-•]\s+")
_HEADING = re.compile(r"^\s*#\s+")


@dataclass(frozen=True)
class Block:
    """A heading, a paragraph (``lines`` shown with line breaks) or a bulleted list."""

    lines: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    heading: str = ""

    @property
    def is_list(self) -> bool:
        return bool(self.items)

    @property
    def is_heading(self) -> bool:
        return bool(self.heading)


@dataclass(frozen=True)
class RenderedLetter:
    kind: str
    layout: str
    title: str
    body: str
    blocks: tuple[Block, ...]
    context: dict[str, str | bool] = field(repr=False)

    # The parts of the page around the text, from the same context.
    @property
    def corporation(self) -> str:
        return str(self.context.get("corporatie", ""))

    @property
    def sender_lines(self) -> list[str]:
        return [line for line in str(self.context.get("afzender_adres", "")).splitlines() if line]

    @property
    def recipient_lines(self) -> list[str]:
        keys = ("huurder.naam", "adres_straat", "adres_postcode_plaats")
        return [str(self.context[key]) for key in keys if self.context.get(key)]

    @property
    def date(self) -> str:
        return str(self.context.get("datum", ""))

    @property
    def reference(self) -> str:
        return str(self.context.get("overeenkomstnummer", ""))

    @property
    def contact_name(self) -> str:
        return str(self.context.get("contactpersoon", ""))

    @property
    def phone(self) -> str:
        return str(self.context.get("telefoon", ""))

    @property
    def footer(self) -> str:
        parts = [self.corporation]
        if self.phone:
            parts.append(f"Telefoon {self.phone}")
        if self.reference:
            parts.append(f"Noem bij contact uw overeenkomstnummer {self.reference}")
        return " · ".join(part for part in parts if part)

    @property
    def text(self) -> str:
        """Subject and body as plain text (for readability and for tests)."""
        return f"{self.title}\n\n{self.body}"


def _line_kind(line: str) -> tuple[str, str]:
    if _HEADING.match(line):
        return "heading", _HEADING.sub("", line)
    if _BULLET.match(line):
        return "item", _BULLET.sub("", line)
    return "line", line


def _blocks(body: str) -> tuple[Block, ...]:
    """Cut a rendered body into blocks: an empty line ends a paragraph, a line starting with
    ``# `` is a heading, lines starting with ``- `` form a list."""
    blocks: list[Block] = []
    for chunk in _PARAGRAPH_BREAK.split(body.strip()):
        lines = [_line_kind(raw.strip()) for raw in chunk.splitlines() if raw.strip()]
        for kind, group in groupby(lines, key=lambda pair: pair[0]):
            texts = tuple(text for _kind, text in group)
            if kind == "heading":
                blocks.extend(Block(heading=text) for text in texts)
            elif kind == "item":
                blocks.append(Block(items=texts))
            else:
                blocks.append(Block(lines=texts))
    return tuple(blocks)


def render_letter(*, template, context: dict[str, str | bool]) -> RenderedLetter:
    """Fill ``template`` (a :class:`~.models.LetterTemplate`) with ``context``, a flat dict
    of placeholder values (strings, and booleans for conditions; no model objects).

    Raises :class:`~.placeholders.MissingValues` when the template uses a placeholder the
    context lacks.
    """
    title = " ".join(render_text(template.title, context).split())
    body = render_text(template.body, context).strip()
    return RenderedLetter(
        kind=template.kind,
        layout=layout_for(template.kind),
        title=title,
        body=body,
        blocks=_blocks(body),
        context=dict(context),
    )


# --- PDF ----------------------------------------------------------------------------------


def letter_html(letter: RenderedLetter) -> str:
    name = "card" if letter.layout == Layout.CARD else "letter"
    return render_to_string(f"documents/pdf/{name}.html", {"letter": letter})


def letter_pdf(letter: RenderedLetter) -> bytes:
    """The letter as a tagged PDF (PDF/UA-1), deterministic for the same letter."""
    return html_to_pdf(letter_html(letter), [render_to_string("documents/pdf/letter.css")])


# --- DOCX ---------------------------------------------------------------------------------

# Arial in the Word file: present wherever Word runs; LibreOffice shows it with the
# metrically identical Liberation Sans that the PDF uses.
DOCX_FONT = "Arial"


def letter_docx(letter: RenderedLetter) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    document = Document()
    document.core_properties.title = letter.title
    document.core_properties.language = "nl-NL"
    document.core_properties.author = letter.corporation
    normal = document.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.font.size = Pt(11 if letter.layout == Layout.LETTER else 9)
    section = document.sections[0]
    if letter.layout == Layout.CARD:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(148), Mm(105)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(8))
        _docx_card(document, letter)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        _docx_letter(document, letter)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_lines(document_or_cell, lines, *, bold_first=False):
    paragraph = document_or_cell.add_paragraph()
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = bold_first and index == 0
        if index < len(lines) - 1:
            run.add_break()
    return paragraph


def _docx_body(container, letter: RenderedLetter) -> None:
    for block in letter.blocks:
        if block.is_heading:
            container.add_paragraph().add_run(block.heading).bold = True
        elif block.is_list:
            for item in block.items:
                container.add_paragraph(item, style="List Bullet")
        else:
            _docx_lines(container, block.lines)


def _docx_letter(document, letter: RenderedLetter) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    sender = _docx_lines(document, [letter.corporation, *letter.sender_lines], bold_first=True)
    sender.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _docx_lines(document, letter.recipient_lines)
    meta = [f"Datum: {letter.date}"]
    if letter.reference:
        meta.append(f"Overeenkomstnummer: {letter.reference}")
    _docx_lines(document, meta)
    subject = document.add_paragraph()
    subject.add_run(letter.title).bold = True
    _docx_body(document, letter)
    _docx_lines(document, ["Met vriendelijke groet,", letter.contact_name, letter.corporation])
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = letter.footer


def _docx_card(document, letter: RenderedLetter) -> None:
    table = document.add_table(rows=1, cols=2)
    message, address = table.rows[0].cells
    title = message.paragraphs[0]
    title.add_run(letter.title).bold = True
    _docx_body(message, letter)
    _docx_lines(message, ["Met vriendelijke groet,", letter.contact_name, letter.corporation])
    address.paragraphs[0].add_run(letter.corporation).bold = True
    _docx_lines(address, letter.recipient_lines)
