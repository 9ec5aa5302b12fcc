"""Celery tasks of collection. Thin: they take ids and call a use case.

* ``collection.daily_runs`` (scheduled daily, see ``conf/celery.py``) starts one
  ``collection.corporation_run`` per corporation with an active policy.
* ``collection.corporation_run`` runs ``services.collection_run`` once per
  *date + corporation* (a ``JobRun`` with run key ``2026-11-27:de-linde``).
* ``collection.deliver_message`` sends one queued message through the gateway;
  ``collection.deliver_messages`` sends the daily run's messages in batches.
"""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.utils import timezone

from woonkans.jobs.helpers import daily_run_key, enqueue_on_commit, run_once, scheduled_task
from woonkans.organisations.models import Organisation

from . import services
from .gateway import GatewayError
from .models import CollectionPolicy

CORPORATION_RUN = "collection.corporation_run"


def corporation_run_key(run_date: date, corporation: Organisation) -> str:
    return f"{run_date.isoformat()}:{corporation.slug}"


@scheduled_task("collection.daily_runs", run_key=daily_run_key)
def daily_runs() -> dict[str, int]:
    """Start today's collection run for every corporation with an active policy."""
    today = timezone.localdate().isoformat()
    ids = list(
        CollectionPolicy.objects.filter(is_active=True).values_list("corporation_id", flat=True)
    )
    for corporation_id in ids:
        enqueue_on_commit(corporation_run, corporation_id, today)
    return {"corporations": len(ids)}


@shared_task(name=CORPORATION_RUN)
def corporation_run(corporation_id: int, run_date: str) -> int | None:
    """The collection run of one corporation for one date, at most once (JobRun)."""
    corporation = Organisation.objects.get(pk=corporation_id)
    day = date.fromisoformat(run_date)
    run = run_once(
        task_name=CORPORATION_RUN,
        run_key=corporation_run_key(day, corporation),
        work=lambda: services.collection_run(corporation=corporation, run_date=day),
    )
    return run.pk if run else None


@shared_task(
    name="collection.deliver_message",
    autoretry_for=(GatewayError,),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=5,
)
def deliver_message(message_id: int) -> bool:
    return services.message_deliver(message_id=message_id)


def enqueue_delivery(message_id: int) -> None:
    enqueue_on_commit(deliver_message, message_id)


#: Messages per ``deliver_messages`` task (the daily run queues many at once).
DELIVERY_BATCH = 500


@shared_task(name="collection.deliver_messages")
def deliver_messages(*message_ids: int) -> int:
    """Send several queued messages; one that fails gets its own retrying task."""
    sent = 0
    for message_id in message_ids:
        try:
            sent += bool(services.message_deliver(message_id=message_id))
        except GatewayError:
            deliver_message.delay(message_id)
    return sent


def enqueue_deliveries(message_ids: list[int]) -> None:
    """Queue many messages after commit, in tasks of :data:`DELIVERY_BATCH`."""
    for start in range(0, len(message_ids), DELIVERY_BATCH):
        enqueue_on_commit(deliver_messages, *message_ids[start : start + DELIVERY_BATCH])
