"""``{% load capacity %}{% capacity_household_panel household %}``: the repayment-capacity
panel of the household page. Renders nothing for roles that may not see it."""

from __future__ import annotations

from django import template

from woonkans.capacity import selectors
from woonkans.capacity.models import ProposalStatus

register = template.Library()


@register.inclusion_tag("capacity/_household_panel.html", takes_context=True)
def capacity_household_panel(context, household):
    actor = context.get("actor")
    sees_calculations = selectors.may_view_calculations(actor)
    if not (sees_calculations or selectors.works_collections(actor)):
        return {"hidden": True}
    latest = (
        selectors.calculations_visible_to(actor).filter(household=household).first()
        if sees_calculations
        else None
    )
    return {
        "household": household,
        "latest": latest,
        "open_proposal": selectors.proposals_visible_to(actor)
        .filter(household=household, status=ProposalStatus.PROPOSED)
        .first(),
    }
