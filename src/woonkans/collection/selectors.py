"""Reads for collection pages, behind the household access gate.

Worklists, contact attempts, arrangements and messages are only found through the actor's
visible households (``households.access``) *and* the actor's own corporation: a worklist
never lists another corporation's tenancies, and a record that is missing or not the
actor's looks the same (``Http404``).
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.http import Http404

from woonkans.arrears.models import LedgerEntry
from woonkans.arrears.positions import Entry, Position, position_at
from woonkans.households.access import households_visible_to
from woonkans.households.models import Household, Person, Relation, Tenancy
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import OrganisationKind, Role
from woonkans.organisations.policy import FieldGroup

from .models import (
    CollectionPolicy,
    ContactAttempt,
    OutboundMessage,
    PaymentArrangement,
    WorklistItem,
    WorklistStatus,
)

#: Roles that work the corporation's worklist.
COLLECTION_ROLES = frozenset({Role.INCASSOMEDEWERKER, Role.WOONCONSULENT})
#: Roles that edit the collection steps (others in COLLECTION_ROLES may view them).
POLICY_EDIT_ROLES = frozenset({Role.FUNCTIONEEL_BEHEERDER})


def is_corporation(actor: Actor | None) -> bool:
    return actor is not None and actor.organisation.kind == OrganisationKind.WONINGCORPORATIE


def works_collections(actor: Actor | None) -> bool:
    """Collections staff of a corporation: incassomedewerker or woonconsulent."""
    return is_corporation(actor) and actor.role in COLLECTION_ROLES


def may_view_policy(actor: Actor | None) -> bool:
    return is_corporation(actor) and (
        actor.role in COLLECTION_ROLES or actor.role in POLICY_EDIT_ROLES
    )


def may_edit_policy(actor: Actor | None) -> bool:
    return is_corporation(actor) and actor.role in POLICY_EDIT_ROLES


def may_record_contact(actor: Actor | None) -> bool:
    """People who may record contact attempts and see them: roles that see the financial
    field group (collections staff, social team, coordinators, financial consultants)."""
    return actor is not None and actor.sees_households and actor.sees(FieldGroup.FINANCIAL)


# --- Positions --------------------------------------------------------------------------


def tenancy_position(tenancy: Tenancy, on: date) -> Position:
    """The arrears position of one tenancy at the end of ``on`` (pure computation over its
    ledger, see ``arrears.positions``)."""
    entries = [
        Entry(kind, amount, booked, due, mid)
        for kind, amount, booked, due, mid in LedgerEntry.objects.filter(
            tenancy=tenancy
        ).values_list("kind", "amount", "booking_date", "due_date", "mutation_id")
    ]
    return position_at(entries, on)


# --- Worklists --------------------------------------------------------------------------


def worklist_items_visible_to(actor: Actor | None) -> QuerySet[WorklistItem]:
    if not works_collections(actor):
        return WorklistItem.objects.none()
    return WorklistItem.objects.filter(
        corporation=actor.organisation, household__in=households_visible_to(actor)
    )


def worklist_today(
    actor: Actor | None, *, on: date, channel: str = "", role: str = ""
) -> QuerySet[WorklistItem]:
    """Open items due on or before ``on``, most urgent first."""
    items = worklist_items_visible_to(actor).filter(status=WorklistStatus.OPEN, due_date__lte=on)
    if channel:
        items = items.filter(channel=channel)
    if role:
        items = items.filter(assigned_role=role)
    return items.select_related("tenancy", "household", "step").order_by(
        "-priority", "due_date", "pk"
    )


def worklist_item_for_actor(actor: Actor | None, pk) -> WorklistItem:
    try:
        return worklist_items_visible_to(actor).select_related("tenancy", "household").get(pk=pk)
    except (WorklistItem.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- Contact attempts -------------------------------------------------------------------


def contact_attempts_visible_to(actor: Actor | None, household: Household):
    if not may_record_contact(actor):
        return ContactAttempt.objects.none()
    return ContactAttempt.objects.filter(
        household=household, household__in=households_visible_to(actor)
    ).select_related("organisation", "tenancy")


def tenancies_for_contact(actor: Actor, household: Household) -> QuerySet[Tenancy]:
    """Tenancies a contact attempt may be about: the household's tenancies with the
    actor's corporation (none for other organisations)."""
    return household.tenancies.filter(corporation=actor.organisation)


def main_tenant(household: Household) -> Person | None:
    members = list(household.members.all())
    order = {Relation.HOOFDHUURDER: 0, Relation.MEDEHUURDER: 1, Relation.PARTNER: 2}
    adults = sorted(
        (m for m in members if m.relation in order), key=lambda m: (order[m.relation], m.pk)
    )
    return adults[0] if adults else None


# --- Arrangements -----------------------------------------------------------------------


def arrangements_visible_to(actor: Actor | None) -> QuerySet[PaymentArrangement]:
    """Arrangements of visible households. Corporation staff see their own corporation's;
    others involved with the household (with the financial field group) see them too."""
    if not may_record_contact(actor):
        return PaymentArrangement.objects.none()
    return PaymentArrangement.objects.filter(household__in=households_visible_to(actor))


def arrangement_for_actor(actor: Actor | None, pk) -> PaymentArrangement:
    try:
        return (
            arrangements_visible_to(actor)
            .select_related("tenancy", "household", "corporation")
            .get(pk=pk)
        )
    except (PaymentArrangement.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def may_manage_arrangement(actor: Actor | None, arrangement_or_tenancy) -> bool:
    """Only the corporation's collections staff create and change arrangements."""
    corporation_id = arrangement_or_tenancy.corporation_id
    return works_collections(actor) and actor.organisation.pk == corporation_id


# --- Policy and messages ----------------------------------------------------------------


def policy_of(corporation) -> CollectionPolicy | None:
    return CollectionPolicy.objects.filter(corporation=corporation).first()


def messages_of(corporation) -> QuerySet[OutboundMessage]:
    return OutboundMessage.objects.filter(corporation=corporation).order_by("-created_at", "-pk")
