"""Use cases of the last-chance trajectory.

Every state change goes through :func:`trajectory_transition`, which checks the table in
:mod:`.machine`, the actor's organisation and role, the guards other apps registered and
the version the caller saw; it records a :class:`Transition`, the audit log and a household
timeline entry, and sends :data:`.signals.transitioned`. Refusals raise
:class:`TransitionRefused` with a message fit for the user.
"""

from __future__ import annotations

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record
from woonkans.households.services import EditConflict, timeline_add
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Membership
from woonkans.organisations.policy import FieldGroup

from . import machine, signals
from .models import (
    FINAL_STATES,
    MemberFunction,
    State,
    Trajectory,
    TrajectoryMember,
    Transition,
)

logger = logging.getLogger(__name__)


class TransitionRefused(ValidationError):
    """The transition is not allowed: not in the table, not for this actor, blocked by a
    guard, or the trajectory changed in the meantime."""


def _state_label(state: str) -> str:
    try:
        return str(State(state).label)
    except ValueError:
        return state


def _acting_org_allowed(actor: Actor, trajectory: Trajectory) -> bool:
    """The actor's organisation is a party, or employs the trajectory's coordinator."""
    if actor.organisation.pk in trajectory.party_organisation_ids():
        return True
    return TrajectoryMember.objects.filter(
        trajectory=trajectory,
        function=MemberFunction.COORDINATOR,
        organisation=actor.organisation,
        ended_on__isnull=True,
    ).exists()


def transition_refusal(
    *, actor: Actor, trajectory: Trajectory, to_state: str, on_date: date | None = None
) -> str | None:
    """Why ``actor`` may not move ``trajectory`` to ``to_state`` now; None when allowed.
    Checks everything :func:`trajectory_transition` checks except the reason and version."""
    to_state = str(to_state)
    if to_state not in State.values:
        return _("Unknown state.")
    from_state = str(trajectory.state)
    if from_state in FINAL_STATES:
        return _("This trajectory has ended (%(state)s); its state can no longer change.") % {
            "state": _state_label(from_state)
        }
    rule = machine.rule_for(from_state, to_state)
    if rule is None:
        return _("“%(to)s” cannot follow “%(from)s”.") % {
            "to": _state_label(to_state),
            "from": _state_label(from_state),
        }
    if not _acting_org_allowed(actor, trajectory):
        return _("Your organisation is not a party to this trajectory.")
    if not machine.may_perform(actor.role, actor.organisation.kind, from_state, to_state):
        return _("Only these people may record this step: %(who)s.") % {
            "who": machine.performers_text(rule)
        }
    if on_date is not None:
        if on_date > timezone.localdate():
            return _("The date cannot be in the future.")
        if on_date < trajectory.state_since:
            return _("The date cannot be before the current step began (%(date)s).") % {
                "date": date_format(trajectory.state_since)
            }
    messages = machine.guard_messages(trajectory, to_state)
    if messages:
        return " ".join(messages)
    return None


@transaction.atomic
def trajectory_transition(
    *,
    actor: Actor,
    trajectory: Trajectory,
    to_state: str,
    on_date: date,
    reason: str = "",
    version: int | None = None,
) -> Trajectory:
    locked = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    if version is not None and locked.version != version:
        raise TransitionRefused(
            _(
                "Someone else changed this trajectory in the meantime. Reload the page and "
                "check the current step."
            ),
            code="conflict",
        )
    refusal = transition_refusal(actor=actor, trajectory=locked, to_state=to_state, on_date=on_date)
    if refusal:
        raise TransitionRefused(refusal, code="refused")
    rule = machine.rule_for(locked.state, to_state)
    reason = (reason or "").strip()
    if rule.reason_required and not reason:
        raise TransitionRefused(_("Give a reason for this step."), code="reason")
    from_state = str(locked.state)
    Transition.objects.create(
        trajectory=locked,
        from_state=from_state,
        to_state=str(to_state),
        occurred_on=on_date,
        reason=reason,
        user=actor.user,
        organisation=actor.organisation,
        role=actor.role,
        actor_label=actor.label,
    )
    Trajectory.objects.filter(pk=locked.pk).update(
        state=str(to_state),
        state_since=on_date,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    locked.refresh_from_db()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=locked, fields=["state"])
    timeline_add(
        household=locked.household,
        kind="trajectory.transition",
        field_group=FieldGroup.IDENTITY,
        actor=actor,
        summary=_("Last-chance trajectory: %(from)s → %(to)s (%(date)s)")
        % {
            "from": _state_label(from_state),
            "to": _state_label(str(to_state)),
            "date": date_format(on_date),
        },
    )
    for receiver, response in signals.transitioned.send_robust(
        sender=Trajectory,
        trajectory=locked,
        from_state=from_state,
        to_state=str(to_state),
        on_date=on_date,
        actor=actor,
    ):
        if isinstance(response, Exception):
            logger.error(
                "transitioned receiver %r failed for trajectory %s",
                receiver,
                locked.pk,
                exc_info=response,
            )
    return locked


# --- People --------------------------------------------------------------------------------

# Which roles of which organisation a function is filled from.
FUNCTION_ROLES: dict[str, tuple[str, ...]] = {
    MemberFunction.WOONBEGELEIDER: ("woonbegeleider", "coordinator"),
    MemberFunction.FINANCIEEL_CONSULENT: ("financieel_consulent",),
    MemberFunction.COORDINATOR: ("coordinator",),
    MemberFunction.CONTACTPERSOON: (
        "incassomedewerker",
        "woonconsulent",
        "wijkconsulent",
        "woonbegeleider",
        "financieel_consulent",
        "coordinator",
    ),
}

# Functions of which a trajectory has one at a time (a hand-over replaces the person).
SINGLE_FUNCTIONS = frozenset(
    {
        MemberFunction.WOONBEGELEIDER,
        MemberFunction.FINANCIEEL_CONSULENT,
        MemberFunction.COORDINATOR,
    }
)


class MemberRefused(ValidationError):
    """The person cannot take this function on this trajectory."""


def _function_org(trajectory: Trajectory, function: str, organisation) -> bool:
    """The care provider fills the care functions; contact persons come from any party."""
    if function == MemberFunction.CONTACTPERSOON:
        return organisation.pk in trajectory.party_organisation_ids()
    return organisation.pk == trajectory.care_provider_id


def may_manage_members(actor: Actor, trajectory: Trajectory) -> bool:
    """The coordinator of the care provider manages the people; every party's own
    contact persons may be managed by that party's consultants too."""
    if actor.role == "coordinator" and actor.organisation.pk == trajectory.care_provider_id:
        return True
    return actor.organisation.pk in trajectory.party_organisation_ids() and actor.role in (
        "woonconsulent",
        "wijkconsulent",
    )


def _check_member(actor, trajectory, user, organisation, function) -> None:
    if not may_manage_members(actor, trajectory):
        raise MemberRefused(_("You may not change the people on this trajectory."))
    if function != MemberFunction.CONTACTPERSOON and not (
        actor.role == "coordinator" and actor.organisation.pk == trajectory.care_provider_id
    ):
        raise MemberRefused(_("Only the coordinator assigns the care provider's people."))
    if function == MemberFunction.CONTACTPERSOON and actor.role != "coordinator":
        if organisation.pk != actor.organisation.pk:
            raise MemberRefused(_("You may only name contact persons of your own organisation."))
    if not _function_org(trajectory, function, organisation):
        raise MemberRefused(_("This organisation cannot fill this function on the trajectory."))
    if not Membership.objects.filter(
        user=user,
        organisation=organisation,
        role__in=FUNCTION_ROLES[function],
        is_active=True,
    ).exists():
        raise MemberRefused(
            _("This person does not work for %(org)s in a role that fits this function.")
            % {"org": organisation.name}
        )


@transaction.atomic
def member_add(
    *,
    actor: Actor,
    trajectory: Trajectory,
    user,
    organisation,
    function: str,
    started_on: date,
) -> TrajectoryMember:
    """Assign a person. For one-person functions the current holder must be handed over
    with :func:`member_handover` instead."""
    Trajectory.objects.select_for_update().filter(pk=trajectory.pk).first()
    _check_member(actor, trajectory, user, organisation, function)
    from .selectors import current_members

    current = current_members(trajectory, function, on_date=started_on)
    if function in SINGLE_FUNCTIONS and current.exists():
        raise MemberRefused(
            _("This trajectory already has a %(function)s; use a hand-over.")
            % {"function": MemberFunction(function).label}
        )
    if current.filter(user=user, organisation=organisation).exists():
        raise MemberRefused(_("This person already has this function on the trajectory."))
    member = TrajectoryMember.objects.create(
        trajectory=trajectory,
        user=user,
        organisation=organisation,
        function=function,
        started_on=started_on,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=member, fields=["function", "user"])
    timeline_add(
        household=trajectory.household,
        kind="trajectory.member",
        field_group=FieldGroup.IDENTITY,
        actor=actor,
        summary=_("%(name)s (%(org)s) is %(function)s from %(date)s")
        % {
            "name": user.get_full_name() or user.get_username(),
            "org": organisation.name,
            "function": member.get_function_display().lower(),
            "date": date_format(started_on),
        },
    )
    return member


@transaction.atomic
def member_end(
    *, actor: Actor, member: TrajectoryMember, ended_on: date, reason: str
) -> TrajectoryMember:
    trajectory = member.trajectory
    _check_member(actor, trajectory, member.user, member.organisation, member.function)
    locked = TrajectoryMember.objects.select_for_update().get(pk=member.pk)
    if locked.ended_on is not None:
        raise MemberRefused(_("This person already left the trajectory."))
    if ended_on < locked.started_on:
        raise MemberRefused(_("The end date cannot be before the start date."))
    if not (reason or "").strip():
        raise MemberRefused(_("Give a reason."))
    locked.ended_on = ended_on
    locked.end_reason = reason.strip()[:255]
    locked.save(update_fields=["ended_on", "end_reason"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=locked, fields=["ended_on"])
    timeline_add(
        household=trajectory.household,
        kind="trajectory.member",
        field_group=FieldGroup.IDENTITY,
        actor=actor,
        summary=_("%(name)s is no longer %(function)s from %(date)s")
        % {
            "name": locked.user.get_full_name() or locked.user.get_username(),
            "function": locked.get_function_display().lower(),
            "date": date_format(ended_on),
        },
    )
    return locked


@transaction.atomic
def member_handover(
    *,
    actor: Actor,
    member: TrajectoryMember,
    new_user,
    on_date: date,
    reason: str,
) -> TrajectoryMember:
    """Hand over one person's function to another of the same organisation: the old
    membership ends on ``on_date`` and the new one starts that day. Open due items follow
    the current member (the tasks app reads :func:`selectors.current_members`)."""
    if new_user.pk == member.user_id:
        raise MemberRefused(_("Choose someone else to hand over to."))
    _check_member(actor, member.trajectory, new_user, member.organisation, member.function)
    member_end(actor=actor, member=member, ended_on=on_date, reason=reason)
    return member_add(
        actor=actor,
        trajectory=member.trajectory,
        user=new_user,
        organisation=member.organisation,
        function=member.function,
        started_on=on_date,
    )


def ensure_version(trajectory: Trajectory, version: int | None) -> None:
    if version is not None and trajectory.version != version:
        raise EditConflict
