"""The Celery application and the schedule of recurring jobs.

Tasks live in each business area's ``tasks.py``. The broker is Redis in production and a
SQLite file in the demo (``CELERY_BROKER_URL`` in settings). Scheduled jobs are listed once,
in :data:`SCHEDULE` below; ``celery beat`` (embedded in the worker with ``-B`` in the demo)
starts them. See ``docs/background-jobs.md``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

from celery import Celery
from celery.schedules import crontab
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "woonkans.conf.settings")

app = Celery("woonkans")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

#: How often ``jobs.send_queued_emails`` looks for e-mail that never reached a worker.
EMAIL_SWEEP_SECONDS = 300


@dataclass(frozen=True)
class ScheduledJob:
    task: str
    # A timedelta (every ...) or a crontab in Europe/Amsterdam time (CELERY_TIMEZONE).
    schedule: timedelta | crontab
    description: str  # lazily translated; shown on the jobs page


def schedule() -> list[ScheduledJob]:
    """Every recurring job. Add new ones here (see docs/background-jobs.md)."""
    from django.conf import settings

    return [
        ScheduledJob(
            "jobs.heartbeat",
            timedelta(seconds=settings.HEARTBEAT_SECONDS),
            format_lazy(
                _("Every {n} seconds: proves that the scheduler and a worker run."),
                n=settings.HEARTBEAT_SECONDS,
            ),
        ),
        ScheduledJob(
            "jobs.send_queued_emails",
            timedelta(seconds=EMAIL_SWEEP_SECONDS),
            _("Every 5 minutes: sends e-mail that was saved but never handed to a worker."),
        ),
        ScheduledJob(
            "jobs.clear_expired_sessions",
            crontab(hour=3, minute=0),
            _("Daily at 03:00: removes expired login sessions."),
        ),
        ScheduledJob(
            "documents.book_collection_costs",
            crontab(hour=6, minute=15),
            _(
                "Daily at 06:15: books the collection costs of 14-day letters whose term "
                "passed without full payment (before the collection run)."
            ),
        ),
        ScheduledJob(
            "collection.daily_runs",
            crontab(hour=6, minute=30),
            _(
                "Daily at 06:30: puts the collection actions due today on the corporations' "
                "worklists (not on weekends and public holidays)."
            ),
        ),
        ScheduledJob(
            "tasks.generate_due_items",
            crontab(hour=5, minute=45),
            _(
                "Daily at 05:45: generates the due items of every running last-chance "
                "trajectory (re-running changes nothing)."
            ),
        ),
        ScheduledJob(
            "tasks.daily_digest",
            crontab(hour=7, minute=45),
            _(
                "Daily at 07:45: e-mails each person their open items that are overdue or "
                "due within 7 days (once per person per day)."
            ),
        ),
        ScheduledJob(
            "trajectories.end_partner_access",
            crontab(hour=0, minute=15),
            _(
                "Daily at 00:15: ends the care provider's and social team's access to the "
                "household of a last-chance trajectory that ended longer ago than the "
                "corporation's retention period (re-running changes nothing)."
            ),
        ),
        ScheduledJob(
            "conferences.schedule_next_meetings",
            crontab(hour=5, minute=30),
            _("Daily at 05:30: plans the next case conference of every recurring schedule."),
        ),
        ScheduledJob(
            "signals.create_due",
            crontab(hour=7, minute=30),
            _(
                "Daily at 07:30: makes early signals for the municipality where the four "
                "legal conditions hold (after the collection run)."
            ),
        ),
    ]


@app.on_after_configure.connect
def _install_beat_schedule(sender: Celery, **kwargs) -> None:
    sender.conf.beat_schedule = {
        job.task: {"task": job.task, "schedule": job.schedule} for job in schedule()
    }
