from datetime import timedelta

import pytest
from django.utils import timezone

from woonkans.demo import data
from woonkans.demo.tasks import demo_tasks_load
from woonkans.indications.models import Indication
from woonkans.indications.selectors import indication_warnings
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
    first = demo_tasks_load(today=today)
    assert (first.indications, first.incidents) == (1, 1)
    assert first.due_items > 0
    indication = Indication.objects.get(trajectory=trajectory)
    assert indication.hours_per_week == spec.facts.guidance_hours_per_week
    assert indication.start_date == start
    # The first pilot indication ends within six weeks: the warning shows.
    assert [w.code for w in indication_warnings(trajectory, today)] == ["ending"]
    counts = (Indication.objects.count(), DueItem.objects.count(), IncidentReport.objects.count())
    second = demo_tasks_load(today=today)
    assert (second.indications, second.due_items, second.incidents) == (0, 0, 0)
    assert counts == (
        Indication.objects.count(),
        DueItem.objects.count(),
        IncidentReport.objects.count(),
    )
