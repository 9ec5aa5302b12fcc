"""``woonkans collection-preset --corporation SLUG --preset small|large``.

Replaces the corporation's collection steps with a preset (see ``collection/presets.py``).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from woonkans.collection.presets import PRESETS
from woonkans.collection.services import policy_apply_preset
from woonkans.organisations.actor import system_actor
from woonkans.organisations.models import Role

from .run_collections import corporation_by_slug


class Command(BaseCommand):
    help = "Give a corporation the collection steps of a preset."

    def add_arguments(self, parser):
        parser.add_argument("--corporation", required=True, help="short name (slug)")
        parser.add_argument("--preset", required=True, choices=sorted(PRESETS))

    def handle(self, *args, **options):
        corporation = corporation_by_slug(options["corporation"])
        actor = system_actor(corporation, Role.FUNCTIONEEL_BEHEERDER)
        policy = policy_apply_preset(actor=actor, corporation=corporation, preset=options["preset"])
        for step in policy.steps.order_by("position"):
            self.stdout.write(f"{step.position}. {step.name} ({step.channel})")
