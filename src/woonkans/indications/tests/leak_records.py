"""Records of the secret household for the leak walker: a trajectory's indication."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from woonkans.indications.models import Indication, IndicationActivity


def make(*, household, corporation, care) -> tuple[set, list]:
    from woonkans.tasks.tests.leak_records import secret_trajectory

    trajectory = secret_trajectory(household=household, corporation=corporation, care=care)
    indication = Indication.objects.create(
        trajectory=trajectory,
        issued_by=trajectory.social_team,
        legal_basis="wmo",
        product="Productmarker Roerdomp",
        product_code="ZZ9Q1",
        start_date=date(2026, 1, 1),
        end_date=date(2030, 12, 31),
    )
    IndicationActivity.objects.create(
        indication=indication, activity="Activiteitmarker Kemphaan", hours_per_week=Decimal("7.25")
    )
    return {indication.pk}, ["Roerdomp", "ZZ9Q1", "Kemphaan"]
