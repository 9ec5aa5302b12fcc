"""``{% load collection %}{% collection_household_panel household %}``: the collection
panel of the household page (payment arrangement, last contact attempt, open tasks, links).
Renders nothing for roles that may not see collection details."""

from __future__ import annotations

from django import template

from woonkans.collection import selectors
from woonkans.collection.models import CURRENT_ARRANGEMENT_STATUSES, WorklistStatus

register = template.Library()


@register.inclusion_tag("collection/_household_section.html", takes_context=True)
def collection_household_panel(context, household):
    actor = context.get("actor")
    if not selectors.may_record_contact(actor):
        return {"hidden": True}
    open_items = None
    if selectors.works_collections(actor):
        open_items = (
            selectors.worklist_items_visible_to(actor)
            .filter(household=household, status=WorklistStatus.OPEN)
            .count()
        )
    return {
        "household": household,
        "current_arrangement": selectors.arrangements_visible_to(actor)
        .filter(household=household, status__in=CURRENT_ARRANGEMENT_STATUSES)
        .first(),
        "last_attempt": selectors.contact_attempts_visible_to(actor, household).first(),
        "open_items": open_items,
    }
