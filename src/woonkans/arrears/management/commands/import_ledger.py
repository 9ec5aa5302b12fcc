"""``woonkans import-ledger FILE --corporation SLUG`` (see docs/import-format.md)."""

from django.core.management.base import BaseCommand

from woonkans.arrears.services import ledger_import

from ._common import run_file_import


class Command(BaseCommand):
    help = "Import ledger entries (mutaties) from CSV or XLSX. The whole file or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--corporation", required=True, help="short name (slug)")

    def handle(self, *args, **options):
        run_file_import(self, ledger_import, options)
