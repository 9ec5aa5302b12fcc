"""The access gate of the case conference.

A meeting is visible to people in :data:`~.rules.CONFERENCE_ROLES` of the organisation that
organises it or of an invited organisation. Inside a meeting, need-to-know applies per
case: an agenda item about a trajectory (its name, reasons, decision and action points) is
shown only to an actor who may see that trajectory — its household is visible to the actor
and the actor's organisation is a party to it. General topics are shown to everyone who
sees the meeting. Missing and forbidden look the same: :class:`django.http.Http404`.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Role
from woonkans.trajectories.access import trajectories_visible_to

from .models import AgendaItem, Conference, Decision
from .rules import CONFERENCE_ROLES


def takes_part(actor: Actor | None) -> bool:
    return actor is not None and actor.role in CONFERENCE_ROLES and actor.sees_households


def conferences_visible_to(actor: Actor | None) -> QuerySet[Conference]:
    if not takes_part(actor):
        return Conference.objects.none()
    org = actor.organisation
    return Conference.objects.filter(Q(organiser=org) | Q(invited=org)).distinct()


def conference_for_actor(actor: Actor | None, pk) -> Conference:
    try:
        return (
            conferences_visible_to(actor).select_related("organiser", "chair", "series").get(pk=pk)
        )
    except (Conference.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def manages(actor: Actor | None, conference: Conference) -> bool:
    """The organiser's coordinator prepares and runs the meeting."""
    return (
        actor is not None
        and actor.role == Role.COORDINATOR
        and actor.organisation.pk == conference.organiser_id
    )


def items_visible_to(actor: Actor | None, conference: Conference) -> QuerySet[AgendaItem]:
    """Agenda items of a visible meeting the actor may see: general topics, and cases of
    trajectories visible to the actor."""
    if actor is None:
        return AgendaItem.objects.none()
    return conference.items.filter(
        Q(trajectory__isnull=True) | Q(trajectory__in=trajectories_visible_to(actor))
    ).select_related("trajectory")


def item_for_actor(actor: Actor | None, conference: Conference, pk) -> AgendaItem:
    try:
        return items_visible_to(actor, conference).get(pk=pk)
    except (AgendaItem.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def decisions_visible_to(actor: Actor | None) -> QuerySet[Decision]:
    """Decisions about trajectories the actor may see (the parties of the trajectory), also
    when the actor's organisation was not at that meeting."""
    if actor is None:
        return Decision.objects.none()
    return Decision.objects.filter(trajectory__in=trajectories_visible_to(actor))
