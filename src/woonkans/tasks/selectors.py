"""Read-only questions about due items, used by pages, jobs and other apps."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from woonkans.trajectories.models import (
    FINAL_STATES,
    MemberFunction,
    State,
    Trajectory,
    TrajectoryMember,
    Transition,
)
from woonkans.trajectories.selectors import evaluation_due_on, guidance_started_on

from . import rules
from .models import DueItem, DueStatus, IncidentReport


def open_due_items(trajectory: Trajectory) -> QuerySet[DueItem]:
    """The trajectory's open due items, earliest due first (all of them: callers that show
    them to a person filter through ``access.due_items_visible_to``)."""
    return DueItem.objects.filter(trajectory=trajectory, status=DueStatus.OPEN).order_by(
        "due_on", "pk"
    )


def overdue_items(trajectory: Trajectory, today: date | None = None) -> QuerySet[DueItem]:
    today = today or timezone.localdate()
    return open_due_items(trajectory).filter(due_on__lt=today)


def trajectory_facts(trajectory: Trajectory) -> rules.Facts:
    intake_on = (
        Transition.objects.filter(trajectory=trajectory, to_state=State.INTAKE)
        .order_by("occurred_on", "pk")
        .values_list("occurred_on", flat=True)
        .first()
    )
    extensions = Transition.objects.filter(trajectory=trajectory, to_state=State.EXTENDED).count()
    return rules.Facts(
        is_final=trajectory.state in FINAL_STATES,
        corporation_id=trajectory.corporation_id,
        care_provider_id=trajectory.care_provider_id,
        intake_on=intake_on,
        guidance_started_on=guidance_started_on(trajectory),
        evaluation_due_on=evaluation_due_on(trajectory),
        evaluation_cycle=1 + extensions,
    )


def member_holds_function(user, day: date | None = None) -> Exists:
    """Exists-subquery: ``user`` currently holds the item's function for the item's
    organisation in the item's trajectory (for use in a DueItem filter)."""
    day = day or timezone.localdate()
    return Exists(
        TrajectoryMember.objects.filter(
            trajectory=OuterRef("trajectory"),
            organisation=OuterRef("responsible_organisation"),
            function=OuterRef("responsible_function"),
            user=user,
            started_on__lte=day,
        ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    )


def items_assigned_to(user, day: date | None = None) -> QuerySet[DueItem]:
    """Open items of ``user``: assigned to them by name, or to a function they hold now
    (so after a hand-over the new member sees the items)."""
    return DueItem.objects.filter(status=DueStatus.OPEN).filter(
        Q(responsible_user=user)
        | Q(member_holds_function(user, day), responsible_user__isnull=True)
    )


def contact_person_of(user, day: date | None = None) -> Exists:
    """Exists-subquery for a DueItem/IncidentReport filter: ``user`` is a current contact
    person of the corporation in the trajectory."""
    day = day or timezone.localdate()
    return Exists(
        TrajectoryMember.objects.filter(
            trajectory=OuterRef("trajectory"),
            organisation=OuterRef("trajectory__corporation"),
            function=MemberFunction.CONTACTPERSOON,
            user=user,
            started_on__lte=day,
        ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    )


def incidents_of(trajectory: Trajectory) -> QuerySet[IncidentReport]:
    return IncidentReport.objects.filter(trajectory=trajectory).order_by("-occurred_on", "-pk")


def personal_items(actor, today: date | None = None) -> QuerySet[DueItem]:
    """The open items on the actor's personal task list.

    * the coordinator: every open item of the care provider's trajectories;
    * anyone else: items assigned to them by name, or to their organisation and a function
      they hold now in the trajectory (see :func:`items_assigned_to`).

    Always within what the actor may see (``access.due_items_visible_to``).
    """
    from woonkans.organisations.models import Role

    from .access import due_items_visible_to

    visible = due_items_visible_to(actor).filter(status=DueStatus.OPEN)
    if actor.user is None:
        return visible.none()
    if actor.role == Role.COORDINATOR:
        items = visible.filter(trajectory__care_provider=actor.organisation)
    else:
        items = visible.filter(responsible_organisation=actor.organisation).filter(
            pk__in=items_assigned_to(actor.user, today).values("pk")
        )
    return items.select_related("trajectory__household", "responsible_organisation").order_by(
        "due_on", "pk"
    )


def items_concerning_contact_person(actor, today: date | None = None) -> QuerySet[DueItem]:
    """For a corporation's contact person: open items of their trajectories that concern
    the corporation (to know what to expect), not assigned to them."""
    from .access import due_items_visible_to

    if actor.user is None:
        return DueItem.objects.none()
    return (
        due_items_visible_to(actor)
        .filter(
            status=DueStatus.OPEN,
            concerns_corporation=True,
            trajectory__corporation=actor.organisation,
        )
        .filter(contact_person_of(actor.user, today))
        .select_related("trajectory__household", "responsible_organisation")
        .order_by("due_on", "pk")
    )


def trajectories_needing_sync() -> QuerySet[Trajectory]:
    """Trajectories still running, plus final ones with items still open (to cancel)."""
    open_items = DueItem.objects.filter(trajectory=OuterRef("pk"), status=DueStatus.OPEN)
    return Trajectory.objects.filter(
        ~Q(state__in=list(FINAL_STATES)) | Q(Exists(open_items))
    ).order_by("pk")
