"""Demo budget management and debt inventories of the six pilot households.

Follows each household's facts in ``data.PILOT_HOUSEHOLDS`` (amounts are illustrative where
the report is silent; incomes at about the 2026 social-assistance level):

* A — a bewindvoerder took over; the care provider's budget management ended and the debts
  were handed over to the bewindvoerder and the regional debt help.
* B — budget management running: allowances in order, arrangements with several creditors,
  a savings buffer; a sent quarterly summary for the corporation.
* C — municipal debt help includes the rent debt (handed over); light budget management.
* D — the family with about €7,000 rent arrears and €50 a month capacity: income from
  catering work and an unemployment benefit, the rent debt in a €50 arrangement, a draft
  quarterly summary.
* E — referred, not started: only the rent debt is inventoried.
* F — the large corporation's family: income management running, debts with debt help.

Acts as the demo financial consultant of the care provider through the use cases, so the
audit log and timeline are filled as in real use. Idempotent: a household that already
has budget management or debts is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal

from django.db import transaction

from woonkans.accounts.models import User
from woonkans.budgets import rules, services
from woonkans.budgets.models import (
    BudgetManagement,
    ChargeKind,
    CreditorKind,
    Debt,
    DebtStatus,
    HandoverKind,
    IncomeKind,
    QuarterlySummary,
)
from woonkans.households.models import Household, Involvement
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Organisation, Role

from . import data
from .history import backdate, dated

D = Decimal


@dataclass(frozen=True)
class DebtSpec:
    creditor: str
    kind: str
    amount: str
    status: str = DebtStatus.OPEN
    monthly: str = "0.00"
    contact: str = ""  # outcome of a contact with the creditor, if any


@dataclass(frozen=True)
class BudgetSpec:
    key: str
    months_running: int | None  # None: no budget management
    ended_months_ago: int | None = None
    living_money: str = "0.00"
    frequency: str = "weekly"
    reserve_target: str = "0.00"
    reserve_balance: str = "0.00"
    incomes: tuple[tuple[str, str, str, int], ...] = ()  # kind, description, amount, day
    charges: tuple[tuple[str, str, str, int], ...] = ()  # kind, payee, amount, due day
    debts: tuple[DebtSpec, ...] = ()
    handovers: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # kind, org slug, creditors
    summary: str = ""  # "sent" or "draft": a summary of the previous quarter
    remarks: str = ""
    unpaid_this_month: tuple[str, ...] = field(default=())  # charge kinds left unpaid


def _rent_payee(key: str) -> str:
    return "Woonstichting De Linde" if key != "F" else "Rivierland Wonen"


SPECS: tuple[BudgetSpec, ...] = (
    BudgetSpec(
        key="A",
        # From the month after the referral; ended shortly after the consultant stepped out.
        months_running=12,
        ended_months_ago=6,
        living_money="55.00",
        incomes=((IncomeKind.LOON, "Nulurencontract", "480.00", 22),),
        charges=((ChargeKind.HUUR, "Woonstichting De Linde", "598.40", 1),),
        debts=(
            DebtSpec("Woonstichting De Linde", CreditorKind.VERHUURDER, "4000.00"),
            DebtSpec("Zorgverzekeraar Gezond Verzekerd", CreditorKind.ZORGVERZEKERAAR, "840.00"),
            DebtSpec("CJIB", CreditorKind.OVERHEID, "310.00"),
        ),
        handovers=(
            (
                HandoverKind.BEWIND,
                data.BEWINDVOERDER,
                ("Zorgverzekeraar Gezond Verzekerd", "CJIB"),
            ),
            (HandoverKind.SCHULDHULP, data.SCHULDHULP, ("Woonstichting De Linde",)),
        ),
    ),
    BudgetSpec(
        key="B",
        months_running=13,  # from the month after the referral
        living_money="70.00",
        reserve_target="400.00",
        reserve_balance="235.00",
        incomes=(
            (IncomeKind.BIJSTAND, "Participatiewet, alleenstaande ouder", "1401.50", 25),
            (IncomeKind.HUURTOESLAG, "", "318.00", 20),
            (IncomeKind.ZORGTOESLAG, "", "129.00", 20),
            (IncomeKind.KINDGEBONDEN_BUDGET, "", "412.00", 20),
            (IncomeKind.KINDERBIJSLAG, "Per kwartaal, omgerekend per maand", "232.00", 1),
        ),
        charges=(
            (ChargeKind.HUUR, "Woonstichting De Linde", "641.15", 1),
            (ChargeKind.ENERGIE, "Energie Noord", "142.00", 5),
            (ChargeKind.WATER, "Waterbedrijf Heuvelrand", "24.50", 5),
            (ChargeKind.ZORGVERZEKERING, "Zorgverzekeraar Gezond Verzekerd", "161.00", 1),
            (ChargeKind.GEMEENTELIJKE_BELASTINGEN, "Gemeente Lindendorp", "22.00", 28),
            (ChargeKind.OVERIG, "Telefoon en internet", "45.00", 15),
        ),
        debts=(
            DebtSpec(
                "Woonstichting De Linde",
                CreditorKind.VERHUURDER,
                "2150.00",
                DebtStatus.IN_REGELING,
                "60.00",
                "Regeling van € 60 per maand afgesproken met de incassomedewerker.",
            ),
            DebtSpec(
                "Energie Noord",
                CreditorKind.ENERGIE,
                "460.00",
                DebtStatus.IN_REGELING,
                "25.00",
                "Afsluiting voorkomen; regeling van € 25 per maand.",
            ),
            DebtSpec("Telecombedrijf Zendmast", CreditorKind.TELECOM, "190.00"),
        ),
        summary="sent",
        remarks=(
            "De huur is elke maand op tijd betaald. De buffer groeit. Mevrouw is soms lastig te "
            "bereiken; we blijven het proberen."
        ),
    ),
    BudgetSpec(
        key="C",
        months_running=10,
        living_money="300.00",
        frequency="fortnightly",
        incomes=(
            (IncomeKind.BIJSTAND, "Participatiewet, alleenstaande ouder", "1401.50", 25),
            (IncomeKind.KINDGEBONDEN_BUDGET, "", "398.00", 20),
            (IncomeKind.ZORGTOESLAG, "", "129.00", 20),
        ),
        charges=(
            (ChargeKind.HUUR, "Woonstichting De Linde", "587.90", 1),
            (ChargeKind.ZORGVERZEKERING, "Zorgverzekeraar Gezond Verzekerd", "158.00", 1),
        ),
        debts=(
            DebtSpec("Woonstichting De Linde", CreditorKind.VERHUURDER, "7000.00"),
            DebtSpec("Postorderbedrijf Kleerkast", CreditorKind.OVERIG, "1250.00"),
        ),
        handovers=(
            (
                HandoverKind.SCHULDHULP,
                data.SCHULDHULP,
                ("Woonstichting De Linde", "Postorderbedrijf Kleerkast"),
            ),
        ),
    ),
    BudgetSpec(
        key="D",
        months_running=8,
        living_money="120.00",
        reserve_target="500.00",
        reserve_balance="40.00",
        incomes=(
            (IncomeKind.LOON, "Horeca, nulurencontract (ongeveer 24 uur per week)", "1180.00", 24),
            (IncomeKind.WW, "WW", "905.00", 15),
            (IncomeKind.HUURTOESLAG, "", "236.00", 20),
            (IncomeKind.KINDGEBONDEN_BUDGET, "", "118.00", 20),
        ),
        charges=(
            (ChargeKind.HUUR, "Woonstichting De Linde", "712.60", 1),
            (ChargeKind.ENERGIE, "Energie Noord", "189.00", 3),
            (ChargeKind.WATER, "Waterbedrijf Heuvelrand", "31.00", 3),
            (ChargeKind.ZORGVERZEKERING, "Zorgverzekeraar Gezond Verzekerd", "324.00", 1),
            (ChargeKind.GEMEENTELIJKE_BELASTINGEN, "Gemeente Lindendorp", "38.00", 28),
        ),
        debts=(
            DebtSpec(
                "Woonstichting De Linde",
                CreditorKind.VERHUURDER,
                "7000.00",
                DebtStatus.IN_REGELING,
                "50.00",
                "Regeling van € 50 per maand voorgesteld; de corporatie vindt dit te weinig.",
            ),
            DebtSpec("Zorgverzekeraar Gezond Verzekerd", CreditorKind.ZORGVERZEKERAAR, "648.00"),
            DebtSpec("DUO", CreditorKind.OVERHEID, "1430.00"),
        ),
        summary="draft",
        remarks="Het inkomen schommelt door het nulurencontract; de buffer is nog klein.",
        unpaid_this_month=(ChargeKind.ENERGIE,),
    ),
    BudgetSpec(
        key="E",
        months_running=None,
        debts=(DebtSpec("Woonstichting De Linde", CreditorKind.VERHUURDER, "3850.00"),),
    ),
    BudgetSpec(
        key="F",
        months_running=6,  # from the month after the referral
        living_money="95.00",
        reserve_target="300.00",
        reserve_balance="120.00",
        incomes=(
            (IncomeKind.BIJSTAND, "Participatiewet, gehuwden", "2002.13", 25),
            (IncomeKind.HUURTOESLAG, "", "262.00", 20),
            (IncomeKind.ZORGTOESLAG, "", "246.00", 20),
            (IncomeKind.KINDGEBONDEN_BUDGET, "", "305.00", 20),
        ),
        charges=(
            (ChargeKind.HUUR, "Rivierland Wonen", "689.70", 1),
            (ChargeKind.ENERGIE, "Energie Noord", "165.00", 5),
            (ChargeKind.WATER, "Waterbedrijf Heuvelrand", "29.00", 5),
            (ChargeKind.ZORGVERZEKERING, "Zorgverzekeraar Gezond Verzekerd", "330.00", 1),
        ),
        debts=(
            DebtSpec("Rivierland Wonen", CreditorKind.VERHUURDER, "5200.00"),
            DebtSpec("Belastingdienst/Toeslagen", CreditorKind.OVERHEID, "2100.00"),
        ),
        handovers=(
            (
                HandoverKind.SCHULDHULP,
                data.SCHULDHULP,
                ("Rivierland Wonen", "Belastingdienst/Toeslagen"),
            ),
        ),
    ),
)


def _intake_on(household: Household, today: date) -> date:
    """The day of the household's intake (its trajectory's referral), or today."""
    from woonkans.trajectories.models import Trajectory

    trajectory = Trajectory.objects.filter(household=household).order_by("pk").first()
    return trajectory.referred_on if trajectory else today


def _months_back(day: date, months: int) -> date:
    """The first day of the month ``months`` before ``day``'s month (negative: after)."""
    index = day.year * 12 + (day.month - 1) - months
    return date(index // 12, index % 12 + 1, 1)


def _consultant(care: Organisation) -> Actor:
    user = (
        User.objects.filter(
            memberships__organisation=care,
            memberships__role=Role.FINANCIEEL_CONSULENT,
            memberships__is_active=True,
        )
        .order_by("pk")
        .first()
    )
    return Actor(organisation=care, role=Role.FINANCIEEL_CONSULENT, user=user)


def _payments(actor: Actor, budget: BudgetManagement, spec: BudgetSpec, today: date) -> None:
    """The consultant's payments of the fixed charges: each month since the start, on the
    due day (or the day before it for the rent, so it is on time)."""
    for charge in budget.charges.all():
        month = budget.started_on.replace(day=1)
        while month <= today:
            due = rules.due_date_in_month(month.year, month.month, charge.due_day)
            paid_on = due - timedelta(days=1) if charge.kind == ChargeKind.HUUR else due
            this_month = month.year == today.year and month.month == today.month
            if this_month and charge.kind in spec.unpaid_this_month:
                break
            if budget.started_on <= paid_on <= today:
                with dated(paid_on, time(9, 0)):
                    services.payment_record(
                        actor=actor,
                        budget=budget,
                        paid_on=paid_on,
                        payee=charge.payee,
                        amount=charge.amount,
                        charge=charge,
                    )
            month = _months_back(month, -1)


def _start(
    spec: BudgetSpec, household: Household, actor: Actor, started_on: date
) -> BudgetManagement:
    budget = services.budget_start(
        actor=actor,
        household=household,
        started_on=started_on,
        living_money_amount=D(spec.living_money),
        living_money_frequency=spec.frequency,
        reserve_target=D(spec.reserve_target),
        reserve_balance=D(spec.reserve_balance),
    )
    for kind, description, amount, day in spec.incomes:
        services.income_add(
            actor=actor,
            budget=budget,
            kind=kind,
            description=description,
            amount=D(amount),
            payment_day=day,
        )
    for kind, payee, amount, day in spec.charges:
        services.charge_add(
            actor=actor, budget=budget, kind=kind, payee=payee, amount=D(amount), due_day=day
        )
    return budget


@transaction.atomic
def _load_one(spec: BudgetSpec, household: Household, actor: Actor, organisations, today):
    if (
        BudgetManagement.objects.filter(household=household).exists()
        or Debt.objects.filter(household=household).exists()
    ):
        return 0
    budget = None
    if spec.months_running is not None:
        started_on = _months_back(today, spec.months_running)
        with dated(started_on):
            budget = _start(spec, household, actor, started_on)
    debts = {}
    # The debts are listed when budget management starts; without it, at the intake.
    listed_on = started_on if budget is not None else _intake_on(household, today)
    for debt_spec in spec.debts:
        with dated(listed_on):
            debt = services.debt_add(
                actor=actor,
                household=household,
                creditor_name=debt_spec.creditor,
                kind=debt_spec.kind,
                amount=D(debt_spec.amount),
                status=debt_spec.status,
                monthly_repayment=D(debt_spec.monthly),
            )
            backdate(debt, listed_on, "created_at", "updated_at")
        debts[debt_spec.creditor] = debt
        if debt_spec.contact:
            contacted_on = today - timedelta(days=20)
            with dated(contacted_on, time(10, 0)):
                services.creditor_contact_add(
                    actor=actor,
                    debt=debt,
                    contacted_on=contacted_on,
                    channel="telefoon",
                    outcome=debt_spec.contact,
                )
    for kind, slug, creditors in spec.handovers:
        handed_over_on = today - timedelta(days=60)
        with dated(handed_over_on):
            handover = services.debt_handover(
                actor=actor,
                household=household,
                kind=kind,
                organisation=organisations[slug],
                handed_over_on=handed_over_on,
                debts=[debts[c] for c in creditors],
            )
        for involvement in Involvement.objects.filter(
            source_type="budgets.debthandover", source_id=str(handover.pk)
        ):
            backdate(involvement, handed_over_on, "opened_at")
    if budget is None:
        return 1
    end_on = _months_back(today, spec.ended_months_ago) if spec.ended_months_ago else None
    _payments(actor, budget, spec, end_on or today)
    if end_on is not None:
        budget.refresh_from_db()
        with dated(end_on):
            services.budget_end(actor=actor, budget=budget, version=budget.version, ended_on=end_on)
    if spec.summary:
        corporation = organisations[data.RIVIERLAND if spec.key == "F" else data.DE_LINDE]
        year, quarter = rules.previous_quarter(today)
        # Drafted in the first weeks after the quarter, sent two days later.
        made_on = min(_months_back(date(year, 3 * quarter, 1), -1) + timedelta(days=6), today)
        sent_on = min(made_on + timedelta(days=2), today)
        if not QuarterlySummary.objects.filter(
            household=household, year=year, quarter=quarter
        ).exists():
            with dated(made_on, time(11, 0)):
                summary = services.summary_generate(
                    actor=actor,
                    household=household,
                    corporation=corporation,
                    year=year,
                    quarter=quarter,
                )
                summary = services.summary_update(
                    actor=actor, summary=summary, version=summary.version, remarks=spec.remarks
                )
                backdate(summary, made_on, "generated_at", "created_at", at=time(11, 0))
            if spec.summary == "sent":
                with dated(sent_on, time(15, 0)):
                    summary = services.summary_send(
                        actor=actor, summary=summary, version=summary.version
                    )
                    backdate(summary, sent_on, "sent_at", at=time(15, 0))
    return 1


def demo_budgets_load(*, organisations: dict[str, Organisation], today: date) -> int:
    """Load the budget management of the pilot households; return how many households got
    new records."""
    care = organisations.get(data.ONDERDAK)
    if care is None:
        return 0
    actor = _consultant(care)
    by_key = {spec.key: spec for spec in SPECS}
    created = 0
    for pilot in data.PILOT_HOUSEHOLDS:
        spec = by_key.get(pilot.key)
        household = Household.objects.filter(reference=pilot.reference).first()
        if spec is None or household is None:
            continue
        created += _load_one(spec, household, actor, organisations, today)
    return created
