"""The eviction hold: a running last-chance trajectory pauses the eviction route (collection
steps, legal steps that take the route further, verdict prompts); a decline, a refusal to
admit or non-cooperation resumes it from that day."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from conftest import login_verified
from woonkans.collection.models import WorklistItem, WorklistKind, WorklistStatus
from woonkans.collection.services import collection_run
from woonkans.collection.tests.helpers import preset, rent
from woonkans.households.holds import EvictionHold, hold_on, holds_by_tenancy, holds_on
from woonkans.households.models import TimelineEntry
from woonkans.legal import services as legal
from woonkans.legal.services import StepRefused
from woonkans.organisations.models import Role
from woonkans.testing import factories as f
from woonkans.trajectories import machine, rules
from woonkans.trajectories.models import FINAL_STATES, State
from woonkans.trajectories.services import referral_create, trajectory_transition

SEP1 = date(2026, 9, 1)  # a Tuesday
MON7 = date(2026, 9, 7)
REFERRED = date(2026, 9, 8)
DECLINED = date(2026, 9, 21)  # a Monday


# --- The pure rule ---------------------------------------------------------------------------


def test_ending_states_are_the_final_states():
    assert {str(s) for s in FINAL_STATES} == rules.ENDING_STATES
    assert rules.RESUMING_STATES == {
        State.DECLINED,
        State.NOT_ADMITTED,
        State.ENDED_NON_COOPERATION,
    }


def test_no_transitions_no_hold():
    assert rules.hold_period([]) is None


def test_a_running_trajectory_holds_from_the_referral():
    period = rules.hold_period([(State.REFERRED, REFERRED), (State.DISCUSSED, date(2026, 9, 15))])
    assert period == rules.HoldPeriod(since=REFERRED, until=None)
    assert not period.resumes


@pytest.mark.parametrize(
    ("end_state", "resumes"),
    [
        (State.DECLINED, True),
        (State.NOT_ADMITTED, True),
        (State.ENDED_NON_COOPERATION, True),
        (State.FLIPPED_BACK, False),
        (State.ENDED_SUCCESS, False),
    ],
)
def test_the_hold_ends_on_the_day_of_the_final_state(end_state, resumes):
    period = rules.hold_period([(State.REFERRED, REFERRED), (end_state, DECLINED)])
    assert (period.since, period.until, period.end_state) == (REFERRED, DECLINED, end_state)
    assert period.resumes is resumes


def _walks():
    """Random walks through the machine's table from the referral."""

    @st.composite
    def walk(draw):
        state = str(State.REFERRED)
        day = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 1, 1)))
        steps = [(state, day)]
        for _ in range(draw(st.integers(min_value=0, max_value=12))):
            options = machine.allowed_transitions(state)
            if not options:
                break
            state = draw(st.sampled_from(options))
            day = day + timedelta(days=draw(st.integers(min_value=0, max_value=90)))
            steps.append((state, day))
        return steps

    return walk()


@given(_walks())
def test_property_the_hold_covers_exactly_the_days_before_the_final_state(steps):
    period = rules.hold_period(steps)
    assert period.since == steps[0][1]
    final = [(s, d) for s, d in steps if s in rules.ENDING_STATES]
    if final:
        # The table has no way out of a final state, so a walk has at most one.
        assert len(final) == 1 and steps[-1] == final[0]
        assert period.until == final[0][1] and period.end_state == final[0][0]
    else:
        assert period.until is None and period.end_state == ""
    hold = EvictionHold(tenancy_id=1, since=period.since, until=period.until, reason="x")
    assert hold.covers(period.since) or period.until == period.since
    assert not hold.covers(period.since - timedelta(days=1))
    if period.until is not None:
        assert not hold.covers(period.until)
        assert hold.covers(period.until - timedelta(days=1)) or period.until == period.since
    else:
        assert hold.covers(period.since + timedelta(days=10_000))


# --- Against the database ------------------------------------------------------------------


class Case:
    def __init__(self):
        self.corporation = f.OrganisationFactory(corporation=True)
        self.care = f.OrganisationFactory(care=True)
        self.social_team = f.OrganisationFactory(municipality=True)
        self.household = f.HouseholdFactory()
        f.PersonFactory(household=self.household, phone="0612345001")
        self.tenancy = f.TenancyFactory(household=self.household, corporation=self.corporation)
        self.consulent = f.make_actor(Role.WOONCONSULENT, organisation=self.corporation)
        self.officer = f.make_actor(Role.INCASSOMEDEWERKER, organisation=self.corporation)
        self.coordinator = f.make_actor(Role.COORDINATOR, organisation=self.care)
        self.bailiff = f.OrganisationFactory(
            kind="extern", external_kind="deurwaarder", slug="dw-hold"
        )

    def refer(self, on=REFERRED, **kw):
        return referral_create(
            actor=self.consulent,
            household=self.household,
            tenancy=self.tenancy,
            care_provider=self.care,
            social_team=self.social_team,
            referred_on=on,
            reason="Huurachterstand; laatste kans",
            arrears=Decimal("1200.00"),
            legal_stage=kw.pop("legal_stage", "geen_vonnis"),
            **kw,
        )

    def decline(self, trajectory, on=DECLINED):
        return trajectory_transition(
            actor=self.consulent,
            trajectory=trajectory,
            to_state=State.DECLINED,
            on_date=on,
            reason="Huishouden wil geen begeleiding",
        )

    def handover(self, on):
        return legal.external_collection_handover(
            actor=self.officer,
            tenancy=self.tenancy,
            kind="DEU",
            agency=self.bailiff,
            handed_over_on=on,
            amount=Decimal("1200.00"),
        )


@pytest.fixture
def case(db):
    return Case()


def _prompts(case):
    return WorklistItem.objects.filter(tenancy=case.tenancy, kind=WorklistKind.PROMPT)


def test_referral_puts_the_route_on_hold_and_a_decline_resumes_it(case):
    trajectory = case.refer()
    assert hold_on(case.tenancy.pk, REFERRED - timedelta(days=1)) is None
    hold = hold_on(case.tenancy.pk, REFERRED)
    assert hold is not None and hold.since == REFERRED and hold.is_running
    assert hold.url == reverse("trajectories:detail", args=[trajectory.pk])
    assert (
        TimelineEntry.objects.filter(household=case.household, kind="trajectory.hold").count() == 1
    )
    assert not _prompts(case).exists()

    case.decline(trajectory)
    assert hold_on(case.tenancy.pk, DECLINED - timedelta(days=1)) is not None
    assert hold_on(case.tenancy.pk, DECLINED) is None
    (ended,) = holds_by_tenancy(tenancy_ids=[case.tenancy.pk])[case.tenancy.pk]
    assert (ended.since, ended.until, ended.resumes) == (REFERRED, DECLINED, True)
    entries = TimelineEntry.objects.filter(household=case.household, kind="trajectory.hold")
    assert entries.count() == 2
    assert "resumes" in entries.order_by("-occurred_at").first().summary
    # The corporation is asked to decide the next step, once.
    (prompt,) = _prompts(case)
    assert prompt.corporation == case.corporation and prompt.status == WorklistStatus.OPEN
    assert prompt.source_key == f"trajectory-hold-end:{trajectory.pk}"
    assert "Declined by the household" in prompt.title
    assert not prompt.urgent  # no verdict


def test_the_corporation_and_other_tenancies_are_kept_apart(case):
    other = f.TenancyFactory(corporation=case.corporation)
    case.refer()
    assert set(holds_on(REFERRED, corporation_id=case.corporation.pk)) == {case.tenancy.pk}
    assert holds_on(REFERRED, tenancy_ids=[other.pk]) == {}
    other_corporation = f.OrganisationFactory(corporation=True)
    assert holds_on(REFERRED, corporation_id=other_corporation.pk) == {}


def test_a_flip_back_ends_the_hold_without_resuming(case, monkeypatch):
    # The agreements app's guard (all parties signed) is not what this test is about.
    monkeypatch.setattr(machine, "_GUARDS", {})
    trajectory = case.refer()
    steps = (
        (State.DISCUSSED, case.consulent),
        (State.ORIENTATION, case.consulent),
        (State.INTAKE, case.coordinator),
        (State.STARTED, case.coordinator),
        (State.ACTIVE, case.coordinator),
    )
    for state, actor in steps:
        trajectory = trajectory_transition(
            actor=actor, trajectory=trajectory, to_state=state, on_date=REFERRED
        )
    trajectory_transition(
        actor=case.coordinator,
        trajectory=trajectory,
        to_state=State.FLIPPED_BACK,
        on_date=DECLINED,
        reason="Achterstand afgelost",
    )
    (ended,) = holds_by_tenancy(tenancy_ids=[case.tenancy.pk])[case.tenancy.pk]
    assert (ended.until, ended.resumes) == (DECLINED, False)
    assert hold_on(case.tenancy.pk, DECLINED) is None
    # No "decide the next step" task: the household keeps its home.
    assert not _prompts(case).exists()
    (last,) = TimelineEntry.objects.filter(
        household=case.household, kind="trajectory.hold"
    ).order_by("-occurred_at")[:1]
    assert "Eviction hold ended" in last.summary


def test_a_verdict_makes_the_resume_prompt_urgent(case):
    case.handover(date(2026, 3, 1))
    legal.summons_register(
        actor=case.officer,
        tenancy=case.tenancy,
        served_on=date(2026, 4, 1),
        court_date=date(2026, 4, 22),
        court="Rechtbank Voorbeeld",
        claim_amount=Decimal("1500.00"),
        claims_eviction=True,
    )
    legal.verdict_register(
        actor=case.officer,
        tenancy=case.tenancy,
        pronounced_on=date(2026, 5, 6),
        dissolution_and_eviction=True,
        amount_awarded=Decimal("1500.00"),
    )
    trajectory = case.refer(legal_stage="vonnis", verdict_date=date(2026, 5, 6))
    # No eviction can be announced while the trajectory runs...
    with pytest.raises(StepRefused, match="on hold since"):
        legal.eviction_notice_register(
            actor=case.officer,
            tenancy=case.tenancy,
            notified_on=date(2026, 9, 10),
            eviction_date=date(2026, 10, 10),
        )
    # ...and no weekly "keep trying to reach the tenant" prompt is put on the worklist.
    assert (
        legal.verdict_contact_prompts_add(
            actor=case.officer, corporation=case.corporation, run_date=date(2026, 9, 14)
        )
        == 0
    )
    trajectory_transition(
        actor=case.consulent,
        trajectory=trajectory,
        to_state=State.NOT_ADMITTED,
        on_date=DECLINED,
        reason="Past niet in de aanpak",
    )
    (prompt,) = _prompts(case)
    assert prompt.urgent and "Not admitted" in prompt.title
    # After the resume both are possible again.
    assert (
        legal.verdict_contact_prompts_add(
            actor=case.officer, corporation=case.corporation, run_date=date(2026, 9, 28)
        )
        == 1
    )
    legal.eviction_notice_register(
        actor=case.officer,
        tenancy=case.tenancy,
        notified_on=date(2026, 9, 28),
        eviction_date=date(2026, 10, 28),
    )


def test_legal_steps_dated_within_the_hold_are_refused_before_and_after_are_not(case):
    trajectory = case.refer()
    with pytest.raises(StepRefused) as refused:
        case.handover(date(2026, 9, 10))
    assert "last-chance trajectory" in str(refused.value)
    # Something that happened before the referral can still be registered.
    case.handover(date(2026, 9, 1))
    legal.external_collection_end(
        actor=case.officer, tenancy=case.tenancy, ended_on=date(2026, 9, 2), reason="betaald"
    )
    case.decline(trajectory)
    case.handover(DECLINED)


def test_the_collection_run_pauses_during_the_hold_and_resumes_after(case):
    preset(case.corporation, "small")
    rent(case.tenancy, SEP1)
    collection_run(corporation=case.corporation, run_date=MON7)
    (first,) = WorklistItem.objects.filter(tenancy=case.tenancy, kind=WorklistKind.STEP)
    assert first.status == WorklistStatus.OPEN

    trajectory = case.refer()
    counts = collection_run(corporation=case.corporation, run_date=date(2026, 9, 14))
    assert counts["tenancies_on_hold"] == 1 and counts["items_cancelled"] == 1
    first.refresh_from_db()
    assert (first.status, first.cancelled_reason) == (WorklistStatus.CANCELLED, "eviction_hold")
    collection_run(corporation=case.corporation, run_date=date(2026, 9, 15))
    steps = WorklistItem.objects.filter(tenancy=case.tenancy, kind=WorklistKind.STEP)
    assert not steps.filter(status=WorklistStatus.OPEN).exists()

    case.decline(trajectory)
    counts = collection_run(corporation=case.corporation, run_date=DECLINED)
    assert "tenancies_on_hold" not in counts
    assert steps.filter(status=WorklistStatus.OPEN).exists()
    # The run is idempotent after the resume as well.
    before = steps.count()
    collection_run(corporation=case.corporation, run_date=DECLINED)
    assert steps.count() == before


# --- Pages -----------------------------------------------------------------------------------


def client_for(actor):
    client = Client()
    login_verified(client, actor.user)
    return client


def test_pages_show_the_hold_and_the_resume(case):
    trajectory = case.refer()
    officer = client_for(case.officer)
    page = officer.get(reverse("legal:tenancy", args=[case.tenancy.pk])).content.decode()
    assert "Eviction route on hold" in page
    assert "on hold: only with a date before" in page
    step = officer.get(reverse("legal:step", args=[case.tenancy.pk, "overdracht"]))
    assert "You can only register this step with a date before" in step.content.decode()
    household = officer.get(reverse("households:detail", args=[case.household.pk]))
    assert "Eviction route on hold" in household.content.decode()
    coordinator = client_for(case.coordinator)
    detail = coordinator.get(reverse("trajectories:detail", args=[trajectory.pk])).content
    assert "The eviction route is on hold since" in detail.decode()

    case.decline(trajectory)
    page = officer.get(reverse("legal:tenancy", args=[case.tenancy.pk])).content.decode()
    assert "Eviction route resumed" in page and "Eviction route on hold" not in page
    detail = coordinator.get(reverse("trajectories:detail", args=[trajectory.pk])).content
    assert "The eviction route resumed on" in detail.decode()


def test_the_api_gives_the_hold(case):
    from rest_framework.test import APIClient

    from woonkans.testing.factories import make_api_client

    trajectory = case.refer()
    _client, token = make_api_client(case.care, Role.COORDINATOR)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = f"/api/v1/trajectories/{trajectory.pk}/"
    assert client.get(url).json()["eviction_hold"] == {
        "since": "2026-09-08",
        "until": None,
        "resumes": False,
    }
    case.decline(trajectory)
    assert client.get(url).json()["eviction_hold"] == {
        "since": "2026-09-08",
        "until": "2026-09-21",
        "resumes": True,
    }
