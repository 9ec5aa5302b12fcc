"""``{% load arrears_tags %}{% household_arrears_section household %}``: the arrears section
of the household page — the current position per tenancy and its month-end history as a
chart with a table. Renders nothing for roles without the financial field group or when
the actor may see no tenancy's arrears (see ``selectors.household_arrears``)."""

from __future__ import annotations

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from woonkans.arrears.selectors import household_arrears

register = template.Library()


def _chart(row, on) -> dict:
    points = row.history
    return {
        "label": _("Arrears"),
        "labels": [
            _("today") if day == on else formats.date_format(day, "M Y") for day, _p in points
        ],
        # Exact decimal strings: the chart only draws them, the table shows them.
        "amounts": [f"{p.achterstand:.2f}" for _d, p in points],
        "terms": [
            ngettext("%(n)d open rent term", "%(n)d open rent terms", p.open_termijnen)
            % {"n": p.open_termijnen}
            for _d, p in points
        ],
    }


@register.inclusion_tag("arrears/_household_arrears.html", takes_context=True)
def household_arrears_section(context, household):
    on = timezone.localdate()
    rows = household_arrears(context.get("actor"), household, on=on)
    if not rows:
        return {"hidden": True}
    return {
        "on": on,
        "rows": [
            {
                "tenancy": row.tenancy,
                "position": row.position,
                "credit": -row.position.achterstand if row.position.achterstand < 0 else None,
                "history": [
                    {"day": day, "position": p, "is_today": day == on} for day, p in row.history
                ],
                "chart": _chart(row, on),
                "chart_id": f"arrears-history-{row.tenancy.pk}",
            }
            for row in rows
        ],
    }
