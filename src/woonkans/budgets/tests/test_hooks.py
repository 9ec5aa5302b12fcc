from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from woonkans.budgets import services
from woonkans.budgets.hooks import quarterly_report_done
from woonkans.tasks.models import DueItem
from woonkans.tasks.registry import completion_of, completions_for
from woonkans.trajectories.models import State, Trajectory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trajectory(involved_household, corporation, care):
    return Trajectory.objects.create(
        household=involved_household,
        corporation=corporation,
        care_provider=care,
        referred_by=corporation,
        referred_on=date(2026, 1, 5),
        reason="Test",
        arrears_at_referral=Decimal("100.00"),
        legal_stage="geen_vonnis",
        state=State.STARTED,
        state_since=date(2026, 2, 10),
    )


def _item(trajectory, due_on, key):
    return DueItem.objects.create(
        trajectory=trajectory,
        kind="quarterly_report",
        period_key=key,
        title="Kwartaalrapportage",
        due_on=due_on,
        responsible_organisation=trajectory.care_provider,
    )


def test_registered_for_quarterly_report():
    assert quarterly_report_done in completions_for("quarterly_report")


def test_sent_summary_completes_the_overlapping_item(trajectory, consultant, corporation):
    services.budget_start(
        actor=consultant, household=trajectory.household, started_on=date(2026, 1, 1)
    )
    q1 = _item(trajectory, date(2026, 5, 10), "q1")
    q2 = _item(trajectory, date(2026, 8, 10), "q2")
    summary = services.summary_generate(
        actor=consultant,
        household=trajectory.household,
        corporation=corporation,
        year=2026,
        quarter=1,
    )
    assert quarterly_report_done(q1) is None  # a draft does not count
    services.summary_send(actor=consultant, summary=summary, version=summary.version)
    assert quarterly_report_done(q1) == timezone.localdate()
    assert completion_of(q1)[0] == timezone.localdate()
    assert quarterly_report_done(q2) is None  # Q1 (Jan-Mar) does not cover May-Aug


def test_sending_marks_the_due_item_done(
    trajectory, consultant, corporation, django_capture_on_commit_callbacks
):
    services.budget_start(
        actor=consultant, household=trajectory.household, started_on=date(2026, 1, 1)
    )
    item = _item(trajectory, date(2026, 5, 10), "q1")
    summary = services.summary_generate(
        actor=consultant,
        household=trajectory.household,
        corporation=corporation,
        year=2026,
        quarter=2,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.summary_send(actor=consultant, summary=summary, version=summary.version)
    item.refresh_from_db()
    assert item.status == "done" and item.done_on == timezone.localdate()
