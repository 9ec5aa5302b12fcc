"""Connections to other apps, made in ``BudgetsConfig.ready``.

The tasks app generates a due item of kind ``quarterly_report`` every three months from
the start of guidance (``woonkans.tasks.rules``); a sent quarterly financial summary for
the trajectory's corporation completes it (``woonkans.tasks.registry``).
"""

from __future__ import annotations

import importlib
from datetime import date

from django.db.models import Subquery
from django.utils import timezone

QUARTERLY_REPORT = "quarterly_report"


def _months_before(day: date, months: int) -> date:
    from calendar import monthrange

    index = day.year * 12 + (day.month - 1) - months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def quarterly_report_done(due_item) -> date | None:
    """The day the first summary covering the item's three months was sent to the
    trajectory's corporation, or None. A summary covers the item when its calendar quarter
    overlaps the three months up to the item's due date. One query."""
    from woonkans.budgets.models import QuarterlySummary, SummaryStatus
    from woonkans.trajectories.models import Trajectory

    due_on = due_item.due_on
    trajectory = Trajectory.objects.filter(pk=due_item.trajectory_id)
    sent = (
        QuarterlySummary.objects.filter(
            household_id=Subquery(trajectory.values("household_id")[:1]),
            corporation_id=Subquery(trajectory.values("corporation_id")[:1]),
            status=SummaryStatus.SENT,
            period_end__gt=_months_before(due_on, 3),
            period_start__lte=due_on,
        )
        .order_by("sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    return timezone.localdate(sent) if sent is not None else None


def connect() -> None:
    try:
        registry = importlib.import_module("woonkans.tasks.registry")
    except ImportError:  # pragma: no cover - the tasks app provides its registry
        return
    registry.register_completion(QUARTERLY_REPORT, quarterly_report_done)
