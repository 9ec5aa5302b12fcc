from datetime import timedelta

import pytest
from django.utils import timezone

from woonkans.demo import data
from woonkans.demo.tasks import demo_tasks_load
from woonkans.indications.models import Indication
from woonkans.indications.selectors import indication_warnings, valid_indication
from woonkans.organisations.models import Role
from woonkans.tasks.models import DueItem, IncidentReport
from woonkans.testing import factories as f

from .helpers import World

pytestmark = pytest.mark.django_db


def test_demo_loader_follows_the_pilot_hours_and_is_idempotent():
    spec = next(s for s in data.PILOT_HOUSEHOLDS if len(s.facts.guidance_hours) == 3)
    today = timezone.localdate()
    world = World(household=f.HouseholdFactory(reference=spec.reference))
    start = today - timedelta(days=100)
    trajectory = world.trajectory(
        dates={
            "aangemeld": start - timedelta(days=40),
            "besproken": start - timedelta(days=30),
            "orientatie": start - timedelta(days=20),
            "intake": start - timedelta(days=10),
            "gestart": start,
            "begeleiding": start + timedelta(days=7),
        }
    )
    world.actor(world.care, Role.COORDINATOR)  # completes the pilot's past items
    first = demo_tasks_load(today=today)
    assert (first.indications, first.incidents) == (1, 1)
    assert first.due_items > 0
    indication = Indication.objects.get(trajectory=trajectory)
    assert indication.hours_per_week == spec.facts.guidance_hours_per_week
    assert indication.start_date == start
    # The first pilot indication ends within six weeks: the warning shows.
    assert [w.code for w in indication_warnings(trajectory, today)] == ["ending"]
    # Items due more than three weeks ago are the pilot's history: done.
    details = DueItem.objects.get(trajectory=trajectory, kind="details_to_corporation")
    assert (details.status, details.done_on) == ("done", details.due_on)
    assert DueItem.objects.filter(trajectory=trajectory, status="open").exists()
    counts = (Indication.objects.count(), DueItem.objects.count(), IncidentReport.objects.count())
    second = demo_tasks_load(today=today)
    assert (second.indications, second.due_items, second.incidents) == (0, 0, 0)
    assert counts == (
        Indication.objects.count(),
        DueItem.objects.count(),
        IncidentReport.objects.count(),
    )


def test_demo_indications_are_renewed_up_to_today():
    spec = next(s for s in data.PILOT_HOUSEHOLDS if s.facts.guidance_hours)
    today = timezone.localdate()
    world = World(household=f.HouseholdFactory(reference=spec.reference))
    start = today - timedelta(days=500)
    trajectory = world.trajectory(
        dates={
            "aangemeld": start - timedelta(days=40),
            "besproken": start - timedelta(days=30),
            "orientatie": start - timedelta(days=20),
            "intake": start - timedelta(days=10),
            "gestart": start,
            "begeleiding": start + timedelta(days=7),
        }
    )
    assert demo_tasks_load(today=today).indications == 2
    first, second = Indication.objects.filter(trajectory=trajectory).order_by("start_date")
    assert second.start_date == first.end_date + timedelta(days=1)
    assert valid_indication(trajectory, today) == second
