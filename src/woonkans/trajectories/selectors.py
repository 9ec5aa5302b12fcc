"""Read-only questions about trajectories, used by pages and by other apps."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from .dates import add_years
from .models import MemberFunction, State, Trajectory, TrajectoryMember, Transition


def current_members(
    trajectory: Trajectory, function: str | None = None, on_date: date | None = None
) -> QuerySet[TrajectoryMember]:
    """The people working on the trajectory now (or on ``on_date``), optionally of one
    function (:class:`MemberFunction`)."""
    day = on_date or timezone.localdate()
    members = TrajectoryMember.objects.filter(trajectory=trajectory, started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )
    if function is not None:
        members = members.filter(function=function)
    return members.select_related("user", "organisation")


def coordinator_of(trajectory: Trajectory) -> TrajectoryMember | None:
    return current_members(trajectory, MemberFunction.COORDINATOR).first()


def guidance_started_on(trajectory: Trajectory) -> date | None:
    """The date of the (first) transition into :attr:`State.STARTED`."""
    return (
        Transition.objects.filter(trajectory=trajectory, to_state=State.STARTED)
        .order_by("occurred_on", "pk")
        .values_list("occurred_on", flat=True)
        .first()
    )


def evaluation_due_on(trajectory: Trajectory) -> date | None:
    """The evaluation date: as set (or extended) on the trajectory, else one year after the
    start of the guidance; None before the guidance started."""
    if trajectory.evaluation_on:
        return trajectory.evaluation_on
    started = guidance_started_on(trajectory)
    if started is None:
        return None
    return add_years(started, 1)


def transitions_of(trajectory: Trajectory) -> QuerySet[Transition]:
    return trajectory.transitions.select_related("user", "organisation").order_by(
        "occurred_on", "pk"
    )


def open_trajectory_for_household(household) -> Trajectory | None:
    """The household's trajectory that has not reached a final state, if any."""
    from .models import FINAL_STATES

    return (
        Trajectory.objects.filter(household=household)
        .exclude(state__in=list(FINAL_STATES))
        .order_by("-referred_on", "-pk")
        .first()
    )


# --- Referral prefill -----------------------------------------------------------------------


def current_tenancy(household, corporation=None):
    from woonkans.households.models import Tenancy

    today = timezone.localdate()
    tenancies = Tenancy.objects.filter(household=household).order_by("-start_date", "-pk")
    if corporation is not None:
        tenancies = tenancies.filter(corporation=corporation)
    for tenancy in tenancies:
        if tenancy.is_current_on(today):
            return tenancy
    return tenancies.first()


def arrears_on(tenancy, on: date):
    """The tenancy's arrears at the end of ``on`` from the rent ledger (woonkans.arrears)."""
    from woonkans.collection.selectors import tenancy_position

    if tenancy is None:
        return None
    return tenancy_position(tenancy, on).achterstand


def verdict_of(tenancy):
    """The latest verdict of a legal route that was not withdrawn (woonkans.legal)."""
    from woonkans.legal.models import Verdict

    if tenancy is None:
        return None
    return (
        Verdict.objects.filter(
            summons__collection__tenancy=tenancy, summons__withdrawn_on__isnull=True
        )
        .order_by("-pronounced_on", "-pk")
        .first()
    )


def children_count(household, on: date | None = None) -> int:
    from woonkans.households.models import Relation

    day = on or timezone.localdate()
    return sum(
        1
        for person in household.members.all()
        if person.relation == Relation.KIND and person.is_child_on(day)
    )


def criteria_for(corporation):
    from .models import EligibilityCriterion

    return EligibilityCriterion.objects.filter(corporation=corporation, active=True)


def settings_for(corporation):
    from .models import TrajectorySettings

    found = TrajectorySettings.objects.filter(corporation=corporation).first()
    return found or TrajectorySettings(corporation=corporation)


# --- Flip back --------------------------------------------------------------------------------


def flip_back_inputs(trajectory: Trajectory, today: date | None = None):
    """Gather the data behind the four flip-back conditions (see rules.flip_back_conditions)."""
    from woonkans.collection.models import PaymentArrangement
    from woonkans.households.models import Involvement
    from woonkans.organisations.models import ExternalPartyKind, OrganisationKind

    from .rules import FlipBackInputs, TermRecord

    today = today or timezone.localdate()
    tenancy = trajectory.tenancy
    arrears = arrears_on(tenancy, today) if tenancy is not None else None
    alternatives = []
    for involvement in Involvement.objects.filter(
        household=trajectory.household, closed_at__isnull=True
    ).select_related("organisation"):
        org = involvement.organisation
        if org.external_kind == ExternalPartyKind.BEWINDVOERDER:
            alternatives.append(f"{org.name} ({ExternalPartyKind(org.external_kind).label})")
        elif org.kind == OrganisationKind.SCHULDHULPVERLENING:
            alternatives.append(f"{org.name} ({OrganisationKind(org.kind).label})")
    try:
        from woonkans.budgets.models import DebtHandover
    except ImportError:  # pragma: no cover - budgets is installed in this project
        DebtHandover = None
    if DebtHandover is not None:
        for handover in DebtHandover.objects.filter(household=trajectory.household).select_related(
            "organisation"
        ):
            label = f"{handover.organisation.name} ({handover.get_kind_display()})"
            if not any(handover.organisation.name in a for a in alternatives):
                alternatives.append(label)
    arrangement = (
        PaymentArrangement.objects.filter(tenancy=tenancy, status="ACT")
        .order_by("-start_date", "-pk")
        .first()
        if tenancy is not None
        else None
    )
    terms = (
        [TermRecord(t.due_date, t.paid_on) for t in arrangement.terms.all()] if arrangement else []
    )
    joint = trajectory.joint_decisions.order_by("-decided_on", "-pk").first()
    return FlipBackInputs(
        today=today,
        arrears_now=arrears,
        alternative_arrangement=tuple(alternatives),
        arrangement_active=arrangement is not None,
        arrangement_start=arrangement.start_date if arrangement else None,
        arrangement_terms=tuple(terms),
        required_months=settings_for(trajectory.corporation).arrangement_kept_months,
        joint_decision_on=joint.decided_on if joint else None,
        joint_decision_reason=joint.reason if joint else "",
    )
