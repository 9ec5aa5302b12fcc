"""Access after a trajectory ends: the partners' involvements end after the retention period.

Frozen time: the care provider's and the social team's people see the household (gate,
pages, API) up to and including the last day of the retention period, and no longer from
the next day's run of the daily job on. The corporation keeps seeing it; involvements of
other sources stay open; a second run changes nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from conftest import login_verified
from woonkans.audit.models import AuditEvent
from woonkans.households.access import households_visible_to
from woonkans.households.models import Involvement, InvolvementKind, TimelineEntry
from woonkans.jobs.models import JobRun
from woonkans.organisations.models import Role
from woonkans.testing.factories import InvolvementFactory, make_actor, make_api_client
from woonkans.trajectories import retention, services
from woonkans.trajectories.models import (
    DEFAULT_INVOLVEMENT_RETENTION_DAYS,
    State,
    TrajectorySettings,
)
from woonkans.trajectories.tasks import end_partner_access

ENDED_ON = date(2026, 1, 12)
LAST_DAY = ENDED_ON + timedelta(days=DEFAULT_INVOLVEMENT_RETENTION_DAYS)  # 12 April 2026
PARTNER_ROLES = (
    ("care", Role.WOONBEGELEIDER),
    ("care", Role.FINANCIEEL_CONSULENT),
    ("care", Role.COORDINATOR),
    ("social_team", Role.WIJKCONSULENT),
)
CORPORATION_ROLES = (Role.WOONCONSULENT, Role.INCASSOMEDEWERKER)


def on(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 11, tzinfo=UTC), tick=False)


# --- The rule --------------------------------------------------------------------------------


@given(
    final_since=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    days=st.integers(min_value=0, max_value=365),
    offset=st.integers(min_value=-400, max_value=400),
)
def test_access_ends_exactly_the_day_after_the_last_day(final_since, days, offset):
    until = retention.partner_access_until(final_since, days)
    today = final_since + timedelta(days=offset)
    assert (until - final_since).days == days
    assert retention.retention_over(final_since, days, today) == (today > until)
    assert not retention.retention_over(final_since, days, final_since)  # never on day 0


def test_negative_retention_is_refused():
    with pytest.raises(ValueError):
        retention.partner_access_until(date(2026, 1, 1), -1)


# --- Helpers ---------------------------------------------------------------------------------


@pytest.fixture
def ended(parties):
    """A trajectory referred through the use case on 5 January and not admitted on
    12 January 2026 (a final state), so its involvements are the ones the use case opens."""
    corp = parties.actor(parties.corporation, Role.WOONCONSULENT)
    with on(date(2026, 1, 5)):
        trajectory = services.referral_create(
            actor=corp,
            household=parties.household,
            tenancy=parties.tenancy,
            care_provider=parties.care,
            social_team=parties.social_team,
            referred_on=date(2026, 1, 5),
            reason="Huurachterstand loopt op",
            arrears=Decimal("1500.00"),
            legal_stage="geen_vonnis",
        )
    with on(ENDED_ON):
        trajectory = services.trajectory_transition(
            actor=corp,
            trajectory=trajectory,
            to_state=State.NOT_ADMITTED,
            on_date=ENDED_ON,
            reason="Geen toestemming van het huishouden",
        )
    assert trajectory.state == State.NOT_ADMITTED and trajectory.state_since == ENDED_ON
    return trajectory


def _org(parties, side):
    return getattr(parties, side)


def _page(actor, url):
    client = login_verified(Client(), actor.user)
    return client.get(url)


def _api(organisation, role):
    _client, token = make_api_client(organisation, role)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


def _sees_everything(parties, trajectory, organisation, role) -> list[bool]:
    """Whether an actor of ``organisation`` in ``role`` sees the household through the gate,
    the household and trajectory pages, and the household and trajectory API."""
    actor = make_actor(role, organisation=organisation)
    household = parties.household
    return [
        households_visible_to(actor).filter(pk=household.pk).exists(),
        _page(actor, reverse("households:detail", args=[household.pk])).status_code == 200,
        _page(actor, reverse("trajectories:detail", args=[trajectory.pk])).status_code == 200,
        _api(organisation, role).get(f"/api/v1/households/{household.pk}/").status_code == 200,
        _api(organisation, role).get(f"/api/v1/trajectories/{trajectory.pk}/").status_code == 200,
    ]


def _open_partner_involvements(parties, trajectory):
    return Involvement.objects.filter(
        source_type=retention.SOURCE_TYPE, source_id=str(trajectory.pk), closed_at__isnull=True
    ).exclude(organisation=parties.corporation)


# --- The use case and the job ----------------------------------------------------------------


def test_referral_opens_the_involvements_the_retention_closes(ended, parties):
    """Guards against drift: the involvements the referral opens are the ones found here."""
    opened = retention.involvements_opened_by(ended)
    assert {i.organisation_id for i in opened} == {parties.care.pk, parties.social_team.pk}
    assert Involvement.objects.filter(
        organisation=parties.corporation, source_id=str(ended.pk), closed_at__isnull=True
    ).exists()


@pytest.mark.parametrize(("side", "role"), PARTNER_ROLES)
def test_partner_access_disappears_the_day_after_the_retention_ends(ended, parties, side, role):
    organisation = _org(parties, side)
    with on(LAST_DAY):
        end_partner_access.delay()
        assert _open_partner_involvements(parties, ended).count() == 2
        assert _sees_everything(parties, ended, organisation, role) == [True] * 5
    with on(LAST_DAY + timedelta(days=1)):
        # Before the day's run the involvement is still open (the job runs at 00:15).
        assert _sees_everything(parties, ended, organisation, role)[0] is True
        end_partner_access.delay()
        assert _sees_everything(parties, ended, organisation, role) == [False] * 5
    assert not _open_partner_involvements(parties, ended).exists()


@pytest.mark.parametrize("role", CORPORATION_ROLES)
def test_the_corporation_keeps_seeing_household_and_trajectory(ended, parties, role):
    with on(LAST_DAY + timedelta(days=30)):
        assert retention.partner_access_end_due()["involvements"] == 2
        assert _sees_everything(parties, ended, parties.corporation, role) == [True] * 5
    assert Involvement.objects.filter(
        organisation=parties.corporation, source_id=str(ended.pk), closed_at__isnull=True
    ).exists()


def test_a_second_run_changes_nothing(ended, parties):
    with on(LAST_DAY + timedelta(days=1)):
        first = retention.partner_access_end_due()
        counts = (AuditEvent.objects.count(), TimelineEntry.objects.count())
        closed_at = dict(
            Involvement.objects.filter(closed_at__isnull=False).values_list("pk", "closed_at")
        )
        with CaptureQueriesContext(connection) as queries:
            second = retention.partner_access_end_due()
        # Ended trajectories whose partners are gone are not looked at again (the
        # corporation's own involvement stays open): the candidates and the settings only.
        assert len(queries) == 2
        third = retention.trajectory_partner_access_end(trajectory=ended)
    with on(LAST_DAY + timedelta(days=2)):
        later = retention.partner_access_end_due()
    assert first == {"trajectories": 1, "involvements": 2, "waiting": 0}
    assert second == later == {"trajectories": 0, "involvements": 0, "waiting": 0}
    assert third == 0
    assert (AuditEvent.objects.count(), TimelineEntry.objects.count()) == counts
    assert (
        dict(Involvement.objects.filter(closed_at__isnull=False).values_list("pk", "closed_at"))
        == closed_at
    )


def test_the_job_runs_once_per_day(ended, parties):
    with on(LAST_DAY + timedelta(days=1)):
        end_partner_access.delay()
        end_partner_access.delay()
    runs = JobRun.objects.filter(task_name="trajectories.end_partner_access")
    assert runs.count() == 1
    assert runs.get().counts == {"trajectories": 1, "involvements": 2, "waiting": 0}


def test_waiting_trajectories_are_counted_not_closed(ended, parties):
    with on(LAST_DAY):
        assert retention.partner_access_end_due() == {
            "trajectories": 0,
            "involvements": 0,
            "waiting": 1,
        }
    assert _open_partner_involvements(parties, ended).count() == 2


def test_other_involvements_stay_open(ended, parties):
    other_sources = [
        InvolvementFactory(
            household=parties.household,
            organisation=parties.social_team,
            kind=InvolvementKind.SIGNAL,
            source_type="signals.signal",
            source_id=str(ended.pk),  # the same number, another source
        ),
        InvolvementFactory(
            household=parties.household,
            organisation=parties.care,
            kind=InvolvementKind.REFERRAL,
            source_type="budgets.debthandover",
            source_id="7",
        ),
        InvolvementFactory(
            household=parties.household, organisation=parties.care, kind=InvolvementKind.ASSIGNMENT
        ),
    ]
    # Opened by another (running) trajectory of the same household.
    running = parties.trajectory(state=State.ACTIVE)
    other_sources += list(_open_partner_involvements(parties, running))
    assert len(other_sources) == 5
    with on(LAST_DAY + timedelta(days=1)):
        assert retention.partner_access_end_due()["involvements"] == 2
    for involvement in other_sources:
        involvement.refresh_from_db()
        assert involvement.closed_at is None
    # With these still open, the partners keep seeing the household (through them).
    worker = make_actor(Role.WOONBEGELEIDER, organisation=parties.care)
    assert households_visible_to(worker).filter(pk=parties.household.pk).exists()


def test_running_trajectories_are_left_alone(parties):
    running = parties.trajectory(state=State.ACTIVE, since=date(2020, 1, 1))
    assert retention.trajectory_partner_access_end(trajectory=running, today=date(2026, 1, 1)) == 0
    assert _open_partner_involvements(parties, running).count() == 2
    assert retention.access_until_for(running) is None


def test_closing_writes_audit_and_timeline(ended, parties):
    with on(LAST_DAY + timedelta(days=1)):
        retention.partner_access_end_due()
    event = AuditEvent.objects.get(object_id=str(ended.pk), detail=retention.AUDIT_DETAIL)
    assert event.action == "update" and event.actor_label == "system"
    assert event.household_id == parties.household.pk
    assert (
        AuditEvent.objects.filter(
            object_type="households.involvement", action="update", fields=["closed_at"]
        ).count()
        == 2
    )
    entry = TimelineEntry.objects.get(household=parties.household, kind=retention.TIMELINE_KIND)
    assert "90 days" in entry.summary and "2026-04-12" in entry.summary
    assert parties.care.name in entry.summary and parties.social_team.name in entry.summary
    assert entry.field_group == "identity"
    assert TimelineEntry.objects.filter(kind="involvement.closed").count() == 2


def test_the_corporations_setting_decides(ended, parties):
    TrajectorySettings.objects.create(corporation=parties.corporation, involvement_retention_days=0)
    assert retention.access_until_for(ended) == ENDED_ON
    assert retention.trajectory_partner_access_end(trajectory=ended, today=ENDED_ON) == 0
    assert (
        retention.trajectory_partner_access_end(
            trajectory=ended, today=ENDED_ON + timedelta(days=1)
        )
        == 2
    )


# --- Pages: the date on the trajectory page, the setting ------------------------------------


def test_trajectory_page_shows_until_when_partners_keep_access(ended, parties):
    coordinator = make_actor(Role.COORDINATOR, organisation=parties.care)
    corp = make_actor(Role.WOONCONSULENT, organisation=parties.corporation)
    url = reverse("trajectories:detail", args=[ended.pk])
    with on(LAST_DAY):
        html = _page(coordinator, url).content.decode()
        assert "Partners keep access until" in html
        assert '<time datetime="2026-04-12">12 April 2026</time>' in html
    with on(LAST_DAY + timedelta(days=1)):
        retention.partner_access_end_due()
        html = _page(corp, url).content.decode()
        assert "Partners kept access until" in html and "2026-04-12" in html
    running = parties.trajectory(state=State.ACTIVE)
    html = _page(corp, reverse("trajectories:detail", args=[running.pk])).content.decode()
    assert "keep access until" not in html and "kept access until" not in html


def _settings_post(actor, **values):
    data = {
        "damage_share_care_provider": "50",
        "arrangement_kept_months": "6",
        "involvement_retention_days": "30",
    }
    data.update(values)
    client = login_verified(Client(), actor.user)
    return client.post(reverse("trajectories:settings"), data)


def test_settings_page_edits_the_retention_with_an_audit_record(parties):
    admin = make_actor(Role.FUNCTIONEEL_BEHEERDER, organisation=parties.corporation)
    page = _page(admin, reverse("trajectories:settings")).content.decode()
    assert 'name="involvement_retention_days"' in page and 'value="90"' in page
    response = _settings_post(admin)
    assert response.status_code == 302
    saved = TrajectorySettings.objects.get(corporation=parties.corporation)
    assert saved.involvement_retention_days == 30
    (event,) = AuditEvent.objects.filter(object_type="trajectories.trajectorysettings")
    assert "involvement_retention_days" in event.fields
    assert _settings_post(admin, involvement_retention_days="366").status_code == 200
    assert _settings_post(admin, involvement_retention_days="-1").status_code == 200
    saved.refresh_from_db()
    assert saved.involvement_retention_days == 30


def test_only_the_corporations_functional_administrator_edits_it(parties):
    for organisation, role in (
        (parties.corporation, Role.WOONCONSULENT),
        (parties.care, Role.COORDINATOR),
        (parties.care, Role.FUNCTIONEEL_BEHEERDER),
    ):
        actor = make_actor(role, organisation=organisation)
        assert _settings_post(actor).status_code == 404
    assert not TrajectorySettings.objects.exists()
