"""The access gate for households and everything under them.

A household is visible to an actor when the actor's role may see households at all and the
actor's organisation is involved: it is the corporation that rents to the household, or it
has an open involvement (referral, trajectory, signal or assignment). Every page and API
view fetches households, members, tenancies and timeline entries through this module.
Missing and forbidden look the same: :class:`django.http.Http404`.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404

from woonkans.organisations.actor import Actor
from woonkans.organisations.policy import FieldGroup

from .models import Household, Involvement, Person, Relation, Tenancy, TimelineEntry

# Without the "family" field group an actor sees only the parties to the lease: no
# children, partners or other household members.
TENANT_RELATIONS = (Relation.HOOFDHUURDER, Relation.MEDEHUURDER)


def households_visible_to(actor: Actor | None) -> QuerySet[Household]:
    if actor is None or not actor.sees_households:
        return Household.objects.none()
    org = actor.organisation
    rents = Tenancy.objects.filter(household=OuterRef("pk"), corporation=org)
    involved = Involvement.objects.filter(
        household=OuterRef("pk"), organisation=org, closed_at__isnull=True
    )
    return Household.objects.filter(Q(Exists(rents)) | Q(Exists(involved)))


def household_for_actor(actor: Actor | None, pk) -> Household:
    try:
        return households_visible_to(actor).get(pk=pk)
    except (Household.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def members_visible_to(actor: Actor | None) -> QuerySet[Person]:
    return Person.objects.filter(household__in=households_visible_to(actor))


def members_shown_to(actor: Actor) -> QuerySet[Person]:
    """The members an actor may see of a household it may see (filter by household)."""
    members = Person.objects.order_by(F("date_of_birth").asc(nulls_last=True), "pk")
    if not actor.sees(FieldGroup.FAMILY):
        members = members.filter(relation__in=TENANT_RELATIONS)
    return members


def person_for_actor(actor: Actor | None, pk) -> Person:
    try:
        return members_visible_to(actor).select_related("household").get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def tenancies_visible_to(actor: Actor | None) -> QuerySet[Tenancy]:
    """Tenancies of visible households. The tenancy field group is checked by callers
    that show rent details."""
    return Tenancy.objects.filter(household__in=households_visible_to(actor))


def timeline_visible_to(actor: Actor | None, household: Household) -> QuerySet[TimelineEntry]:
    if actor is None:
        return TimelineEntry.objects.none()
    return TimelineEntry.objects.filter(
        household=household, field_group__in=list(actor.field_groups)
    )
