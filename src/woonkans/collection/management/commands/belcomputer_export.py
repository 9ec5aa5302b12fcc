"""``woonkans belcomputer-export --corporation SLUG --date YYYY-MM-DD [--output FILE]``.

The automated dialler's call list as CSV: ``telefoon,overeenkomstnummer,achterstand,taal``.
Exported tasks are marked done; exporting the same date again gives the same list.
"""

from __future__ import annotations

import csv

from django.core.management.base import BaseCommand

from woonkans.collection.services import BELCOMPUTER_HEADER, belcomputer_export, run_actor

from .run_collections import corporation_by_slug, parse_date


class Command(BaseCommand):
    help = "Write the automated dialler's call list of a corporation for a date as CSV."

    def add_arguments(self, parser):
        parser.add_argument("--corporation", required=True, help="short name (slug)")
        parser.add_argument("--date", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--output", help="write to this file instead of standard output")

    def handle(self, *args, **options):
        corporation = corporation_by_slug(options["corporation"])
        on = parse_date(options["date"])
        rows = belcomputer_export(actor=run_actor(corporation), corporation=corporation, on=on)
        if options["output"]:
            with open(options["output"], "w", newline="", encoding="utf-8") as handle:
                write_csv(handle, rows)
        else:
            write_csv(self.stdout, rows)


def write_csv(handle, rows) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(BELCOMPUTER_HEADER)
    writer.writerows(rows)
