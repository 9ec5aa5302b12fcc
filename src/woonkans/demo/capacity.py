"""Demo repayment capacity and a payment plan proposal for pilot household D.

Household D (about €7,000 rent arrears, €50 a month capacity in the pilot report): the
care provider's financial consultant calculates the capacity (a couple with a young child,
income from catering work and an unemployment benefit a little above the social-assistance
norm, with the reservation for two health-insurance deductibles: €50.00 a month) and
proposes to the small corporation €50 a month for the €7,000: 140 terms (accepting it
registers the first 120, the most a payment arrangement holds). The proposal stays
*proposed*, so the corporation's collections staff can look at it. The small corporation's
standard demand is set to the pilot's (50% at once, the rest in 10 months).

Through the use cases, so audit log and timeline are filled. Idempotent: a household that
already has a calculation is left alone.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from woonkans.accounts.models import User
from woonkans.capacity import services
from woonkans.capacity.models import CapacityCalculation, CapacitySettings
from woonkans.households.models import Household
from woonkans.norms.selectors import NormNotFound
from woonkans.organisations.actor import Actor, system_actor
from woonkans.organisations.models import Organisation, Role

from . import data
from .history import backdate, dated

# 95% of 2,283.40 is 2,169.23 (income above the couple norm, no top-up entered: upper
# bound), leaving 114.17; minus 2 x 385 / 12 = 64.17 for the deductibles: 50.00.
NET_INCOME_D = Decimal("2283.40")

# The consultant calculated the capacity nine days before the load date and made the
# proposal two days later; it still waits for the corporation.
CALCULATED_DAYS_AGO = 9
PROPOSED_DAYS_AGO = 7


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


def _first_of_next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def demo_capacity_load(*, organisations: dict[str, Organisation], today: date) -> int:
    """Return how many records were created."""
    corporation = organisations.get(data.DE_LINDE)
    care = organisations.get(data.ONDERDAK)
    if corporation is None or care is None:
        return 0
    created = 0
    if not CapacitySettings.objects.filter(corporation=corporation).exists():
        services.settings_update(
            actor=system_actor(corporation, Role.FUNCTIONEEL_BEHEERDER),
            version=1,
            upfront_percent=Decimal("50"),
            months=10,
        )
        created += 1
    spec = next(s for s in data.PILOT_HOUSEHOLDS if s.key == "D")
    household = Household.objects.filter(reference=spec.reference).first()
    if household is None or CapacityCalculation.objects.filter(household=household).exists():
        return created
    tenancy = household.tenancies.order_by("pk").first()
    actor = _consultant(care)
    calculated_on = today - timedelta(days=CALCULATED_DAYS_AGO)
    proposed_on = today - timedelta(days=PROPOSED_DAYS_AGO)
    try:
        with dated(calculated_on, time(10, 0)):
            calculation = services.calculation_create(
                actor=actor,
                household=household,
                data=services.CalculationInput(
                    reference_date=calculated_on,
                    situation="gehuwden_met_kinderen",
                    net_income=NET_INCOME_D,
                    adults_for_deductible=2,
                    note="Inkomen uit horecawerk (nulurencontract) en WW; wisselt per maand.",
                ),
            )
            backdate(calculation, calculated_on, "created_at", at=time(10, 0))
    except NormNotFound:
        return created
    created += 1
    if tenancy is None or calculation.capacity <= 0:
        return created
    debt = spec.facts.arrears
    with dated(proposed_on, time(14, 0)):
        proposal = services.proposal_create(
            actor=actor,
            calculation=calculation,
            tenancy=tenancy,
            debt=debt,
            at_once=Decimal("0"),
            term_amount=calculation.capacity,
            first_due_date=_first_of_next_month(today),
            split_method="priority",
            note=(
                "Dit is wat het gezin elke maand kan missen naast de huur. Zo is de huurschuld "
                "in 140 maanden betaald."
            ),
        )
        backdate(proposal, proposed_on, "created_at", at=time(14, 0))
    return created + 1
