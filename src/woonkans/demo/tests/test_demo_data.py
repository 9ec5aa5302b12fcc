"""What the demo data set contains, loaded once for the module (see conftest.py)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from woonkans.accounts.models import User
from woonkans.arrears.models import ImportBatch, ImportStatus, LedgerEntry
from woonkans.arrears.selectors import arrears_positions
from woonkans.audit.models import AuditEvent
from woonkans.collection.models import (
    ArrangementStatus,
    CollectionCase,
    CollectionPolicy,
    ContactAttempt,
    OutboundMessage,
    PaymentArrangement,
    WorklistItem,
    WorklistKind,
    WorklistStatus,
)
from woonkans.collection.selectors import worklist_today
from woonkans.demo import data
from woonkans.demo.arrears import demo_days
from woonkans.demo.constants import DEMO_PASSWORD
from woonkans.demo.services import demo_load
from woonkans.documents.models import GeneratedLetter, LetterSettings
from woonkans.households.access import households_visible_to
from woonkans.households.models import Household, Involvement, Person, Tenancy, TimelineEntry
from woonkans.legal.hooks import legal_stages
from woonkans.legal.models import ExternalCollection, Summons, Verdict
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Membership, Organisation, Role
from woonkans.signals.access import signals_visible_to
from woonkans.signals.models import Signal, SignalPolicy

from .conftest import TODAY

PILOT_REFERENCES = {
    "DL-PILOT-A",
    "DL-PILOT-B",
    "DL-PILOT-C",
    "DL-PILOT-D",
    "DL-PILOT-E",
    "RL-PILOT-F",
}
PILOTS = {spec.key: spec for spec in data.PILOT_HOUSEHOLDS}


def actor_of(username: str, role: str | None = None) -> Actor:
    memberships = Membership.objects.select_related("organisation", "user").filter(
        user__username=username
    )
    if role:
        memberships = memberships.filter(role=role)
    membership = memberships.get()
    return Actor(organisation=membership.organisation, role=membership.role, user=membership.user)


def visible_references(username: str, role: str | None = None) -> set[str]:
    return set(households_visible_to(actor_of(username, role)).values_list("reference", flat=True))


def signalled_references() -> set[str]:
    return set(Signal.objects.values_list("household__reference", flat=True))


def referred_references(**filters) -> set[str]:
    """Households of the fresh last-chance referrals (demo/trajectories.py): every party
    organisation of a referral sees the household."""
    from woonkans.trajectories.models import Trajectory

    return set(
        Trajectory.objects.filter(**filters)
        .exclude(household__reference__in=PILOT_REFERENCES)
        .values_list("household__reference", flat=True)
    )


def positions(slug: str, on: date = TODAY) -> dict:
    corporation = Organisation.objects.get(slug=slug)
    return {
        row.contract_number: row.position
        for row in arrears_positions(corporation=corporation, on=on)
    }


MODELS = (
    Organisation, User, Membership, Household, Person, Tenancy, Involvement, TimelineEntry,
    AuditEvent, LedgerEntry, ImportBatch, CollectionPolicy, CollectionCase, WorklistItem,
    ContactAttempt, OutboundMessage, PaymentArrangement, GeneratedLetter, LetterSettings,
    SignalPolicy, Signal, ExternalCollection, Summons, Verdict,
)  # fmt: skip


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


# --- Loading ------------------------------------------------------------------------------


def test_first_load_creates_everything(demo):
    assert (demo.organisations, demo.pilot_households, demo.background_households) == (7, 6, 500)
    arrears = demo.arrears
    assert arrears.ledger_entries == LedgerEntry.objects.count() > 10_000
    assert arrears.setups == 5  # two collection policies, two letter settings, one signal policy
    # Every pilot household's route to its verdict (3 steps each), one background hand-over.
    assert (arrears.arrangements, arrears.legal_steps) == (1, 6 * 3 + 1)
    assert arrears.letters == data.HISTORY_LETTERS
    assert arrears.signals == Signal.objects.count() > 0


def test_loading_again_changes_nothing(demo):
    before = counts()
    again = demo_load(today=TODAY)
    assert not again.anything_created
    assert counts() == before


def test_loading_on_a_later_day_adds_the_new_months_only(demo):
    booked = dict(LedgerEntry.objects.values_list("mutation_id", "amount"))
    later = TODAY + timedelta(days=40)
    result = demo_load(today=later)
    assert result.arrears.ledger_entries > 0
    assert result.arrears.letters == 0  # the history is made once
    now = dict(LedgerEntry.objects.values_list("mutation_id", "amount"))
    assert {mid: now[mid] for mid in booked} == booked
    new_rent = LedgerEntry.objects.filter(kind="huur", due_date=date(2027, 1, 1))
    assert new_rent.count() == Tenancy.objects.count()
    # The daily run of the new day ran: the worklist is current.
    assert WorklistItem.objects.filter(due_date=demo_days(later).run_day).exists()


# --- Organisations, users, households ----------------------------------------------------


def test_every_role_has_a_user_who_enrols_at_first_login(demo):
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    users = User.objects.all()
    assert all(user.check_password(DEMO_PASSWORD) for user in users)
    assert not TOTPDevice.objects.exists()
    coordinator_roles = set(
        Membership.objects.filter(user__username="coordinator").values_list("role", flat=True)
    )
    assert coordinator_roles == {Role.COORDINATOR, Role.WOONBEGELEIDER}


# From the report: where each family rents and how many minors live at home.
PILOT_CHILDREN = {
    "DL-PILOT-A": ("de-linde", 1),  # daughter of 15
    "DL-PILOT-B": ("de-linde", 2),  # daughters of 8 and 6
    "DL-PILOT-C": ("de-linde", 2),  # daughter of 4, son of 2
    "DL-PILOT-D": ("de-linde", 1),  # of the three at home, only the toddler is a minor
    "DL-PILOT-E": ("de-linde", 2),  # son of 8, daughter of 2
    "RL-PILOT-F": ("rivierland", 2),
}


def test_pilot_households_rent_from_their_corporation_and_have_their_children(demo):
    for reference, (corporation, children) in PILOT_CHILDREN.items():
        household = Household.objects.get(reference=reference)
        assert household.tenancies.get().corporation.slug == corporation, reference
        minors = [p for p in household.members.all() if p.is_child_on(TODAY)]
        assert len(minors) == children, reference
        assert household.timeline.filter(kind="demo.note").exists(), reference
        assert household.involvements.filter(organisation__slug="onderdak").exists(), reference


def test_care_provider_sees_only_the_pilot_households(demo):
    referred = referred_references()
    assert visible_references("woonbegeleider") == PILOT_REFERENCES | referred
    assert visible_references("coordinator", Role.COORDINATOR) == PILOT_REFERENCES | referred


def test_social_team_and_debt_help_see_only_their_cases(demo):
    # The CJG also sees the households it received an early signal about.
    signalled = signalled_references()
    assert signalled and not signalled & PILOT_REFERENCES
    assert visible_references("wijkconsulent.cjg") == (PILOT_REFERENCES - {"RL-PILOT-F"}) | (
        signalled | referred_references(social_team__slug=data.CJG)
    )
    assert visible_references("schuldhulp") == {"DL-PILOT-A", "DL-PILOT-C", "RL-PILOT-F"}


def test_large_corporation_sees_none_of_the_small_corporations_households(demo):
    visible = households_visible_to(actor_of("incasso.rivierland"))
    assert visible.count() == 301
    assert not visible.filter(tenancies__corporation__slug="de-linde").exists()
    assert visible_references("incasso.delinde").isdisjoint(
        visible_references("incasso.rivierland")
    )


def test_policy_officer_and_administrator_see_no_households(demo):
    assert visible_references("beleid") == set()
    assert visible_references("beheer.delinde") == set()


def test_background_load_is_summarised_in_one_audit_event_per_corporation(demo):
    events = AuditEvent.objects.filter(detail__startswith="Demo data:")
    assert sorted(e.organisation_name for e in events) == [
        "Stadswonen Rivierland",
        "Woonstichting De Linde",
    ]
    # The pilot households went through the use cases: one event per tenancy.
    assert AuditEvent.objects.filter(object_type="households.tenancy").count() == 6


def test_contact_details_are_fictional(demo):
    phones = Person.objects.exclude(phone="").values_list("phone", flat=True)
    emails = Person.objects.exclude(email="").values_list("email", flat=True)
    assert phones and all(re.fullmatch(r"0612345\d{3}", phone) for phone in phones)
    assert len(set(phones)) == len(phones)
    assert emails and all(email.endswith("@example.invalid") for email in emails)
    assert all(u.email.endswith("@example.invalid") for u in User.objects.all())
    recipients = OutboundMessage.objects.values_list("recipient", flat=True)
    assert all(r in phones or r in emails for r in recipients)


# --- The ledger ---------------------------------------------------------------------------


def test_pilot_arrears_match_their_facts_to_the_cent(demo):
    by_corporation = {slug: positions(slug) for slug in ("de-linde", "rivierland")}
    for spec in data.PILOT_HOUSEHOLDS:
        position = by_corporation[spec.corporation][spec.tenancy.contract_number]
        assert position.achterstand == spec.facts.arrears, spec.key
        assert position.open_termijnen > 0, spec.key


def test_every_tenancy_has_twelve_months_of_rent_on_the_first(demo):
    rents = LedgerEntry.objects.filter(kind="huur")
    per_tenancy = Counter(rents.values_list("tenancy_id", flat=True))
    assert set(per_tenancy.values()) == {12}
    assert len(per_tenancy) == Tenancy.objects.count() == 506
    due_dates = set(rents.values_list("due_date", flat=True))
    assert {d.day for d in due_dates} == {1}
    assert min(due_dates) == date(2025, 12, 1) and max(due_dates) == date(2026, 11, 1)
    assert not LedgerEntry.objects.filter(booking_date__gt=TODAY).exists()


def test_most_tenants_pay_on_time_some_late_partly_or_not(demo):
    rents = dict(Tenancy.objects.values_list("pk", "rent"))
    payments = LedgerEntry.objects.filter(kind="betaling").exclude(mutation_id__contains="DEEL")
    late = partial = 0
    for tenancy_id, booked, amount in payments.values_list("tenancy_id", "booking_date", "amount"):
        late += booked.day > 5 and booked.day < 25
        partial += -amount < rents[tenancy_id]
    months_paid = Counter(payments.values_list("tenancy_id", flat=True))
    missing = sum(1 for tid in rents if months_paid[tid] < 12)
    assert late > 100 and partial > 50 and missing > 10
    for slug, households in (("de-linde", 205), ("rivierland", 301)):
        in_arrears = [p for p in positions(slug).values() if p.achterstand > 0]
        assert 0.05 * households < len(in_arrears) < 0.25 * households, slug


def test_ledger_came_in_through_the_import_use_case(demo):
    batches = ImportBatch.objects.filter(kind="ledger")
    assert sorted(batches.values_list("corporation__slug", "status")) == [
        ("de-linde", ImportStatus.APPLIED),
        ("rivierland", ImportStatus.APPLIED),
    ]
    assert sum(batches.values_list("rows_created", flat=True)) == LedgerEntry.objects.count()
    assert AuditEvent.objects.filter(object_type="arrears.importbatch").count() == 2


# --- Collection, letters, signals, legal route --------------------------------------------


def test_corporations_have_their_preset_letter_settings_and_signal_policy(demo):
    presets = dict(CollectionPolicy.objects.values_list("corporation__slug", "preset"))
    assert presets == {"de-linde": "small", "rivierland": "large"}
    assert all(p.steps.count() > 5 for p in CollectionPolicy.objects.all())
    phones = dict(LetterSettings.objects.values_list("organisation__slug", "contact_phone"))
    assert set(phones) == {"de-linde", "rivierland"} and all(phones.values())
    policy = SignalPolicy.objects.get()
    assert (policy.corporation.slug, policy.municipality.slug) == ("de-linde", "cjg-lindendorp")
    assert policy.reminder_offers_signal and policy.is_active


def test_the_worklists_of_both_corporations_are_filled(demo):
    run_day = demo_days(TODAY).run_day
    # The large corporation's third channel was the bailiff hand-over of the tenancy it
    # referred for the last chance four days ago: that referral holds the eviction route.
    for username, channels in (("incasso.delinde", 3), ("incasso.rivierland", 2)):
        worklist = worklist_today(actor_of(username), on=TODAY)
        assert worklist.filter(due_date=run_day).count() > 10, username
        assert len({item.channel for item in worklist}) >= channels, username
    # No pilot household is on a worklist: their trajectories hold the eviction route.
    pilots = WorklistItem.objects.filter(household__reference__in=PILOT_REFERENCES)
    assert not pilots.filter(status=WorklistStatus.OPEN).exists()
    # Reminder letters made from the worklist in the history; the rest still to do.
    letters = GeneratedLetter.objects.all()
    assert {letter.kind for letter in letters} == {"herinnering"}
    assert all(letter.pdf.read(4) == b"%PDF" for letter in letters)
    assert worklist_today(actor_of("incasso.delinde"), on=TODAY, channel="brief").exists()


def test_household_d_keeps_its_payment_arrangement_so_its_steps_pause(demo):
    arrangement = PaymentArrangement.objects.get()
    assert arrangement.household.reference == "DL-PILOT-D"
    assert arrangement.status == ArrangementStatus.ACT
    assert arrangement.terms.filter(paid_amount=Decimal("50.00")).count() == 10
    assert not WorklistItem.objects.filter(
        household=arrangement.household, status=WorklistStatus.OPEN
    ).exists()


def test_household_e_has_a_verdict_and_its_route_is_on_hold(demo):
    tenancy = Tenancy.objects.get(household__reference="DL-PILOT-E")
    verdict = Verdict.objects.get(summons__collection__tenancy=tenancy)
    assert verdict.summons.collection.tenancy == tenancy
    assert verdict.dissolution_and_eviction
    assert verdict.pronounced_on == TODAY - timedelta(days=data.LEGAL_ROUTE.verdict_days_ago)
    assert verdict.summons.collection.agency.slug == data.DEURWAARDER
    assert legal_stages([tenancy.pk], TODAY) == {tenancy.pk: "vonnis"}
    attempt = ContactAttempt.objects.get(tenancy=tenancy)
    assert attempt.reached and attempt.arrears_reason
    # E's last-chance trajectory (referred 45 days ago) holds the eviction route: the runs
    # of the demo plan no collection step and no "keep trying to reach" prompt for it.
    assert not WorklistItem.objects.filter(tenancy=tenancy, status=WorklistStatus.OPEN).exists()


def test_the_large_corporation_handed_its_deepest_arrears_to_the_bailiff(demo):
    handover = ExternalCollection.objects.exclude(
        tenancy__household__reference__in=PILOT_REFERENCES
    ).get(tenancy__corporation__slug="rivierland")
    position = positions("rivierland", handover.handed_over_on)[handover.tenancy.contract_number]
    assert handover.amount == position.achterstand > 0
    assert position.open_termijnen >= 3


def test_early_signals_for_the_cjg_after_reminder_and_phone_call(demo):
    signals = Signal.objects.select_related("tenancy", "municipality")
    assert signals.count() == data.SIGNAL_STORIES
    run_day = demo_days(TODAY).run_day
    for signal in signals:
        assert signal.municipality.slug == "cjg-lindendorp"
        assert signal.created_on == run_day
        assert all(condition["met"] for condition in signal.conditions.values())
        assert signal.tenancy.letters.filter(kind="herinnering").exists()
        assert ContactAttempt.objects.filter(tenancy=signal.tenancy, kind="telefoon").exists()
    assert [s.warm_handover for s in signals.order_by("pk")].count(True) == 1
    # The wijkconsulent sees them; the corporation's collections officer too.
    assert set(signals_visible_to(actor_of("wijkconsulent.cjg"))) == set(signals)
    assert set(signals_visible_to(actor_of("incasso.delinde"))) == set(signals)


def test_messages_went_to_the_outbox_and_no_alert_is_open(demo):
    assert OutboundMessage.objects.filter(channel="sms").exists()
    assert not WorklistItem.objects.filter(kind=WorklistKind.ARRANGEMENT_BROKEN).exists()


@pytest.mark.parametrize(
    ("today", "run_day"),
    [
        (date(2026, 11, 27), date(2026, 11, 27)),  # Friday
        (date(2026, 11, 29), date(2026, 11, 27)),  # Sunday
        (date(2026, 12, 27), date(2026, 12, 24)),  # Sunday after Christmas
    ],
)
def test_the_demo_runs_on_the_last_working_day(today, run_day):
    days = demo_days(today)
    assert days.run_day == run_day
    assert days.history_start < days.second_run < days.run_day
    assert (days.run_day - days.history_start).days >= 10


# --- The legal route of the pilot households and the dates of their history ---------------


def test_every_pilot_household_with_a_verdict_is_at_the_verdict_stage(demo):
    """The report's families all had an eviction verdict before their referral: the legal
    records say so (hand-over, summons, verdict), in order and before the referral, and the
    trajectory's verdict date is the verdict's."""
    from woonkans.trajectories.models import Trajectory

    routes = {route.household: route for route in data.LEGAL_ROUTES}
    with_verdict = [spec for spec in data.PILOT_HOUSEHOLDS if spec.facts.eviction_verdict]
    assert {spec.key for spec in with_verdict} == set(routes) == set("ABCDEF")
    tenancies = {
        spec.key: Tenancy.objects.get(household__reference=spec.reference) for spec in with_verdict
    }
    stages = legal_stages([t.pk for t in tenancies.values()], TODAY)
    for key, tenancy in tenancies.items():
        assert stages[tenancy.pk] == "vonnis", key
        verdict = Verdict.objects.select_related("summons__collection").get(
            summons__collection__tenancy=tenancy
        )
        summons, handover = verdict.summons, verdict.summons.collection
        assert verdict.dissolution_and_eviction
        assert handover.agency.slug == routes[key].bailiff
        assert handover.handed_over_on < summons.served_on < summons.court_date
        assert summons.court_date < verdict.pronounced_on
        assert verdict.pronounced_on == TODAY - timedelta(days=routes[key].verdict_days_ago)
        assert handover.amount > 0 and summons.claim_amount > 0
        trajectory = Trajectory.objects.get(household=tenancy.household)
        assert trajectory.legal_stage == "vonnis"
        assert trajectory.verdict_date == verdict.pronounced_on, key
        assert verdict.pronounced_on < trajectory.referred_on, key


def test_the_household_page_shows_the_verdict_stage(demo, client):
    from django.urls import reverse
    from django.utils import translation

    from conftest import login_verified
    from woonkans.legal.stages import Phase

    login_verified(client, User.objects.get(username="incasso.delinde"))
    for reference in ("DL-PILOT-A", "DL-PILOT-C"):
        household = Household.objects.get(reference=reference)
        response = client.get(reverse("households:detail", args=[household.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        section = html[html.index('id="legal-stage-heading"') :]
        section = section[: section.index("</section>")]
        with translation.override(response["Content-Language"]):
            verdict, pre = str(Phase.VONNIS.label), str(Phase.PRE_MINNELIJK.label)
        assert f"<strong>{verdict}</strong>" in section, section
        assert f"<strong>{pre}</strong>" not in section


def _timeline_dates(household, *kinds: str) -> list[date]:
    from django.utils import timezone

    entries = TimelineEntry.objects.filter(household=household, kind__in=kinds)
    return sorted(timezone.localtime(e.occurred_at).date() for e in entries)


def test_timeline_entries_carry_the_dates_the_events_happened(demo):
    """Not the moment the demo was loaded: the trajectory steps, the legal route, the
    agreement's signatures, the indications and the budget payments are on the timeline on
    the day they happened."""
    from woonkans.agreements.models import AgreementParty
    from woonkans.budgets.models import ConsultantPayment
    from woonkans.indications.models import Indication
    from woonkans.trajectories.models import TrajectoryMember, Transition

    for spec in data.PILOT_HOUSEHOLDS:
        household = Household.objects.get(reference=spec.reference)
        steps = sorted(
            Transition.objects.filter(trajectory__household=household).values_list(
                "occurred_on", flat=True
            )
        )
        assert len(steps) >= 4, spec.key
        assert steps[0] < TODAY - timedelta(days=40), spec.key
        assert (
            _timeline_dates(household, "trajectory.referred", "trajectory.transition") == steps
        ), spec.key
        verdict = Verdict.objects.select_related("summons__collection").get(
            summons__collection__tenancy__household=household
        )
        assert _timeline_dates(household, "legal.handover") == [
            verdict.summons.collection.handed_over_on
        ]
        assert _timeline_dates(household, "legal.summons") == [verdict.summons.served_on]
        assert _timeline_dates(household, "legal.verdict") == [verdict.pronounced_on]
        signed = sorted(
            AgreementParty.objects.filter(
                agreement__trajectory__household=household, signed_on__isnull=False
            ).values_list("signed_on", flat=True)
        )
        assert _timeline_dates(household, "agreement.signed") == signed, spec.key
        issued = sorted(
            Indication.objects.filter(trajectory__household=household).values_list(
                "start_date", flat=True
            )
        )
        assert _timeline_dates(household, "indication.issued") == issued, spec.key
        paid = sorted(
            ConsultantPayment.objects.filter(budget__household=household).values_list(
                "paid_on", flat=True
            )
        )
        assert _timeline_dates(household, "budget.payment") == paid, spec.key
        members = TrajectoryMember.objects.filter(trajectory__household=household)
        changes = sorted(
            [m.started_on for m in members] + [m.ended_on for m in members if m.ended_on]
        )
        assert _timeline_dates(household, "trajectory.member") == changes, spec.key
        assert all(day < TODAY for day in changes), spec.key


def test_every_trajectorys_partner_involvements_carry_it_as_source(demo):
    """The referral opens the partners' involvements with the trajectory as source, so the
    retention job can close them after the end; the care provider's access to a pilot
    household rests on its trajectory only (no involvement without a source)."""
    from woonkans.trajectories.models import Trajectory

    trajectories = Trajectory.objects.select_related(
        "household", "corporation", "care_provider", "social_team"
    )
    assert trajectories.count() >= len(PILOT_REFERENCES)
    for trajectory in trajectories:
        household = trajectory.household
        sourced = Involvement.objects.filter(
            household=household,
            kind="trajectory",
            source_type="trajectories.trajectory",
            source_id=str(trajectory.pk),
            closed_at__isnull=True,
        )
        parties = {trajectory.corporation, trajectory.care_provider, trajectory.social_team}
        parties.discard(None)
        assert {i.organisation for i in sourced} == parties, household.reference
        assert all(
            timezone.localtime(i.opened_at).date() == trajectory.referred_on for i in sourced
        ), household.reference
        unsourced = household.involvements.filter(kind="trajectory").exclude(
            source_type="trajectories.trajectory", source_id=str(trajectory.pk)
        )
        assert not unsourced.exists(), household.reference
        assert not household.involvements.filter(
            organisation=trajectory.care_provider, source_type=""
        ).exists(), household.reference


# What really happens on the demo date in the pilot households' story.
TODAY_KINDS = {"budget.payment", "indication.issued"}


def test_pilot_timelines_show_when_things_happened_not_the_load(demo):
    """Registration, members, tenancy, involvements, debts, the capacity calculation and
    the quarterly summary are dated in the story; only the demo date's own events are
    dated today and nothing is dated after the demo date."""
    from woonkans.budgets.models import Debt, DebtHandover, QuarterlySummary
    from woonkans.capacity.models import CapacityCalculation, PaymentProposal

    for spec in data.PILOT_HOUSEHOLDS:
        household = Household.objects.get(reference=spec.reference)
        entries = list(household.timeline.all())
        days = [timezone.localtime(e.occurred_at).date() for e in entries]
        assert max(days) <= TODAY, spec.key
        on_today = {e.kind for e, day in zip(entries, days, strict=True) if day == TODAY}
        assert on_today <= TODAY_KINDS, (spec.key, on_today)

        tenancy = household.tenancies.get()
        start = tenancy.start_date
        assert start < TODAY - timedelta(days=365), spec.key
        assert _timeline_dates(household, "household.created") == [start], spec.key
        assert _timeline_dates(household, "tenancy.created") == [start], spec.key
        assert household.created_at.date() == start == tenancy.created_at.date(), spec.key
        members = household.members.all()
        assert _timeline_dates(household, "person.added") == sorted(
            max(start, p.date_of_birth) for p in members
        ), spec.key
        involvements = household.involvements.all()
        assert _timeline_dates(household, "involvement.opened") == sorted(
            timezone.localtime(i.opened_at).date() for i in involvements
        ), spec.key
        assert all(i.opened_at.date() < TODAY for i in involvements), spec.key

        # The care provider's budget management starts after the referral brought it in.
        referred_on = household.trajectories.get().referred_on
        started = _timeline_dates(household, "budget.started")
        assert all(day >= referred_on for day in started), spec.key
        debts = Debt.objects.filter(household=household)
        assert debts.exists(), spec.key
        listed = _timeline_dates(household, "debt.added")
        assert listed == sorted(d.created_at.date() for d in debts), spec.key
        handed = DebtHandover.objects.filter(household=household)
        assert all(max(listed) <= h.handed_over_on for h in handed), spec.key
        assert max(listed) < TODAY, spec.key

        for summary in QuarterlySummary.objects.filter(household=household):
            made = _timeline_dates(household, "budget.summary_made")
            assert made == [summary.generated_at.date()], spec.key
            assert date(summary.year, 3 * summary.quarter, 28) < made[0] < TODAY, spec.key
            if summary.sent_at:
                sent = _timeline_dates(household, "budget.summary_sent")
                assert sent == [summary.sent_at.date()] and made[0] <= sent[0], spec.key

        for calculation in CapacityCalculation.objects.filter(household=household):
            assert _timeline_dates(household, "capacity.calculated") == [
                calculation.reference_date
            ], spec.key
            assert calculation.reference_date < TODAY, spec.key
            proposals = PaymentProposal.objects.filter(calculation=calculation)
            assert _timeline_dates(household, "capacity.proposed") == sorted(
                p.created_at.date() for p in proposals
            ), spec.key
            assert all(
                calculation.reference_date <= p.created_at.date() < TODAY for p in proposals
            ), spec.key


def test_the_retention_job_ends_the_care_providers_access_to_an_ended_pilot(demo):
    """With the source in place the retention job can do its work: once B's trajectory has
    ended long enough ago, the care provider no longer sees the household (no involvement
    without a source keeps it visible), and the corporation still does."""
    from woonkans.trajectories.models import FINAL_STATES, Trajectory
    from woonkans.trajectories.retention import trajectory_partner_access_end

    assert "DL-PILOT-B" in visible_references("woonbegeleider")
    trajectory = Trajectory.objects.get(household__reference="DL-PILOT-B")
    Trajectory.objects.filter(pk=trajectory.pk).update(
        state=sorted(FINAL_STATES)[0], state_since=TODAY - timedelta(days=3650)
    )
    assert trajectory_partner_access_end(trajectory=trajectory, today=TODAY) == 2
    assert "DL-PILOT-B" not in visible_references("woonbegeleider")
    assert "DL-PILOT-B" in visible_references("incasso.delinde")
