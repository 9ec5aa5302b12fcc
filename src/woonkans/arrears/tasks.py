"""Celery tasks of the arrears area. Thin: they take ids and call a use case."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="arrears.run_uploaded_import", bind=True, max_retries=3)
def run_uploaded_import(self, batch_id: int) -> int | None:
    """Run the import of an uploaded file (see :func:`services.import_run`).

    Delivered twice, it runs once: a finished import is left alone. If another worker is
    running it, the task tries again once that run would count as dead."""
    try:
        batch = services.import_run(batch_id=batch_id)
    except services.ImportBusy as busy:
        raise self.retry(
            countdown=int(services.IMPORT_STALE_AFTER.total_seconds()) + 60, exc=busy
        ) from busy
    return batch.pk if batch is not None else None
