"""The case conference in the browser: the coordinator plans a meeting, builds the agenda,
starts it, records attendance and a decision; a corporation's woonconsulent reads the
meeting. Every page passes the axe-core check (browser.check_page)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from woonkans.households.models import InvolvementKind
from woonkans.organisations.models import Role
from woonkans.testing import factories as f
from woonkans.trajectories.models import State, Trajectory

from .browser import check_page, login, logout, path_of, submit, visit

pytestmark = pytest.mark.browser


def _referral(world, care, cjg) -> Trajectory:
    today = timezone.localdate()
    trajectory = Trajectory.objects.create(
        household=world.household,
        tenancy=world.tenancy,
        corporation=world.corporation,
        care_provider=care,
        social_team=cjg,
        referred_by=world.corporation,
        referred_on=today - timedelta(days=3),
        reason="Huurachterstand",
        arrears_at_referral=Decimal("1200.00"),
        legal_stage="vonnis",
        priority=True,
        state=State.REFERRED,
        state_since=today - timedelta(days=3),
    )
    f.InvolvementFactory(
        household=world.household, organisation=care, kind=InvolvementKind.TRAJECTORY
    )
    return trajectory


def test_coordinator_runs_a_case_conference(page, world):
    care = f.OrganisationFactory(care=True, name="Zorg Samen Verder", slug="zorg-samen")
    coordinator = world.actor(Role.COORDINATOR, care, "coordinator")
    trajectory = _referral(world, care, world.municipality)

    login(page, coordinator.user)
    visit(page, "/casusoverleg/", "conferences-list")
    visit(page, "/casusoverleg/nieuw/", "conferences-create")
    submit(page)  # empty form: the error summary
    check_page(page, "conferences-create-errors")
    page.fill("#id_on_date", timezone.localdate().isoformat())
    page.fill("#id_start_time", "10:00")
    page.fill("#id_place", "Stadskantoor")
    page.select_option("#id_invited", label=world.corporation.name)
    page.fill("#id_repeat_weeks", "2")
    submit(page)
    check_page(page, "conferences-detail-planned")
    detail = path_of(page)
    visit(page, f"{detail}wijzigen/", "conferences-edit")
    visit(page, detail, "conferences-detail-planned")

    submit(page, "form[action$='/agenda/opbouwen/'] button")
    assert "Familie Bakker-Visser" in page.locator("main").inner_text()
    submit(page, "form[action$='/starten/'] button")
    check_page(page, "conferences-detail-started")

    page.select_option("select[name^='attendance-']", index=1)
    submit(page, "form[action$='/aanwezigheid/'] button >> nth=0")
    with page.expect_navigation(wait_until="load"):
        page.locator("a[href$='/besluit/']").first.click()
    check_page(page, "conferences-decision")
    page.check("#id_outcome_0")
    page.fill("#id_reasons", "Gezin wil meewerken; vonnis maakt het urgent.")
    submit(page)
    check_page(page, "conferences-detail-decided")
    trajectory.refresh_from_db()
    assert trajectory.state == State.DISCUSSED
    logout(page)

    login(page, world.consultant.user)
    visit(page, "/casusoverleg/", "conferences-list-corporation")
    with page.expect_navigation(wait_until="load"):
        page.locator("main a[href^='/casusoverleg/']").first.click()
    check_page(page, "conferences-detail-corporation")
    assert "Gezin wil meewerken" in page.locator("main").inner_text()
