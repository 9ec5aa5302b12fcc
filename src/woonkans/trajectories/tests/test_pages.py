"""The trajectory pages: referral, list, detail with step buttons, transitions, people,
flip-back, termination; and need-to-know per role."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from conftest import login_verified
from woonkans.households.models import Involvement, Person, Relation, TimelineEntry
from woonkans.jobs.models import OutgoingEmail
from woonkans.organisations.models import Role
from woonkans.testing.factories import OrganisationFactory, UserFactory, make_actor
from woonkans.trajectories import machine
from woonkans.trajectories.models import (
    EligibilityCriterion,
    GuidanceNote,
    MemberFunction,
    PlanOfApproach,
    State,
    Termination,
    Trajectory,
    TrajectoryMember,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _no_guards(monkeypatch):
    monkeypatch.setattr(machine, "_GUARDS", {})


def client_for(actor):
    from django.test import Client

    client = Client()
    login_verified(client, actor.user)
    return client


def test_corporation_refers_a_household_with_prefill_and_checklist(parties):
    Person.objects.create(
        household=parties.household,
        first_name="Kind",
        last_name="Test",
        relation=Relation.KIND,
        date_of_birth=timezone.localdate() - timedelta(days=365 * 8),
    )
    question = EligibilityCriterion.objects.create(
        corporation=parties.corporation,
        question="Overlast of crimineel gedrag vanuit de woning?",
        excludes_when=True,
    )
    actor = parties.actor(parties.corporation, Role.WOONCONSULENT)
    client = client_for(actor)
    url = reverse("trajectories:refer", args=[parties.household.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["children_count"] == 1
    assert page.context["form"].initial["legal_stage"] == "geen_vonnis"
    assert question.question in page.content.decode()
    response = client.post(
        url,
        {
            "tenancy": parties.tenancy.pk,
            "referred_on": timezone.localdate().isoformat(),
            "reason": "Achterstand loopt op, geen contact",
            "arrears_at_referral": "1234.56",
            "legal_stage": "vonnis",
            "verdict_date": (timezone.localdate() - timedelta(days=10)).isoformat(),
            "household_situation": "Alleenstaande ouder",
            "children_count": "1",
            "care_provider": parties.care.pk,
            "social_team": parties.social_team.pk,
            f"criterion_{question.pk}": "yes",
        },
    )
    trajectory = Trajectory.objects.get(household=parties.household)
    assert response.status_code == 302
    assert response["Location"] == reverse("trajectories:detail", args=[trajectory.pk])
    assert trajectory.priority is True
    assert trajectory.arrears_at_referral == Decimal("1234.56")
    assert trajectory.eligibility_answers.get().excludes is True
    assert trajectory.transitions.get().to_state == State.REFERRED
    involved = set(
        Involvement.objects.filter(
            household=parties.household, kind="trajectory", closed_at__isnull=True
        ).values_list("organisation_id", flat=True)
    )
    assert involved == {parties.corporation.pk, parties.care.pk, parties.social_team.pk}
    assert TimelineEntry.objects.filter(
        household=parties.household, kind="trajectory.referred"
    ).exists()
    detail = client.get(response["Location"]).content.decode()
    assert "exclusion ground" in detail
    assert "Priority: verdict" in detail
    assert "€1,234.56" in detail  # money with a thousands separator (core money filter)
    # a second referral is refused while this one runs
    again = client.get(url)
    assert again.status_code == 302


def test_social_team_refers_and_becomes_the_social_team(parties):
    from woonkans.testing.factories import InvolvementFactory

    InvolvementFactory(
        household=parties.household, organisation=parties.social_team, kind="assignment"
    )
    actor = parties.actor(parties.social_team, Role.WIJKCONSULENT)
    client = client_for(actor)
    url = reverse("trajectories:refer", args=[parties.household.pk])
    assert "social_team" not in client.get(url).context["form"].fields
    response = client.post(
        url,
        {
            "tenancy": parties.tenancy.pk,
            "referred_on": timezone.localdate().isoformat(),
            "reason": "Gezin met zorgen",
            "arrears_at_referral": "800",
            "legal_stage": "geen_vonnis",
            "children_count": "0",
            "care_provider": parties.care.pk,
        },
    )
    assert response.status_code == 302
    trajectory = Trajectory.objects.get(household=parties.household)
    assert trajectory.social_team == parties.social_team
    assert trajectory.referred_by == parties.social_team
    assert trajectory.corporation == parties.corporation
    assert trajectory.priority is False


@pytest.mark.parametrize("role", [Role.WOONBEGELEIDER, Role.COORDINATOR, Role.BELEIDSMEDEWERKER])
def test_others_cannot_refer(parties, role):
    org = parties.corporation if role == Role.BELEIDSMEDEWERKER else parties.care
    client = client_for(parties.actor(org, role))
    url = reverse("trajectories:refer", args=[parties.household.pk])
    assert client.get(url).status_code == 404


def test_detail_shows_only_the_buttons_the_actor_may_press(parties):
    trajectory = parties.trajectory(state=State.ACTIVE)
    coordinator = client_for(parties.actor(parties.care, Role.COORDINATOR))
    html = coordinator.get(reverse("trajectories:detail", args=[trajectory.pk])).content.decode()
    assert reverse("trajectories:transition", args=[trajectory.pk, State.EVALUATION]) in html
    assert reverse("trajectories:flip_back", args=[trajectory.pk]) in html
    assert reverse("trajectories:terminate", args=[trajectory.pk]) in html
    corp = client_for(parties.actor(parties.corporation, Role.WOONCONSULENT))
    html = corp.get(reverse("trajectories:detail", args=[trajectory.pk])).content.decode()
    assert reverse("trajectories:transition", args=[trajectory.pk, State.EVALUATION]) in html
    assert reverse("trajectories:flip_back", args=[trajectory.pk]) not in html
    assert reverse("trajectories:terminate", args=[trajectory.pk]) not in html
    assert corp.get(reverse("trajectories:flip_back", args=[trajectory.pk])).status_code == 404


def test_transition_page_records_and_refuses_clearly(parties):
    trajectory = parties.trajectory(state=State.REFERRED, since=date(2026, 1, 5))
    corp = client_for(parties.actor(parties.corporation, Role.WOONCONSULENT))
    url = reverse("trajectories:transition", args=[trajectory.pk, State.DISCUSSED])
    assert corp.get(url).status_code == 200
    response = corp.post(
        url,
        {"on_date": "2026-01-20", "reason": "Toegelaten", "version": trajectory.version},
    )
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.state == State.DISCUSSED
    # the same form again, with the old version: a clear conflict message
    stale = corp.post(
        reverse("trajectories:transition", args=[trajectory.pk, State.DECLINED]),
        {"on_date": "2026-01-21", "reason": "Wil niet", "version": 1},
    )
    assert "Someone else changed this trajectory" in stale.content.decode()
    # a step the corporation may not record: a refusal message, no form
    page = corp.get(reverse("trajectories:transition", args=[trajectory.pk, State.INTAKE]))
    assert "cannot follow" in page.content.decode() or "Only these people" in page.content.decode()
    assert page.context["form"] is None


def test_guard_message_appears_next_to_the_button(parties, monkeypatch):
    machine.register_guard(State.STARTED, lambda t: "Not all parties signed the agreement.")
    trajectory = parties.trajectory(state=State.INTAKE)
    client = client_for(parties.actor(parties.care, Role.COORDINATOR))
    html = client.get(reverse("trajectories:detail", args=[trajectory.pk])).content.decode()
    assert "Not all parties signed the agreement." in html


def test_people_and_hand_over(parties):
    trajectory = parties.trajectory(state=State.ACTIVE)
    coordinator = parties.actor(parties.care, Role.COORDINATOR)
    worker_a = make_actor(Role.WOONBEGELEIDER, organisation=parties.care)
    worker_b = make_actor(Role.WOONBEGELEIDER, organisation=parties.care)
    client = client_for(coordinator)
    url = reverse("trajectories:members", args=[trajectory.pk])
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "user": f"{worker_a.user.pk}:{parties.care.pk}",
            "function": MemberFunction.WOONBEGELEIDER,
            "started_on": (today - timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    member = TrajectoryMember.objects.get(trajectory=trajectory)
    # two contact persons of the corporation
    for _ in range(2):
        contact = make_actor(Role.WOONCONSULENT, organisation=parties.corporation)
        client.post(
            url,
            {
                "user": f"{contact.user.pk}:{parties.corporation.pk}",
                "function": MemberFunction.CONTACTPERSOON,
                "started_on": today.isoformat(),
            },
        )
    assert trajectory.members.filter(function=MemberFunction.CONTACTPERSOON).count() == 2
    # a second support worker is refused: hand over instead
    refused = client.post(
        url,
        {
            "user": f"{worker_b.user.pk}:{parties.care.pk}",
            "function": MemberFunction.WOONBEGELEIDER,
            "started_on": today.isoformat(),
        },
    )
    assert "use a hand-over" in refused.content.decode()
    response = client.post(
        reverse("trajectories:handover", args=[trajectory.pk, member.pk]),
        {"new_user": worker_b.user.pk, "on_date": today.isoformat(), "reason": "Vertrekt"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.ended_on == today and member.end_reason == "Vertrekt"
    from woonkans.trajectories.selectors import current_members

    assert [m.user for m in current_members(trajectory, MemberFunction.WOONBEGELEIDER)] == [
        worker_b.user
    ]


def test_flip_back_page_shows_conditions_and_decides(parties):
    trajectory = parties.trajectory(state=State.EVALUATION)
    client = client_for(parties.actor(parties.care, Role.COORDINATOR))
    url = reverse("trajectories:flip_back", args=[trajectory.pk])
    page = client.get(url)
    assert [c.key for c in page.context["conditions"]] == [
        "paid_off",
        "alternative",
        "arrangement",
        "joint",
    ]
    client.post(
        reverse("trajectories:joint_decision", args=[trajectory.pk]),
        {"decided_on": timezone.localdate().isoformat(), "reason": "Gaat goed"},
    )
    page = client.get(url)
    assert {c.key for c in page.context["conditions"] if c.met} >= {"joint"}
    response = client.post(
        url,
        {
            "on_date": timezone.localdate().isoformat(),
            "reason": "Gezamenlijk besluit",
            "version": trajectory.version,
        },
    )
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.state == State.FLIPPED_BACK


def test_mediation_assigns_another_support_worker(parties):
    trajectory = parties.trajectory(state=State.ACTIVE)
    coordinator = parties.actor(parties.care, Role.COORDINATOR)
    worker_a = make_actor(Role.WOONBEGELEIDER, organisation=parties.care)
    worker_b = make_actor(Role.WOONBEGELEIDER, organisation=parties.care)
    TrajectoryMember.objects.create(
        trajectory=trajectory,
        user=worker_a.user,
        organisation=parties.care,
        function=MemberFunction.WOONBEGELEIDER,
        started_on=date(2026, 1, 5),
    )
    client = client_for(coordinator)
    response = client.post(
        reverse("trajectories:mediation", args=[trajectory.pk]),
        {
            "occurred_on": timezone.localdate().isoformat(),
            "description": "Botsing over afspraken",
            "outcome": "andere_begeleider",
            "new_support_worker": worker_b.user.pk,
        },
    )
    assert response.status_code == 302
    assert trajectory.mediations.count() == 1
    current = trajectory.members.filter(
        function=MemberFunction.WOONBEGELEIDER, ended_on__isnull=True
    )
    assert [m.user for m in current] == [worker_b.user]


def test_termination_computes_damage_and_mails_every_party(
    parties, django_capture_on_commit_callbacks
):
    from woonkans.collection.tests.helpers import pay, rent

    trajectory = parties.trajectory(state=State.ACTIVE, since=date(2025, 11, 15))
    trajectory.transitions.create(
        from_state=State.INTAKE, to_state=State.STARTED, occurred_on=date(2025, 11, 15)
    )
    Person.objects.create(
        household=parties.household,
        first_name="Huurder",
        last_name="Test",
        relation=Relation.HOOFDHUURDER,
        email="huurder@example.invalid",
    )
    rent(parties.tenancy, date(2025, 11, 1), "600.00")  # 600 at the start
    rent(parties.tenancy, date(2025, 12, 1), "600.00")
    pay(parties.tenancy, date(2025, 12, 5), "600.00")
    rent(parties.tenancy, date(2026, 1, 1), "600.00")  # 1200 later: 600 arose
    coordinator = parties.actor(parties.care, Role.COORDINATOR)
    TrajectoryMember.objects.create(
        trajectory=trajectory,
        user=coordinator.user,
        organisation=parties.care,
        function=MemberFunction.COORDINATOR,
        started_on=date(2025, 12, 1),
    )
    contact = UserFactory(email="contact@example.invalid")
    TrajectoryMember.objects.create(
        trajectory=trajectory,
        user=contact,
        organisation=parties.corporation,
        function=MemberFunction.CONTACTPERSOON,
        started_on=date(2025, 12, 1),
    )
    client = client_for(coordinator)
    url = reverse("trajectories:terminate", args=[trajectory.pk])
    data = {
        "terminated_on": "2026-01-15",
        "reasons": "Geen contact meer\nBudgetbeheer stopgezet door huurder",
        "eviction_costs": "7500.00",
        "version": trajectory.version,
    }
    preview = client.post(url, {**data, "preview": "1"})
    assert preview.context["preview"].total == Decimal("8100.00")
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url, data)
    assert response.status_code == 302
    termination = Termination.objects.get(trajectory=trajectory)
    assert termination.arrears_at_start == Decimal("600.00")
    assert termination.arrears_at_termination == Decimal("1200.00")
    assert termination.damage_total == Decimal("8100.00")
    assert termination.care_provider_share == Decimal("4050.00")
    assert termination.corporation_share == Decimal("4050.00")
    assert bytes(termination.notice_pdf).startswith(b"%PDF")
    recipients = set(OutgoingEmail.objects.values_list("to", flat=True))
    assert {"huurder@example.invalid", "contact@example.invalid", coordinator.user.email} <= (
        recipients
    )
    tenant_mail = OutgoingEmail.objects.get(to="huurder@example.invalid")
    assert "Geen contact meer" in tenant_mail.body
    assert "gedeelde schade" not in tenant_mail.body
    assert "gedeelde schade" in OutgoingEmail.objects.get(to="contact@example.invalid").body
    trajectory.refresh_from_db()
    assert trajectory.state == State.ENDED_NON_COOPERATION
    pdf = client.get(reverse("trajectories:notice_pdf", args=[trajectory.pk]))
    assert pdf["Content-Type"] == "application/pdf"


# --- need to know -----------------------------------------------------------------------------


def _secret_records(parties, trajectory):
    writer = parties.actor(parties.care, Role.WOONBEGELEIDER)
    GuidanceNote.objects.create(
        trajectory=trajectory,
        written_on=date(2026, 1, 10),
        text="GEHEIME-BEGELEIDINGSNOTITIE",
        organisation=parties.care,
        author=writer.user,
    )
    plan = PlanOfApproach.objects.create(
        trajectory=trajectory, agreed_actions="GEHEIM-PLAN-ACTIE", organisation=parties.social_team
    )
    plan.goals.create(domain="financien", goal="GEHEIM-PLAN-DOEL")


ROUTES = ("detail", "members", "notes", "plan", "flip_back", "terminate", "mediation")


@pytest.mark.parametrize(
    ("org_key", "role", "expected"),
    [
        ("corporation", Role.INCASSOMEDEWERKER, {"detail", "members"}),
        ("corporation", Role.WOONCONSULENT, {"detail", "members"}),
        ("care", Role.WOONBEGELEIDER, {"detail", "members", "notes"}),
        ("care", Role.FINANCIEEL_CONSULENT, {"detail", "members"}),
        ("care", Role.COORDINATOR, set(ROUTES)),
        ("social_team", Role.WIJKCONSULENT, {"detail", "members", "plan"}),
        ("corporation", Role.BELEIDSMEDEWERKER, set()),
        ("corporation", Role.FUNCTIONEEL_BEHEERDER, set()),
    ],
)
def test_need_to_know_per_role(parties, org_key, role, expected):
    trajectory = parties.trajectory(state=State.ACTIVE)
    _secret_records(parties, trajectory)
    org = {
        "corporation": parties.corporation,
        "care": parties.care,
        "social_team": parties.social_team,
    }[org_key]
    client = client_for(parties.actor(org, role))
    for name in ROUTES:
        response = client.get(reverse(f"trajectories:{name}", args=[trajectory.pk]))
        allowed = name in expected
        assert response.status_code == (200 if allowed else 404), (name, role)
        body = response.content.decode()
        if "notes" not in expected:
            assert "GEHEIME-BEGELEIDINGSNOTITIE" not in body, (name, role)
        if "plan" not in expected:
            assert "GEHEIM-PLAN" not in body, (name, role)


@pytest.mark.parametrize("kind", ["corporation", "care", "municipality", "debt_help"])
@pytest.mark.parametrize(
    "role",
    [
        Role.INCASSOMEDEWERKER,
        Role.WOONCONSULENT,
        Role.WIJKCONSULENT,
        Role.WOONBEGELEIDER,
        Role.FINANCIEEL_CONSULENT,
        Role.COORDINATOR,
    ],
)
def test_uninvolved_organisation_sees_nothing(parties, kind, role):
    trajectory = parties.trajectory(state=State.ACTIVE)
    _secret_records(parties, trajectory)
    stranger = make_actor(role, organisation=OrganisationFactory(**{kind: True}))
    client = client_for(stranger)
    for name in ROUTES:
        assert client.get(reverse(f"trajectories:{name}", args=[trajectory.pk])).status_code == 404
    assert client.get(reverse("trajectories:notice_pdf", args=[trajectory.pk])).status_code == 404
    listing = client.get(reverse("trajectories:list")).content.decode()
    assert parties.household.name not in listing


def test_involved_but_not_a_party_does_not_see_the_trajectory(parties):
    """Debt help involved with the household sees the household, not the trajectory."""
    from woonkans.testing.factories import InvolvementFactory

    trajectory = parties.trajectory(state=State.ACTIVE)
    debt_help = OrganisationFactory(debt_help=True)
    InvolvementFactory(household=parties.household, organisation=debt_help, kind="referral")
    client = client_for(make_actor(Role.FINANCIEEL_CONSULENT, organisation=debt_help))
    assert client.get(reverse("trajectories:detail", args=[trajectory.pk])).status_code == 404


def test_list_filters_and_priority_first(parties):
    plain = parties.trajectory(state=State.REFERRED)
    from woonkans.testing.factories import HouseholdFactory, TenancyFactory

    other = HouseholdFactory()
    TenancyFactory(household=other, corporation=parties.corporation)
    urgent = Trajectory.objects.create(
        household=other,
        corporation=parties.corporation,
        care_provider=parties.care,
        referred_by=parties.corporation,
        referred_on=date(2026, 2, 1),
        reason="x",
        arrears_at_referral=Decimal("1"),
        legal_stage="vonnis",
        priority=True,
        state=State.ACTIVE,
        state_since=date(2026, 2, 1),
    )
    client = client_for(parties.actor(parties.corporation, Role.WOONCONSULENT))
    rows = list(client.get(reverse("trajectories:list")).context["page"].object_list)
    assert rows == [urgent, plain]
    rows = list(
        client.get(reverse("trajectories:list"), {"state": State.REFERRED})
        .context["page"]
        .object_list
    )
    assert rows == [plain]


def test_settings_page_for_the_functional_administrator(parties):
    admin = parties.actor(parties.corporation, Role.FUNCTIONEEL_BEHEERDER)
    client = client_for(admin)
    response = client.post(
        reverse("trajectories:settings"),
        {
            "damage_share_care_provider": "40",
            "arrangement_kept_months": "9",
            "involvement_retention_days": "60",
        },
    )
    assert response.status_code == 302
    from woonkans.trajectories.selectors import settings_for

    assert settings_for(parties.corporation).damage_share_care_provider == Decimal("40")
    assert settings_for(parties.corporation).involvement_retention_days == 60
    response = client.post(
        reverse("trajectories:criterion_add"),
        {
            "question": "Eerder een betalingsregeling?",
            "excludes_when": "no",
            "position": "1",
            "active": "on",
        },
    )
    assert response.status_code == 302
    criterion = EligibilityCriterion.objects.get(corporation=parties.corporation)
    assert criterion.excludes_when is False
    other_admin = make_actor(Role.FUNCTIONEEL_BEHEERDER, organisation=OrganisationFactory())
    assert (
        client_for(other_admin)
        .get(reverse("trajectories:criterion_edit", args=[criterion.pk]))
        .status_code
        == 404
    )
    care_admin = parties.actor(parties.care, Role.FUNCTIONEEL_BEHEERDER)
    assert client_for(care_admin).get(reverse("trajectories:settings")).status_code == 404
