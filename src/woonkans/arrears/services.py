"""Use cases of the arrears area: importing tenancies and ledger entries.

Each import runs in one transaction and writes one audit event for the whole batch (see
:mod:`woonkans.arrears.imports` for how a file is validated and applied). A file uploaded
on the import page is stored and queued by :func:`import_upload`; the background task runs
it with :func:`import_run` (see :mod:`woonkans.arrears.uploads`).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record
from woonkans.jobs.helpers import enqueue_on_commit
from woonkans.organisations.actor import Actor, system_actor
from woonkans.organisations.models import Membership, Organisation, Role

from . import uploads
from .imports import ErrorSink, Progress, run_import
from .models import ImportBatch, ImportKind, ImportStatus
from .selectors import IMPORT_ROLES, may_import

logger = logging.getLogger(__name__)

#: An import still marked running this long after it started lost its worker (killed
#: mid-way: its transaction was rolled back) and may be run again.
IMPORT_STALE_AFTER = timedelta(hours=1)


def tenancies_import(
    *,
    actor: Actor,
    corporation: Organisation,
    path: str | Path,
    file_name: str | None = None,
    on_error: ErrorSink | None = None,
    progress: Progress | None = None,
    batch: ImportBatch | None = None,
) -> ImportBatch:
    """Create or update the corporation's tenancies, households and main tenants from a
    tenancies file. The whole file applies, or nothing (status ``rejected``)."""
    return run_import(
        actor=actor,
        corporation=corporation,
        kind=ImportKind.TENANCIES,
        path=path,
        file_name=file_name,
        on_error=on_error,
        progress=progress,
        batch=batch,
    )


def ledger_import(
    *,
    actor: Actor,
    corporation: Organisation,
    path: str | Path,
    file_name: str | None = None,
    on_error: ErrorSink | None = None,
    progress: Progress | None = None,
    batch: ImportBatch | None = None,
) -> ImportBatch:
    """Add the ledger entries (mutaties) of a file. Entries already present with the same
    content are skipped; the whole file applies, or nothing (status ``rejected``)."""
    return run_import(
        actor=actor,
        corporation=corporation,
        kind=ImportKind.LEDGER,
        path=path,
        file_name=file_name,
        on_error=on_error,
        progress=progress,
        batch=batch,
    )


# --- Uploads through the import page -----------------------------------------------------


class ImportBusy(Exception):
    """Another worker seems to be running this import right now."""


def import_upload(*, actor: Actor, kind: str, uploaded, extension: str) -> ImportBatch:
    """Store an uploaded file for the actor's corporation and queue its import.

    The import record (status *waiting to start*) and the audit event commit together;
    the background task is sent only after that commit. ``extension`` is ``.csv`` or
    ``.xlsx`` (checked by the form)."""
    if not may_import(actor):
        raise PermissionDenied
    if kind not in ImportKind.values or extension not in uploads.EXTENSIONS:
        raise ValueError("unknown import kind or file type")
    relative, sha256 = uploads.store_upload(uploaded, extension)
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                corporation=actor.organisation,
                kind=kind,
                file_name=(uploaded.name or "upload")[:255],
                sha256=sha256,
                status=ImportStatus.QUEUED,
                created_by=actor.user if getattr(actor.user, "pk", None) else None,
                created_by_label=actor.label,
                stored_file=relative,
            )
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=batch,
                fields=["file"],
                detail=f"{kind}: file uploaded, import queued ({batch.file_name})",
            )
            from .tasks import run_uploaded_import  # tasks import this module

            enqueue_on_commit(run_uploaded_import, batch.pk)
    except BaseException:
        uploads.delete_upload(relative)
        raise
    return batch


def _import_actor(batch: ImportBatch) -> Actor:
    """Who runs a queued import: the person who uploaded it, in their importing role."""
    if batch.created_by_id is not None:
        membership = (
            Membership.objects.filter(
                user_id=batch.created_by_id,
                organisation=batch.corporation,
                is_active=True,
                role__in=IMPORT_ROLES,
            )
            .order_by("role")
            .first()
        )
        if membership is not None:
            return Actor(
                organisation=batch.corporation, role=membership.role, user=batch.created_by
            )
    return system_actor(batch.corporation, Role.INCASSOMEDEWERKER)


def import_run(*, batch_id: int) -> ImportBatch | None:
    """Run a queued import. Idempotent: an import that finished (or has no file) is left
    alone and ``None`` returned; one that is running raises :class:`ImportBusy`, unless it
    started more than :data:`IMPORT_STALE_AFTER` ago (its worker died) and is taken over.

    Progress goes to the cache while the import's transaction is open. The stored file is
    deleted afterwards, whatever the outcome."""
    now = timezone.now()
    claimed = (
        ImportBatch.objects.filter(pk=batch_id)
        .exclude(stored_file="")
        .filter(
            Q(status=ImportStatus.QUEUED)
            | Q(status=ImportStatus.RUNNING, started_at__lt=now - IMPORT_STALE_AFTER)
        )
        .update(status=ImportStatus.RUNNING, started_at=now)
    )
    if not claimed:
        if ImportBatch.objects.filter(pk=batch_id, status=ImportStatus.RUNNING).exists():
            raise ImportBusy(batch_id)
        logger.info("Import %s already finished or gone; skipped", batch_id)
        return None
    batch = ImportBatch.objects.select_related("corporation", "created_by").get(pk=batch_id)
    path = uploads.stored_path(batch.stored_file)
    try:
        if not path.exists():
            batch.status = ImportStatus.FAILED
            batch.error_count = 1
            batch.errors = [
                {
                    "line": 0,
                    "column": "",
                    "reason": _("The uploaded file is gone. Upload it again."),
                }
            ]
            batch.finished_at = timezone.now()
            batch.save()
            return batch
        batch.rows_total = uploads.count_rows(path)
        batch.save(update_fields=["rows_total"])
        uploads.progress_report(batch.pk, 0)
        use_case = tenancies_import if batch.kind == ImportKind.TENANCIES else ledger_import
        return use_case(
            actor=_import_actor(batch),
            corporation=batch.corporation,
            path=path,
            file_name=batch.file_name,
            progress=partial(uploads.progress_report, batch.pk),
            batch=batch,
        )
    finally:
        uploads.delete_upload(batch.stored_file)
        ImportBatch.objects.filter(pk=batch.pk).update(stored_file="")
        uploads.progress_clear(batch.pk)
