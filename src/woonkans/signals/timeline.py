"""Timeline kinds of vroegsignalering, registered with the household timeline at start-up
(``apps.SignalsConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

KINDS = {
    "signal.created": _("Early signal made for the municipality"),
    "signal.sent": _("Early signal sent to the municipality"),
    "signal.closed": _("Early signal closed by the municipality"),
    "signal.objection": _("Tenant objected to an early signal"),
    "signal.objection_withdrawn": _("Tenant withdrew the objection to an early signal"),
}
