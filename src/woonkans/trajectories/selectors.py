"""Read-only questions about trajectories, used by pages and by other apps."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from .dates import add_years
from .models import MemberFunction, State, Trajectory, TrajectoryMember, Transition


def current_members(
    trajectory: Trajectory, function: str | None = None, on_date: date | None = None
) -> QuerySet[TrajectoryMember]:
    """The people working on the trajectory now (or on ``on_date``), optionally of one
    function (:class:`MemberFunction`)."""
    day = on_date or timezone.localdate()
    members = TrajectoryMember.objects.filter(trajectory=trajectory, started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )
    if function is not None:
        members = members.filter(function=function)
    return members.select_related("user", "organisation")


def coordinator_of(trajectory: Trajectory) -> TrajectoryMember | None:
    return current_members(trajectory, MemberFunction.COORDINATOR).first()


def guidance_started_on(trajectory: Trajectory) -> date | None:
    """The date of the (first) transition into :attr:`State.STARTED`."""
    return (
        Transition.objects.filter(trajectory=trajectory, to_state=State.STARTED)
        .order_by("occurred_on", "pk")
        .values_list("occurred_on", flat=True)
        .first()
    )


def evaluation_due_on(trajectory: Trajectory) -> date | None:
    """The evaluation date: as set (or extended) on the trajectory, else one year after the
    start of the guidance; None before the guidance started."""
    if trajectory.evaluation_on:
        return trajectory.evaluation_on
    started = guidance_started_on(trajectory)
    if started is None:
        return None
    return add_years(started, 1)


def transitions_of(trajectory: Trajectory) -> QuerySet[Transition]:
    return trajectory.transitions.select_related("user", "organisation").order_by(
        "occurred_on", "pk"
    )


def open_trajectory_for_household(household) -> Trajectory | None:
    """The household's trajectory that has not reached a final state, if any."""
    from .models import FINAL_STATES

    return (
        Trajectory.objects.filter(household=household)
        .exclude(state__in=list(FINAL_STATES))
        .order_by("-referred_on", "-pk")
        .first()
    )
