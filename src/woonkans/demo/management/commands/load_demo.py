"""``woonkans load-demo``: load the fictional demo data set. Safe to run again."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from woonkans.demo import data
from woonkans.demo.constants import DEMO_PASSWORD
from woonkans.demo.services import demo_load
from woonkans.organisations.models import Role


class Command(BaseCommand):
    help = "Load the fictional demo organisations, users and households (idempotent)."

    def handle(self, *args, **options):
        if not settings.DEMO:
            # Demo users share a published password: never load them outside the demo.
            raise CommandError(_("load-demo only runs in the demo (WOONKANS_DEMO=true)."))
        result = demo_load()
        if not result.anything_created:
            self.stdout.write(_("The demo data was already loaded; nothing changed."))
        else:
            self._report(result)
        self._print_users()

    def _report(self, result):
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo data loaded: %(organisations)d organisations, %(users)d users, "
                    "%(memberships)d memberships, %(pilot)d pilot households, "
                    "%(background)d background households."
                )
                % {
                    "organisations": result.organisations,
                    "users": result.users,
                    "memberships": result.memberships,
                    "pilot": result.pilot_households,
                    "background": result.background_households,
                }
            )
        )
        arrears = result.arrears
        if arrears.anything_created:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Arrears and collection: %(ledger)d ledger entries, %(letters)d "
                        "letters, %(contacts)d contact attempts, %(signals)d early signals, "
                        "%(runs)d daily runs."
                    )
                    % {
                        "ledger": arrears.ledger_entries,
                        "letters": arrears.letters,
                        "contacts": arrears.contact_attempts,
                        "signals": arrears.signals,
                        "runs": arrears.runs,
                    }
                )
            )

    def _print_users(self):
        names = {spec.slug: spec.name for spec in data.ORGANISATIONS}
        self.stdout.write(
            _("Demo users (password %(password)s; see docs/demo.md):") % {"password": DEMO_PASSWORD}
        )
        for user in data.USERS:
            roles = "; ".join(
                f"{Role(role).label} – {names[slug]}" for slug, role in user.memberships
            )
            self.stdout.write(f"  {user.username:<26} {roles}")
