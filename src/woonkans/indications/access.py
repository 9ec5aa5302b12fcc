"""Who sees and manages indications.

* The social team's wijkconsulent issues, changes and ends indications of trajectories in
  which their organisation is the social team.
* The care provider (all its people on the trajectory, the coordinator included) and the
  social team see the indications with product and hours.
* The corporation sees only whether a valid indication exists (and the warning), never the
  product, legal basis or hours.

Everything goes through ``trajectories.access`` first: missing and forbidden look the same.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from woonkans.organisations.actor import Actor
from woonkans.organisations.models import OrganisationKind, Role
from woonkans.trajectories.access import trajectories_visible_to
from woonkans.trajectories.models import Trajectory

from .models import Indication


def sees_details(actor: Actor | None, trajectory: Trajectory) -> bool:
    if actor is None:
        return False
    org = actor.organisation.pk
    return org in {trajectory.care_provider_id, trajectory.social_team_id} - {None}


def may_manage(actor: Actor | None, trajectory: Trajectory) -> bool:
    return (
        actor is not None
        and trajectory.social_team_id is not None
        and actor.organisation.pk == trajectory.social_team_id
        and actor.organisation.kind == OrganisationKind.GEMEENTE
        and actor.role == Role.WIJKCONSULENT
        and not trajectory.is_final
    )


def indications_visible_to(actor: Actor | None) -> QuerySet[Indication]:
    """Indications with their details: only for the care provider and the social team."""
    if actor is None:
        return Indication.objects.none()
    org = actor.organisation
    return Indication.objects.filter(
        Q(trajectory__care_provider=org) | Q(trajectory__social_team=org),
        trajectory__in=trajectories_visible_to(actor),
    )


def indication_for_manager(actor: Actor | None, pk) -> Indication:
    """An indication the actor may change (Http404 otherwise)."""
    try:
        indication = (
            indications_visible_to(actor)
            .select_related("trajectory__household", "trajectory__social_team")
            .get(pk=pk)
        )
    except (Indication.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not may_manage(actor, indication.trajectory):
        raise Http404
    return indication
