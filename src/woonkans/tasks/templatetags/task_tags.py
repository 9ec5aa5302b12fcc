"""``{% load task_tags %}{% trajectory_tasks_panel trajectory %}``: due items and incident
reports on the trajectory page, as far as the actor may see them (the corporation sees the
items that concern it and the incident reports, not care-internal items)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from woonkans.tasks.access import due_items_visible_to, incidents_visible_to, may_report_incident
from woonkans.tasks.models import DueStatus
from woonkans.trajectories.access import trajectories_visible_to

register = template.Library()


@register.inclusion_tag("tasks/_panel.html", takes_context=True)
def trajectory_tasks_panel(context, trajectory):
    from woonkans.tasks.views import decorate

    actor = context.get("actor")
    if actor is None or not trajectories_visible_to(actor).filter(pk=trajectory.pk).exists():
        return {"hidden": True}
    today = timezone.localdate()
    visible = due_items_visible_to(actor).filter(trajectory=trajectory)
    request = context.get("request")
    return {
        "trajectory": trajectory,
        "open_items": decorate(
            visible.filter(status=DueStatus.OPEN).order_by("due_on", "pk"), actor, today
        ),
        "done_items": decorate(
            visible.filter(status=DueStatus.DONE).order_by("-done_on", "-pk")[:5], actor, today
        ),
        "incidents": list(incidents_visible_to(actor).filter(trajectory=trajectory)[:20]),
        "may_report": may_report_incident(actor, trajectory),
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
        "today": today,
    }
