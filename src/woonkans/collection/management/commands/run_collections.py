"""``woonkans run-collections --corporation SLUG --date YYYY-MM-DD``.

Runs the collection engine for one corporation and date (default: today) and prints what it
did. Safe to repeat: a second run for the same date adds nothing.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from woonkans.collection.services import collection_run
from woonkans.organisations.models import Organisation, OrganisationKind


def corporation_by_slug(slug: str) -> Organisation:
    try:
        return Organisation.objects.get(slug=slug, kind=OrganisationKind.WONINGCORPORATIE)
    except Organisation.DoesNotExist:
        raise CommandError(
            _("No housing corporation with short name %(slug)s.") % {"slug": slug}
        ) from None


def parse_date(value: str | None) -> date:
    if not value:
        return timezone.localdate()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("Give the date as YYYY-MM-DD.")) from None


class Command(BaseCommand):
    help = "Put the collection actions due on a date on the corporation's worklists."

    def add_arguments(self, parser):
        parser.add_argument("--corporation", required=True, help="short name (slug)")
        parser.add_argument("--date", help="run date, YYYY-MM-DD (default: today)")

    def handle(self, *args, **options):
        corporation = corporation_by_slug(options["corporation"])
        run_date = parse_date(options["date"])
        counts = collection_run(corporation=corporation, run_date=run_date)
        self.stdout.write(f"{corporation.slug} {run_date.isoformat()}")
        for key, value in sorted(counts.items()):
            self.stdout.write(f"{key}: {value}")
