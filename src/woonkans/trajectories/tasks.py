"""Celery tasks of the trajectories area (the beat schedule is in ``woonkans.conf.celery``)."""

from __future__ import annotations

from woonkans.jobs.helpers import daily_run_key, scheduled_task

from . import retention


@scheduled_task("trajectories.end_partner_access", run_key=daily_run_key)
def end_partner_access() -> dict[str, int]:
    """Daily: the partners' access to the household of an ended trajectory ends once the
    corporation's retention period is over. Re-running changes nothing."""
    return retention.partner_access_end_due()
