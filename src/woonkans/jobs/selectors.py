"""Reads for the jobs page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import EmailStatus, JobRun, JobRunStatus, OutgoingEmail
from .services import HEARTBEAT_TASK

FAILURE_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class SchedulerStatus:
    last_heartbeat: datetime | None
    running: bool
    silent_minutes: int  # whole minutes since the last heartbeat (at least 1 when silent)


def scheduler_status(now: datetime | None = None) -> SchedulerStatus:
    """Whether heartbeats arrive: the last one is at most three intervals old."""
    now = now or timezone.now()
    last = (
        JobRun.objects.filter(task_name=HEARTBEAT_TASK, status=JobRunStatus.OK)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    if last is None:
        return SchedulerStatus(last_heartbeat=None, running=False, silent_minutes=0)
    age = now - last
    running = age <= timedelta(seconds=3 * settings.HEARTBEAT_SECONDS)
    minutes = 0 if running else max(1, int(age.total_seconds() // 60))
    return SchedulerStatus(last_heartbeat=last, running=running, silent_minutes=minutes)


def last_run_per_task(now: datetime | None = None):
    """One row per task name: its latest run, with the last success and recent failures."""
    now = now or timezone.now()
    same_task = JobRun.objects.filter(task_name=OuterRef("task_name"))
    latest = same_task.order_by("-started_at", "-pk").values("pk")[:1]
    last_ok = (
        same_task.filter(status=JobRunStatus.OK).order_by("-finished_at").values("finished_at")[:1]
    )
    failures = (
        same_task.filter(status=JobRunStatus.FAILED, started_at__gte=now - FAILURE_WINDOW)
        .order_by()
        .values("task_name")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        JobRun.objects.filter(pk=Subquery(latest))
        .annotate(
            last_ok_at=Subquery(last_ok),
            recent_failures=Coalesce(Subquery(failures, output_field=IntegerField()), Value(0)),
        )
        .order_by("task_name")
    )


def recent_runs(limit: int = 20):
    """The latest runs of every job except the heartbeat."""
    return JobRun.objects.exclude(task_name=HEARTBEAT_TASK).order_by("-started_at", "-pk")[:limit]


def email_counts() -> list[tuple[str, str, int]]:
    """(status, label, number) for every e-mail status, zero included."""
    counted = dict(
        OutgoingEmail.objects.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [(status.value, status.label, counted.get(status.value, 0)) for status in EmailStatus]
