"""The print version (PDF) of an agreement in an organisation's own Word template.

There is no Word on the servers and no LibreOffice (ADR 0008), so a filled template is not
*converted* page for page. Instead its body is read as structure with ``mammoth`` (pure
Python): headings, paragraphs, bold/italic/underline, lists, tables, line and page breaks,
images in the body (PNG, JPEG, GIF). That HTML is put inside the app's own print layout —
the page size, margins, fonts installed on the machine, running footer and "Pagina x van y"
of the standard agreement (``templates/agreements/pdf/agreement.css``), plus
``own_template.css`` for tables and empty lines — and printed with WeasyPrint as a tagged
PDF (PDF/UA-1), like the standard text.

What does not carry over (said on the template page and in docs/agreements.md): the
template's headers and footers (the app's footer is printed instead), text boxes (their
text follows the paragraph they are anchored to), exact fonts, font sizes, colours,
alignment, indentation and tab stops, table borders, shading and column widths (every
table is printed with thin borders), fields such as page numbers or dates, comments, and
images in formats a browser cannot show (EMF/WMF).

Each page says that it is the print version of the organisation's own template, and so do
the PDF's metadata (subject and keywords). The Word download stays the document itself.
"""

from __future__ import annotations

import base64
import io
import logging
import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from woonkans.core.pdf import html_to_pdf

from .document import TITLES

logger = logging.getLogger(__name__)

# Word paragraph styles and breaks that mammoth does not map by default.
STYLE_MAP = "\n".join(
    (
        "br[type='page'] => hr.page-break",
        "p[style-name='Title'] => h1:fresh",
        "p[style-name='Subtitle'] => p.subtitle:fresh",
    )
)
PRINT_NOTICE = "Printversie van het eigen sjabloon"
# Image formats WeasyPrint prints; others (EMF, WMF, TIFF, SVG) show their alt text.
PRINTABLE_IMAGES = frozenset({"image/png", "image/jpeg", "image/gif"})
IMAGE_ALT = "Afbeelding uit het sjabloon"
UNPRINTABLE_IMAGE_ALT = "[Afbeelding die de printversie niet kan tonen]"
_TAGS = re.compile(r"<[^>]+>")
# mammoth writes attributes in double quotes and escapes quotes inside them.
_HREF = re.compile(r' href="([^"]*)"')
_SAFE_HREF = re.compile(r"(https?:|mailto:|#)", re.IGNORECASE)


def safe_links(html: str) -> str:
    """Links of the template keep only web, mail and in-document targets; any other
    (``javascript:``, ``file:``, ``data:``…) loses its ``href`` and stays plain text."""
    return _HREF.sub(lambda m: m.group(0) if _SAFE_HREF.match(m.group(1)) else "", html)


class TemplatePrintError(Exception):
    """The filled template cannot be printed; the message says why, for the user."""


@dataclass(frozen=True)
class PrintedTemplate:
    html: str  # the body of the template as HTML, made by mammoth (text is escaped)
    notes: tuple[str, ...]  # what mammoth could not carry over, for the log


def _image(image) -> dict[str, str]:
    """An image of the body as a data: URL, always with an alt text (PDF/UA requires one:
    the description given in Word, or a plain one)."""
    if image.content_type not in PRINTABLE_IMAGES:
        return {"src": "data:,", "alt": UNPRINTABLE_IMAGE_ALT}
    with image.open() as stream:
        encoded = base64.b64encode(stream.read()).decode("ascii")
    return {
        "src": f"data:{image.content_type};base64,{encoded}",
        "alt": image.alt_text or IMAGE_ALT,
    }


def template_html(filled_docx: bytes) -> PrintedTemplate:
    """The body of a (filled) Word template as HTML. Raises :class:`TemplatePrintError`
    when the file cannot be read or has no text in its body."""
    import mammoth

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(filled_docx),
            style_map=STYLE_MAP,
            # A template may carry its own mammoth style map; we do not let it choose HTML.
            include_embedded_style_map=False,
            # Empty paragraphs are the room to sign in many templates.
            ignore_empty_paragraphs=False,
            convert_image=mammoth.images.img_element(_image),
        )
    except Exception as exc:  # mammoth raises zip, XML and key errors for broken files
        logger.info("Own template not printable: %s", type(exc).__name__)
        raise TemplatePrintError(
            _(
                "Woonkans cannot read this Word template to make its print version (PDF). "
                "Open it in Word and save it again as .docx."
            )
        ) from exc
    if not _TAGS.sub("", result.value).strip():
        raise TemplatePrintError(
            _(
                "This template has no text in the body of the document (perhaps only in "
                "headers or footers), so its print version (PDF) would be empty."
            )
        )
    return PrintedTemplate(
        html=safe_links(result.value),
        notes=tuple(str(message.message) for message in result.messages),
    )


def template_pdf(
    filled_docx: bytes,
    *,
    form: str,
    template_name: str,
    organisation: str,
    reference: str,
    author: str,
) -> bytes:
    """The print version of a filled template as a tagged PDF (PDF/UA-1)."""
    printed = template_html(filled_docx)
    if printed.notes:
        logger.info("Own template printed with %s conversion notes", len(printed.notes))
    title = TITLES[form]
    notice = f"{PRINT_NOTICE} “{template_name}” van {organisation}"
    html = render_to_string(
        "agreements/pdf/own_template.html",
        {
            "title": title,
            "author": author,
            "notice": notice,
            "reference": reference,
            "body": printed.html,
        },
    )
    # Nothing is fetched from outside; only images embedded in the template (data: URLs).
    stylesheets = [
        render_to_string(name)
        for name in ("agreements/pdf/agreement.css", "agreements/pdf/own_template.css")
    ]
    try:
        return html_to_pdf(html, stylesheets)
    except Exception as exc:  # pragma: no cover - WeasyPrint lays out any HTML mammoth makes
        logger.exception("Own template could not be laid out")
        raise TemplatePrintError(
            _("Woonkans could not lay out the print version (PDF) of this template.")
        ) from exc
