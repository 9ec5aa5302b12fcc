"""``{% load conference_tags %}{% trajectory_conferences_panel trajectory %}``: the case
conference panel of the trajectory page — the decisions about this trajectory and the
meetings where it is on the agenda. Renders nothing for an actor who may not see the
trajectory."""

from __future__ import annotations

from django import template

from woonkans.conferences.access import (
    conferences_visible_to,
    decisions_visible_to,
    takes_part,
    trajectories_visible_to,
)
from woonkans.conferences.models import ConferenceStatus

register = template.Library()


@register.inclusion_tag("conferences/_trajectory_panel.html", takes_context=True)
def trajectory_conferences_panel(context, trajectory):
    actor = context.get("actor")
    if actor is None or not trajectories_visible_to(actor).filter(pk=trajectory.pk).exists():
        return {"hidden": True}
    decisions = (
        decisions_visible_to(actor)
        .filter(trajectory=trajectory)
        .select_related("item__conference")
        .order_by("-decided_on", "-pk")
    )
    upcoming = []
    if takes_part(actor):
        upcoming = (
            conferences_visible_to(actor)
            .filter(items__trajectory=trajectory, items__decision__isnull=True)
            .exclude(status=ConferenceStatus.CLOSED)
            .order_by("date")
        )
    return {
        "hidden": False,
        "trajectory": trajectory,
        "decisions": list(decisions),
        "upcoming": list(upcoming),
        "links": takes_part(actor),
    }
