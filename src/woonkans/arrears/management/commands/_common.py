"""Shared bits of the arrears commands."""

from __future__ import annotations

import sys

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from woonkans.arrears.models import ImportBatch, ImportStatus
from woonkans.organisations.actor import Actor, system_actor
from woonkans.organisations.models import Organisation, OrganisationKind, Role


def corporation_by_slug(slug: str) -> Organisation:
    try:
        return Organisation.objects.get(slug=slug, kind=OrganisationKind.WONINGCORPORATIE)
    except Organisation.DoesNotExist:
        raise CommandError(
            _("No housing corporation with short name %(slug)s.") % {"slug": slug}
        ) from None


def command_actor(corporation: Organisation) -> Actor:
    return system_actor(corporation, Role.INCASSOMEDEWERKER)


def run_file_import(command, use_case, options) -> None:
    corporation = corporation_by_slug(options["corporation"])
    stderr = command.stderr

    def on_error(error) -> None:
        stderr.write(
            _("line %(line)s, column %(column)s: %(reason)s")
            % {"line": error.line, "column": error.column or "-", "reason": error.reason}
        )

    def progress(rows: int) -> None:
        if options["verbosity"] >= 2:
            sys.stderr.write(f"\r{rows} rows")

    batch: ImportBatch = use_case(
        actor=command_actor(corporation),
        corporation=corporation,
        path=options["file"],
        on_error=on_error,
        progress=progress,
    )
    if batch.status == ImportStatus.DUPLICATE:
        command.stdout.write(
            _("This file was imported before (import %(id)s): nothing changed.")
            % {"id": batch.duplicate_of_id}
        )
        return
    if batch.status != ImportStatus.APPLIED:
        raise CommandError(
            _("The file was rejected: %(count)d bad row(s), nothing changed.")
            % {"count": batch.error_count}
        )
    command.stdout.write(
        _(
            "Imported %(read)d rows: %(created)d created, %(updated)d updated, "
            "%(unchanged)d already present (import %(id)s)."
        )
        % {
            "read": batch.rows_read,
            "created": batch.rows_created,
            "updated": batch.rows_updated,
            "unchanged": batch.rows_unchanged,
            "id": batch.pk,
        }
    )
