"""Connections to other apps, made in ``BudgetsConfig.ready``.

The tasks app generates a due item of kind ``quarterly_report`` for each running
trajectory every three months; a sent quarterly summary completes it.
"""

from __future__ import annotations

import importlib
from datetime import date

from django.utils import timezone

QUARTERLY_REPORT = "quarterly_report"


def quarterly_report_done(due_item) -> date | None:
    """The day a summary covering the due item's household was sent, on or after the
    start of the quarter the item falls due in; None while none was sent."""
    from woonkans.budgets import rules
    from woonkans.budgets.models import QuarterlySummary, SummaryStatus

    trajectory = getattr(due_item, "trajectory", None)
    household_id = getattr(trajectory, "household_id", None) or getattr(
        due_item, "household_id", None
    )
    due_on = getattr(due_item, "due_on", None) or getattr(due_item, "due_date", None)
    if household_id is None or due_on is None:
        return None
    # The summary of the quarter before the due date, or a later one, completes the item.
    year, quarter = rules.previous_quarter(due_on)
    start, _end = rules.quarter_bounds(year, quarter)
    summaries = QuarterlySummary.objects.filter(
        household_id=household_id, status=SummaryStatus.SENT, period_end__gte=start
    )
    corporation_id = getattr(trajectory, "corporation_id", None)
    if corporation_id is not None:
        summaries = summaries.filter(corporation_id=corporation_id)
    sent = summaries.order_by("sent_at").values_list("sent_at", flat=True).first()
    return timezone.localtime(sent).date() if sent is not None else None


def connect() -> None:
    try:
        registry = importlib.import_module("woonkans.tasks.registry")
    except ImportError:  # the tasks app has not provided its registry (yet)
        return
    registry.register_completion(QUARTERLY_REPORT, quarterly_report_done)
