"""``woonkans create-signals --corporation SLUG [--date YYYY-MM-DD]``: make the early
signals due on the date (default today), as the daily run does. Running it again adds
nothing for the same arrears."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from woonkans.organisations.models import Organisation, OrganisationKind
from woonkans.signals import services


class Command(BaseCommand):
    help = "Make the early signals due on a date for one corporation."

    def add_arguments(self, parser):
        parser.add_argument("--corporation", required=True, help="short name (slug)")
        parser.add_argument("--date", help="run date, YYYY-MM-DD (default today)")

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
        try:
            run_date = (
                date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
            )
        except ValueError:
            raise CommandError(_("Give the date as YYYY-MM-DD.")) from None
        with transaction.atomic():
            counts = services.signals_create_due(corporation=corporation, run_date=run_date)
        if counts.get("no_policy"):
            raise CommandError(
                _("Early signals are not configured or not active for this corporation.")
            )
        self.stdout.write(
            pgettext("three counts of one report", "%(first)s, %(second)s, %(third)s.")
            % {
                "first": ngettext(
                    "%(count)d new signal", "%(count)d new signals", counts["signals"]
                )
                % {"count": counts["signals"]},
                "second": ngettext(
                    "%(count)d already signalled",
                    "%(count)d already signalled",
                    counts["already_signalled"],
                )
                % {"count": counts["already_signalled"]},
                "third": ngettext(
                    "%(count)d not meeting all conditions",
                    "%(count)d not meeting all conditions",
                    counts["conditions_not_met"],
                )
                % {"count": counts["conditions_not_met"]},
            }
        )
