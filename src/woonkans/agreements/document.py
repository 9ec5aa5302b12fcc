"""From an agreement to its text, and from the text to PDF (WeasyPrint) and DOCX
(python-docx).

The standard text lives in ``templates/agreements/texts/overeenkomst.txt``, written in the
placeholder language of :mod:`woonkans.documents.placeholders` (``{{ name }}`` and
``{% if %}``), rendered with its sandbox (:func:`~woonkans.documents.placeholders.
render_text`) from a flat context of strings and booleans (:func:`agreement_context`). The
same context fills an organisation's own Word template (:mod:`.docx_templates`).

Everything printed here is Dutch on purpose: agreements are signed by households and are
always in plain Dutch, whatever the language of the person who makes them.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import groupby
from pathlib import Path

from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from woonkans.core.pdf import html_to_pdf
from woonkans.documents.placeholders import format_date_nl, format_euro, render_text
from woonkans.documents.readability import ReadabilityReport, measure
from woonkans.documents.rendering import DOCX_FONT, Block
from woonkans.households.access import TENANT_RELATIONS

from .rules import AgreementForm, PartyRole

# The Dutch names of the forms, as titles of the document.
TITLES: dict[str, str] = {
    AgreementForm.ADDENDUM: "Addendum bij de huurovereenkomst",
    AgreementForm.OMKLAPCONTRACT: "Omklapcontract",
    AgreementForm.WOONBEGELEIDINGSOVEREENKOMST: "Woonbegeleidingsovereenkomst",
    AgreementForm.VASTSTELLINGSOVEREENKOMST: "Vaststellingsovereenkomst",
}
SUBTITLE = "Afspraken om in uw huis te blijven wonen"

ROLE_NAMES: dict[str, str] = {
    PartyRole.CARE_PROVIDER: "de zorgaanbieder",
    PartyRole.LANDLORD: "de verhuurder",
    PartyRole.TENANT: "huurder",
}


@dataclass(frozen=True)
class Placeholder:
    name: str
    description: str | Promise


# The placeholders an organisation's own Word template may use (docs/agreements.md).
PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder("titel", _("Name of the form, for example Addendum bij de huurovereenkomst")),
    Placeholder("huurder_naam", _("Name of the tenant or tenants")),
    Placeholder("adres", _("Address of the home, on one line")),
    Placeholder("verhuurder_naam", _("Name of the housing corporation")),
    Placeholder("zorgaanbieder_naam", _("Name of the care provider")),
    Placeholder("overeenkomstnummer", _("Contract number of the lease")),
    Placeholder("partijen", _("All parties, one per line")),
    Placeholder("afspraken", _("The concrete agreements of article 1, one per line")),
    Placeholder("uren_per_week", _("Guidance hours per week")),
    Placeholder("aflossing_per_maand", _("Repayment per month")),
    Placeholder("startdatum", _("First day of the agreement")),
    Placeholder("einddatum", _("Last day of the agreement")),
    Placeholder("aantal_exemplaren", _("Number of signed copies")),
    Placeholder("plaats", _("Place of signing")),
    Placeholder("datum", _("Date the document was made")),
)
PLACEHOLDER_NAMES = frozenset(p.name for p in PLACEHOLDERS)

_TEXT_TEMPLATE = "agreements/texts/overeenkomst.txt"
_NOTICE_TEMPLATE = "agreements/texts/einde.txt"


def _template_source(name: str) -> str:
    return Path(get_template(name).origin.name).read_text(encoding="utf-8")


def _join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " en " + names[-1]


def _amount(value: Decimal | None) -> str:
    return format_euro(value) if value else ""


def _hours(value: Decimal | None) -> str:
    if not value:
        return ""
    return f"{value.normalize():f}".replace(".", ",")


def tenants_of(household) -> list:
    """The household members who are parties to the lease."""
    return list(household.members.filter(relation__in=TENANT_RELATIONS).order_by("relation", "pk"))


def agreement_context(agreement, *, today: date | None = None) -> dict[str, str | bool]:
    """The flat context for the standard text and for own Word templates."""
    today = today or timezone.localdate()
    parties = list(agreement.parties.all())
    tenant_names = [p.name for p in parties if p.role == PartyRole.TENANT]
    landlord = next((p.name for p in parties if p.role == PartyRole.LANDLORD), "")
    care = next((p.name for p in parties if p.role == PartyRole.CARE_PROVIDER), "")
    tenancy = agreement.trajectory.tenancy
    form = agreement.form
    context: dict[str, str | bool] = {
        "titel": TITLES[form],
        "huurder_naam": _join_names(tenant_names),
        "adres": tenancy.address if tenancy else "",  # street, number, postcode and city
        "verhuurder_naam": landlord,
        "zorgaanbieder_naam": care,
        "overeenkomstnummer": tenancy.contract_number if tenancy else "",
        "partijen": "\n".join(
            f"- {p.name}, {ROLE_NAMES[p.role]}" + ("" if p.must_sign else " (tekent voor gezien)")
            for p in parties
        ),
        "afspraken": "\n".join(f"- {item.text}" for item in agreement.items.all()),
        "uren_per_week": _hours(agreement.guidance_hours_per_week),
        "aflossing_per_maand": _amount(agreement.repayment_per_month),
        "startdatum": format_date_nl(agreement.start_date),
        "einddatum": format_date_nl(agreement.end_date),
        "aantal_exemplaren": str(agreement.copies),
        "plaats": agreement.place,
        "datum": format_date_nl(today),
        "na_vonnis": agreement.trajectory.legal_stage == "vonnis",
    }
    for value in AgreementForm.values:
        context[f"vorm_{value}"] = form == value
    return context


# --- The document ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Signature:
    label: str  # "Namens Woonstichting De Linde" or "Huurder"
    name: str
    must_sign: bool
    signed_on: str
    signed_by: str


@dataclass(frozen=True)
class AgreementDocument:
    title: str
    subtitle: str
    reference: str
    blocks: tuple[Block, ...]
    signatures: tuple[Signature, ...]
    place: str
    date: str
    author: str
    context: dict[str, str | bool] = field(repr=False)

    @property
    def text(self) -> str:
        """Title and body as plain text (for readability and tests)."""
        lines = [self.title, self.subtitle]
        for block in self.blocks:
            if block.is_heading:
                lines.append(block.heading)
            else:
                lines.extend(block.lines or block.items)
        return "\n".join(lines)

    @property
    def readability(self) -> ReadabilityReport:
        return measure(self.text)


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def text_blocks(body: str) -> tuple[Block, ...]:
    """An empty line ends a paragraph; ``# `` starts a heading; ``- `` a list item."""
    blocks: list[Block] = []
    for chunk in _PARAGRAPH_BREAK.split(body.strip()):
        lines = []
        for raw in chunk.splitlines():
            line = raw.strip()
            if not line:
                continue
            if line.startswith("# "):
                lines.append(("heading", line[2:].strip()))
            elif line.startswith("- "):
                lines.append(("item", line[2:].strip()))
            else:
                lines.append(("line", line))
        for kind, group in groupby(lines, key=lambda pair: pair[0]):
            texts = tuple(text for _kind, text in group)
            if kind == "heading":
                blocks.extend(Block(heading=text) for text in texts)
            elif kind == "item":
                blocks.append(Block(items=texts))
            else:
                blocks.append(Block(lines=(" ".join(texts),)))
    return tuple(blocks)


def _signatures(agreement) -> tuple[Signature, ...]:
    out = []
    for party in agreement.parties.all():
        if party.role == PartyRole.TENANT:
            label = "Huurder"
        elif party.must_sign:
            label = f"Namens {party.name}"
        else:
            label = f"Voor gezien, namens {party.name}"
        out.append(
            Signature(
                label=label,
                name=party.name if party.role == PartyRole.TENANT else party.signed_by,
                must_sign=party.must_sign,
                signed_on=format_date_nl(party.signed_on) if party.signed_on else "",
                signed_by=party.signed_by,
            )
        )
    return tuple(out)


def agreement_document(agreement, *, today: date | None = None) -> AgreementDocument:
    context = agreement_context(agreement, today=today)
    body = render_text(_template_source(_TEXT_TEMPLATE), context)
    return AgreementDocument(
        title=str(context["titel"]),
        subtitle=SUBTITLE,
        reference=str(context["overeenkomstnummer"]),
        blocks=text_blocks(body),
        signatures=_signatures(agreement),
        place=agreement.place,
        date=str(context["datum"]),
        author=str(context["zorgaanbieder_naam"] or context["verhuurder_naam"]),
        context=context,
    )


def standard_readability(form: str) -> ReadabilityReport:
    """The readability of the standard text of ``form`` with example values."""
    context: dict[str, str | bool] = {name: "Voorbeeld" for name in PLACEHOLDER_NAMES}
    context.update(
        partijen="- Voorbeeld, de verhuurder",
        afspraken="\n".join("- " + line for line in _example_items(form)),
        startdatum="1 maart 2026",
        einddatum="28 februari 2027",
        aantal_exemplaren="4",
        na_vonnis=form != AgreementForm.ADDENDUM,
    )
    for value in AgreementForm.values:
        context[f"vorm_{value}"] = form == value
    body = render_text(_template_source(_TEXT_TEMPLATE), context)
    document = AgreementDocument(
        title=TITLES[form],
        subtitle=SUBTITLE,
        reference="",
        blocks=text_blocks(body),
        signatures=(),
        place="",
        date="",
        author="",
        context=context,
    )
    return document.readability


def _example_items(form: str) -> list[str]:
    from .rules import default_items

    return default_items(form, hours_per_week=Decimal("4"), repayment_per_month=Decimal("50"))


# --- Notice of an early end -------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeDocument:
    title: str
    blocks: tuple[Block, ...]
    recipients: tuple[str, ...]
    date: str
    author: str
    signer: str
    reference: str

    @property
    def text(self) -> str:
        lines = [self.title]
        for block in self.blocks:
            lines.extend([block.heading] if block.is_heading else (block.lines or block.items))
        return "\n".join(lines)


def notice_document(agreement) -> NoticeDocument:
    notice = agreement.notice
    context = agreement_context(agreement, today=notice.written_on)
    context.update(
        einddatum_nieuw=format_date_nl(notice.effective_on),
        reden=" ".join(notice.reason.split()),
        gelukt=notice.outcome == "succes",
        direct=notice.immediate,
        coordinator=notice.written_by_name,
    )
    body = render_text(_template_source(_NOTICE_TEMPLATE), context)
    parties = list(agreement.parties.all())
    return NoticeDocument(
        title=f"De afspraken stoppen: {TITLES[agreement.form].lower()}",
        blocks=text_blocks(body),
        recipients=tuple(p.name for p in parties),
        date=format_date_nl(notice.written_on),
        author=str(context["zorgaanbieder_naam"]),
        signer=notice.written_by_name,
        reference=str(context["overeenkomstnummer"]),
    )


# --- PDF ----------------------------------------------------------------------------------------


def _pdf(template: str, context: dict) -> bytes:
    return html_to_pdf(
        render_to_string(template, context), [render_to_string("agreements/pdf/agreement.css")]
    )


def agreement_pdf(document: AgreementDocument) -> bytes:
    return _pdf("agreements/pdf/agreement.html", {"doc": document})


def notice_pdf(document: NoticeDocument) -> bytes:
    return _pdf("agreements/pdf/notice.html", {"doc": document})


# --- DOCX ---------------------------------------------------------------------------------------


def _new_docx(title: str, author: str):
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    document.core_properties.title = title
    document.core_properties.language = "nl-NL"
    document.core_properties.author = author
    normal = document.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.font.size = Pt(11)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    return document


def _docx_blocks(document, blocks) -> None:
    for block in blocks:
        if block.is_heading:
            document.add_heading(block.heading, level=2)
        elif block.is_list:
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        else:
            document.add_paragraph("\n".join(block.lines))


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def agreement_docx(doc: AgreementDocument) -> bytes:
    document = _new_docx(doc.title, doc.author)
    document.add_heading(doc.title, level=1)
    document.add_paragraph(doc.subtitle)
    if doc.reference:
        document.add_paragraph(f"Huurcontract: {doc.reference}")
    _docx_blocks(document, doc.blocks)
    document.add_paragraph(f"Plaats: {doc.place or '……………………'}    Datum: ……………………")
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    cells = []
    for index, signature in enumerate(doc.signatures):
        if index % 2 == 0 and index:
            table.add_row()
        cells.append(table.rows[index // 2].cells[index % 2])
        cell = cells[-1]
        cell.paragraphs[0].add_run(signature.label).bold = True
        lines = [f"Naam: {signature.name or '……………………'}"]
        lines.append(f"Getekend op: {signature.signed_on or '……………………'}")
        lines.append("Handtekening:")
        cell.add_paragraph("\n".join(lines))
        cell.add_paragraph("\n\n")
    section = document.sections[0]
    section.footer.paragraphs[0].text = f"{doc.title} · {doc.reference}".strip(" ·")
    return _save(document)


def notice_docx(doc: NoticeDocument) -> bytes:
    document = _new_docx(doc.title, doc.author)
    document.add_paragraph(doc.author)
    document.add_paragraph("Aan:\n" + "\n".join(doc.recipients))
    document.add_paragraph(f"Datum: {doc.date}")
    document.add_heading(doc.title, level=1)
    _docx_blocks(document, doc.blocks)
    document.add_paragraph(f"Met vriendelijke groet,\n{doc.signer}\n{doc.author}")
    return _save(document)
