"""Use cases of the last-chance trajectory.

Every state change goes through :func:`trajectory_transition`, which checks the table in
:mod:`.machine`, the actor's organisation and role, the guards other apps registered and
the version the caller saw; it records a :class:`Transition`, the audit log and a household
timeline entry, and sends :data:`.signals.transitioned`. Refusals raise
:class:`TransitionRefused` with a message fit for the user.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time
from decimal import Decimal

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

from . import holds, machine, signals
from .dates import add_years
from .models import (
    FINAL_STATES,
    MemberFunction,
    State,
    Trajectory,
    TrajectoryMember,
    Transition,
    state_label,
)

logger = logging.getLogger(__name__)


def _moment(on_date: date):
    """The timeline moment of something that happened on ``on_date`` (now, when today)."""
    if on_date == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(on_date, time(12, 0)))


class TransitionRefused(ValidationError):
    """The transition is not allowed: not in the table, not for this actor, blocked by a
    guard, or the trajectory changed in the meantime."""


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
            "state": state_label(from_state)
        }
    rule = machine.rule_for(from_state, to_state)
    if rule is None:
        return _("“%(to)s” cannot follow “%(from)s”.") % {
            "to": state_label(to_state),
            "from": state_label(from_state),
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
    next_evaluation_on: date | None = None,
) -> Trajectory:
    """Record a step (see the module docstring). On an extension the next evaluation date
    is ``next_evaluation_on``, or one year after the extension."""
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
    changes = {}
    if str(to_state) == State.EXTENDED:
        next_evaluation_on = next_evaluation_on or add_years(on_date, 1)
        if next_evaluation_on <= on_date:
            raise TransitionRefused(
                _("The next evaluation must be after the extension."), code="evaluation"
            )
        changes["evaluation_on"] = next_evaluation_on
    Trajectory.objects.filter(pk=locked.pk).update(
        state=str(to_state),
        state_since=on_date,
        version=F("version") + 1,
        updated_at=timezone.now(),
        **changes,
    )
    locked.refresh_from_db()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=locked, fields=["state"])
    timeline_add(
        household=locked.household,
        kind="trajectory.transition",
        field_group=FieldGroup.IDENTITY,
        actor=actor,
        occurred_at=_moment(on_date),
        summary=_("Last-chance trajectory: %(from)s → %(to)s (%(date)s)")
        % {
            "from": state_label(from_state),
            "to": state_label(str(to_state)),
            "date": date_format(on_date),
        },
    )
    holds.after_transition(
        actor=actor,
        trajectory=locked,
        from_state=from_state,
        to_state=str(to_state),
        on_date=on_date,
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
        occurred_at=_moment(started_on),
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


# --- Referral ----------------------------------------------------------------------------------

REFERRING_ROLES: dict[str, tuple[str, ...]] = {
    "woningcorporatie": ("woonconsulent", "incassomedewerker"),
    "gemeente": ("wijkconsulent",),
}


class ReferralRefused(ValidationError):
    """The household cannot be referred (by this actor, or now)."""


def may_refer(actor: Actor, household) -> bool:
    from woonkans.households.access import households_visible_to

    if actor.role not in REFERRING_ROLES.get(actor.organisation.kind, ()):
        return False
    return households_visible_to(actor).filter(pk=household.pk).exists()


@transaction.atomic
def referral_create(
    *,
    actor: Actor,
    household,
    tenancy,
    care_provider,
    social_team=None,
    referred_on: date,
    reason: str,
    arrears: Decimal,
    legal_stage: str,
    verdict_date: date | None = None,
    household_situation: str = "",
    children_count: int = 0,
    answers: dict[int, bool] | None = None,
) -> Trajectory:
    """Refer a household for the last-chance trajectory (aanmelding).

    By the corporation that rents to it (woonconsulent, incassomedewerker) or by the social
    team / CJG (wijkconsulent). Records the answers to the corporation's eligibility
    checklist, flags households with a verdict as priority and opens a trajectory
    involvement for every party organisation so that each can see the household."""
    from woonkans.households.models import Household, InvolvementKind
    from woonkans.households.services import involvement_open

    from . import rules, selectors
    from .models import EligibilityAnswer, LegalStageAtReferral

    Household.objects.select_for_update().filter(pk=household.pk).first()
    if not may_refer(actor, household):
        raise ReferralRefused(_("You may not refer this household."))
    if selectors.open_trajectory_for_household(household) is not None:
        raise ReferralRefused(_("This household already has a running last-chance trajectory."))
    if tenancy is None or tenancy.household_id != household.pk:
        raise ReferralRefused(_("Choose the household's tenancy."))
    corporation = tenancy.corporation
    if actor.organisation.kind == "woningcorporatie" and actor.organisation.pk != corporation.pk:
        raise ReferralRefused(_("Only the corporation that rents the home can refer it."))
    if actor.organisation.kind == "gemeente":
        social_team = actor.organisation
    if care_provider is None or care_provider.kind != "zorgorganisatie":
        raise ReferralRefused(_("Choose a care provider."))
    if social_team is not None and social_team.kind != "gemeente":
        raise ReferralRefused(_("The social team must be a municipal organisation."))
    if referred_on > timezone.localdate():
        raise ReferralRefused(_("The date cannot be in the future."))
    if not (reason or "").strip():
        raise ReferralRefused(_("Give the reason for the referral."))
    if legal_stage == LegalStageAtReferral.VERDICT and verdict_date is None:
        raise ReferralRefused(_("Give the date of the verdict."))
    if legal_stage == LegalStageAtReferral.NO_VERDICT:
        verdict_date = None
    criteria = list(selectors.criteria_for(corporation))
    answers = answers or {}
    missing = [c.question for c in criteria if c.pk not in answers]
    if missing:
        raise ReferralRefused(
            _("Answer every question of the checklist: %(questions)s")
            % {"questions": "; ".join(missing)}
        )
    trajectory = Trajectory.objects.create(
        household=household,
        tenancy=tenancy,
        corporation=corporation,
        care_provider=care_provider,
        social_team=social_team,
        referred_by=actor.organisation,
        referred_on=referred_on,
        reason=reason.strip(),
        arrears_at_referral=arrears,
        legal_stage=legal_stage,
        verdict_date=verdict_date,
        household_situation=(household_situation or "").strip(),
        children_count=children_count,
        priority=rules.is_priority(legal_stage, verdict_date),
        state=State.REFERRED,
        state_since=referred_on,
    )
    for criterion in criteria:
        answer = bool(answers[criterion.pk])
        EligibilityAnswer.objects.create(
            trajectory=trajectory,
            criterion=criterion,
            question=criterion.question,
            answer=answer,
            excludes=answer == criterion.excludes_when,
        )
    Transition.objects.create(
        trajectory=trajectory,
        from_state="",
        to_state=State.REFERRED,
        occurred_on=referred_on,
        reason=trajectory.reason,
        user=actor.user,
        organisation=actor.organisation,
        role=actor.role,
        actor_label=actor.label,
    )
    for org in (corporation, care_provider, social_team):
        if org is None:
            continue
        involvement_open(
            actor=actor,
            household=household,
            organisation=org,
            kind=InvolvementKind.TRAJECTORY,
            reason=str(_("Last-chance trajectory")),
            source_type="trajectories.trajectory",
            source_id=str(trajectory.pk),
        )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=trajectory,
        fields=["reason", "arrears_at_referral", "legal_stage", "household_situation"],
    )
    timeline_add(
        household=household,
        kind="trajectory.referred",
        field_group=FieldGroup.IDENTITY,
        actor=actor,
        occurred_at=_moment(referred_on),
        summary=_("Referred for the last-chance trajectory by %(org)s")
        % {"org": actor.organisation.name},
    )
    holds.after_transition(
        actor=actor,
        trajectory=trajectory,
        from_state="",
        to_state=str(State.REFERRED),
        on_date=referred_on,
    )
    signals.transitioned.send_robust(
        sender=Trajectory,
        trajectory=trajectory,
        from_state="",
        to_state=State.REFERRED,
        on_date=referred_on,
        actor=actor,
    )
    return trajectory


def excluded_by_checklist(trajectory: Trajectory) -> list[str]:
    return [a.question for a in trajectory.eligibility_answers.all() if a.excludes]


# --- Notes, plan, mediation, joint decision ----------------------------------------------------


class NotAllowed(ValidationError):
    """The actor may not do this on this trajectory."""


@transaction.atomic
def guidance_note_add(*, actor: Actor, trajectory: Trajectory, written_on: date, text: str):
    from . import access
    from .models import GuidanceNote

    if not access.writes_guidance_notes(actor, trajectory):
        raise NotAllowed(_("Only the care provider's support workers write guidance notes."))
    if not (text or "").strip():
        raise NotAllowed(_("Write the note."))
    if written_on > timezone.localdate():
        raise NotAllowed(_("The date cannot be in the future."))
    note = GuidanceNote.objects.create(
        trajectory=trajectory,
        written_on=written_on,
        text=text.strip(),
        organisation=actor.organisation,
        author=actor.user,
        author_label=actor.label,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=note, fields=["text"])
    timeline_add(
        household=trajectory.household,
        kind="trajectory.note",
        field_group=FieldGroup.CARE,
        actor=actor,
        summary=_("Guidance note written"),
    )
    return note


@transaction.atomic
def plan_of_approach_save(
    *,
    actor: Actor,
    trajectory: Trajectory,
    goals: dict[str, str],
    agreed_actions: str,
    version: int | None = None,
):
    """Create or update the social team's Plan van Aanpak (goals per life domain)."""
    from . import access
    from .models import LifeDomain, PlanGoal, PlanOfApproach

    if not access.writes_plan_of_approach(actor, trajectory):
        raise NotAllowed(_("Only the social team writes the plan of approach."))
    plan = PlanOfApproach.objects.select_for_update().filter(trajectory=trajectory).first()
    if plan is None:
        plan = PlanOfApproach.objects.create(
            trajectory=trajectory,
            agreed_actions=(agreed_actions or "").strip(),
            organisation=actor.organisation,
            updated_by_label=actor.label,
        )
        action = AuditAction.CREATE
    else:
        if version is not None and plan.version != version:
            raise EditConflict
        plan.agreed_actions = (agreed_actions or "").strip()
        plan.updated_by_label = actor.label
        plan.version += 1
        plan.save()
        action = AuditAction.UPDATE
    for domain in LifeDomain.values:
        text = (goals.get(domain) or "").strip()
        if text:
            PlanGoal.objects.update_or_create(plan=plan, domain=domain, defaults={"goal": text})
        else:
            PlanGoal.objects.filter(plan=plan, domain=domain).delete()
    audit_record(actor=actor, action=action, obj=plan, fields=["goals", "agreed_actions"])
    timeline_add(
        household=trajectory.household,
        kind="trajectory.note",
        field_group=FieldGroup.CARE,
        actor=actor,
        summary=_("Plan of approach updated"),
    )
    return plan


@transaction.atomic
def mediation_record(
    *,
    actor: Actor,
    trajectory: Trajectory,
    occurred_on: date,
    description: str,
    outcome: str,
    attributable_to: str = "",
    new_support_worker=None,
):
    """The coordinator records a conflict mediation between support worker and tenant;
    with the outcome "another support worker" the support worker is handed over."""
    from . import access
    from .models import ConflictMediation, MediationOutcome

    if not access.is_coordinator(actor, trajectory):
        raise NotAllowed(_("Only the coordinator records a mediation."))
    if not (description or "").strip():
        raise NotAllowed(_("Describe the conflict."))
    if occurred_on > timezone.localdate():
        raise NotAllowed(_("The date cannot be in the future."))
    mediation = ConflictMediation.objects.create(
        trajectory=trajectory,
        occurred_on=occurred_on,
        description=description.strip(),
        attributable_to=(attributable_to or "").strip()[:100],
        outcome=outcome,
        recorded_by_label=actor.label,
    )
    if outcome == MediationOutcome.OTHER_WORKER:
        from .selectors import current_members

        if new_support_worker is None:
            raise NotAllowed(_("Choose the new support worker."))
        current = current_members(trajectory, MemberFunction.WOONBEGELEIDER, occurred_on).first()
        if current is None:
            member_add(
                actor=actor,
                trajectory=trajectory,
                user=new_support_worker,
                organisation=trajectory.care_provider,
                function=MemberFunction.WOONBEGELEIDER,
                started_on=occurred_on,
            )
        else:
            member_handover(
                actor=actor,
                member=current,
                new_user=new_support_worker,
                on_date=occurred_on,
                reason=str(_("Conflict mediation: another support worker")),
            )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=mediation, fields=["outcome"])
    timeline_add(
        household=trajectory.household,
        kind="trajectory.note",
        field_group=FieldGroup.CARE,
        actor=actor,
        summary=_("Conflict mediation: %(outcome)s") % {"outcome": mediation.get_outcome_display()},
    )
    return mediation


@transaction.atomic
def joint_decision_record(*, actor: Actor, trajectory: Trajectory, decided_on: date, reason: str):
    from . import access
    from .models import JointDecision

    if not access.is_coordinator(actor, trajectory):
        raise NotAllowed(_("Only the coordinator records a joint decision."))
    if not (reason or "").strip():
        raise NotAllowed(_("Give the reason."))
    if decided_on > timezone.localdate():
        raise NotAllowed(_("The date cannot be in the future."))
    decision = JointDecision.objects.create(
        trajectory=trajectory,
        decided_on=decided_on,
        reason=reason.strip(),
        recorded_by_label=actor.label,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=decision, fields=["reason"])
    timeline_add(
        household=trajectory.household,
        kind="trajectory.note",
        field_group=FieldGroup.IDENTITY,
        actor=actor,
        summary=_("Care provider and corporation decided together to flip back"),
    )
    return decision


# --- Termination for non-cooperation -------------------------------------------------------------


def damage_for(trajectory: Trajectory, *, terminated_on: date, eviction_costs: Decimal):
    """The shared damage as it would be computed for a termination on ``terminated_on``."""
    from . import rules, selectors

    started = selectors.guidance_started_on(trajectory) or trajectory.referred_on
    tenancy = trajectory.tenancy
    at_start = selectors.arrears_on(tenancy, started) if tenancy else None
    at_end = selectors.arrears_on(tenancy, terminated_on) if tenancy else None
    if at_start is None:
        at_start = trajectory.arrears_at_referral
    if at_end is None:
        at_end = at_start
    percentage = selectors.settings_for(trajectory.corporation).damage_share_care_provider
    return (
        rules.shared_damage(
            arrears_at_start=Decimal(at_start),
            arrears_at_termination=Decimal(at_end),
            eviction_costs=eviction_costs,
            care_provider_percentage=Decimal(percentage),
        ),
        Decimal(at_start),
        Decimal(at_end),
        Decimal(percentage),
    )


@transaction.atomic
def terminate_for_non_cooperation(
    *,
    actor: Actor,
    trajectory: Trajectory,
    terminated_on: date,
    reasons: str,
    eviction_costs: Decimal,
    immediate: bool = False,
    version: int | None = None,
):
    """The coordinator ends the trajectory for non-cooperation: the transition, the shared
    damage, a notice letter (PDF) and an e-mail to every party through the outbox."""
    from . import access
    from .models import Termination
    from .notice import notice_letter, notice_pdf, send_notice

    if not access.is_coordinator(actor, trajectory):
        raise TransitionRefused(_("Only the coordinator ends a trajectory."), code="refused")
    if eviction_costs is None or eviction_costs < 0:
        raise TransitionRefused(_("The eviction costs cannot be negative."), code="costs")
    done = trajectory_transition(
        actor=actor,
        trajectory=trajectory,
        to_state=State.ENDED_NON_COOPERATION,
        on_date=terminated_on,
        reason=reasons,
        version=version,
    )
    split, at_start, at_end, percentage = damage_for(
        done, terminated_on=terminated_on, eviction_costs=eviction_costs
    )
    termination = Termination.objects.create(
        trajectory=done,
        terminated_on=terminated_on,
        reasons=reasons.strip(),
        immediate=immediate,
        arrears_at_start=at_start,
        arrears_at_termination=at_end,
        eviction_costs=split.eviction_costs,
        care_provider_percentage=percentage,
        damage_total=split.total,
        care_provider_share=split.care_provider,
        corporation_share=split.corporation,
        recorded_by_label=actor.label,
    )
    letter = notice_letter(termination)
    termination.notice_pdf = notice_pdf(letter)
    termination.save(update_fields=["notice_pdf"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=termination,
        fields=["reasons", "eviction_costs", "damage_total"],
    )
    send_notice(actor=actor, termination=termination, letter=letter)
    return termination


# --- Settings and checklist ------------------------------------------------------------------


def may_configure(actor: Actor) -> bool:
    return actor.organisation.kind == "woningcorporatie" and actor.role == "functioneel_beheerder"


@transaction.atomic
def settings_update(
    *,
    actor: Actor,
    damage_share_care_provider: Decimal,
    arrangement_kept_months: int,
    involvement_retention_days: int | None = None,
    version: int | None = None,
):
    """Save the corporation's trajectory settings (its functional administrator only).
    ``involvement_retention_days`` left ``None`` keeps the current retention period."""
    from .models import TrajectorySettings

    if not may_configure(actor):
        raise NotAllowed(_("Only the corporation's functional administrator changes this."))
    found, _created = TrajectorySettings.objects.select_for_update().get_or_create(
        corporation=actor.organisation
    )
    if version is not None and not _created and found.version != version:
        raise EditConflict
    found.damage_share_care_provider = damage_share_care_provider
    found.arrangement_kept_months = arrangement_kept_months
    fields = ["damage_share_care_provider", "arrangement_kept_months"]
    if involvement_retention_days is not None:
        found.involvement_retention_days = involvement_retention_days
        fields.append("involvement_retention_days")
    found.version += 0 if _created else 1
    found.full_clean()
    found.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=found, fields=fields)
    return found


@transaction.atomic
def criterion_save(
    *,
    actor: Actor,
    question: str,
    excludes_when: bool,
    active: bool = True,
    position: int = 0,
    criterion=None,
):
    from .models import EligibilityCriterion

    if not may_configure(actor):
        raise NotAllowed(_("Only the corporation's functional administrator changes this."))
    if not (question or "").strip():
        raise NotAllowed(_("Write the question."))
    if criterion is None:
        criterion = EligibilityCriterion(corporation=actor.organisation)
        action = AuditAction.CREATE
    else:
        if criterion.corporation_id != actor.organisation.pk:
            raise NotAllowed(_("This question belongs to another corporation."))
        action = AuditAction.UPDATE
    criterion.question = question.strip()[:255]
    criterion.excludes_when = excludes_when
    criterion.active = active
    criterion.position = position
    criterion.save()
    audit_record(
        actor=actor, action=action, obj=criterion, fields=["question", "excludes_when", "active"]
    )
    return criterion
