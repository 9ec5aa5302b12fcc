"""The shipped default letter texts, re-created on demand.

The defaults are shipped by data migrations (``0002_default_templates``, then
``0003_reminders_offer_signal`` adds the vroegsignalering offer). A database that lost them
(a test flush, a restore of only some tables) would leave the letter pages without any text.
:func:`ship_missing_defaults` repairs that by running the same migration steps, in order,
against the live models, so the restored texts are exactly those of a fresh install. A new
migration that changes a default text must be added to :data:`DEFAULT_TEXT_STEPS`.

Called by the use case :func:`woonkans.documents.services.letter_defaults_restore`.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps as live_apps

from .kinds import LetterKind
from .models import LetterTemplate

#: (migration module, function) that ship or change the default texts, in migration order.
DEFAULT_TEXT_STEPS = (
    ("woonkans.documents.migrations.0002_default_templates", "ship_defaults"),
    ("woonkans.documents.migrations.0003_reminders_offer_signal", "add_offer"),
)


def missing_default_kinds() -> list[str]:
    """The kinds of letter without an active shipped default text."""
    present = set(
        LetterTemplate.objects.filter(organisation__isnull=True, is_active=True).values_list(
            "kind", flat=True
        )
    )
    return [kind for kind in LetterKind.values if kind not in present]


def ship_missing_defaults() -> list[LetterTemplate]:
    """Give every kind without an active default its shipped text again; return the
    templates that became active. Kinds that have an active default are left alone.

    A kind whose default versions still exist but are all inactive gets its newest version
    back (the migrations then bring it up to date); a kind without any default version
    gets the texts of the migrations from version 1.
    """
    missing = missing_default_kinds()
    if not missing:
        return []
    for kind in missing:
        newest = (
            LetterTemplate.objects.filter(organisation__isnull=True, kind=kind)
            .order_by("-version")
            .first()
        )
        if newest is not None:
            LetterTemplate.objects.filter(pk=newest.pk).update(is_active=True)
    for module, function in DEFAULT_TEXT_STEPS:
        getattr(import_module(module), function)(live_apps, None)
    return list(
        LetterTemplate.objects.filter(organisation__isnull=True, is_active=True, kind__in=missing)
    )
