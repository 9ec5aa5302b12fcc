"""``woonkans revoke-api-client --id N``: revoke an API client's token at once."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from woonkans.api.models import ApiClient
from woonkans.api.services import api_client_revoke


class Command(BaseCommand):
    help = "Revoke an API client: its token is refused from the next request on."

    def add_arguments(self, parser):
        parser.add_argument(
            "--id", type=int, required=True, help="The id printed by create-api-client."
        )

    def handle(self, *args, **options):
        client = ApiClient.objects.select_related("organisation").filter(pk=options["id"]).first()
        if client is None:
            raise CommandError(_("No API client with id %(id)s.") % {"id": options["id"]})
        api_client_revoke(actor=None, client=client)
        self.stdout.write(
            _("Revoked API client %(name)s (id %(id)s) of %(org)s.")
            % {"name": client.name, "id": client.pk, "org": client.organisation.name}
        )
