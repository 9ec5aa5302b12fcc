"""Trajectory records of the leak walker's secret household (see
tests/test_no_data_leaks_across_organisations.py)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from woonkans.organisations.models import Organisation, OrganisationKind, Role
from woonkans.testing.factories import make_actor
from woonkans.trajectories.models import (
    ConflictMediation,
    EligibilityAnswer,
    GuidanceNote,
    JointDecision,
    MemberFunction,
    PlanOfApproach,
    State,
    Termination,
    Trajectory,
    TrajectoryMember,
    Transition,
)


def make(*, household, corporation, care) -> tuple[set, list]:
    today = timezone.localdate()
    social_team, _ = Organisation.objects.get_or_create(
        slug="leak-cjg-kwikstaart",
        defaults={"name": "CJG Kwikstaart", "kind": OrganisationKind.GEMEENTE},
    )
    tenancy = household.tenancies.first()
    trajectory = Trajectory.objects.create(
        household=household,
        tenancy=tenancy,
        corporation=corporation,
        care_provider=care,
        social_team=social_team,
        referred_by=corporation,
        referred_on=today - timedelta(days=400),
        reason="Aanmeldreden Roerdomp",
        arrears_at_referral=Decimal("6543.21"),
        legal_stage="vonnis",
        household_situation="Gezinssituatie Lepelaar",
        children_count=3,
        priority=True,
        state=State.ENDED_NON_COOPERATION,
        state_since=today - timedelta(days=1),
    )
    Transition.objects.create(
        trajectory=trajectory,
        from_state=State.ACTIVE,
        to_state=State.ENDED_NON_COOPERATION,
        occurred_on=today - timedelta(days=1),
        reason="Beeindigingsreden Kluut",
    )
    EligibilityAnswer.objects.create(
        trajectory=trajectory, question="Vraag Zwarte Ruiter?", answer=True, excludes=True
    )
    worker = make_actor(Role.WOONBEGELEIDER, organisation=care)
    worker.user.first_name = "Begeleider"
    worker.user.last_name = "Grauwe Gors"
    worker.user.save()
    member = TrajectoryMember.objects.create(
        trajectory=trajectory,
        user=worker.user,
        organisation=care,
        function=MemberFunction.WOONBEGELEIDER,
        started_on=today - timedelta(days=300),
    )
    GuidanceNote.objects.create(
        trajectory=trajectory,
        written_on=today,
        text="Begeleidingsnotitie Wulp",
        organisation=care,
        author=worker.user,
    )
    plan = PlanOfApproach.objects.create(
        trajectory=trajectory, agreed_actions="Plan-actie Tapuit", organisation=social_team
    )
    plan.goals.create(domain="financien", goal="Plan-doel Paapje")
    ConflictMediation.objects.create(
        trajectory=trajectory,
        occurred_on=today,
        description="Conflict Boomklever",
        outcome="opgelost",
    )
    JointDecision.objects.create(trajectory=trajectory, decided_on=today, reason="Besluit Goudvink")
    Termination.objects.create(
        trajectory=trajectory,
        terminated_on=today - timedelta(days=1),
        reasons="Opzegreden Kramsvogel",
        arrears_at_start=Decimal("1000.00"),
        arrears_at_termination=Decimal("1876.54"),
        eviction_costs=Decimal("7000.00"),
        care_provider_percentage=Decimal("50.00"),
        damage_total=Decimal("7876.54"),
        care_provider_share=Decimal("3938.27"),
        corporation_share=Decimal("3938.27"),
        notice_pdf=b"%PDF-1.7 Opzegbrief Kramsvogel",
    )
    markers = [
        "Aanmeldreden Roerdomp",
        "6543.21",
        "6543,21",
        "6.543,21",  # shown as money (templatetags/money.py)
        "6,543.21",
        "Gezinssituatie Lepelaar",
        "Beeindigingsreden Kluut",
        "Vraag Zwarte Ruiter",
        "Grauwe Gors",
        "Begeleidingsnotitie Wulp",
        "Plan-actie Tapuit",
        "Plan-doel Paapje",
        "Conflict Boomklever",
        "Besluit Goudvink",
        "Opzegreden Kramsvogel",
        "7876",
    ]
    return {trajectory.pk, member.pk}, markers
