"""``woonkans generate-data --tenancies N --months M [--seed S] --output-dir DIR``.

Optional ``--start YYYY-MM`` (the first month, default 2025-01). Writes fictional
``tenancies.csv`` and ``ledger.csv`` in the canonical import format.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from woonkans.arrears.generate import generate


class Command(BaseCommand):
    help = "Write realistic fictional tenancies and ledger import files (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--tenancies", type=int, required=True)
        parser.add_argument("--months", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--start", default="2025-01", help="first month, YYYY-MM")
        parser.add_argument("--output-dir", required=True)

    def handle(self, *args, **options):
        if options["tenancies"] < 1 or options["months"] < 1:
            raise CommandError(_("Give at least one tenancy and one month."))
        try:
            start = date.fromisoformat(f"{options['start']}-01")
        except ValueError:
            raise CommandError(_("Give the first month as YYYY-MM.")) from None
        result = generate(
            tenancies=options["tenancies"],
            months=options["months"],
            seed=options["seed"],
            start=start,
            output_dir=options["output_dir"],
        )
        self.stdout.write(
            _("Wrote %(t)d tenancies to %(tp)s and %(l)d ledger rows to %(lp)s.")
            % {
                "t": result.tenancies,
                "tp": result.tenancies_path,
                "l": result.ledger_rows,
                "lp": result.ledger_path,
            }
        )
