"""Demo case conferences: past (closed) meetings with the decisions about the pilot
households — one per day on which they were discussed — and one upcoming meeting with the
fresh referrals on its agenda.

Runs after the trajectories of the demo exist (it only uses what is there; without
trajectories it plans the upcoming meeting with an empty agenda). Idempotent: the meetings
are found again by organiser, title and date; decisions by agenda item.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from woonkans.accounts.models import User
from woonkans.conferences import services
from woonkans.conferences.models import (
    ActionPoint,
    AgendaItem,
    AgendaSource,
    AttendanceStatus,
    Conference,
    ConferenceStatus,
    Decision,
    Outcome,
)
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import Organisation, Role
from woonkans.trajectories.models import State, Trajectory, Transition

from . import data

PAST_TITLE = "Casusoverleg laatste kans (terugblik pilot)"
UPCOMING_TITLE = "Casusoverleg laatste kans"
PLACE = "Stadskantoor Lindendorp, zaal De Brug"

# Reasons written for the demo (our own words, not the pilot report's).
ADMIT_REASONS = (
    "Het gezin wil de woning behouden en stemt in met begeleiding en budgetbeheer. "
    "Corporatie en CJG zien een haalbare start; het vonnis maakt de zaak urgent."
)
NOT_ADMIT_REASONS = "De partners zien meer in een andere vorm van hulp; het CJG blijft betrokken."


@dataclass(frozen=True)
class ConferencesLoadResult:
    meetings: int = 0
    decisions: int = 0
    agenda_items: int = 0

    @property
    def anything_created(self) -> bool:
        return bool(self.meetings or self.decisions or self.agenda_items)


def _coordinator(care: Organisation) -> Actor | None:
    user = User.objects.filter(
        memberships__organisation=care, memberships__role=Role.COORDINATOR
    ).first()
    if user is None:
        return None
    return Actor(organisation=care, role=Role.COORDINATOR, user=user)


def _next_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7 or 7)


@transaction.atomic
def demo_conferences_load(
    *, organisations: dict[str, Organisation], today: date
) -> ConferencesLoadResult:
    care = organisations[data.ONDERDAK]
    actor = _coordinator(care)
    if actor is None:
        return ConferencesLoadResult()
    invited = [
        organisations[data.DE_LINDE],
        organisations[data.RIVIERLAND],
        organisations[data.CJG],
    ]
    references = [spec.reference for spec in data.PILOT_HOUSEHOLDS]
    pilot = list(
        Trajectory.objects.filter(household__reference__in=references, care_provider=care)
        .exclude(state=State.REFERRED)
        .select_related("household")
    )
    meetings = decisions = items = 0
    # The pilot households were discussed on different days: one closed meeting per day, so
    # each decision has the date of the trajectory's step "discussed in case conference".
    by_date: dict[date, list[Trajectory]] = {}
    for trajectory in pilot:
        transition = _discussed_on(trajectory)
        on_date = transition.occurred_on if transition else today - timedelta(days=90)
        by_date.setdefault(on_date, []).append(trajectory)
    for on_date, trajectories in sorted(by_date.items()):
        made, decided = _past_meeting(actor, invited, trajectories, on_date)
        meetings += made
        decisions += decided
    made, added = _upcoming_meeting(actor, invited, today)
    meetings += made
    items += added
    return ConferencesLoadResult(meetings=meetings, decisions=decisions, agenda_items=items)


def _discussed_on(trajectory: Trajectory) -> Transition | None:
    return (
        Transition.objects.filter(
            trajectory=trajectory, to_state__in=[State.DISCUSSED, State.NOT_ADMITTED]
        )
        .order_by("occurred_on", "pk")
        .first()
    )


def _past_meeting(actor, invited, pilot, on_date) -> tuple[int, int]:
    transitions = {t.pk: _discussed_on(t) for t in pilot}
    conference = Conference.objects.filter(
        organiser=actor.organisation, title=PAST_TITLE, date=on_date
    ).first()
    created = 0
    if conference is None:
        conference = services.conference_create(
            actor=actor,
            title=PAST_TITLE,
            on_date=on_date,
            start_time=time(13, 30),
            end_time=time(15, 0),
            place=PLACE,
            invited=invited,
        )
        created = 1
    decided = 0
    for position, trajectory in enumerate(
        sorted(pilot, key=lambda t: (not t.priority, t.referred_on, t.pk)), start=1
    ):
        item, _new = AgendaItem.objects.get_or_create(
            conference=conference,
            trajectory=trajectory,
            defaults={
                "source": AgendaSource.REFERRAL,
                "position": position,
                "snapshot_name": trajectory.household.name,
                "snapshot_reference": trajectory.household.reference,
                "snapshot_state": State.REFERRED,
                "snapshot_priority": trajectory.priority,
                "snapshot_reason": f"Aangemeld op {trajectory.referred_on:%d-%m-%Y}.",
                "added_by_label": actor.label,
            },
        )
        if Decision.objects.filter(item=item).exists():
            continue
        transition = transitions[trajectory.pk]
        not_admitted = trajectory.state == State.NOT_ADMITTED
        Decision.objects.create(
            item=item,
            trajectory=trajectory,
            outcome=Outcome.NOT_ADMIT if not_admitted else Outcome.ADMIT,
            reasons=NOT_ADMIT_REASONS if not_admitted else ADMIT_REASONS,
            decided_on=conference.date,
            decided_by=actor.user,
            decided_by_label=actor.label,
            organisation=actor.organisation,
            transition=transition,
        )
        decided += 1
    if conference.status == ConferenceStatus.PLANNED:
        conference.attendance.update(status=AttendanceStatus.PRESENT)
        conference.attendance.filter(organisation=invited[1]).update(
            status=AttendanceStatus.EXCUSED
        )
        ActionPoint.objects.get_or_create(
            conference=conference,
            item=None,
            description="Elke twee weken een casusoverleg; het CJG zorgt voor een vervanger "
            "bij afwezigheid.",
            defaults={"responsible": invited[2]},
        )
        held = timezone.make_aware(datetime.combine(conference.date, conference.start_time))
        Conference.objects.filter(pk=conference.pk).update(
            status=ConferenceStatus.CLOSED,
            started_at=held,
            closed_at=held + timedelta(minutes=90),
        )
    return created, decided


def _upcoming_meeting(actor, invited, today) -> tuple[int, int]:
    on_date = _next_weekday(today, 1)  # the next Tuesday
    conference = Conference.objects.filter(
        organiser=actor.organisation, title=UPCOMING_TITLE, series__isnull=False
    ).first()
    created = 0
    if conference is None:
        conference = services.conference_create(
            actor=actor,
            title=UPCOMING_TITLE,
            on_date=on_date,
            start_time=time(10, 0),
            end_time=time(11, 30),
            place=PLACE,
            online_link="https://vergaderen.example.invalid/casusoverleg",
            invited=invited,
            repeat_weeks=2,
        )
        created = 1
    if not created or conference.status != ConferenceStatus.PLANNED:
        # Built once, when the meeting is planned: loading again changes nothing (the due
        # items the task demo adds later come on the agenda when a user rebuilds it).
        return created, 0
    return created, services.agenda_build(actor=actor, conference=conference)
