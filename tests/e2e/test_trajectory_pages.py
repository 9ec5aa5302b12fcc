"""The last-chance trajectory pages, each checked with axe-core (WCAG 2.1 A/AA), without
CSP violations, and screenshotted. The full journeys (referral → flip-back, declined,
non-cooperation) are in their own module; this one covers every page and form state."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from woonkans.organisations.models import Role
from woonkans.testing import factories as f
from woonkans.trajectories import services
from woonkans.trajectories.models import EligibilityCriterion, MemberFunction, State

from .browser import check_page, login, logout, submit, visit

pytestmark = pytest.mark.browser


@pytest.fixture
def trajectory(world):
    EligibilityCriterion.objects.create(
        corporation=world.corporation,
        question="Is er overlast vanuit de woning?",
        excludes_when=True,
    )
    world.coordinator = world.actor(Role.COORDINATOR, world.care, "coordinator")
    world.worker = world.actor(Role.WOONBEGELEIDER, world.care, "begeleider2")
    world.wijk = world.actor(Role.WIJKCONSULENT, world.municipality, "wijkconsulent")
    today = timezone.localdate()
    question = EligibilityCriterion.objects.get(corporation=world.corporation)
    trajectory = services.referral_create(
        actor=world.consultant,
        household=world.household,
        tenancy=world.tenancy,
        care_provider=world.care,
        social_team=world.municipality,
        referred_on=today - timedelta(days=30),
        reason="Achterstand loopt op; geen contact",
        arrears=Decimal("2400.00"),
        legal_stage="vonnis",
        verdict_date=today - timedelta(days=40),
        household_situation="Moeder met een kind",
        children_count=1,
        answers={question.pk: True},
    )
    steps = (
        (State.DISCUSSED, world.consultant, 25),
        (State.ORIENTATION, world.consultant, 20),
        (State.INTAKE, world.wijk, 15),
    )
    for to_state, actor, days in steps:
        trajectory = services.trajectory_transition(
            actor=actor,
            trajectory=trajectory,
            to_state=to_state,
            on_date=today - timedelta(days=days),
        )
    services.member_add(
        actor=world.coordinator,
        trajectory=trajectory,
        user=world.worker.user,
        organisation=world.care,
        function=MemberFunction.WOONBEGELEIDER,
        started_on=today - timedelta(days=15),
    )
    return trajectory


def test_trajectory_pages_per_role(page, world, trajectory):
    pk = trajectory.pk
    login(page, world.consultant.user)
    visit(page, "/trajecten/", "trajectory-list")
    visit(page, f"/trajecten/{pk}/", "trajectory-detail-corporation")
    visit(page, f"/trajecten/{pk}/mensen/", "trajectory-people-corporation")
    visit(page, f"/trajecten/{pk}/stap/afgezien/", "trajectory-step-form")
    submit(page)  # no reason: the error summary
    check_page(page, "trajectory-step-form-errors")
    logout(page)

    login(page, world.coordinator.user)
    visit(page, f"/trajecten/{pk}/", "trajectory-detail-coordinator")
    visit(page, f"/trajecten/{pk}/terugklappen/", "trajectory-flip-back")
    visit(page, f"/trajecten/{pk}/gezamenlijk-besluit/", "trajectory-joint-decision")
    visit(page, f"/trajecten/{pk}/bemiddeling/", "trajectory-mediation")
    visit(page, f"/trajecten/{pk}/beeindigen/", "trajectory-terminate")
    visit(page, f"/trajecten/{pk}/mensen/", "trajectory-people-coordinator")
    member = trajectory.members.get()
    visit(page, f"/trajecten/{pk}/mensen/{member.pk}/overdragen/", "trajectory-handover")
    visit(page, f"/trajecten/{pk}/begeleidingsnotities/", "trajectory-notes")
    visit(page, f"/trajecten/{pk}/plan-van-aanpak/", "trajectory-plan-read")
    logout(page)

    login(page, world.wijk.user)
    visit(page, f"/trajecten/{pk}/plan-van-aanpak/", "trajectory-plan-form")
    logout(page)

    login(page, world.admin.user)
    visit(page, "/trajecten/instellingen/", "trajectory-settings")
    visit(page, "/trajecten/instellingen/vragen/nieuw/", "trajectory-criterion-form")


def test_referral_form(page, world):
    EligibilityCriterion.objects.create(
        corporation=world.corporation, question="Eerder een betalingsregeling?", excludes_when=False
    )
    f.OrganisationFactory(care=True, name="Onderdak", slug="onderdak-e2e")
    login(page, world.consultant.user)
    visit(page, f"/huishoudens/{world.household.pk}/", "household-with-referral-button")
    visit(page, f"/trajecten/aanmelden/{world.household.pk}/", "trajectory-referral-form")
    page.fill("#id_reason", "")
    submit(page)
    check_page(page, "trajectory-referral-form-errors")
