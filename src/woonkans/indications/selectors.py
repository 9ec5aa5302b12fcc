"""Read-only questions about indications, used by pages and other apps."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from woonkans.trajectories.models import Trajectory

from . import rules
from .models import DEFAULT_WARN_DAYS, Indication, IndicationSettings


def indications_of(trajectory: Trajectory) -> QuerySet[Indication]:
    return (
        Indication.objects.filter(trajectory=trajectory)
        .select_related("issued_by")
        .prefetch_related("activities")
        .order_by("-start_date", "-pk")
    )


def valid_indication(trajectory: Trajectory, on_date: date | None = None) -> Indication | None:
    """The indication valid on ``on_date`` (today by default): started, not past its end
    date and not ended early. With several, the one that started last."""
    day = on_date or timezone.localdate()
    return (
        indications_of(trajectory)
        .filter(start_date__lte=day, end_date__gte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .first()
    )


def warn_days_for(trajectory: Trajectory) -> int:
    """The social team's setting (it renews indications), else the default of 6 weeks."""
    if trajectory.social_team_id is None:
        return DEFAULT_WARN_DAYS
    days = (
        IndicationSettings.objects.filter(organisation_id=trajectory.social_team_id)
        .values_list("warn_days_before_end", flat=True)
        .first()
    )
    return days or DEFAULT_WARN_DAYS


def periods_of(trajectory: Trajectory) -> list[rules.Period]:
    return [
        rules.Period(ind.start_date, ind.last_day)
        for ind in Indication.objects.filter(trajectory=trajectory)
    ]


def indication_warnings(trajectory: Trajectory, on_date: date | None = None) -> list[rules.Warning]:
    day = on_date or timezone.localdate()
    return rules.warnings(
        periods=periods_of(trajectory),
        on_date=day,
        guidance_running=trajectory.state in rules.GUIDANCE_STATES,
        warn_days=warn_days_for(trajectory),
    )
