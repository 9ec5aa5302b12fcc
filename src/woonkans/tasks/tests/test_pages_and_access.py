from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone, translation

from conftest import login_verified
from woonkans.households.access import timeline_visible_to
from woonkans.jobs.models import OutgoingEmail
from woonkans.organisations.models import Role
from woonkans.tasks import services
from woonkans.tasks.access import due_items_visible_to, incidents_visible_to
from woonkans.tasks.models import DueItem, DueKind, DueStatus, IncidentReport
from woonkans.trajectories.models import MemberFunction

from .helpers import World

pytestmark = pytest.mark.django_db


def recent_dates():
    """A trajectory in active guidance whose items are due around today (real time:
    logged-in sessions do not survive time travel)."""
    today = timezone.localdate()
    start = today - timedelta(days=40)
    return {
        "aangemeld": start - timedelta(days=30),
        "besproken": start - timedelta(days=25),
        "orientatie": start - timedelta(days=20),
        "intake": start - timedelta(days=15),
        "gestart": start,
        "begeleiding": start + timedelta(days=1),
    }


@pytest.fixture
def world(db):
    w = World()
    w.traj = w.trajectory(dates=recent_dates())
    w.fin = w.member(w.traj, MemberFunction.FINANCIEEL_CONSULENT)
    w.wb = w.member(w.traj, MemberFunction.WOONBEGELEIDER)
    w.coordinator = w.member(w.traj, MemberFunction.COORDINATOR)
    w.contact = w.member(w.traj, MemberFunction.CONTACTPERSOON)
    w.contact2 = w.member(w.traj, MemberFunction.CONTACTPERSOON)
    services.due_items_sync(trajectory=w.traj)
    return w


def client_for(actor):
    return login_verified(Client(), actor.user)


def test_corporation_sees_items_that_concern_it_not_care_internal_ones(world):
    corp = world.actor(world.corporation, Role.WOONCONSULENT)
    kinds = set(due_items_visible_to(corp).values_list("kind", flat=True))
    assert DueKind.RENT_TAKEOVER in kinds and DueKind.EVALUATION in kinds
    assert DueKind.SUPPORT_REPORT not in kinds
    care = set(due_items_visible_to(world.wb).values_list("kind", flat=True))
    assert DueKind.SUPPORT_REPORT in care
    team = world.actor(world.social_team, Role.WIJKCONSULENT)
    assert not due_items_visible_to(team).exists()
    stranger = World().actor(World().corporation, Role.WOONCONSULENT)
    assert not due_items_visible_to(stranger).exists()


def test_incident_notifies_every_contact_person_at_once_without_the_description(world):
    report = services.incident_report(
        actor=world.wb,
        trajectory=world.traj,
        kind="detention",
        occurred_on=timezone.localdate(),
        description="Aangehouden na ruzie; zit drie weken vast",
    )
    emails = OutgoingEmail.objects.order_by("to")
    assert sorted(e.to for e in emails) == sorted(
        [world.contact.user.email, world.contact2.user.email]
    )
    assert report.notified_count == 2
    for email in emails:
        assert world.traj.household.reference in email.subject
        assert "ruzie" not in email.body and world.traj.household.name not in email.body
    corp = world.actor(world.corporation, Role.INCASSOMEDEWERKER)
    assert list(incidents_visible_to(corp)) == [report]
    entries = timeline_visible_to(corp, world.traj.household).filter(kind="incident.reported")
    assert entries.count() == 1 and "ruzie" not in entries.get().summary


def test_only_the_care_provider_reports_incidents(world):
    client = client_for(world.actor(world.corporation, Role.WOONCONSULENT))
    url = f"/mijn-taken/traject/{world.traj.pk}/incident/"
    assert client.get(url).status_code == 404
    client = client_for(world.wb)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "nuisance",
            "occurred_on": timezone.localdate().isoformat(),
            "description": "Geluidsoverlast",
        },
    )
    assert response.status_code == 302
    assert IncidentReport.objects.get().kind == "nuisance"
    assert OutgoingEmail.objects.count() == 2


def test_my_tasks_page_shows_overdue_items_with_text(world):
    client = client_for(world.fin)
    with translation.override("en"):
        response = client.get("/mijn-taken/", HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert world.traj.household.reference in body
    # Details to the corporation were due 2 working days after the intake, weeks ago.
    assert "wk-due--overdue" in body
    assert DueItem.objects.get(kind=DueKind.DETAILS_TO_CORPORATION).is_overdue(timezone.localdate())


def test_my_tasks_filters_and_completion(world):
    client = client_for(world.fin)
    response = client.get("/mijn-taken/?show=overdue")
    rows = response.context["rows"]
    assert rows and all(r.due_on < timezone.localdate() for r in rows)
    response = client.get("/mijn-taken/?kind=evaluation")
    assert response.context["rows"] == []  # the evaluation is the support worker's
    item = DueItem.objects.get(kind=DueKind.DETAILS_TO_CORPORATION)
    response = client.post(f"/mijn-taken/{item.pk}/afronden/", {"next": "/mijn-taken/"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.done_by) == (DueStatus.DONE, world.fin.user)


def test_others_cannot_complete_an_item(world):
    item = DueItem.objects.get(kind=DueKind.DETAILS_TO_CORPORATION)
    for actor in (world.wb, world.contact, World().actor(World().care, Role.FINANCIEEL_CONSULENT)):
        response = client_for(actor).post(f"/mijn-taken/{item.pk}/afronden/")
        assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == DueStatus.OPEN


def test_coordinator_list_has_all_items_and_contact_person_sees_expected_items(world):
    response = client_for(world.coordinator).get("/mijn-taken/")
    assert response.context["page"].paginator.count == DueItem.objects.filter(status="open").count()
    response = client_for(world.contact).get("/mijn-taken/")
    assert response.context["page"].paginator.count == 0
    kinds = {i.kind for i in response.context["concerning"]}
    assert DueKind.RENT_TAKEOVER in kinds and DueKind.SUPPORT_REPORT not in kinds


PANEL = Template("{% load task_tags %}{% trajectory_tasks_panel trajectory %}")


def render_panel(actor, trajectory):
    with translation.override("en"):
        return PANEL.render(Context({"actor": actor, "trajectory": trajectory}))


def test_panel_per_role(world):
    services.incident_report(
        actor=world.wb,
        trajectory=world.traj,
        kind="other",
        occurred_on=timezone.localdate(),
        description="Incidenttekst Merel",
    )
    care = render_panel(world.wb, world.traj)
    assert "support worker" in care.lower() and "Merel" in care
    corp = render_panel(world.actor(world.corporation, Role.WOONCONSULENT), world.traj)
    assert "Merel" in corp and "Take over the rent payment" in corp
    assert "report for the evaluation" not in corp
    assert "Report an incident" not in corp
    stranger = render_panel(World().actor(World().care, Role.COORDINATOR), world.traj)
    assert stranger.strip() == ""


def test_hand_over_new_member_sees_items_on_the_page(world):
    from woonkans.trajectories.models import TrajectoryMember

    today = timezone.localdate()
    TrajectoryMember.objects.filter(user=world.fin.user).update(ended_on=today)
    successor = world.member(world.traj, MemberFunction.FINANCIEEL_CONSULENT, started_on=today)
    assert client_for(world.fin).get("/mijn-taken/").context["page"].paginator.count == 0
    assert client_for(successor).get("/mijn-taken/").context["page"].paginator.count == 2


def test_menu_item(world):
    from woonkans.core.navigation import menu_for

    assert any(str(i["label"]) == "My tasks" for i in _en(menu_for, world.fin))
    assert not any(
        str(i["label"]) == "My tasks"
        for i in _en(menu_for, world.actor(world.corporation, Role.BELEIDSMEDEWERKER))
    )


def _en(fn, *args):
    with translation.override("en"):
        return [{**i, "label": str(i["label"])} for i in fn(*args)]
