"""``woonkans export-signals --corporation SLUG [--since DATE] --format csv|json [--output FILE]``
and ``... --batch ID`` to write an earlier export again.

Without ``--batch``: puts the signals not sent yet (made on or after ``--since``) in a new
export batch, marks them sent and writes the file. With nothing to send it writes an empty
file (CSV: the header only) and makes no batch. ``--batch`` writes the same signals as that
earlier export. Every run that writes signals is recorded in the audit log.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from woonkans.organisations.actor import system_actor
from woonkans.organisations.models import Organisation, OrganisationKind, Role
from woonkans.signals import services
from woonkans.signals.export import render_csv, render_json
from woonkans.signals.models import SignalExport


class Command(BaseCommand):
    help = "Export early signals for the municipality's platform (CSV or JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--corporation", required=True, help="short name (slug)")
        parser.add_argument("--format", required=True, choices=sorted(services.EXPORT_FORMATS))
        parser.add_argument("--since", help="only signals made on or after this date, YYYY-MM-DD")
        parser.add_argument("--batch", type=int, help="write this earlier export again")
        parser.add_argument("--output", help="write to this file instead of standard output")

    def handle(self, *args, **options):
        try:
            corporation = Organisation.objects.get(
                slug=options["corporation"], kind=OrganisationKind.WONINGCORPORATIE
            )
        except Organisation.DoesNotExist:
            raise CommandError(
                _("No housing corporation with short name %(slug)s.")
                % {"slug": options["corporation"]}
            ) from None
        since = None
        if options["since"]:
            try:
                since = date.fromisoformat(options["since"])
            except ValueError:
                raise CommandError(_("Give the date as YYYY-MM-DD.")) from None
        fmt = options["format"]
        actor = system_actor(corporation, Role.INCASSOMEDEWERKER)
        if options["batch"]:
            if since is not None:
                raise CommandError(_("--since and --batch cannot be combined."))
            try:
                export = SignalExport.objects.get(pk=options["batch"], corporation=corporation)
            except SignalExport.DoesNotExist:
                raise CommandError(
                    _("No export %(id)s of this corporation.") % {"id": options["batch"]}
                ) from None
        else:
            export = services.signals_export(actor=actor, corporation=corporation, since=since)
        if export is None:
            content = (
                render_csv([])
                if fmt == "csv"
                else render_json([], export_id=0, export_date=timezone.localdate())
            )
            self.stderr.write(_("There are no signals to send."))
        else:
            content, _name = services.signal_export_download(actor=actor, export=export, fmt=fmt)
            self.stderr.write(
                ngettext(
                    "Export %(id)s: %(count)d signal.",
                    "Export %(id)s: %(count)d signals.",
                    export.signal_count,
                )
                % {"id": export.pk, "count": export.signal_count}
            )
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as handle:
                handle.write(content)
        else:
            self.stdout.write(content, ending="")
