"""Celery tasks of the jobs area. Thin: they take ids and call a use case.

The beat schedule that starts the scheduled ones is in ``woonkans.conf.celery``.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from woonkans.conf.celery import EMAIL_SWEEP_SECONDS

from . import services
from .helpers import daily_run_key, enqueue_on_commit, interval_run_key, scheduled_task


@scheduled_task(
    services.HEARTBEAT_TASK,
    run_key=lambda: interval_run_key(settings.HEARTBEAT_SECONDS),
    # A heartbeat that waited longer than its interval in the queue proves nothing.
    expires=settings.HEARTBEAT_SECONDS,
)
def heartbeat() -> dict[str, int]:
    """Proof that the scheduler and a worker run: one JobRun per interval."""
    return services.heartbeat_record()


@scheduled_task("jobs.clear_expired_sessions", run_key=daily_run_key)
def clear_expired_sessions() -> dict[str, int]:
    return services.sessions_clear_expired()


@scheduled_task("jobs.send_queued_emails", run_key=lambda: interval_run_key(EMAIL_SWEEP_SECONDS))
def send_queued_emails() -> dict[str, int]:
    """Enqueue e-mail that was saved but never reached the broker."""
    ids = services.emails_requeue_stale()
    for email_id in ids:
        enqueue_on_commit(send_email, email_id)
    return {"requeued": len(ids)}


@shared_task(
    name="jobs.send_email",
    autoretry_for=(OSError,),  # smtplib.SMTPException is an OSError
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=6,
)
def send_email(email_id: int) -> bool:
    return services.email_deliver(email_id=email_id)
