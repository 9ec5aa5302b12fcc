"""``woonkans totp-code USERNAME``: the current two-step login code of a demo user.

Demo only: it stands in for the authenticator app on a phone. It uses the person's
confirmed device, or else the unconfirmed device the enrolment page shows (creating it if
needed), so the printed code is accepted on either page.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from woonkans.accounts import services


class Command(BaseCommand):
    help = "Print a user's current six-digit two-step login code (demo environment only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        if not settings.DEMO:
            raise CommandError(
                "totp-code works only in the demo environment (WOONKANS_DEMO=true). "
                "Outside the demo the code comes from the person's authenticator app."
            )
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"There is no user {username!r}.") from exc
        device = services.confirmed_device(user=user) or services.enrolment_device(user=user)
        try:
            code = services.code_to_type_now(device=device)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(code)
