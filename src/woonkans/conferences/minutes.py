"""The minutes (notulen) of a case conference, per reader, as PDF and DOCX.

:func:`minutes_for` assembles what one actor may read: the meeting data, the attendance,
the general topics and action points, and only the cases of trajectories the actor may see
(need-to-know, :func:`.access.items_visible_to`). Other cases are counted, never named.
:func:`minutes_pdf` prints it with WeasyPrint (nothing fetched from outside, tagged PDF),
:func:`minutes_docx` writes the same content with python-docx.

The minutes are a working document for professionals, in the language of the person who
downloads them (gettext), unlike letters to households which are always Dutch.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from woonkans.core.pdf import html_to_pdf
from woonkans.organisations.actor import Actor

from .access import items_visible_to
from .models import Conference, ConferenceStatus


@dataclass(frozen=True)
class MinutesAction:
    description: str
    responsible: str
    due_on: date | None


@dataclass(frozen=True)
class MinutesCase:
    number: int
    title: str  # household name and reference, or the topic
    is_case: bool
    state: str
    priority: bool
    why: str
    source: str
    note: str
    decision: str  # the outcome's label; empty without a decision
    reasons: str
    decided_by: str
    actions: tuple[MinutesAction, ...] = ()


@dataclass(frozen=True)
class Minutes:
    title: str
    organiser: str
    date: str
    time: str
    place: str
    online_link: str
    chair: str
    status: str
    is_final: bool
    attendance: tuple[tuple[str, str, str], ...]  # organisation, person, status label
    cases: tuple[MinutesCase, ...]
    hidden_cases: int
    general_actions: tuple[MinutesAction, ...] = field(default=())
    language: str = "nl"
    date_iso: str = ""

    @property
    def filename_stem(self) -> str:
        return f"notulen-casusoverleg-{self.date_iso}"

    @property
    def hidden_text(self) -> str:
        return _hidden_text(self.hidden_cases) if self.hidden_cases else ""


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _action(point) -> MinutesAction:
    return MinutesAction(
        description=point.description,
        responsible=point.responsible.name if point.responsible_id else "",
        due_on=point.due_on,
    )


def minutes_for(actor: Actor, conference: Conference) -> Minutes:
    """What ``actor`` may read of the meeting's minutes."""
    visible = list(
        items_visible_to(actor, conference)
        .select_related("decision", "decision__decided_by")
        .prefetch_related("action_points__responsible")
    )
    total_cases = conference.items.filter(trajectory__isnull=False).count()
    shown_cases = sum(1 for item in visible if item.is_case)
    cases = []
    for number, item in enumerate(visible, start=1):
        decision = getattr(item, "decision", None) if item.is_case else None
        if item.is_case:
            title = f"{item.snapshot_name} ({item.snapshot_reference})"
        else:
            title = item.topic
        cases.append(
            MinutesCase(
                number=number,
                title=title,
                is_case=item.is_case,
                state=item.get_snapshot_state_display() if item.is_case else "",
                priority=item.snapshot_priority,
                why=item.snapshot_reason,
                source=item.get_source_display(),
                note=item.note,
                decision=decision.get_outcome_display() if decision else "",
                reasons=decision.reasons if decision else "",
                decided_by=(decision.decided_by_label if decision else ""),
                actions=tuple(_action(p) for p in item.action_points.all()),
            )
        )
    general = conference.action_points.filter(item__isnull=True).select_related("responsible")
    attendance = tuple(
        (row.organisation.name, row.person_name, row.get_status_display())
        for row in conference.attendance.select_related("organisation")
    )
    when = time_format(conference.start_time, "H:i")
    if conference.end_time:
        when += f"–{time_format(conference.end_time, 'H:i')}"
    return Minutes(
        title=conference.title,
        organiser=conference.organiser.name,
        date=date_format(conference.date, "l j F Y"),
        date_iso=conference.date.isoformat(),
        time=when,
        place=conference.place,
        online_link=conference.online_link,
        chair=_person(conference.chair),
        status=conference.get_status_display(),
        is_final=conference.status == ConferenceStatus.CLOSED,
        attendance=attendance,
        cases=tuple(cases),
        hidden_cases=total_cases - shown_cases,
        general_actions=tuple(_action(p) for p in general),
        language=translation.get_language() or "nl",
    )


# --- PDF ----------------------------------------------------------------------------------


def minutes_html(minutes: Minutes) -> str:
    return render_to_string("conferences/pdf/minutes.html", {"minutes": minutes})


def minutes_pdf(minutes: Minutes) -> bytes:
    return html_to_pdf(minutes_html(minutes), [render_to_string("conferences/pdf/minutes.css")])


# --- DOCX ---------------------------------------------------------------------------------

DOCX_FONT = "Arial"


def _docx_actions(document, actions) -> None:
    for action in actions:
        parts = [action.description]
        if action.responsible:
            parts.append(_("by %(organisation)s") % {"organisation": action.responsible})
        if action.due_on:
            parts.append(_("before %(date)s") % {"date": date_format(action.due_on, "j F Y")})
        document.add_paragraph(" – ".join(parts), style="List Bullet")


def minutes_docx(minutes: Minutes) -> bytes:
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    document.core_properties.title = _("Minutes: %(title)s") % {"title": minutes.title}
    document.core_properties.language = minutes.language
    document.core_properties.author = minutes.organiser
    normal = document.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.font.size = Pt(10)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)

    document.add_heading(_("Minutes: %(title)s") % {"title": minutes.title}, level=1)
    if not minutes.is_final:
        document.add_paragraph(_("Draft: the meeting has not been closed yet."))
    meta = document.add_table(rows=0, cols=2)
    meta.style = "Table Grid"
    for label, value in (
        (_("Organised by"), minutes.organiser),
        (_("Date"), minutes.date),
        (_("Time"), minutes.time),
        (_("Place"), minutes.place or "–"),
        (_("Online meeting link"), minutes.online_link or "–"),
        (_("Chair"), minutes.chair),
        (_("Status"), minutes.status),
    ):
        cells = meta.add_row().cells
        cells[0].text, cells[1].text = str(label), value

    document.add_heading(_("Attendance"), level=2)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text, header[1].text, header[2].text = _("Organisation"), _("Person"), _("Attendance")
    for organisation, person, status in minutes.attendance:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = organisation, person or "–", status

    document.add_heading(_("Agenda and decisions"), level=2)
    if not minutes.cases:
        document.add_paragraph(_("No points on the agenda that you may see."))
    for case in minutes.cases:
        document.add_heading(f"{case.number}. {case.title}", level=3)
        lines = []
        if case.is_case:
            lines.append(f"{_('Stage')}: {case.state}")
            if case.priority:
                lines.append(_("Priority: eviction verdict given"))
        lines.append(f"{_('Why on the agenda')}: {case.source}. {case.why}".strip())
        if case.note:
            lines.append(f"{_('Note')}: {case.note}")
        for line in lines:
            document.add_paragraph(line)
        if case.decision:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{_('Decision')}: {case.decision}").bold = True
            document.add_paragraph(f"{_('Reasons')}: {case.reasons}")
        elif case.is_case:
            document.add_paragraph(_("No decision recorded."))
        if case.actions:
            document.add_paragraph(_("Action points"))
            _docx_actions(document, case.actions)
    if minutes.hidden_cases:
        document.add_paragraph(_hidden_text(minutes.hidden_cases))

    document.add_heading(_("General action points"), level=2)
    if minutes.general_actions:
        _docx_actions(document, minutes.general_actions)
    else:
        document.add_paragraph(_("None."))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _hidden_text(count: int) -> str:
    from django.utils.translation import ngettext

    return ngettext(
        "%(count)d other case was discussed that your organisation is not involved in; it is "
        "not shown.",
        "%(count)d other cases were discussed that your organisation is not involved in; they "
        "are not shown.",
        count,
    ) % {"count": count}
