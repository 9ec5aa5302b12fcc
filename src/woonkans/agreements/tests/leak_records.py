"""Agreement records of the leak walker's secret household (see
tests/test_no_data_leaks_across_organisations.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from woonkans.agreements.models import (
    Agreement,
    AgreementExtension,
    AgreementItem,
    AgreementNotice,
    AgreementParty,
    AgreementTemplate,
)
from woonkans.trajectories.models import Trajectory


def make(*, household, corporation, care) -> tuple[set, list]:
    trajectory = Trajectory.objects.filter(household=household).first() or (
        Trajectory.objects.create(
            household=household,
            tenancy=household.tenancies.first(),
            corporation=corporation,
            care_provider=care,
            referred_by=corporation,
            referred_on=date(2026, 1, 5),
            reason="Afsprakenmarker Roerdomp",
            arrears_at_referral=Decimal("1234.00"),
            legal_stage="vonnis",
            state="intake",
            state_since=date(2026, 1, 5),
        )
    )
    agreement = Agreement.objects.create(
        trajectory=trajectory,
        household=household,
        form="omklapcontract",
        proposed_form="woonbegeleidingsovereenkomst",
        form_reason="Afsprakenmarker Grutto",
        start_date=date(2026, 2, 1),
        end_date=date(2028, 1, 31),
        place="Plaatsmarker Kemphaan",
        status="beeindigd",
        ended_on=date(2026, 6, 1),
        end_outcome="mislukt",
        end_reason="Eindmarker Tureluur",
    )
    AgreementItem.objects.create(agreement=agreement, position=1, text="Afspraakmarker Wulp")
    AgreementParty.objects.create(
        agreement=agreement, role="verhuurder", organisation=corporation, name=corporation.name
    )
    AgreementParty.objects.create(
        agreement=agreement, role="zorgaanbieder", organisation=care, name=care.name
    )
    AgreementParty.objects.create(
        agreement=agreement,
        role="huurder",
        person=household.members.first(),
        name="Zwaantje Kwartelkoning",
        signed_on=date(2026, 2, 1),
        signed_by="Tekenmarker Scholekster",
    )
    AgreementExtension.objects.create(
        agreement=agreement,
        previous_end_date=date(2027, 1, 31),
        new_end_date=date(2028, 1, 31),
        reason="Verlengmarker Kievit",
        decided_on=date(2026, 3, 1),
    )
    AgreementNotice.objects.create(
        agreement=agreement,
        outcome="mislukt",
        effective_on=date(2026, 6, 1),
        reason="Mededelingmarker Oeverloper",
        written_on=date(2026, 6, 1),
        written_by_name="Schrijvermarker Plevier",
    )
    template = AgreementTemplate.objects.create(
        organisation=corporation,
        form="omklapcontract",
        name="Sjabloonmarker Strandloper",
        filename="eigen.docx",
        content=b"",
        size=0,
    )
    markers = [
        "Afsprakenmarker Grutto",
        "Plaatsmarker Kemphaan",
        "Eindmarker Tureluur",
        "Afspraakmarker Wulp",
        "Tekenmarker Scholekster",
        "Verlengmarker Kievit",
        "Mededelingmarker Oeverloper",
        "Schrijvermarker Plevier",
        "Sjabloonmarker Strandloper",
    ]
    return {agreement.pk, trajectory.pk, template.pk}, markers
