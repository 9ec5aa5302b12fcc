"""Reads for the API. Everything starts at the access gate in ``households.access``."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from woonkans.households.access import (
    household_for_actor,
    households_visible_to,
    members_shown_to,
    tenancies_visible_to,
    timeline_visible_to,
)
from woonkans.households.models import Household, Tenancy, TimelineEntry
from woonkans.organisations.actor import Actor
from woonkans.organisations.policy import FieldGroup


def households_for_api(actor: Actor | None, *, reference: str = "") -> QuerySet[Household]:
    households = households_visible_to(actor).order_by("pk")
    if reference:
        households = households.filter(reference=reference)
    return households


def household_detail_for_api(actor: Actor | None, pk) -> Household:
    """The household with ``visible_members`` and, with the tenancy group,
    ``visible_tenancies``. Raises ``Http404`` for missing and forbidden alike."""
    household = household_for_actor(actor, pk)
    prefetches = [Prefetch("members", queryset=members_shown_to(actor), to_attr="visible_members")]
    if actor.sees(FieldGroup.TENANCY):
        prefetches.append(
            Prefetch(
                "tenancies",
                queryset=Tenancy.objects.select_related("corporation").order_by(
                    "-start_date", "pk"
                ),
                to_attr="visible_tenancies",
            )
        )
    prefetch_related_objects([household], *prefetches)
    return household


def tenancies_for_api(actor: Actor | None, *, contract_number: str = "") -> QuerySet[Tenancy]:
    if actor is None or not actor.sees(FieldGroup.TENANCY):
        return Tenancy.objects.none()
    tenancies = tenancies_visible_to(actor).select_related("corporation").order_by("pk")
    if contract_number:
        tenancies = tenancies.filter(contract_number=contract_number)
    return tenancies


def timeline_for_api(actor: Actor | None, household: Household) -> QuerySet[TimelineEntry]:
    return timeline_visible_to(actor, household).select_related("organisation")
