"""Kinds of letters and the page layout each one is printed in."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterKind(models.TextChoices):
    HERINNERING = "herinnering", _("Reminder")
    VEERTIENDAGENBRIEF = "veertiendagenbrief", _("14-day letter")
    KAARTJE = "kaartje", _("Card")
    UITNODIGING = "uitnodiging", _("Invitation for a talk")
    HUISBEZOEK_BRIEFJE = "huisbezoek_briefje", _("Note after a home visit")


class Layout(models.TextChoices):
    LETTER = "letter", _("A4 letter")
    CARD = "card", _("A6 card")


LAYOUTS: dict[str, str] = {kind: Layout.LETTER for kind in LetterKind.values}
LAYOUTS[LetterKind.KAARTJE] = Layout.CARD


def layout_for(kind: str) -> str:
    return LAYOUTS[kind]
