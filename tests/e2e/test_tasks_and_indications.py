"""Issue 4 items 4 and 6 in the browser: the wijkconsulent issues an indication from the
trajectory page (first with an empty form: the error summary), the financial consultant
works through "My tasks" and marks an overdue item done, the support worker reports an
incident, and the corporation's contact person sees what concerns the corporation. Every
page passes the axe-core check (check_page)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from woonkans.indications.models import Indication
from woonkans.jobs.models import OutgoingEmail
from woonkans.organisations.models import Role
from woonkans.tasks.models import DueItem, DueKind, DueStatus, IncidentReport
from woonkans.tasks.services import due_items_sync
from woonkans.tasks.tests.helpers import World
from woonkans.trajectories.models import MemberFunction

from .browser import check_page, login, logout, submit, visit

pytestmark = pytest.mark.browser


def test_indication_tasks_and_incident(page, live_server):
    today = timezone.localdate()
    start = today - timedelta(days=40)
    w = World()
    trajectory = w.trajectory(
        dates={
            "aangemeld": start - timedelta(days=30),
            "besproken": start - timedelta(days=25),
            "orientatie": start - timedelta(days=20),
            "intake": start - timedelta(days=15),
            "gestart": start,
            "begeleiding": start + timedelta(days=1),
        }
    )
    consultant = w.member(trajectory, MemberFunction.FINANCIEEL_CONSULENT)
    support = w.member(trajectory, MemberFunction.WOONBEGELEIDER)
    contact = w.member(trajectory, MemberFunction.CONTACTPERSOON)
    wijk = w.actor(w.social_team, Role.WIJKCONSULENT)
    due_items_sync(trajectory=trajectory)

    # --- The wijkconsulent issues the indication -----------------------------------
    login(page, wijk.user)
    visit(page, f"/trajecten/{trajectory.pk}/", "trajectory-indication-missing")
    assert page.locator("#indications-heading").count() == 1
    with page.expect_navigation(wait_until="load"):
        page.locator(f"a[href='/indicaties/traject/{trajectory.pk}/nieuw/']").click()
    check_page(page, "indication-new")
    submit(page)
    check_page(page, "indication-new-errors")
    page.select_option("#id_legal_basis", "wmo")
    page.fill("#id_product", "Begeleiding individueel")
    page.fill("#id_start_date", start.isoformat())
    page.fill("#id_end_date", (start + timedelta(days=364)).isoformat())
    page.fill("#id_rows-0-activity", "Budgetbegeleiding")
    page.fill("#id_rows-0-hours_per_week", "1")
    page.fill("#id_rows-1-activity", "Gesprekken met de kinderen")
    page.fill("#id_rows-1-hours_per_week", "1.5")
    page.fill("#id_rows-2-activity", "Ambulante ondersteuning")
    page.fill("#id_rows-2-hours_per_week", "3.5")
    submit(page)
    check_page(page, "trajectory-indication-issued")
    assert Indication.objects.get(trajectory=trajectory).hours_per_week == 6
    logout(page)

    # --- The financial consultant's task list ------------------------------------------
    login(page, consultant.user)
    visit(page, "/mijn-taken/", "my-tasks")
    assert page.locator(".wk-due--overdue").count() >= 1
    visit(page, "/mijn-taken/?show=overdue", "my-tasks-overdue")
    details = DueItem.objects.get(kind=DueKind.DETAILS_TO_CORPORATION)
    submit(page, f"form[action='/mijn-taken/{details.pk}/afronden/'] button")
    check_page(page, "my-tasks-after-done")
    details.refresh_from_db()
    assert details.status == DueStatus.DONE
    logout(page)

    # --- The support worker reports an incident -----------------------------------------
    login(page, support.user)
    visit(page, f"/mijn-taken/traject/{trajectory.pk}/incident/", "incident-new")
    page.select_option("#id_kind", "nuisance")
    page.fill("#id_description", "Buren klagen over geluid in de nacht.")
    submit(page)
    check_page(page, "trajectory-incident-reported")
    assert IncidentReport.objects.filter(trajectory=trajectory).count() == 1
    assert OutgoingEmail.objects.filter(to=contact.user.email).count() == 1
    logout(page)

    # --- The corporation's contact person -----------------------------------------------
    login(page, contact.user)
    visit(page, "/mijn-taken/", "my-tasks-contact-person")
    visit(page, f"/trajecten/{trajectory.pk}/", "trajectory-corporation")
    main = page.locator("main").inner_text()
    assert "Budgetbegeleiding" not in main
    assert "Buren klagen" in main
