"""Celery tasks of the tasks area (the beat schedule is in ``woonkans.conf.celery``)."""

from __future__ import annotations

from woonkans.jobs.helpers import daily_run_key, scheduled_task

from . import services


@scheduled_task("tasks.generate_due_items", run_key=daily_run_key)
def generate_due_items() -> dict[str, int]:
    """Daily: (re)generate every running trajectory's due items. Re-running changes nothing."""
    return services.due_items_sync_all()


@scheduled_task("tasks.daily_digest", run_key=daily_run_key)
def daily_digest() -> dict[str, int]:
    """Daily: one e-mail per person with open items due within 7 days or overdue."""
    return services.digest_send_all()
