"""``{% load indication_tags %}{% trajectory_indications_panel trajectory %}``: the
indications panel of the trajectory page, with the warnings. The corporation sees only
whether a valid indication exists; the care provider and the social team see product and
hours; others see nothing."""

from __future__ import annotations

from django import template
from django.utils import timezone

from woonkans.indications import access, rules, selectors
from woonkans.trajectories.access import trajectories_visible_to

register = template.Library()


@register.inclusion_tag("indications/_panel.html", takes_context=True)
def trajectory_indications_panel(context, trajectory):
    actor = context.get("actor")
    if actor is None or not trajectories_visible_to(actor).filter(pk=trajectory.pk).exists():
        return {"hidden": True}
    today = timezone.localdate()
    valid = selectors.valid_indication(trajectory, today)
    warnings = selectors.indication_warnings(trajectory, today)
    details = access.sees_details(actor, trajectory)
    return {
        "trajectory": trajectory,
        "today": today,
        "has_valid": valid is not None,
        "details": details,
        "valid": valid if details else None,
        "indications": list(selectors.indications_of(trajectory)) if details else [],
        "missing": any(w.code == rules.MISSING for w in warnings),
        "ending": next((w for w in warnings if w.code == rules.ENDING), None) if details else None,
        "may_manage": access.may_manage(actor, trajectory),
    }
