"""Template tags: the trajectory panel on the household page, and the panels other apps
add to the trajectory page."""

from __future__ import annotations

from importlib import import_module

from django import template
from django.template import Context, Template
from django.utils.safestring import mark_safe

from woonkans.trajectories import access, selectors, services
from woonkans.trajectories.models import FINAL_STATES

register = template.Library()


@register.inclusion_tag("trajectories/_household_panel.html", takes_context=True)
def trajectory_household_panel(context, household):
    """The stage of the household's trajectory (for parties) and the referral button (for
    the corporation and the social team). Nothing for others."""
    actor = context.get("actor")
    empty = {"show": False}
    if actor is None or not actor.sees_households:
        return empty
    visible = list(
        access.trajectories_visible_to(actor)
        .filter(household=household)
        .order_by("-referred_on", "-pk")
    )
    running = next((t for t in visible if t.state not in FINAL_STATES), None)
    earlier = [t for t in visible if t is not running]
    any_running = selectors.open_trajectory_for_household(household) is not None
    can_refer = not any_running and services.may_refer(actor, household)
    show = bool(visible) or can_refer
    return {
        "show": show,
        "household": household,
        "trajectory": running,
        "earlier_trajectories": earlier,
        "running_elsewhere": any_running and running is None,
        "can_refer": can_refer,
    }


# (template library, tag) of the partner apps' panels on the trajectory page (see
# notes/issue4-contracts.md). A panel appears once its owner's tag exists.
PARTNER_PANELS: tuple[tuple[str, str, str], ...] = (
    (
        "woonkans.agreements.templatetags.agreement_tags",
        "agreement_tags",
        "trajectory_agreements_panel",
    ),
    ("woonkans.tasks.templatetags.task_tags", "task_tags", "trajectory_tasks_panel"),
    (
        "woonkans.indications.templatetags.indication_tags",
        "indication_tags",
        "trajectory_indications_panel",
    ),
    (
        "woonkans.conferences.templatetags.conference_tags",
        "conference_tags",
        "trajectory_conferences_panel",
    ),
)


def available_panels() -> list[tuple[str, str]]:
    found = []
    for module_name, library, tag in PARTNER_PANELS:
        try:
            module = import_module(module_name)
        except ImportError:
            continue
        lib = getattr(module, "register", None)
        if lib is not None and tag in lib.tags:
            found.append((library, tag))
    return found


@register.simple_tag(takes_context=True)
def trajectory_partner_panels(context, trajectory):
    """Render the panels of agreements, tasks, indications and conferences that exist."""
    parts = []
    flat = context.flatten() if hasattr(context, "flatten") else dict(context)
    for library, tag in available_panels():
        snippet = Template("{% load " + library + " %}{% " + tag + " trajectory %}")
        ctx = Context({**flat, "trajectory": trajectory}, autoescape=context.autoescape)
        if hasattr(context, "request"):
            ctx.request = context.request  # type: ignore[attr-defined]
        parts.append(snippet.render(ctx))
    return mark_safe("".join(parts))
