from __future__ import annotations

from datetime import timedelta

import pytest

from woonkans.audit.models import AuditEvent
from woonkans.conferences.models import Conference, ConferenceStatus, Decision, Outcome
from woonkans.demo import data
from woonkans.demo.conferences import PAST_TITLE, UPCOMING_TITLE, demo_conferences_load
from woonkans.organisations.models import Role
from woonkans.tasks.models import DueItem, DueKind
from woonkans.testing import factories as f
from woonkans.trajectories.models import State, Transition

pytestmark = pytest.mark.django_db


def test_demo_has_a_past_meeting_with_decisions_and_an_upcoming_one_with_referrals(world):
    organisations = {
        data.ONDERDAK: world.care,
        data.DE_LINDE: world.eik,
        data.RIVIERLAND: world.beuk,
        data.CJG: world.cjg,
    }
    world.coordinator  # noqa: B018 - the care provider's coordinator exists
    pilot = world.trajectory(
        "Familie Kortenhoef",
        data.PILOT_HOUSEHOLDS[0].reference,
        world.eik,
        referred_on=world.today - timedelta(days=200),
        state=State.ACTIVE,
    )
    Transition.objects.create(
        trajectory=pilot,
        from_state=State.REFERRED,
        to_state=State.DISCUSSED,
        occurred_on=world.today - timedelta(days=190),
        role=Role.COORDINATOR,
    )
    refused = world.trajectory(
        "Familie Oudeland",
        data.PILOT_HOUSEHOLDS[1].reference,
        world.eik,
        referred_on=world.today - timedelta(days=100),
        state=State.NOT_ADMITTED,
    )
    Transition.objects.create(
        trajectory=refused,
        from_state=State.REFERRED,
        to_state=State.NOT_ADMITTED,
        occurred_on=world.today - timedelta(days=95),
        role=Role.COORDINATOR,
    )
    first = demo_conferences_load(organisations=organisations, today=world.today)
    assert first.meetings == 3 and first.decisions == 2 and first.agenda_items == 2
    past = Conference.objects.filter(title=PAST_TITLE).order_by("date")
    assert [c.date for c in past] == [
        world.today - timedelta(days=190),
        world.today - timedelta(days=95),
    ]
    assert {c.status for c in past} == {ConferenceStatus.CLOSED}
    decision = Decision.objects.get(trajectory=pilot)
    assert decision.outcome == Outcome.ADMIT and decision.transition.to_state == State.DISCUSSED
    assert decision.decided_on == world.today - timedelta(days=190)
    assert Decision.objects.get(trajectory=refused).outcome == Outcome.NOT_ADMIT
    upcoming = Conference.objects.get(title=UPCOMING_TITLE)
    assert upcoming.date > world.today and upcoming.series is not None
    assert {i.trajectory for i in upcoming.items.all()} == {world.a, world.b}

    # Due items appear after the first load (the task demo runs later): loading again
    # still changes nothing.
    DueItem.objects.create(
        trajectory=pilot,
        kind=DueKind.QUARTERLY_REPORT,
        period_key="demo",
        title="Kwartaalrapportage",
        due_on=world.today - timedelta(days=1),
        responsible_organisation=world.care,
    )
    audit_events = AuditEvent.objects.count()
    again = demo_conferences_load(organisations=organisations, today=world.today)
    assert AuditEvent.objects.count() == audit_events
    assert not again.anything_created
    assert Conference.objects.count() == 3 and Decision.objects.count() == 2


def test_demo_without_a_coordinator_does_nothing(db):
    care = f.OrganisationFactory(care=True)
    organisations = {
        data.ONDERDAK: care,
        data.DE_LINDE: f.OrganisationFactory(),
        data.RIVIERLAND: f.OrganisationFactory(),
        data.CJG: f.OrganisationFactory(municipality=True),
    }
    from django.utils import timezone

    result = demo_conferences_load(organisations=organisations, today=timezone.localdate())
    assert not result.anything_created
