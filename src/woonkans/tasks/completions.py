"""Completions the tasks app registers itself (see :mod:`.registry`)."""

from __future__ import annotations

from datetime import date

from woonkans.trajectories.models import State, Transition

from .models import DueItem


def evaluation_held(item: DueItem) -> date | None:
    """The n-th evaluation is held when the trajectory leaves the evaluation state for the
    n-th time (extended, flipped back or ended)."""
    if not item.period_key.isdigit():
        return None
    n = int(item.period_key)
    dates = list(
        Transition.objects.filter(trajectory_id=item.trajectory_id, from_state=State.EVALUATION)
        .order_by("occurred_on", "pk")
        .values_list("occurred_on", flat=True)[:n]
    )
    return dates[n - 1] if len(dates) >= n else None
