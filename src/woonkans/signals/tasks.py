"""Celery tasks of vroegsignalering. Thin: they call a use case.

The beat schedule that starts the scheduled ones is in ``woonkans.conf.celery``.
"""

from __future__ import annotations

from django.utils import timezone

from woonkans.jobs.helpers import daily_run_key, scheduled_task

from . import services


@scheduled_task("signals.create_due", run_key=daily_run_key)
def create_due() -> dict[str, int]:
    """Daily: early signals for every corporation with an active policy."""
    return services.signals_create_due_all(run_date=timezone.localdate())
