from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import translation

from conftest import login_verified
from woonkans.conferences import services
from woonkans.conferences.models import AttendanceStatus, Decision, Outcome
from woonkans.core.navigation import menu_for
from woonkans.organisations.models import Role
from woonkans.trajectories.models import State

pytestmark = pytest.mark.django_db


def client_for(actor) -> Client:
    return login_verified(Client(HTTP_ACCEPT_LANGUAGE="en"), actor.user)


def _text(response) -> str:
    return response.content.decode()


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    assert content.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture
def decided(world, started):
    """The started meeting with a decision about each case, an action point and
    attendance."""
    item_a = started.items.get(trajectory=world.a)
    item_b = started.items.get(trajectory=world.b)
    services.decision_record(
        actor=world.coordinator, item=item_a, outcome=Outcome.ADMIT, reasons="Reden Appelvink"
    )
    services.decision_record(
        actor=world.coordinator,
        item=item_b,
        outcome=Outcome.MORE_INFORMATION,
        reasons="Reden Baardmannetje",
    )
    services.action_point_add(
        actor=world.coordinator,
        conference=started,
        description="Actie Blauwborst",
        item=item_b,
        responsible=world.beuk,
    )
    services.action_point_add(
        actor=world.coordinator, conference=started, description="Volgende keer online"
    )
    rows = {r.organisation_id: r.pk for r in started.attendance.all()}
    services.attendance_record(
        actor=world.coordinator,
        conference=started,
        statuses={rows[world.eik.pk]: AttendanceStatus.PRESENT, rows[world.beuk.pk]: "afgemeld"},
    )
    return started


def test_menu_item_for_the_conference_roles(world):
    for role, shown in (
        (Role.COORDINATOR, True),
        (Role.WOONBEGELEIDER, True),
        (Role.WOONCONSULENT, True),
        (Role.WIJKCONSULENT, True),
        (Role.INCASSOMEDEWERKER, False),
        (Role.FINANCIEEL_CONSULENT, False),
        (Role.BELEIDSMEDEWERKER, False),
    ):
        org = world.eik if role in (Role.WOONCONSULENT, Role.INCASSOMEDEWERKER) else world.care
        urls = [item["url"] for item in menu_for(world.actor(org, role))]
        assert ("/casusoverleg/" in urls) is shown, role


def test_list_shows_upcoming_and_past_meetings(world):
    world.conference(title="Overleg Komend", on_date=world.today + timedelta(days=7))
    past = world.conference(title="Overleg Geweest", on_date=world.today - timedelta(days=7))
    services.conference_start(actor=world.coordinator, conference=past)
    services.conference_close(actor=world.coordinator, conference=past)
    response = client_for(world.actor(world.eik, Role.WOONCONSULENT)).get("/casusoverleg/")
    assert response.status_code == 200
    body = _text(response)
    assert (
        body.index("Overleg Komend") < body.index("Past meetings") < body.index("Overleg Geweest")
    )


def test_uninvited_organisations_and_other_roles_get_not_found(world, started):
    for org, role in (
        (world.outsider, Role.COORDINATOR),
        (world.eik, Role.INCASSOMEDEWERKER),
        (world.care, Role.FINANCIEEL_CONSULENT),
    ):
        client = client_for(world.actor(org, role))
        assert client.get(f"/casusoverleg/{started.pk}/").status_code == 404
        assert client.get(f"/casusoverleg/{started.pk}/notulen.pdf").status_code == 404


def test_coordinator_plans_a_meeting_in_the_browser_form(world):
    client = client_for(world.coordinator)
    assert client.get("/casusoverleg/nieuw/").status_code == 200
    response = client.post(
        "/casusoverleg/nieuw/",
        {
            "title": "Casusoverleg Vijver",
            "on_date": (world.today + timedelta(days=3)).isoformat(),
            "start_time": "10:00",
            "place": "Zaal 1",
            "chair": world.coordinator.user.pk,
            "invited": [world.eik.pk, world.cjg.pk],
            "repeat_weeks": "2",
        },
    )
    assert response.status_code == 302
    conference = world.care.conferences.get()
    assert conference.series.interval_weeks == 2
    assert set(conference.invited.all()) == {world.eik, world.cjg}
    other = client_for(world.actor(world.eik, Role.WOONCONSULENT))
    assert other.get("/casusoverleg/nieuw/").status_code == 404


def test_coordinator_changes_a_planned_meeting(world):
    conference = world.conference()
    client = client_for(world.coordinator)
    url = f"/casusoverleg/{conference.pk}/wijzigen/"
    assert client.get(url).status_code == 200
    data = {
        "title": "Verzet overleg",
        "on_date": (world.today + timedelta(days=2)).isoformat(),
        "start_time": "09:00",
        "place": "Zaal 4",
        "chair": world.coordinator.user.pk,
        "invited": [world.eik.pk],
        "version": conference.version,
    }
    assert client.post(url, data).status_code == 302
    conference.refresh_from_db()
    assert conference.title == "Verzet overleg"
    stale = client.post(url, {**data, "title": "Nog eens", "version": data["version"]})
    assert stale.status_code == 200 and "Someone else changed this meeting" in _text(stale)
    reader = client_for(world.actor(world.eik, Role.WOONCONSULENT))
    assert reader.get(url).status_code == 404


def test_coordinator_builds_starts_decides_and_closes_through_the_pages(world):
    conference = world.conference()
    client = client_for(world.coordinator)
    assert client.post(f"/casusoverleg/{conference.pk}/agenda/opbouwen/").status_code == 302
    assert conference.items.count() == 2
    conference.refresh_from_db()
    client.post(f"/casusoverleg/{conference.pk}/starten/", {"version": conference.version})
    conference.refresh_from_db()
    assert conference.status == "gestart"
    item = conference.items.get(trajectory=world.a)
    page = client.get(f"/casusoverleg/{conference.pk}/agenda/{item.pk}/besluit/")
    assert page.status_code == 200 and "Record decision" in _text(page)
    response = client.post(
        f"/casusoverleg/{conference.pk}/agenda/{item.pk}/besluit/",
        {"outcome": Outcome.ADMIT, "reasons": "Gezin wil meewerken"},
    )
    assert response.status_code == 302
    world.a.refresh_from_db()
    assert world.a.state == State.DISCUSSED
    conference.refresh_from_db()
    client.post(f"/casusoverleg/{conference.pk}/afsluiten/", {"version": conference.version})
    conference.refresh_from_db()
    assert conference.status == "afgesloten"


def test_others_see_a_clear_message_instead_of_the_decision_form(world, started):
    item = started.items.get(trajectory=world.a)
    for org, role in ((world.eik, Role.WOONCONSULENT), (world.care, Role.WOONBEGELEIDER)):
        client = client_for(world.actor(org, role))
        url = f"/casusoverleg/{started.pk}/agenda/{item.pk}/besluit/"
        with translation.override("en"):
            page = client.get(url)
        assert page.status_code == 200
        assert "Only the coordinator of the care provider that organises" in _text(page)
        assert 'name="reasons"' not in _text(page)
        client.post(url, {"outcome": Outcome.ADMIT, "reasons": "Stiekem"})
        assert not Decision.objects.filter(item=item).exists()
        detail = _text(client.get(f"/casusoverleg/{started.pk}/"))
        assert "Only the coordinator" in detail
        # Management actions are refused with a message, not performed.
        client.post(f"/casusoverleg/{started.pk}/afsluiten/")
        started.refresh_from_db()
        assert started.status == "gestart"


def test_about_a_running_case_the_meeting_can_only_ask_for_more_information(world):
    running = world.trajectory(
        "Familie Cetti", "HH-CETT", world.eik, referred_on=world.today - timedelta(days=90)
    )
    running.state = State.ACTIVE
    running.save()
    conference = world.conference()
    item = services.agenda_add(actor=world.coordinator, conference=conference, trajectory=running)
    services.conference_start(actor=world.coordinator, conference=conference)
    client = client_for(world.coordinator)
    page = _text(client.get(f"/casusoverleg/{conference.pk}/agenda/{item.pk}/besluit/"))
    assert 'value="meer_informatie"' in page and 'value="toelaten"' not in page
    client.post(
        f"/casusoverleg/{conference.pk}/agenda/{item.pk}/besluit/",
        {"outcome": Outcome.ADMIT, "reasons": "Poging"},
    )
    assert not Decision.objects.filter(item=item).exists()
    running.refresh_from_db()
    assert running.state == State.ACTIVE


def test_attendance_through_the_page(world):
    conference = world.conference()
    row = conference.attendance.get(organisation=world.eik)
    client = client_for(world.coordinator)
    client.post(
        f"/casusoverleg/{conference.pk}/aanwezigheid/", {f"attendance-{row.pk}": "aanwezig"}
    )
    client.post(
        f"/casusoverleg/{conference.pk}/aanwezigheid/",
        {"organisation": world.cjg.pk, "person_name": "Fatima Z.", "status": "afgemeld"},
    )
    row.refresh_from_db()
    assert row.status == AttendanceStatus.PRESENT
    assert conference.attendance.get(person_name="Fatima Z.").status == AttendanceStatus.EXCUSED


def test_coordinator_page_shows_the_forms(world, started):
    body = _text(client_for(world.coordinator).get(f"/casusoverleg/{started.pk}/"))
    assert "Familie Aalscholver" in body and "Familie Boomklever" in body
    assert "Close the meeting" in body and "Add an action point" in body


def test_minutes_pdf_and_docx_are_readable(world, decided):
    client = client_for(world.coordinator)
    pdf = client.get(f"/casusoverleg/{decided.pk}/notulen.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    docx = client.get(f"/casusoverleg/{decided.pk}/notulen.docx")
    for text in (_pdf_text(pdf.content), _docx_text(docx.content)):
        assert "Minutes: Casusoverleg Vijver" in text
        assert "Draft" in text  # not closed yet
        assert "Familie Aalscholver" in text and "Familie Boomklever" in text
        assert "Admit" in text and "Reden Appelvink" in text
        assert "More information needed" in text and "Reden Baardmannetje" in text
        assert "Actie Blauwborst" in text and "Volgende keer online" in text
        assert "Woonstichting Eik" in text and "Present" in text
        assert "Absent with notice" in text


def test_an_invited_organisation_does_not_see_households_it_is_not_involved_with(world, decided):
    """Beuk is invited to the meeting but only involved with Boomklever: the agenda and the
    minutes show Boomklever's case and never Aalscholver's name, reasons or actions."""
    beuk = client_for(world.actor(world.beuk, Role.WOONCONSULENT))
    page = _text(beuk.get(f"/casusoverleg/{decided.pk}/"))
    pdf = _pdf_text(beuk.get(f"/casusoverleg/{decided.pk}/notulen.pdf").content)
    docx = _docx_text(beuk.get(f"/casusoverleg/{decided.pk}/notulen.docx").content)
    for text in (page, pdf, docx):
        assert "Familie Boomklever" in text and "Reden Baardmannetje" in text
        assert "Actie Blauwborst" in text
        assert "Aalscholver" not in text and "HH-AALS" not in text
        assert "Reden Appelvink" not in text
        assert "1 other case" in text
    item_a = decided.items.get(trajectory=world.a)
    assert beuk.get(f"/casusoverleg/{decided.pk}/agenda/{item_a.pk}/besluit/").status_code == 404
    # The corporation of the other household sees the mirror image.
    eik = client_for(world.actor(world.eik, Role.WOONCONSULENT))
    text = _docx_text(eik.get(f"/casusoverleg/{decided.pk}/notulen.docx").content)
    assert "Familie Aalscholver" in text and "Boomklever" not in text


def test_minutes_are_not_available_before_the_meeting_starts(world):
    conference = world.conference()
    client = client_for(world.coordinator)
    assert client.get(f"/casusoverleg/{conference.pk}/notulen.pdf").status_code == 404


def test_trajectory_panel_lists_decisions_for_parties_only(world, decided):
    from django.template import Context, Template

    template = Template("{% load conference_tags %}{% trajectory_conferences_panel trajectory %}")
    with translation.override("en"):
        shown = template.render(
            Context({"actor": world.actor(world.eik, Role.WOONCONSULENT), "trajectory": world.a})
        )
        hidden = template.render(
            Context({"actor": world.actor(world.beuk, Role.WOONCONSULENT), "trajectory": world.a})
        )
    assert "Admit" in shown and "Reden Appelvink" in shown
    assert hidden.strip() == ""


def test_the_trajectory_page_shows_the_conference_panel(world, decided):
    eik = client_for(world.actor(world.eik, Role.WOONCONSULENT))
    with translation.override("en"):
        body = _text(eik.get(f"/trajecten/{world.a.pk}/"))
    assert 'id="conference-panel-heading"' in body and "Reden Appelvink" in body
