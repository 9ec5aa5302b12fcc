"""``{% load retention_tags %}{% trajectory_partner_access trajectory %}``: on the page of an
ended trajectory, until when the partners keep access to the household (or that their
access ended). Nothing while the trajectory runs."""

from __future__ import annotations

from django import template
from django.utils import timezone

from woonkans.trajectories.retention import access_until_for

register = template.Library()


@register.inclusion_tag("trajectories/_partner_access.html")
def trajectory_partner_access(trajectory):
    until = access_until_for(trajectory)
    return {"until": until, "ongoing": until is not None and until >= timezone.localdate()}
