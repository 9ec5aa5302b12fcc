"""The agreements panel on the trajectory page: ``{% trajectory_agreements_panel trajectory %}``."""

from __future__ import annotations

from django import template

from woonkans.agreements import access, selectors
from woonkans.agreements.models import AgreementStatus
from woonkans.agreements.rules import AgreementForm

register = template.Library()


@register.inclusion_tag("agreements/_trajectory_panel.html", takes_context=True)
def trajectory_agreements_panel(context, trajectory):
    request = context.get("request")
    actor = getattr(request, "actor", None)
    if actor is None or not actor.sees_households:
        return {"show": False}
    visible = access.agreements_visible_to(actor).filter(trajectory=trajectory)
    agreements = list(visible.order_by("-pk").prefetch_related("parties"))
    may_draft = access.may_draft(actor, trajectory)
    if not agreements and not may_draft:
        return {"show": False}
    active = selectors.active_agreement(trajectory)
    return {
        "show": True,
        "trajectory": trajectory,
        "agreements": agreements,
        "may_create": may_draft and active is None and not trajectory.is_final,
        "proposed": AgreementForm(selectors.proposed_form(trajectory)).label if may_draft else "",
        "signed": AgreementStatus.SIGNED,
    }
