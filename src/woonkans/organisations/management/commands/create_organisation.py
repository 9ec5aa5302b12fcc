"""``woonkans create-organisation``: register an organisation from the command line.

Example::

    woonkans create-organisation --kind woningcorporatie --name "Woonstichting Voorbeeld" \
        --slug ws-voorbeeld --homes 12000

An existing slug is an error (exit code 1); nothing is changed then.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from woonkans.organisations.models import ExternalPartyKind, OrganisationKind
from woonkans.organisations.services import organisation_create


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(str(m) for m in errors)}"
            for field, errors in error.message_dict.items()
        )
    return " ".join(str(m) for m in error.messages)


class Command(BaseCommand):
    help = "Register an organisation (housing corporation, care provider, municipality, ...)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=OrganisationKind.values)
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True, help="Unique short name, e.g. ws-voorbeeld.")
        parser.add_argument(
            "--external-kind",
            default="",
            choices=[v for v in ExternalPartyKind.values if v],
            help="Only with --kind extern (default: overig).",
        )
        parser.add_argument("--city", default="")
        parser.add_argument(
            "--homes", type=int, default=None, help="Housing stock; only for a woningcorporatie."
        )
        parser.add_argument(
            "--budget-team",
            action="store_true",
            help="The organisation runs a budget-management team.",
        )

    def handle(self, *args, **options):
        try:
            organisation = organisation_create(
                actor=None,
                kind=options["kind"],
                name=options["name"],
                slug=options["slug"],
                external_kind=options["external_kind"],
                city=options["city"],
                number_of_homes=options["homes"],
                has_budget_management_team=options["budget_team"],
            )
        except ValidationError as exc:
            raise CommandError(
                _("Organisation %(slug)s not created: %(errors)s")
                % {"slug": options["slug"], "errors": _messages(exc)}
            ) from exc
        self.stdout.write(
            _("Created organisation %(name)s (slug %(slug)s, kind %(kind)s, id %(id)s).")
            % {
                "name": organisation.name,
                "slug": organisation.slug,
                "kind": organisation.kind,
                "id": organisation.pk,
            }
        )
