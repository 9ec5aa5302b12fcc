"""Records of the secret household for the leak walker: a trajectory with due items and an
incident report."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from woonkans.organisations.models import Organisation
from woonkans.tasks.models import DueItem, IncidentReport
from woonkans.trajectories.models import State, Trajectory


def secret_trajectory(*, household, corporation, care) -> Trajectory:
    """One trajectory of the secret household shared by the tasks and indications records
    (other apps may add their own)."""
    existing = Trajectory.objects.filter(household=household, reason="Redenmarker Grutto").first()
    if existing is not None:
        return existing
    social_team, _ = Organisation.objects.get_or_create(
        slug="team-betrokken", defaults={"kind": "gemeente", "name": "Sociaal Team Betrokken"}
    )
    return Trajectory.objects.create(
        household=household,
        corporation=corporation,
        care_provider=care,
        social_team=social_team,
        referred_by=corporation,
        referred_on=date(2026, 1, 5),
        reason="Redenmarker Grutto",
        arrears_at_referral=Decimal("1500.00"),
        legal_stage="geen_vonnis",
        state=State.ACTIVE,
        state_since=date(2026, 2, 1),
    )


def make(*, household, corporation, care) -> tuple[set, list]:
    trajectory = secret_trajectory(household=household, corporation=corporation, care=care)
    item = DueItem.objects.create(
        trajectory=trajectory,
        kind="support_report",
        period_key="1",
        title="Taakmarker Tureluur",
        due_on=date(2026, 3, 1),
        responsible_organisation=care,
        responsible_function="woonbegeleider",
    )
    incident = IncidentReport.objects.create(
        trajectory=trajectory,
        kind="nuisance",
        occurred_on=date(2026, 2, 10),
        description="Incidentmarker Wulp",
        reported_by_organisation=care,
    )
    return {item.pk, incident.pk, trajectory.pk}, ["Tureluur", "Wulp", "Grutto"]
