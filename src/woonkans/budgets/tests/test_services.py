from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from woonkans.audit.models import AuditEvent
from woonkans.budgets import selectors, services
from woonkans.budgets.models import (
    ChargeKind,
    CreditorKind,
    DebtStatus,
    HandoverKind,
    IncomeKind,
    SummaryStatus,
)
from woonkans.households.models import Involvement, TimelineEntry
from woonkans.jobs.models import OutgoingEmail
from woonkans.organisations.models import ExternalPartyKind, OrganisationKind, Role
from woonkans.organisations.policy import FieldGroup
from woonkans.testing import factories as f

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def budget(consultant, involved_household):
    return services.budget_start(
        actor=consultant,
        household=involved_household,
        started_on=date(2026, 1, 1),
        living_money_amount=D("50.00"),
        living_money_frequency="weekly",
        reserve_target=D("300.00"),
    )


def test_start_writes_audit_and_financial_timeline(budget, consultant):
    assert budget.is_running and budget.organisation == consultant.organisation
    entry = TimelineEntry.objects.get(household=budget.household, kind="budget.started")
    assert entry.field_group == FieldGroup.FINANCIAL
    assert AuditEvent.objects.filter(object_id=str(budget.pk), action="create").exists()


def test_only_one_running_budget(budget, consultant):
    with pytest.raises(ValidationError):
        services.budget_start(
            actor=consultant, household=budget.household, started_on=date(2026, 2, 1)
        )


def test_uninvolved_consultant_may_not_start(household):
    other = f.OrganisationFactory(care=True, has_budget_management_team=True)
    actor = f.make_actor(Role.FINANCIEEL_CONSULENT, other)
    with pytest.raises(ValidationError):
        services.budget_start(actor=actor, household=household, started_on=date(2026, 1, 1))


def test_coordinator_may_not_start(involved_household, coordinator):
    with pytest.raises(ValidationError):
        services.budget_start(
            actor=coordinator, household=involved_household, started_on=date(2026, 1, 1)
        )


def test_care_provider_without_budget_team_may_not_start(household):
    plain = f.OrganisationFactory(care=True)
    f.InvolvementFactory(household=household, organisation=plain)
    actor = f.make_actor(Role.FINANCIEEL_CONSULENT, plain)
    with pytest.raises(ValidationError):
        services.budget_start(actor=actor, household=household, started_on=date(2026, 1, 1))


def test_debt_help_consultant_may_start(household):
    shv = f.OrganisationFactory(debt_help=True)
    f.InvolvementFactory(household=household, organisation=shv)
    actor = f.make_actor(Role.FINANCIEEL_CONSULENT, shv)
    assert services.budget_start(actor=actor, household=household, started_on=date(2026, 1, 1))


def test_overview_from_lines(budget, consultant):
    services.income_add(
        actor=consultant,
        budget=budget,
        kind=IncomeKind.BIJSTAND,
        amount=D("1401.50"),
        payment_day=25,
    )
    services.income_add(
        actor=consultant,
        budget=budget,
        kind=IncomeKind.ZORGTOESLAG,
        amount=D("129.00"),
        payment_day=20,
    )
    services.charge_add(
        actor=consultant,
        budget=budget,
        kind=ChargeKind.HUUR,
        payee="Corporatie",
        amount=D("650.00"),
        due_day=1,
    )
    services.debt_add(
        actor=consultant,
        household=budget.household,
        creditor_name="Energiebedrijf",
        kind=CreditorKind.ENERGIE,
        amount=D("800.00"),
        status=DebtStatus.IN_REGELING,
        monthly_repayment=D("40.00"),
    )
    overview = selectors.overview_for(budget)
    assert overview.income == D("1530.50")
    assert overview.fixed_charges == D("650.00")
    assert overview.living_money == D("216.67")  # 50 x 52 / 12
    assert overview.repayments == D("40.00")
    assert overview.balance == D("623.83")


def test_optimistic_locking_refuses_stale_edit(budget, consultant):
    services.budget_update(actor=consultant, budget=budget, version=budget.version, notes="eerste")
    with pytest.raises(services.EditConflict):
        services.budget_update(
            actor=consultant, budget=budget, version=budget.version, notes="tweede"
        )
    budget.refresh_from_db()
    assert budget.notes == "eerste"


def test_income_edit_locking_and_remove(budget, consultant):
    income = services.income_add(
        actor=consultant, budget=budget, kind=IncomeKind.LOON, amount=D("1000"), payment_day=24
    )
    updated = services.income_update(
        actor=consultant, income=income, version=income.version, amount=D("1100")
    )
    assert updated.version == income.version + 1
    with pytest.raises(services.EditConflict):
        services.income_remove(actor=consultant, income=income, version=income.version)
    services.income_remove(actor=consultant, income=updated, version=updated.version)
    assert not budget.incomes.exists()


def test_warning_when_rent_not_paid_by_due_day(budget, consultant):
    today = timezone.localdate()
    due_day = 1 if today.day > 1 else 28
    rent = services.charge_add(
        actor=consultant,
        budget=budget,
        kind=ChargeKind.HUUR,
        payee="Corporatie",
        amount=D("600"),
        due_day=due_day,
    )
    services.income_add(
        actor=consultant, budget=budget, kind=IncomeKind.BIJSTAND, amount=D("1400"), payment_day=1
    )
    warnings = selectors.warnings_for(budget, today=today)
    if today.day > 1:
        assert [w.charge for w in warnings] == [rent]
        services.payment_record(
            actor=consultant,
            budget=budget,
            paid_on=today,
            payee="Corporatie",
            amount=D("600"),
            charge=rent,
        )
        assert selectors.warnings_for(budget, today=today) == []
    else:  # pragma: no cover - only on the first of a month
        assert warnings == []


def test_warning_when_income_does_not_cover_charges(budget, consultant):
    services.charge_add(
        actor=consultant,
        budget=budget,
        kind=ChargeKind.ENERGIE,
        payee="Energie",
        amount=D("150"),
        due_day=28,
    )
    services.charge_add(
        actor=consultant,
        budget=budget,
        kind=ChargeKind.HUUR,
        payee="Corporatie",
        amount=D("700"),
        due_day=28,
    )
    services.income_add(
        actor=consultant, budget=budget, kind=IncomeKind.WW, amount=D("800"), payment_day=1
    )
    day = date(2026, 3, 5)
    warnings = selectors.warnings_for(budget, today=day)
    assert {w.reason for w in warnings} == {"income_short"}
    assert len(warnings) == 2


def test_payment_in_future_refused(budget, consultant):
    with pytest.raises(ValidationError):
        services.payment_record(
            actor=consultant,
            budget=budget,
            paid_on=timezone.localdate() + timedelta(days=1),
            payee="X",
            amount=D("1"),
        )


def test_debt_priority_from_kind_and_override_needs_reason(involved_household, consultant):
    rent = services.debt_add(
        actor=consultant,
        household=involved_household,
        creditor_name="Corporatie",
        kind=CreditorKind.VERHUURDER,
        amount=D("7000"),
    )
    phone = services.debt_add(
        actor=consultant,
        household=involved_household,
        creditor_name="Telecom",
        kind=CreditorKind.TELECOM,
        amount=D("200"),
    )
    assert (rent.priority, phone.priority) == (1, 3)
    with pytest.raises(ValidationError):
        services.debt_update(actor=consultant, debt=phone, version=phone.version, priority=1)
    phone = services.debt_update(
        actor=consultant,
        debt=phone,
        version=phone.version,
        priority=1,
        priority_override_reason="Afsluiting dreigt",
    )
    assert phone.priority == 1 and phone.priority_overridden
    # Back to the usual priority clears the reason.
    phone = services.debt_update(actor=consultant, debt=phone, version=phone.version)
    assert phone.priority == 3 and phone.priority_override_reason == ""
    assert list(selectors.open_debts(involved_household)) == [rent, phone]


def test_open_debts_excludes_paid_off_and_handed_over(involved_household, consultant):
    a = services.debt_add(
        actor=consultant,
        household=involved_household,
        creditor_name="A",
        kind=CreditorKind.WATER,
        amount=D("10"),
    )
    b = services.debt_add(
        actor=consultant,
        household=involved_household,
        creditor_name="B",
        kind=CreditorKind.OVERIG,
        amount=D("10"),
        status=DebtStatus.AFGELOST,
    )
    assert list(selectors.open_debts(involved_household)) == [a]
    assert b not in selectors.open_debts(involved_household)


def test_handover_opens_involvement_and_marks_debts(involved_household, consultant):
    shv = f.OrganisationFactory(debt_help=True, name="Schuldhulp Test")
    debt = services.debt_add(
        actor=consultant,
        household=involved_household,
        creditor_name="CJIB",
        kind=CreditorKind.OVERHEID,
        amount=D("300"),
    )
    handover = services.debt_handover(
        actor=consultant,
        household=involved_household,
        kind=HandoverKind.SCHULDHULP,
        organisation=shv,
        handed_over_on=timezone.localdate(),
        debts=[debt],
    )
    debt.refresh_from_db()
    assert debt.status == DebtStatus.OVERGEDRAGEN and debt.handed_over_to == shv
    assert Involvement.objects.filter(
        household=involved_household,
        organisation=shv,
        closed_at__isnull=True,
        source_id=str(handover.pk),
    ).exists()
    assert debt not in selectors.open_debts(involved_household)


def test_handover_to_wrong_kind_refused(involved_household, consultant, corporation):
    with pytest.raises(ValidationError):
        services.debt_handover(
            actor=consultant,
            household=involved_household,
            kind=HandoverKind.BEWIND,
            organisation=corporation,
            handed_over_on=timezone.localdate(),
        )
    bewind = f.OrganisationFactory(
        kind=OrganisationKind.EXTERN, external_kind=ExternalPartyKind.BEWINDVOERDER
    )
    services.debt_handover(
        actor=consultant,
        household=involved_household,
        kind=HandoverKind.BEWIND,
        organisation=bewind,
        handed_over_on=timezone.localdate(),
    )


def test_creditor_contact(involved_household, consultant):
    debt = services.debt_add(
        actor=consultant,
        household=involved_household,
        creditor_name="Water",
        kind=CreditorKind.WATER,
        amount=D("90"),
    )
    contact = services.creditor_contact_add(
        actor=consultant,
        debt=debt,
        contacted_on=timezone.localdate(),
        channel="telefoon",
        outcome="Regeling afgesproken",
    )
    assert contact.organisation == consultant.organisation
    assert TimelineEntry.objects.filter(kind="debt.contact", household=involved_household).exists()


def test_timeline_summaries_name_no_amounts_or_creditors(involved_household, consultant):
    services.debt_add(
        actor=consultant,
        household=involved_household,
        creditor_name="GEHEIM-CREDITOR",
        kind=CreditorKind.TELECOM,
        amount=D("123.45"),
    )
    for entry in TimelineEntry.objects.filter(household=involved_household):
        assert "GEHEIM" not in entry.summary and "123" not in entry.summary


# --- quarterly summary ------------------------------------------------------------------


def test_summary_generate_send_and_email(budget, consultant, corporation):
    contact = f.make_actor(Role.INCASSOMEDEWERKER, corporation)
    rent = services.charge_add(
        actor=consultant,
        budget=budget,
        kind=ChargeKind.HUUR,
        payee="Corp",
        amount=D("600"),
        due_day=1,
    )
    services.income_add(
        actor=consultant, budget=budget, kind=IncomeKind.BIJSTAND, amount=D("1400"), payment_day=25
    )
    for day in (date(2025, 12, 28), date(2026, 1, 28), date(2026, 3, 2)):
        services.payment_record(
            actor=consultant, budget=budget, paid_on=day, payee="Corp", amount=D("600"), charge=rent
        )
    summary = services.summary_generate(
        actor=consultant, household=budget.household, corporation=corporation, year=2026, quarter=1
    )
    assert summary.status == SummaryStatus.DRAFT
    assert summary.income_total == D("1400.00") and summary.fixed_charges_total == D("600.00")
    assert summary.rent_months_on_time == 2  # January and February on time, March late
    assert summary.budget_management_running is True
    summary = services.summary_update(
        actor=consultant, summary=summary, version=summary.version, remarks="Gaat goed"
    )
    sent = services.summary_send(actor=consultant, summary=summary, version=summary.version)
    assert sent.is_sent and sent.sent_at is not None
    email = OutgoingEmail.objects.get(to=contact.user.email)
    assert budget.household.reference in email.subject
    assert "Gaat goed" not in email.body  # details stay behind the login
    with pytest.raises(ValidationError):
        services.summary_generate(
            actor=consultant,
            household=budget.household,
            corporation=corporation,
            year=2026,
            quarter=1,
        )
    with pytest.raises(ValidationError):
        services.summary_update(actor=consultant, summary=sent, version=sent.version, remarks="x")


def test_summary_regenerate_and_stale_send(budget, consultant, corporation):
    summary = services.summary_generate(
        actor=consultant, household=budget.household, corporation=corporation, year=2026, quarter=1
    )
    again = services.summary_generate(
        actor=consultant, household=budget.household, corporation=corporation, year=2026, quarter=1
    )
    assert again.pk == summary.pk and again.version == summary.version + 1
    with pytest.raises(services.EditConflict):
        services.summary_send(actor=consultant, summary=summary, version=summary.version)


def test_summary_only_for_the_households_corporation(budget, consultant, other_corporation):
    with pytest.raises(ValidationError):
        services.summary_generate(
            actor=consultant,
            household=budget.household,
            corporation=other_corporation,
            year=2026,
            quarter=1,
        )


def test_summary_arrears_from_ledger(budget, consultant, corporation):
    from woonkans.arrears.models import LedgerEntry

    tenancy = budget.household.tenancies.get()
    for n, (booked, kind, amount) in enumerate(
        [
            (date(2025, 12, 1), "huur", "600"),
            (date(2026, 1, 1), "huur", "600"),
            (date(2026, 2, 1), "huur", "600"),
            (date(2026, 2, 10), "betaling", "-600"),
            (date(2026, 3, 1), "huur", "600"),
        ]
    ):
        LedgerEntry.objects.create(
            corporation=corporation,
            tenancy=tenancy,
            mutation_id=f"m{n}",
            booking_date=booked,
            due_date=booked if kind == "huur" else None,
            kind=kind,
            amount=D(amount),
        )
    summary = services.summary_generate(
        actor=consultant, household=budget.household, corporation=corporation, year=2026, quarter=1
    )
    assert summary.arrears_at_start == D("600.00")
    assert summary.arrears_at_end == D("1800.00")
    assert summary.open_rent_terms_at_end == 3


def test_summary_email_in_english_subject(budget, consultant, corporation):
    f.make_actor(Role.INCASSOMEDEWERKER, corporation)
    summary = services.summary_generate(
        actor=consultant, household=budget.household, corporation=corporation, year=2026, quarter=1
    )
    with translation.override("en"):
        services.summary_send(actor=consultant, summary=summary, version=summary.version)
    assert OutgoingEmail.objects.filter(
        subject__startswith="Quarterly financial summary 2026 Q1"
    ).exists()


def test_summary_uses_the_latest_capacity_calculation(budget, consultant, corporation, care):
    from woonkans.capacity.models import CapacityCalculation

    CapacityCalculation.objects.create(
        household=budget.household,
        organisation=care,
        reference_date=date(2026, 2, 1),
        situation="alleenstaande",
        net_income=D("1500.00"),
        income_group="laag",
        beslagvrije_voet=D("1425.00"),
        capacity_bvv=D("75.00"),
        protected=D("1450.00"),
        capacity=D("50.00"),
    )
    summary = services.summary_generate(
        actor=consultant, household=budget.household, corporation=corporation, year=2026, quarter=1
    )
    assert summary.arrangement_possible is True and summary.arrangement_amount == D("50.00")
    later = services.summary_generate(
        actor=consultant, household=budget.household, corporation=corporation, year=2025, quarter=4
    )
    assert later.arrangement_possible is None  # nothing calculated by the end of 2025


def test_rent_paid_just_before_its_due_day_counts_for_that_month(budget, consultant):
    """Rent due on the 1st, paid on the last day of the previous month (when the income
    came in), is not flagged as unpaid; a payment from early in the previous month is."""
    rent = services.charge_add(
        actor=consultant,
        budget=budget,
        kind=ChargeKind.HUUR,
        payee="Corporatie",
        amount=D("641.15"),
        due_day=1,
    )
    services.income_add(
        actor=consultant, budget=budget, kind=IncomeKind.BIJSTAND, amount=D("1400"), payment_day=28
    )
    today = date(2026, 11, 10)
    services.payment_record(
        actor=consultant,
        budget=budget,
        paid_on=date(2026, 10, 3),
        payee="Corporatie",
        amount=D("641.15"),
        charge=rent,
    )
    [warning] = selectors.warnings_for(budget, today=today)
    assert warning.charge == rent and warning.missing == D("641.15")
    services.payment_record(
        actor=consultant,
        budget=budget,
        paid_on=date(2026, 10, 31),
        payee="Corporatie",
        amount=D("641.15"),
        charge=rent,
    )
    assert selectors.warnings_for(budget, today=today) == []


@pytest.mark.parametrize(
    ("language", "expected"), [("nl", "€\u00a01.250,00 per"), ("en", "€1,250.00 per")]
)
def test_summary_note_on_a_proposed_plan_in_the_money_notation(
    budget, care, corporation, language, expected
):
    from woonkans.budgets.summaries import capacity_for
    from woonkans.capacity.models import CapacityCalculation, PaymentProposal

    household = budget.household
    calculation = CapacityCalculation.objects.create(
        household=household,
        organisation=care,
        reference_date=timezone.localdate(),
        situation="alleenstaande",
        net_income=D("2900.00"),
        income_group="laag",
        beslagvrije_voet=D("1425.00"),
        capacity_bvv=D("1475.00"),
        protected=D("1450.00"),
        capacity=D("1450.00"),
    )
    PaymentProposal.objects.create(
        household=household,
        tenancy=household.tenancies.get(),
        calculation=calculation,
        organisation=care,
        debt=D("5000.00"),
        term_amount=D("1250.00"),
        number_of_terms=4,
        first_due_date=timezone.localdate(),
        capacity=D("1450.00"),
        split_method="pro_rata",
    )
    with translation.override(language):
        possible, amount, note = capacity_for(
            household, timezone.localdate() + timedelta(days=1), corporation
        )
    assert possible is True and amount == D("1250.00")
    assert expected in note
