"""Records of the capacity app for the leak walker (tests/test_no_data_leaks_*.py):
a calculation and a proposal for the secret household, with marker strings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from woonkans.capacity.models import CapacityCalculation, PaymentProposal


def make(*, household, corporation, care):
    calculation = CapacityCalculation.objects.create(
        household=household,
        organisation=care,
        reference_date=date(2026, 1, 15),
        situation="alleenstaande",
        net_income=Decimal("1911.37"),
        income_group="boven_norm",
        beslagvrije_voet=Decimal("1815.80"),
        capacity_bvv=Decimal("95.57"),
        protected=Decimal("1815.80"),
        capacity=Decimal("95.57"),
        note="Kemphaan-BEREKENING-GEHEIM",
        top_up_source="Grutto-BRON-GEHEIM",
        created_by_label="consulent.geheim",
    )
    proposal = PaymentProposal.objects.create(
        household=household,
        tenancy=household.tenancies.first(),
        calculation=calculation,
        organisation=care,
        debt=Decimal("4321.09"),
        term_amount=Decimal("95.57"),
        number_of_terms=46,
        first_due_date=date(2026, 3, 1),
        capacity=Decimal("95.57"),
        split_method="priority",
        note="Tureluur-VOORSTEL-GEHEIM",
        created_by_label="consulent.geheim",
    )
    return (
        {calculation.pk, proposal.pk},
        [
            "Kemphaan-BEREKENING-GEHEIM",
            "Grutto-BRON-GEHEIM",
            "Tureluur-VOORSTEL-GEHEIM",
            "1911.37",
            "1.911,37",
            "4321.09",
            "4.321,09",
        ],
    )
