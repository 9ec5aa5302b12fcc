"""``woonkans arrears --corporation SLUG --date YYYY-MM-DD [--output FILE]``.

Writes one CSV row per tenancy of the corporation with its arrears position at the end of
the date: ``overeenkomstnummer,achterstand,open_termijnen,oudste_vervaldatum,dagen_achterstand``.
"""

from __future__ import annotations

import csv
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from woonkans.arrears.selectors import CSV_HEADER, arrears_positions, arrears_positions_streamed

from ._common import corporation_by_slug


class Command(BaseCommand):
    help = "Arrears positions of every tenancy of a corporation at a date, as CSV."

    def add_arguments(self, parser):
        parser.add_argument("--corporation", required=True, help="short name (slug)")
        parser.add_argument("--date", required=True, help="reference date, YYYY-MM-DD")
        parser.add_argument("--output", help="write to this file instead of standard output")
        parser.add_argument(
            "--method",
            choices=("sql", "full", "python"),
            default="sql",
            help="sql: one query, from the stored arrears state where it serves the date "
            "(default); full: one query over the whole ledger; python: stream the ledger "
            "through the pure function (full and python give the same result, for checking)",
        )

    def handle(self, *args, **options):
        try:
            on = date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(_("Give the date as YYYY-MM-DD.")) from None
        corporation = corporation_by_slug(options["corporation"])
        method = options["method"]
        # One read transaction: the query's settings apply to it only (see selectors).
        with transaction.atomic():
            if method == "python":
                rows = arrears_positions_streamed(corporation=corporation, on=on)
            else:
                rows = arrears_positions(corporation=corporation, on=on, use_state=method == "sql")
            if options["output"]:
                with open(options["output"], "w", newline="", encoding="utf-8") as handle:
                    self._write(handle, rows)
            else:
                self._write(self.stdout, rows)

    @staticmethod
    def _write(handle, rows) -> None:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for row in rows:
            writer.writerow(row.csv_row())
