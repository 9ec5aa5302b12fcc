"""Use cases of the arrears area: importing tenancies and ledger entries.

Each import runs in one transaction and writes one audit event for the whole batch (see
:mod:`woonkans.arrears.imports` for how a file is validated and applied).
"""

from __future__ import annotations

from pathlib import Path

from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Organisation

from .imports import ErrorSink, Progress, run_import
from .models import ImportBatch, ImportKind


def tenancies_import(
    *,
    actor: Actor,
    corporation: Organisation,
    path: str | Path,
    file_name: str | None = None,
    on_error: ErrorSink | None = None,
    progress: Progress | None = None,
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
    )


def ledger_import(
    *,
    actor: Actor,
    corporation: Organisation,
    path: str | Path,
    file_name: str | None = None,
    on_error: ErrorSink | None = None,
    progress: Progress | None = None,
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
    )
