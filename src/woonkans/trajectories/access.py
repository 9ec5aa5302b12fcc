"""The access gate for trajectories.

A trajectory is visible to an actor when the household is visible to the actor (see
``households/access.py``) and the actor's organisation is a party to the trajectory: its
corporation, care provider or social team / CJG. Missing and forbidden look the same:
:class:`django.http.Http404`. What a role sees *within* a trajectory (guidance notes, Plan
van Aanpak) is decided by the functions at the bottom.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from woonkans.households.access import households_visible_to
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import OrganisationKind, Role
from woonkans.organisations.policy import FieldGroup

from .models import Trajectory


def trajectories_visible_to(actor: Actor | None) -> QuerySet[Trajectory]:
    if actor is None or not actor.sees_households:
        return Trajectory.objects.none()
    org = actor.organisation
    return Trajectory.objects.filter(
        Q(corporation=org) | Q(care_provider=org) | Q(social_team=org),
        household__in=households_visible_to(actor),
    )


def trajectory_for_actor(actor: Actor | None, pk) -> Trajectory:
    try:
        return (
            trajectories_visible_to(actor)
            .select_related(
                "household", "tenancy", "corporation", "care_provider", "social_team", "referred_by"
            )
            .get(pk=pk)
        )
    except (Trajectory.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def is_party(actor: Actor, trajectory: Trajectory) -> bool:
    return actor.organisation.pk in trajectory.party_organisation_ids()


def sees_guidance_notes(actor: Actor, trajectory: Trajectory) -> bool:
    """Guidance notes belong to the care provider: only its people with the care field
    group (never the corporation, never the social team)."""
    return (
        trajectory.care_provider_id is not None
        and actor.organisation.pk == trajectory.care_provider_id
        and actor.sees(FieldGroup.CARE)
    )


def writes_guidance_notes(actor: Actor, trajectory: Trajectory) -> bool:
    return sees_guidance_notes(actor, trajectory) and actor.role in (
        Role.WOONBEGELEIDER,
        Role.COORDINATOR,
    )


def sees_plan_of_approach(actor: Actor, trajectory: Trajectory) -> bool:
    """The Plan van Aanpak: the social team that writes it and the coordinator."""
    if trajectory.social_team_id is not None and actor.organisation.pk == trajectory.social_team_id:
        return actor.role == Role.WIJKCONSULENT
    return (
        actor.role == Role.COORDINATOR
        and trajectory.care_provider_id is not None
        and actor.organisation.pk == trajectory.care_provider_id
    )


def writes_plan_of_approach(actor: Actor, trajectory: Trajectory) -> bool:
    return (
        trajectory.social_team_id is not None
        and actor.organisation.pk == trajectory.social_team_id
        and actor.organisation.kind == OrganisationKind.GEMEENTE
        and actor.role == Role.WIJKCONSULENT
    )


def is_coordinator(actor: Actor, trajectory: Trajectory) -> bool:
    return (
        actor.role == Role.COORDINATOR
        and trajectory.care_provider_id is not None
        and actor.organisation.pk == trajectory.care_provider_id
    )
