"""Building blocks for background tasks in every business area.

* :func:`enqueue_on_commit` — start a task after the current transaction commits, passing
  ids only.
* :func:`scheduled_task` — declare a scheduled Celery task whose work runs at most once
  per *run key* (the period it covers), recorded as a :class:`~woonkans.jobs.models.JobRun`.
* :func:`run_once` — the same guarantee without Celery (used by the decorator and tests).

See ``docs/background-jobs.md`` for how to add a job.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial, wraps
from typing import Any

from celery import shared_task
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

from .models import JobRun, JobRunStatus

logger = logging.getLogger(__name__)

#: A run still marked "running" after this long is taken to be dead (the worker was killed)
#: and may be taken up again.
DEFAULT_STALE_AFTER = timedelta(hours=1)


# --- Enqueueing -------------------------------------------------------------------------


def enqueue_on_commit(task, *ids: int | str) -> None:
    """Send ``task(*ids)`` to the broker once the current transaction has committed.

    Outside a transaction the task is sent at once. Only ids (and other plain values) may
    be passed, never model instances: the task reads the current state itself. If the
    broker cannot be reached the failure is logged, not raised — the change is already
    committed; sweepers such as ``jobs.send_queued_emails`` pick up what was not sent.
    """
    for value in ids:
        if isinstance(value, models.Model) or not isinstance(value, int | str):
            raise TypeError(f"Tasks take ids, not {type(value).__name__} objects.")
    transaction.on_commit(partial(_send, task, ids))


def _send(task, ids: tuple[int | str, ...]) -> None:
    try:
        task.delay(*ids)
    except BrokerUnavailable:
        logger.exception("Could not enqueue task %s for ids %s", task.name, ids)


# --- Run keys ---------------------------------------------------------------------------


def daily_run_key() -> str:
    """The local calendar day (Europe/Amsterdam), e.g. ``2026-11-27``."""
    return timezone.localdate().isoformat()


def interval_run_key(seconds: int, now: datetime | None = None) -> str:
    """The start of the current slot of ``seconds`` (UTC), e.g. ``2026-11-27T02:14:00Z``."""
    now = now or timezone.now()
    slot = int(now.timestamp()) // seconds * seconds
    return datetime.fromtimestamp(slot, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- Running once per run key -----------------------------------------------------------


def run_once(
    *,
    task_name: str,
    run_key: str,
    work: Callable[[], dict[str, Any] | None],
    stale_after: timedelta = DEFAULT_STALE_AFTER,
) -> JobRun | None:
    """Run ``work`` for ``(task_name, run_key)`` unless that run already finished ok.

    Returns the finished :class:`JobRun`, or ``None`` when there was nothing to do (the
    run finished earlier, or another worker is running it now). ``work`` returns counts
    (e.g. ``{"letters": 12}``); it runs in one transaction with marking the run ok, so its
    database changes and the record of them commit together. On an exception the run is
    marked failed with the exception class only, and the exception is raised again.
    """
    run = _claim(task_name=task_name, run_key=run_key, stale_after=stale_after)
    if run is None:
        logger.info("Job %s for %s already done or running; skipped", task_name, run_key)
        return None
    try:
        with transaction.atomic():
            counts = work() or {}
            run.status = JobRunStatus.OK
            run.finished_at = timezone.now()
            run.counts = counts
            run.error = ""
            run.save(update_fields=["status", "finished_at", "counts", "error"])
    except Exception as exc:
        JobRun.objects.filter(pk=run.pk).update(
            status=JobRunStatus.FAILED, finished_at=timezone.now(), error=type(exc).__name__
        )
        logger.exception("Job %s for %s failed", task_name, run_key)
        raise
    return run


def _claim(*, task_name: str, run_key: str, stale_after: timedelta) -> JobRun | None:
    """Take the run for this key: create it, or take over a failed or dead one.

    Race-safe: the unique constraint decides between two creators, a conditional update
    between two workers retrying the same failed run.
    """
    now = timezone.now()
    try:
        with transaction.atomic():
            return JobRun.objects.create(
                task_name=task_name, run_key=run_key, status=JobRunStatus.RUNNING, started_at=now
            )
    except IntegrityError:
        pass
    taken = (
        JobRun.objects.filter(task_name=task_name, run_key=run_key)
        .filter(
            Q(status=JobRunStatus.FAILED)
            | Q(status=JobRunStatus.RUNNING, started_at__lt=now - stale_after)
        )
        .update(
            status=JobRunStatus.RUNNING,
            started_at=now,
            finished_at=None,
            error="",
            attempts=F("attempts") + 1,
        )
    )
    if not taken:
        return None
    return JobRun.objects.get(task_name=task_name, run_key=run_key)


def scheduled_task(
    name: str,
    *,
    run_key: Callable[[], str],
    stale_after: timedelta = DEFAULT_STALE_AFTER,
    **task_options,
):
    """Declare a Celery task for the beat schedule that does its work once per run key.

    ::

        @scheduled_task("collections.daily_run", run_key=daily_run_key)
        def daily_run() -> dict:
            return collection_daily_run()   # a use case; returns counts

    The task takes one optional keyword, ``run_key``, to (re)run a particular period by
    hand: ``daily_run.delay(run_key="2026-11-27")``. Without it the key is computed when
    the task runs.
    """

    current_key = run_key

    def decorator(func: Callable[[], dict[str, Any] | None]):
        @wraps(func)
        def task_body(*, run_key: str | None = None) -> int | None:
            key = run_key or current_key()
            run = run_once(task_name=name, run_key=key, work=func, stale_after=stale_after)
            return run.pk if run else None

        return shared_task(name=name, **task_options)(task_body)

    return decorator
