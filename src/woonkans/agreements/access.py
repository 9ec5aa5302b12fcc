"""The access gate for agreements, and who may do what with one.

An agreement is a shared document: every organisation that is a party to it (the
corporation, the care provider, and for tenants nobody) sees it, when its role may see
households and the household is visible to it (``households/access.py``). Other
organisations — also the social team of the trajectory — do not. Missing and forbidden
look the same: :class:`django.http.Http404`.

Who may act (pure functions on the actor and the agreement or trajectory):

* draft and edit: the trajectory's coordinator, and the corporation's collections staff
  (incassomedewerker, woonconsulent);
* record signatures: the same people;
* extend or end early: only the coordinator of the care provider;
* own Word templates and the corporation's preferred forms: the functioneel beheerder of
  the organisation.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from woonkans.households.access import households_visible_to
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import OrganisationKind, Role

from .models import Agreement

CORPORATION_STAFF = frozenset({Role.INCASSOMEDEWERKER, Role.WOONCONSULENT})


def agreements_visible_to(actor: Actor | None) -> QuerySet[Agreement]:
    if actor is None or not actor.sees_households:
        return Agreement.objects.none()
    return Agreement.objects.filter(
        household__in=households_visible_to(actor),
        pk__in=Agreement.objects.filter(parties__organisation=actor.organisation).values("pk"),
    )


def agreement_for_actor(actor: Actor | None, pk) -> Agreement:
    try:
        return (
            agreements_visible_to(actor)
            .select_related("trajectory", "trajectory__tenancy", "household")
            .get(pk=pk)
        )
    except (Agreement.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def _is_coordinator_of(actor: Actor, trajectory) -> bool:
    return (
        actor.role == Role.COORDINATOR
        and trajectory.care_provider_id is not None
        and actor.organisation.pk == trajectory.care_provider_id
    )


def _is_corporation_staff_of(actor: Actor, trajectory) -> bool:
    return actor.role in CORPORATION_STAFF and actor.organisation.pk == trajectory.corporation_id


def may_draft(actor: Actor, trajectory) -> bool:
    """Propose, create and edit an agreement of ``trajectory``."""
    return _is_coordinator_of(actor, trajectory) or _is_corporation_staff_of(actor, trajectory)


def may_sign(actor: Actor, agreement: Agreement) -> bool:
    """Record signatures."""
    return may_draft(actor, agreement.trajectory)


def may_extend_or_end(actor: Actor, agreement: Agreement) -> bool:
    return _is_coordinator_of(actor, agreement.trajectory)


def may_manage_templates(actor: Actor | None) -> bool:
    return (
        actor is not None
        and actor.role == Role.FUNCTIONEEL_BEHEERDER
        and actor.organisation.kind
        in (OrganisationKind.WONINGCORPORATIE, OrganisationKind.ZORGORGANISATIE)
    )


def may_set_preferences(actor: Actor | None) -> bool:
    return (
        may_manage_templates(actor)
        and actor is not None
        and actor.organisation.kind == OrganisationKind.WONINGCORPORATIE
    )
