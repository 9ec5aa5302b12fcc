"""``woonkans create-api-client``: create a token for a system that calls the API.

Example::

    TOKEN=$(woonkans create-api-client --organisation ws-voorbeeld | tail -n 1)

The token is printed once, alone on the last line; only its hash is stored. Without
``--role`` the client gets the default role for its kind of organisation (see
``woonkans.api.services.DEFAULT_ROLE_BY_KIND``); external parties need ``--role``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from woonkans.api.services import api_client_create, default_role_for
from woonkans.organisations.models import Organisation, Role
from woonkans.organisations.policy import field_groups_for


class Command(BaseCommand):
    help = "Create an API client for an organisation and print its token on the last line."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="The organisation's slug.")
        parser.add_argument("--name", default="", help="Default: <slug>-client.")
        parser.add_argument(
            "--role",
            choices=Role.values,
            default=None,
            help="Decides the field groups the client sees. Default depends on the kind of "
            "organisation; required for external parties.",
        )

    def handle(self, *args, **options):
        slug = options["organisation"]
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(_("No organisation with slug %(slug)s.") % {"slug": slug})
        role = options["role"] or default_role_for(organisation.kind)
        if role is None:
            raise CommandError(
                _("Organisations of kind %(kind)s have no default role: give --role.")
                % {"kind": organisation.kind}
            )
        name = options["name"] or f"{organisation.slug}-client"
        try:
            client, token = api_client_create(
                actor=None, organisation=organisation, role=role, name=name
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        groups = ", ".join(sorted(field_groups_for(role))) or "-"
        self.stdout.write(
            _("Created API client %(name)s (id %(id)s) for %(org)s with role %(role)s.")
            % {"name": client.name, "id": client.pk, "org": organisation.name, "role": role}
        )
        self.stdout.write(_("Field groups: %(groups)s") % {"groups": groups})
        self.stdout.write(
            _(
                "Store the token below now: it is shown only once. "
                "Send it as 'Authorization: Bearer <token>'."
            )
        )
        self.stdout.write(token)
