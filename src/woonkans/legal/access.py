"""The access gate of the legal route.

The corporation that owns a tenancy sees and registers its legal records, in the roles of
:data:`CORPORATION_ROLES`. Other organisations involved with the household (a care
organisation in a trajectory, the municipality through a signal) see only the stage and its
date on the household page (:func:`household_stages_for`), never the records or amounts.
Everything goes through ``households.access``; missing and forbidden are both "not found".
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from woonkans.households.access import tenancies_visible_to
from woonkans.households.models import Household, Tenancy
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Role
from woonkans.organisations.policy import FieldGroup

CORPORATION_ROLES = frozenset({Role.INCASSOMEDEWERKER, Role.WOONCONSULENT})


def is_legal_actor(actor: Actor | None) -> bool:
    return (
        actor is not None
        and actor.role in CORPORATION_ROLES
        and actor.sees(FieldGroup.TENANCY)
        and actor.sees(FieldGroup.FINANCIAL)
    )


def legal_tenancies_for(actor: Actor | None) -> QuerySet[Tenancy]:
    """Tenancies whose legal records ``actor`` may see and change: its own corporation's."""
    if not is_legal_actor(actor):
        return Tenancy.objects.none()
    return tenancies_visible_to(actor).filter(corporation=actor.organisation)


def legal_tenancy_for(actor: Actor | None, pk) -> Tenancy:
    try:
        return legal_tenancies_for(actor).select_related("household", "corporation").get(pk=pk)
    except (Tenancy.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def household_stage_tenancies(actor: Actor | None, household: Household) -> QuerySet[Tenancy]:
    """Tenancies of a visible household whose legal *stage* the actor may see: any role
    that sees the tenancy field group of a household it may see."""
    if actor is None or not actor.sees(FieldGroup.TENANCY):
        return Tenancy.objects.none()
    return tenancies_visible_to(actor).filter(household=household)
