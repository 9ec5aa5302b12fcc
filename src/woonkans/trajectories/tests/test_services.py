"""Use cases besides transitions: referral refusals, notes, plan, members, settings."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from woonkans.households.services import EditConflict
from woonkans.organisations.models import Role
from woonkans.testing.factories import (
    HouseholdFactory,
    OrganisationFactory,
    TenancyFactory,
    make_actor,
)
from woonkans.trajectories import services
from woonkans.trajectories.models import EligibilityCriterion, MemberFunction, State


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _refer(parties, actor, **kw):
    values = dict(
        actor=actor,
        household=parties.household,
        tenancy=parties.tenancy,
        care_provider=parties.care,
        social_team=parties.social_team,
        referred_on=timezone.localdate(),
        reason="Achterstand",
        arrears=Decimal("900.00"),
        legal_stage="geen_vonnis",
    )
    values.update(kw)
    return services.referral_create(**values)


def test_referral_refusals(parties):
    corp = parties.actor(parties.corporation, Role.WOONCONSULENT)
    other_corp = make_actor(Role.WOONCONSULENT, organisation=OrganisationFactory())
    with pytest.raises(services.ReferralRefused, match="may not refer"):
        _refer(parties, other_corp)
    with pytest.raises(services.ReferralRefused, match="care provider"):
        _refer(parties, corp, care_provider=parties.corporation)
    with pytest.raises(services.ReferralRefused, match="date of the verdict"):
        _refer(parties, corp, legal_stage="vonnis")
    with pytest.raises(services.ReferralRefused, match="future"):
        _refer(parties, corp, referred_on=timezone.localdate() + timedelta(days=1))
    other_tenancy = TenancyFactory(household=HouseholdFactory(), corporation=parties.corporation)
    with pytest.raises(services.ReferralRefused, match="tenancy"):
        _refer(parties, corp, tenancy=other_tenancy)
    question = EligibilityCriterion.objects.create(
        corporation=parties.corporation, question="Eerder een regeling?", excludes_when=False
    )
    with pytest.raises(services.ReferralRefused, match="Answer every question"):
        _refer(parties, corp)
    trajectory = _refer(parties, corp, answers={question.pk: False})
    assert services.excluded_by_checklist(trajectory) == ["Eerder een regeling?"]
    with pytest.raises(services.ReferralRefused, match="already has a running"):
        _refer(parties, corp, answers={question.pk: True})


def test_inactive_questions_are_not_asked_and_no_checklist_means_no_exclusion(parties):
    EligibilityCriterion.objects.create(
        corporation=parties.corporation, question="Oud", excludes_when=True, active=False
    )
    trajectory = _refer(parties, parties.actor(parties.corporation, Role.INCASSOMEDEWERKER))
    assert not trajectory.eligibility_answers.exists()
    assert services.excluded_by_checklist(trajectory) == []


def test_a_referral_after_a_final_state_is_possible(parties):
    corp = parties.actor(parties.corporation, Role.WOONCONSULENT)
    first = _refer(parties, corp)
    services.trajectory_transition(
        actor=corp,
        trajectory=first,
        to_state=State.DECLINED,
        on_date=first.referred_on,
        reason="Wil niet",
    )
    second = _refer(parties, corp)
    assert second.pk != first.pk


def test_guidance_notes_only_by_the_care_provider(parties):
    trajectory = parties.trajectory(state=State.ACTIVE)
    today = timezone.localdate()
    for org, role in (
        (parties.corporation, Role.WOONCONSULENT),
        (parties.social_team, Role.WIJKCONSULENT),
        (parties.care, Role.FINANCIEEL_CONSULENT),
    ):
        with pytest.raises(services.NotAllowed):
            services.guidance_note_add(
                actor=parties.actor(org, role), trajectory=trajectory, written_on=today, text="x"
            )
    note = services.guidance_note_add(
        actor=parties.actor(parties.care, Role.WOONBEGELEIDER),
        trajectory=trajectory,
        written_on=today,
        text="Huisbezoek gedaan",
    )
    assert note.organisation == parties.care
    entry = parties.household.timeline.get(kind="trajectory.note")
    assert entry.field_group == "care"


def test_plan_of_approach_by_the_social_team_with_version_check(parties):
    trajectory = parties.trajectory(state=State.ACTIVE)
    with pytest.raises(services.NotAllowed):
        services.plan_of_approach_save(
            actor=parties.actor(parties.care, Role.COORDINATOR),
            trajectory=trajectory,
            goals={},
            agreed_actions="x",
        )
    wk = parties.actor(parties.social_team, Role.WIJKCONSULENT)
    plan = services.plan_of_approach_save(
        actor=wk,
        trajectory=trajectory,
        goals={"financien": "Vaste lasten op tijd", "opvoeding": "Rust voor de kinderen"},
        agreed_actions="Wekelijks huisbezoek",
    )
    assert set(plan.goals.values_list("domain", flat=True)) == {"financien", "opvoeding"}
    plan = services.plan_of_approach_save(
        actor=wk,
        trajectory=trajectory,
        goals={"financien": "Vaste lasten op tijd"},
        agreed_actions="Tweewekelijks",
        version=plan.version,
    )
    assert list(plan.goals.values_list("domain", flat=True)) == ["financien"]
    with pytest.raises(EditConflict):
        services.plan_of_approach_save(
            actor=wk, trajectory=trajectory, goals={}, agreed_actions="oud", version=1
        )


def test_member_rules(parties):
    trajectory = parties.trajectory(state=State.ACTIVE)
    coordinator = parties.actor(parties.care, Role.COORDINATOR)
    corp = parties.actor(parties.corporation, Role.WOONCONSULENT)
    worker = make_actor(Role.WOONBEGELEIDER, organisation=parties.care)
    start = date(2026, 1, 5)
    # the corporation cannot assign the care provider's people
    with pytest.raises(services.MemberRefused, match="Only the coordinator"):
        services.member_add(
            actor=corp,
            trajectory=trajectory,
            user=worker.user,
            organisation=parties.care,
            function=MemberFunction.WOONBEGELEIDER,
            started_on=start,
        )
    # a person must work for the organisation in a fitting role
    with pytest.raises(services.MemberRefused, match="does not work for"):
        services.member_add(
            actor=coordinator,
            trajectory=trajectory,
            user=corp.user,
            organisation=parties.care,
            function=MemberFunction.WOONBEGELEIDER,
            started_on=start,
        )
    # the corporation names its own contact persons, several of them
    for _ in range(2):
        contact = make_actor(Role.INCASSOMEDEWERKER, organisation=parties.corporation)
        services.member_add(
            actor=corp,
            trajectory=trajectory,
            user=contact.user,
            organisation=parties.corporation,
            function=MemberFunction.CONTACTPERSOON,
            started_on=start,
        )
    # but not those of another organisation
    with pytest.raises(services.MemberRefused, match="own organisation"):
        services.member_add(
            actor=corp,
            trajectory=trajectory,
            user=worker.user,
            organisation=parties.care,
            function=MemberFunction.CONTACTPERSOON,
            started_on=start,
        )
    member = services.member_add(
        actor=coordinator,
        trajectory=trajectory,
        user=worker.user,
        organisation=parties.care,
        function=MemberFunction.WOONBEGELEIDER,
        started_on=start,
    )
    with pytest.raises(services.MemberRefused, match="someone else"):
        services.member_handover(
            actor=coordinator, member=member, new_user=worker.user, on_date=start, reason="x"
        )
    with pytest.raises(services.MemberRefused, match="reason"):
        services.member_end(actor=coordinator, member=member, ended_on=start, reason=" ")


def test_settings_and_criteria_only_for_the_corporations_administrator(parties):
    admin = parties.actor(parties.corporation, Role.FUNCTIONEEL_BEHEERDER)
    with pytest.raises(services.NotAllowed):
        services.settings_update(
            actor=parties.actor(parties.corporation, Role.WOONCONSULENT),
            damage_share_care_provider=Decimal("30"),
            arrangement_kept_months=6,
        )
    first = services.settings_update(
        actor=admin, damage_share_care_provider=Decimal("30"), arrangement_kept_months=4
    )
    services.settings_update(
        actor=admin,
        damage_share_care_provider=Decimal("35"),
        arrangement_kept_months=4,
        version=first.version,
    )
    with pytest.raises(EditConflict):
        services.settings_update(
            actor=admin,
            damage_share_care_provider=Decimal("40"),
            arrangement_kept_months=4,
            version=first.version,
        )
    criterion = services.criterion_save(actor=admin, question="Overlast?", excludes_when=True)
    other = make_actor(Role.FUNCTIONEEL_BEHEERDER, organisation=OrganisationFactory())
    with pytest.raises(services.NotAllowed):
        services.criterion_save(
            actor=other, criterion=criterion, question="Gekaapt", excludes_when=False
        )


def test_damage_uses_the_corporations_percentage(parties):
    from woonkans.trajectories.models import TrajectorySettings

    TrajectorySettings.objects.create(
        corporation=parties.corporation, damage_share_care_provider=Decimal("25")
    )
    trajectory = parties.trajectory(state=State.ACTIVE)
    split, _start, _end, percentage = services.damage_for(
        trajectory, terminated_on=date(2026, 2, 1), eviction_costs=Decimal("1000.00")
    )
    assert percentage == Decimal("25.00")
    assert split.care_provider == Decimal("250.00") and split.corporation == Decimal("750.00")


def test_settings_update_keeps_the_retention_unless_given(parties):
    from woonkans.organisations.models import Role as R
    from woonkans.testing.factories import make_actor as actor_for

    admin = actor_for(R.FUNCTIONEEL_BEHEERDER, organisation=parties.corporation)
    first = services.settings_update(
        actor=admin, damage_share_care_provider=Decimal("50"), arrangement_kept_months=6
    )
    assert first.involvement_retention_days == 90
    second = services.settings_update(
        actor=admin,
        damage_share_care_provider=Decimal("50"),
        arrangement_kept_months=6,
        involvement_retention_days=30,
        version=first.version,
    )
    assert second.involvement_retention_days == 30 and second.version == first.version + 1
