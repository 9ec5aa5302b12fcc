"""An organisation's own Word template: checking an upload and filling its placeholders.

A template is an ordinary ``.docx`` file with placeholders written as ``{{ name }}`` (the
names in :data:`~.document.PLACEHOLDERS`). Word often cuts a typed placeholder into several
*runs* (pieces of text with their own formatting), for example ``{{ huur`` + ``der_naam }}``.
Filling therefore works per paragraph on the joined text of its runs: the value goes into
the run where the placeholder starts, keeping that run's formatting, and the rest of the
placeholder is removed from the following runs. Nothing is evaluated: a value is plain text
(a line break in a value becomes a line break in Word), there are no tags, filters or
expressions, so a template cannot run anything.

Checks on upload (:func:`check_template`): the file name ends in ``.docx``; at most
:data:`MAX_TEMPLATE_BYTES`; it is a zip archive with a Word main document and no macros;
its unpacked size stays under :data:`MAX_UNPACKED_BYTES` (no zip bombs); python-docx can
open it; every ``{{ … }}`` names a known placeholder, and no ``{% … %}`` tags appear.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .document import PLACEHOLDER_NAMES

MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_MAIN_PART = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}")
_NAME = re.compile(r"[a-z_]+")


def _paragraphs(document) -> Iterator:
    """Every paragraph of the body, tables (also nested), headers and footers."""

    def walk(container):
        yield from container.paragraphs
        for table in getattr(container, "tables", []):
            for row in table.rows:
                for cell in row.cells:
                    yield from walk(cell)

    yield from walk(document)
    for section in document.sections:
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
            section.even_page_header,
            section.even_page_footer,
        ):
            if not part.is_linked_to_previous:
                yield from walk(part)


def _open(content: bytes):
    from docx import Document

    return Document(io.BytesIO(content))


def check_template(content: bytes, filename: str) -> list[str]:
    """The placeholders used by a valid template, sorted; raises :class:`ValidationError`
    with every problem found."""
    if not filename.lower().endswith(".docx"):
        raise ValidationError(_("Upload a Word file ending in .docx (not .doc or .docm)."))
    if len(content) > MAX_TEMPLATE_BYTES:
        raise ValidationError(
            _("The file is too large: at most %(max)s MB.")
            % {"max": MAX_TEMPLATE_BYTES // (1024 * 1024)}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise ValidationError(_("The file unpacks to more than 20 MB."))
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
            names = set(archive.namelist())
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ValidationError(_("This is not a Word (.docx) file.")) from exc
    if _MAIN_PART not in types:
        raise ValidationError(_("This is not a Word document without macros (.docx)."))
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ValidationError(_("The file contains macros. Save it as .docx without macros."))
    try:
        document = _open(content)
    except Exception as exc:  # python-docx raises several kinds for broken files
        raise ValidationError(_("Word cannot read this file: it seems damaged.")) from exc

    used: set[str] = set()
    unknown: set[str] = set()
    tags: set[str] = set()
    for paragraph in _paragraphs(document):
        text = paragraph.text
        tags.update(match.group(0) for match in _TAG.finditer(text))
        for match in PLACEHOLDER.finditer(text):
            name = match.group(1)
            if name in PLACEHOLDER_NAMES:
                used.add(name)
            else:
                unknown.add(match.group(0))
    errors = []
    if unknown:
        errors.append(
            ngettext(
                "Unknown placeholder: %(names)s. See the list of placeholders.",
                "Unknown placeholders: %(names)s. See the list of placeholders.",
                len(unknown),
            )
            % {"names": ", ".join(sorted(unknown))}
        )
    if tags:
        errors.append(
            _("Only placeholders such as {{ huurder_naam }} can be used; not %(tags)s.")
            % {"tags": ", ".join(sorted(tags))}
        )
    if errors:
        raise ValidationError(errors)
    if not used:
        raise ValidationError(
            _("The template contains no placeholders. Write at least {{ huurder_naam }}.")
        )
    return sorted(used)


def fill_paragraph(paragraph, values: dict[str, str]) -> None:
    """Replace every known ``{{ name }}`` of ``paragraph`` by its value, across runs."""
    runs = list(paragraph.runs)
    if not runs:
        return
    texts = [run.text for run in runs]
    joined = "".join(texts)
    matches = [m for m in PLACEHOLDER.finditer(joined) if m.group(1) in values]
    if not matches:
        return
    # Where each run starts in the joined text.
    starts = []
    position = 0
    for text in texts:
        starts.append(position)
        position += len(text)

    def run_at(offset: int) -> int:
        index = 0
        for i, start in enumerate(starts):
            if start <= offset:
                index = i
        return index

    new_texts = list(texts)
    # Right to left, so earlier offsets stay valid.
    for match in reversed(matches):
        first, last = run_at(match.start()), run_at(match.end() - 1)
        value = values[match.group(1)]
        head = texts[first][: match.start() - starts[first]]
        tail = texts[last][match.end() - starts[last] :]
        if first == last:
            new_texts[first] = head + value + tail
        else:
            new_texts[first] = head + value
            for middle in range(first + 1, last):
                new_texts[middle] = ""
            new_texts[last] = tail
        texts = list(new_texts)
    for run, text in zip(runs, new_texts, strict=True):
        if run.text != text:
            set_run_text(run, text)


# The children of a run that make up its text (python-docx's ``Run.text``); a ``w:br`` only
# when it is a line break, not a page or column break.
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_CHILDREN = frozenset(_W + name for name in ("t", "tab", "cr", "ptab", "noBreakHyphen"))
_BR = f"{_W}br"
_BR_TYPE = f"{_W}type"
_RPR = f"{_W}rPr"


def _is_text(child) -> bool:
    if child.tag == _BR:
        return child.get(_BR_TYPE) in (None, "textWrapping")
    return child.tag in _TEXT_CHILDREN


def set_run_text(run, text: str) -> None:
    """Replace the text of ``run`` ("\n" becomes a line break, "\t" a tab) and keep what
    is not text — a page or column break, a drawing, a field — where it was, after the new
    text when the text came before it. (python-docx's ``run.text = …`` removes it all.)"""
    r = run._r
    if all(_is_text(child) for child in r if child.tag != _RPR):
        run.text = text
        return
    scratch = copy.deepcopy(r)
    scratch.text = text  # CT_R: clears the content (keeps w:rPr) and writes t/br/tab
    new = [child for child in scratch if child.tag != _RPR]
    old = [child for child in r if child.tag != _RPR and _is_text(child)]
    if old:
        anchor = old[0]
        for child in new:
            anchor.addprevious(child)
        for child in old:
            r.remove(child)
    else:
        for child in new:
            r.append(child)


def fill_template(content: bytes, context: dict[str, str | bool]) -> bytes:
    """The template with its placeholders filled from ``context`` (booleans are not
    printed; the list placeholders become one line per item)."""
    values = {
        name: _plain(value)
        for name, value in context.items()
        if name in PLACEHOLDER_NAMES and isinstance(value, str)
    }
    document = _open(content)
    for paragraph in _paragraphs(document):
        fill_paragraph(paragraph, values)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _plain(value: str) -> str:
    """List values ("- a\\n- b") print as "• a" lines in Word."""
    lines = value.split("\n")
    if len(lines) > 1 or value.startswith("- "):
        return "\n".join("• " + line[2:] if line.startswith("- ") else line for line in lines)
    return value
