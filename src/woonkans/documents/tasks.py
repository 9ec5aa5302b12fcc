"""Celery tasks of letters. Thin: they take ids and call a use case.

* ``documents.book_collection_costs`` (scheduled daily at 06:15, see ``conf/celery.py``,
  before the collection run) starts one ``documents.corporation_costs`` per corporation
  with a 14-day letter still waiting for its costs decision.
* ``documents.corporation_costs`` runs ``services.collection_costs_book_due`` once per
  *date + corporation* (a ``JobRun`` with run key ``2026-11-27:de-linde``).
"""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.utils import timezone

from woonkans.jobs.helpers import daily_run_key, enqueue_on_commit, run_once, scheduled_task
from woonkans.organisations.models import Organisation

from . import services
from .kinds import LetterKind
from .models import GeneratedLetter

CORPORATION_COSTS = "documents.corporation_costs"


def corporation_run_key(run_date: date, corporation: Organisation) -> str:
    return f"{run_date.isoformat()}:{corporation.slug}"


@scheduled_task("documents.book_collection_costs", run_key=daily_run_key)
def book_collection_costs() -> dict[str, int]:
    """Start today's costs decisions for every corporation with an undecided 14-day letter."""
    today = timezone.localdate().isoformat()
    ids = sorted(
        set(
            GeneratedLetter.objects.filter(
                kind=LetterKind.VEERTIENDAGENBRIEF, costs_booking__isnull=True
            ).values_list("tenancy__corporation_id", flat=True)
        )
    )
    for corporation_id in ids:
        enqueue_on_commit(corporation_costs, corporation_id, today)
    return {"corporations": len(ids)}


@shared_task(name=CORPORATION_COSTS)
def corporation_costs(corporation_id: int, run_date: str) -> int | None:
    """The costs decisions of one corporation for one date, at most once (JobRun)."""
    corporation = Organisation.objects.get(pk=corporation_id)
    day = date.fromisoformat(run_date)
    run = run_once(
        task_name=CORPORATION_COSTS,
        run_key=corporation_run_key(day, corporation),
        work=lambda: services.collection_costs_book_due(corporation=corporation, run_date=day),
    )
    return run.pk if run else None
