"""The access gate of vroegsignalering.

* The corporation's collections staff (:data:`services.CORPORATION_ROLES`) see its own
  signals, the conditions of its own tenancies, objections and export batches.
* The municipality's wijkconsulent sees the signals sent to it while the involvement the
  signal opened is open (through ``households.access``), and registers the outcome.
* The corporation's functional administrator configures the policy.

Missing and forbidden are both "not found".
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from woonkans.households.access import households_visible_to, tenancies_visible_to
from woonkans.households.models import Tenancy
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import OrganisationKind, Role
from woonkans.organisations.policy import FieldGroup

from .models import Objection, Signal, SignalExport, SignalStatus
from .services import CORPORATION_ROLES, MUNICIPALITY_ROLES


def is_corporation_actor(actor: Actor | None) -> bool:
    return (
        actor is not None
        and actor.organisation.kind == OrganisationKind.WONINGCORPORATIE
        and actor.role in CORPORATION_ROLES
        and actor.sees(FieldGroup.FINANCIAL)
        and actor.sees(FieldGroup.CONTACT)
    )


def is_municipality_actor(actor: Actor | None) -> bool:
    return (
        actor is not None
        and actor.organisation.kind == OrganisationKind.GEMEENTE
        and actor.role in MUNICIPALITY_ROLES
        and actor.sees(FieldGroup.FINANCIAL)
    )


def is_policy_admin(actor: Actor | None) -> bool:
    return (
        actor is not None
        and actor.organisation.kind == OrganisationKind.WONINGCORPORATIE
        and actor.role == Role.FUNCTIONEEL_BEHEERDER
    )


def corporation_tenancies_for(actor: Actor | None) -> QuerySet[Tenancy]:
    if not is_corporation_actor(actor):
        return Tenancy.objects.none()
    return tenancies_visible_to(actor).filter(corporation=actor.organisation)


def corporation_tenancy_for(actor: Actor | None, pk) -> Tenancy:
    try:
        return corporation_tenancies_for(actor).select_related("household").get(pk=pk)
    except (Tenancy.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def signals_visible_to(actor: Actor | None) -> QuerySet[Signal]:
    """The corporation's own signals, or the open signals sent to the municipality."""
    if is_corporation_actor(actor):
        return Signal.objects.filter(
            corporation=actor.organisation, household__in=households_visible_to(actor)
        )
    if is_municipality_actor(actor):
        return Signal.objects.filter(
            municipality=actor.organisation,
            household__in=households_visible_to(actor),
        ).exclude(status=SignalStatus.CLOSED)
    return Signal.objects.none()


def signal_for_actor(actor: Actor | None, pk) -> Signal:
    try:
        return (
            signals_visible_to(actor)
            .select_related("tenancy", "household", "municipality", "corporation")
            .get(pk=pk)
        )
    except (Signal.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def objection_for_actor(actor: Actor | None, pk) -> Objection:
    try:
        return Objection.objects.select_related("tenancy").get(
            pk=pk, tenancy__in=corporation_tenancies_for(actor)
        )
    except (Objection.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def exports_visible_to(actor: Actor | None) -> QuerySet[SignalExport]:
    if not is_corporation_actor(actor):
        return SignalExport.objects.none()
    return SignalExport.objects.filter(corporation=actor.organisation)


def export_for_actor(actor: Actor | None, pk) -> SignalExport:
    try:
        return exports_visible_to(actor).select_related("corporation").get(pk=pk)
    except (SignalExport.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
