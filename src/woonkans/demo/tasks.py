"""Demo indications, due items and one incident report for the pilot households.

Runs after the trajectories of the demo exist (it only uses what is there). For every pilot
household whose guidance started, the social team's indication follows
``PilotFacts.guidance_hours`` (hours per week by activity) for one year from the start of
the guidance (renewed yearly up to today); the current indication of the first one ends
within six weeks so the warning shows. Due items older than three weeks are marked done
(the pilot's history); the recent ones stay open, so some show as overdue. A household
without hours in the report gets no indication (the "guidance without a valid indication"
warning). Then the due items of every pilot trajectory are generated and one incident is
reported. Idempotent: nothing is added where an indication or incident already exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.db import transaction

from woonkans.accounts.models import User
from woonkans.indications import services as indication_services
from woonkans.indications.models import LegalBasis
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Organisation, OrganisationKind, Role
from woonkans.tasks import services as task_services
from woonkans.tasks.models import IncidentKind, IncidentReport
from woonkans.tasks.selectors import open_due_items
from woonkans.trajectories.models import Trajectory
from woonkans.trajectories.selectors import guidance_started_on

from . import data
from .history import dated

# Activity names as the social team writes them on the indication (Dutch data).
ACTIVITY_NAMES = {
    data.BUDGET: "Budgetbegeleiding",
    data.CHILDREN: "Gesprekken met de kinderen",
    data.AMBULANT: "Ambulante woonbegeleiding",
}
PRODUCT = "Begeleiding individueel (ambulant)"
#: Due items older than this are shown as done in the demo (the pilot's history).
HISTORY_DAYS = 21
INCIDENT_TEXT = (
    "Buren klaagden over harde muziek in de nacht. Besproken met de huurder; zij zet de "
    "muziek voortaan voor tien uur 's avonds zachter. Volgende week volgt een huisbezoek."
)


@dataclass(frozen=True)
class TasksLoadResult:
    indications: int = 0
    due_items: int = 0
    incidents: int = 0


def _actor(organisation: Organisation, role: str) -> Actor:
    user = (
        User.objects.filter(
            memberships__organisation=organisation, memberships__role=role, is_active=True
        )
        .order_by("pk")
        .first()
    )
    return Actor(organisation=organisation, role=role, user=user)


def _pilot_trajectories() -> list[tuple[data.PilotHousehold, Trajectory]]:
    found = []
    for spec in data.PILOT_HOUSEHOLDS:
        trajectory = (
            Trajectory.objects.filter(household__reference=spec.reference)
            .select_related("social_team", "care_provider")
            .order_by("-referred_on", "-pk")
            .first()
        )
        if trajectory is not None:
            found.append((spec, trajectory))
    return found


def _indication(spec, trajectory: Trajectory, today: date, ending_soon: bool) -> int:
    """Yearly indications from the start of the guidance, renewed without a gap up to
    today; with ``ending_soon`` the current one ends in 30 days (the warning shows)."""
    team = trajectory.social_team
    start = guidance_started_on(trajectory)
    if (
        team is None
        or team.kind != OrganisationKind.GEMEENTE
        or start is None
        or not spec.facts.guidance_hours
        or trajectory.indications.exists()
        or trajectory.is_final
    ):
        return 0
    actor = _actor(team, Role.WIJKCONSULENT)
    activities = [
        (ACTIVITY_NAMES.get(activity, activity), hours)
        for activity, hours in spec.facts.guidance_hours
    ]
    made = 0
    while True:
        end = start + timedelta(days=364)
        current = end >= today
        if current and ending_soon:
            end = max(start, today + timedelta(days=30))
        with dated(start):
            indication_services.indication_create(
                actor=actor,
                trajectory=trajectory,
                legal_basis=LegalBasis.WMO,
                product=PRODUCT,
                product_category="02",
                start_date=start,
                end_date=end,
                activities=activities,
            )
        made += 1
        if current:
            return made
        start = end + timedelta(days=1)


def _complete_history(trajectory: Trajectory, today: date) -> int:
    """Items due more than three weeks ago happened during the pilot: the coordinator
    marks them done on their due date. Recent ones stay open (some overdue)."""
    care = trajectory.care_provider
    if care is None:
        return 0
    coordinator = _actor(care, Role.COORDINATOR)
    if coordinator.user is None:
        return 0
    done = 0
    cutoff = today - timedelta(days=HISTORY_DAYS)
    for item in open_due_items(trajectory).filter(due_on__lt=cutoff):
        task_services.due_item_complete(actor=coordinator, item=item, done_on=item.due_on)
        done += 1
    return done


def _incident(trajectory: Trajectory, today: date) -> int:
    if (
        trajectory.care_provider is None
        or IncidentReport.objects.filter(trajectory__household=trajectory.household).exists()
    ):
        return 0
    occurred_on = today - timedelta(days=3)
    with dated(occurred_on, time(16, 0)):
        task_services.incident_report(
            actor=_actor(trajectory.care_provider, Role.WOONBEGELEIDER),
            trajectory=trajectory,
            kind=IncidentKind.NUISANCE,
            occurred_on=occurred_on,
            description=INCIDENT_TEXT,
        )
    return 1


@transaction.atomic
def demo_tasks_load(*, today: date) -> TasksLoadResult:
    indications = due_items = incidents = 0
    pilots = _pilot_trajectories()
    ending_soon_done = False
    for spec, trajectory in pilots:
        made = _indication(spec, trajectory, today, ending_soon=not ending_soon_done)
        ending_soon_done = ending_soon_done or bool(made)
        indications += made
    for _spec, trajectory in pilots:
        due_items += task_services.due_items_sync(trajectory=trajectory, today=today)["created"]
        _complete_history(trajectory, today)
    running = [t for _s, t in pilots if guidance_started_on(t) is not None and not t.is_final]
    if (
        running
        and not IncidentReport.objects.filter(trajectory__in=[t for _s, t in pilots]).exists()
    ):
        incidents = _incident(running[0], today)
    return TasksLoadResult(indications=indications, due_items=due_items, incidents=incidents)
