"""``{% load budget_tags %}{% budget_household_panel household %}``: the budget panel of the
household page. Budget managers and the coordinator see the running budget management,
warnings and debts; the corporation's collections staff see only the quarterly summaries
sent to them; everyone else sees nothing."""

from __future__ import annotations

from django import template
from django.db.models import Sum

from woonkans.budgets import access, selectors
from woonkans.budgets.rules import ZERO

register = template.Library()


@register.inclusion_tag("budgets/_household_panel.html", takes_context=True)
def budget_household_panel(context, household):
    actor = context.get("actor")
    summaries = list(access.summaries_visible_to(actor).filter(household=household)[:8])
    if access.budget_households_for(actor).filter(pk=household.pk).exists():
        budget = selectors.running_budget(household)
        debts = selectors.open_debts(household)
        return {
            "household": household,
            "show_budget": True,
            "budget": budget,
            "overview": selectors.overview_for(budget) if budget else None,
            "warnings": len(selectors.warnings_for(budget)) if budget else 0,
            "open_debts": debts.count(),
            "open_total": debts.aggregate(total=Sum("amount"))["total"] or ZERO,
            "summaries": summaries,
        }
    if summaries:
        return {"household": household, "show_budget": False, "summaries": summaries}
    return {"hidden": True}
