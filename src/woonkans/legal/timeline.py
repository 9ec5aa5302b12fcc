"""Timeline kinds of the legal route, registered with the household timeline at start-up
(``apps.LegalConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

KINDS = {
    "legal.handover": _("Handed over to a bailiff or collection agency"),
    "legal.handover_active": _("Bailiff or collection agency started"),
    "legal.handover_ended": _("Hand-over to bailiff or collection agency ended"),
    "legal.summons": _("Summons served"),
    "legal.summons_withdrawn": _("Summons withdrawn"),
    "legal.verdict": _("Verdict"),
    "legal.eviction_notice": _("Eviction announced"),
    "legal.eviction_executed": _("Eviction executed"),
    "legal.eviction_cancelled": _("Eviction cancelled"),
}
