"""The access gate for due items and incident reports.

Due items: only of trajectories visible to the actor (``trajectories.access``), and then
* the care provider sees all items of its trajectories;
* the corporation sees the items that concern it (``concerns_corporation``), not the
  care-internal ones (such as the support worker's report for the evaluation);
* any organisation sees the items assigned to it.

Incident reports: every party to a visible trajectory sees them (the corporation must
hear of them at once). Missing and forbidden look the same: Http404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Role
from woonkans.trajectories.access import is_coordinator, trajectories_visible_to
from woonkans.trajectories.models import Trajectory

from .models import DueItem, IncidentReport

#: People of the care provider who may report an incident.
INCIDENT_ROLES = frozenset({Role.WOONBEGELEIDER, Role.FINANCIEEL_CONSULENT, Role.COORDINATOR})


def due_items_visible_to(actor: Actor | None) -> QuerySet[DueItem]:
    if actor is None:
        return DueItem.objects.none()
    org = actor.organisation
    return DueItem.objects.filter(trajectory__in=trajectories_visible_to(actor)).filter(
        Q(trajectory__care_provider=org)
        | Q(responsible_organisation=org)
        | Q(trajectory__corporation=org, concerns_corporation=True)
    )


def due_item_for_actor(actor: Actor | None, pk) -> DueItem:
    try:
        return due_items_visible_to(actor).select_related("trajectory__household").get(pk=pk)
    except (DueItem.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def may_complete(actor: Actor, item: DueItem) -> bool:
    """The responsible person (by name or by function now), or the trajectory's
    coordinator, may mark an item done by hand."""
    if actor.user is None:
        return False
    if is_coordinator(actor, item.trajectory):
        return True
    if actor.organisation.pk != item.responsible_organisation_id:
        return False
    if item.responsible_user_id is not None:
        return item.responsible_user_id == actor.user.pk
    from woonkans.trajectories.selectors import current_members

    return (
        current_members(item.trajectory, item.responsible_function, timezone.localdate())
        .filter(user=actor.user, organisation=actor.organisation)
        .exists()
    )


def incidents_visible_to(actor: Actor | None) -> QuerySet[IncidentReport]:
    if actor is None:
        return IncidentReport.objects.none()
    return IncidentReport.objects.filter(trajectory__in=trajectories_visible_to(actor))


def may_report_incident(actor: Actor, trajectory: Trajectory) -> bool:
    return (
        trajectory.care_provider_id is not None
        and actor.organisation.pk == trajectory.care_provider_id
        and actor.role in INCIDENT_ROLES
        and not trajectory.is_final
    )
