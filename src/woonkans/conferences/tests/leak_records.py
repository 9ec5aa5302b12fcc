"""Case conference records of the leak walker's secret household (see
tests/test_no_data_leaks_across_organisations.py)."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

from django.utils import timezone

from woonkans.conferences.models import (
    ActionPoint,
    AgendaItem,
    AgendaSource,
    Conference,
    ConferenceStatus,
    Decision,
    Outcome,
)
from woonkans.testing import factories as f
from woonkans.trajectories.models import State, Trajectory


def make(*, household, corporation, care) -> tuple[set, list]:
    today = timezone.localdate()
    chair = f.make_actor("coordinator", organisation=care).user
    trajectory = Trajectory.objects.create(
        household=household,
        corporation=corporation,
        care_provider=care,
        referred_by=corporation,
        referred_on=today,
        reason="Verwijzing Goudhaantje",
        arrears_at_referral=Decimal("100.00"),
        legal_stage="geen_vonnis",
        state=State.DISCUSSED,
        state_since=today,
    )
    conference = Conference.objects.create(
        organiser=care,
        title="Overleg Roerdomp",
        date=today,
        start_time=time(9, 0),
        place="Zaal Kramsvogel",
        chair=chair,
        status=ConferenceStatus.STARTED,
    )
    conference.invited.set([corporation])
    item = AgendaItem.objects.create(
        conference=conference,
        trajectory=trajectory,
        source=AgendaSource.REFERRAL,
        snapshot_name=household.name,
        snapshot_reference=household.reference,
        snapshot_state=State.REFERRED,
        snapshot_reason="Agendareden Putter",
        note="Agendanotitie Fuut",
    )
    decision = Decision.objects.create(
        item=item,
        trajectory=trajectory,
        outcome=Outcome.ADMIT,
        reasons="Besluitreden Wielewaal",
        decided_on=today,
        organisation=care,
    )
    ActionPoint.objects.create(
        conference=conference, item=item, description="Actiepunt Tapuit", responsible=corporation
    )
    return (
        {conference.pk, item.pk, decision.pk},
        [
            "Overleg Roerdomp",
            "Zaal Kramsvogel",
            "Agendareden Putter",
            "Agendanotitie Fuut",
            "Besluitreden Wielewaal",
            "Actiepunt Tapuit",
        ],
    )
