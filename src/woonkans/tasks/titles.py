"""Titles of due items in the active language (kind label plus the period)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import DueKind


def title_for(kind: str, period_key: str) -> str:
    label = str(DueKind(kind).label) if kind in DueKind.values else kind
    if kind == DueKind.QUARTERLY_REPORT and period_key.startswith("q"):
        return _("%(label)s (%(number)s)") % {
            "label": label,
            "number": _("quarter %(n)s") % {"n": period_key[1:]},
        }
    if kind in (DueKind.SUPPORT_REPORT, DueKind.EVALUATION) and period_key not in ("", "1"):
        return _("%(label)s (%(number)s)") % {
            "label": label,
            "number": _("after extension %(n)s") % {"n": int(period_key) - 1},
        }
    return label
