"""Kinds of timeline entries. Later capabilities register their own kinds here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

KINDS: dict[str, str] = {
    "household.created": _("Household registered"),
    "household.changed": _("Household details changed"),
    "person.added": _("Household member added"),
    "person.changed": _("Household member changed"),
    "tenancy.created": _("Tenancy registered"),
    "involvement.opened": _("Organisation involved"),
    "involvement.closed": _("Organisation no longer involved"),
    "contact.attempt": _("Contact attempt"),
    "collection.action_done": _("Collection action done"),
    "collection.message": _("Message sent about the arrears"),
    "arrangement.created": _("Payment arrangement made"),
    "arrangement.status": _("Payment arrangement status changed"),
    "arrangement.broken": _("Payment arrangement not kept"),
    "letter.generated": _("Letter made"),
}


def register(kind: str, label: str) -> None:
    KINDS.setdefault(kind, label)


def label_for(kind: str) -> str:
    return str(KINDS.get(kind, kind))
