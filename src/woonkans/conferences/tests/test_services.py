from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from woonkans.audit.models import AuditEvent
from woonkans.conferences import services
from woonkans.conferences.models import (
    AgendaSource,
    AttendanceStatus,
    Conference,
    ConferenceSeries,
    ConferenceStatus,
    Outcome,
)
from woonkans.households.models import TimelineEntry
from woonkans.households.services import EditConflict
from woonkans.organisations.models import Role
from woonkans.tasks.models import DueItem, DueKind
from woonkans.trajectories.models import State, Transition

pytestmark = pytest.mark.django_db


def _sources(conference):
    return [(i.trajectory_id, i.source) for i in conference.items.order_by("position")]


# --- Meetings and schedules ------------------------------------------------------------


def test_create_invites_partners_and_lists_them_for_attendance(world):
    conference = world.conference()
    assert conference.organiser == world.care
    assert conference.chair == world.coordinator.user
    assert set(conference.invited.all()) == {world.eik, world.beuk, world.cjg}
    rows = conference.attendance.all()
    assert {r.organisation for r in rows} == {world.care, world.eik, world.beuk, world.cjg}
    assert {r.status for r in rows} == {AttendanceStatus.UNKNOWN}
    assert AuditEvent.objects.filter(object_type="conferences.conference", action="create").exists()


def test_changing_a_planned_meeting_checks_the_version_and_syncs_attendance(world):
    conference = world.conference()
    seen = conference.version
    changed = services.conference_update(
        actor=world.coordinator,
        conference=conference,
        version=seen,
        title="Casusoverleg Vijver (verzet)",
        on_date=world.today + timedelta(days=1),
        start_time=time(14, 0),
        place="Zaal 3",
        invited=[world.eik, world.outsider],
    )
    assert changed.date == world.today + timedelta(days=1) and changed.place == "Zaal 3"
    assert {r.organisation for r in changed.attendance.all()} == {
        world.care,
        world.eik,
        world.outsider,
    }
    with pytest.raises(EditConflict):
        services.conference_update(
            actor=world.coordinator,
            conference=conference,
            version=seen,  # stale: someone changed it in between
            title="Oud",
            on_date=world.today,
            start_time=time(9, 0),
            place="Zaal 1",
        )
    conference.refresh_from_db()
    assert conference.title == "Casusoverleg Vijver (verzet)"
    services.conference_start(actor=world.coordinator, conference=conference)
    with pytest.raises(ValidationError):
        services.conference_update(
            actor=world.coordinator,
            conference=conference,
            version=None,
            title="Te laat",
            on_date=world.today,
            start_time=time(9, 0),
            place="Zaal 1",
        )


def test_only_a_coordinator_plans_meetings(world):
    for role in (Role.WOONBEGELEIDER, Role.WOONCONSULENT):
        org = world.care if role == Role.WOONBEGELEIDER else world.eik
        with pytest.raises(PermissionDenied):
            services.conference_create(
                actor=world.actor(org, role),
                title="X",
                on_date=world.today,
                start_time=time(9),
                place="Zaal",
            )


def test_a_meeting_needs_a_place_or_a_link(world):
    with pytest.raises(ValidationError):
        world.conference(place="")
    online = world.conference(place="", online_link="https://meet.example.invalid/casus")
    assert online.online_link


def test_recurring_schedule_generates_the_next_meeting_once(world):
    first = world.conference(repeat_weeks=2)
    series = first.series
    assert isinstance(series, ConferenceSeries) and series.interval_weeks == 2
    later = world.today + timedelta(days=1)
    following, created = services.series_schedule_next(
        actor=world.coordinator, series=series, today=later
    )
    assert created and following.date == world.today + timedelta(weeks=2)
    assert set(following.invited.all()) == {world.eik, world.beuk, world.cjg}
    assert following.attendance.count() == 4
    again, created_again = services.series_schedule_next(actor=None, series=series, today=later)
    assert again == following and not created_again
    assert services.schedule_all(today=later) == 0
    assert Conference.objects.filter(series=series).count() == 2


def test_only_the_organisers_coordinator_generates_from_a_schedule(world):
    series = world.conference(repeat_weeks=1).series
    with pytest.raises(PermissionDenied):
        services.series_schedule_next(
            actor=world.actor(world.care, Role.WOONBEGELEIDER), series=series, today=world.today
        )


# --- Agenda ---------------------------------------------------------------------------


def test_agenda_has_new_referrals_priority_first(world):
    conference = world.conference()
    added = services.agenda_build(actor=world.coordinator, conference=conference)
    assert added == 2
    assert _sources(conference) == [
        (world.b.pk, AgendaSource.REFERRAL),  # eviction verdict: priority
        (world.a.pk, AgendaSource.REFERRAL),
    ]
    first = conference.items.order_by("position").first()
    assert first.snapshot_name == "Familie Boomklever" and first.snapshot_priority


def test_agenda_build_is_idempotent(world):
    conference = world.conference()
    services.agenda_build(actor=world.coordinator, conference=conference)
    services.agenda_add(actor=world.coordinator, conference=conference, topic="Werkafspraken")
    assert services.agenda_build(actor=world.coordinator, conference=conference) == 0
    assert conference.items.count() == 3
    assert conference.items.filter(trajectory=world.a).count() == 1


def test_agenda_includes_running_trajectories_with_due_or_overdue_items(world):
    running = world.trajectory(
        "Familie Chiffchaff",
        "HH-CHIF",
        world.eik,
        referred_on=world.today - timedelta(days=200),
        state=State.ACTIVE,
    )
    quiet = world.trajectory(
        "Familie Distelvink",
        "HH-DIST",
        world.eik,
        referred_on=world.today - timedelta(days=200),
        state=State.ACTIVE,
    )
    DueItem.objects.create(
        trajectory=running,
        kind=DueKind.QUARTERLY_REPORT,
        period_key="2026-Q3",
        title="Kwartaalrapportage",
        due_on=world.today - timedelta(days=3),
        responsible_organisation=world.care,
    )
    DueItem.objects.create(
        trajectory=quiet,
        kind=DueKind.QUARTERLY_REPORT,
        period_key="2026-Q4",
        title="Kwartaalrapportage",
        due_on=world.today + timedelta(days=30),  # not yet due at the meeting
        responsible_organisation=world.care,
    )
    conference = world.conference()
    services.agenda_build(actor=world.coordinator, conference=conference)
    item = conference.items.get(trajectory=running)
    assert item.source == AgendaSource.DUE_ITEMS
    assert "Kwartaalrapportage" in item.snapshot_reason
    assert not conference.items.filter(trajectory=quiet).exists()


def test_agenda_leaves_out_final_trajectories_and_other_care_providers(world):
    world.a.state = State.DECLINED
    world.a.save()
    other = world.trajectory(
        "Familie Elders", "HH-ELDE", world.eik, referred_on=world.today - timedelta(days=5)
    )
    other.care_provider = world.outsider
    other.save()
    conference = world.conference()
    services.agenda_build(actor=world.coordinator, conference=conference)
    assert [t for t, _s in _sources(conference)] == [world.b.pk]


def test_a_case_waiting_on_an_earlier_open_meeting_is_not_added_twice(world):
    earlier = world.conference(on_date=world.today)
    services.agenda_build(actor=world.coordinator, conference=earlier)
    later = world.conference(on_date=world.today + timedelta(days=14))
    assert services.agenda_build(actor=world.coordinator, conference=later) == 0


def test_agenda_is_frozen_when_the_meeting_starts(world):
    conference = world.conference()
    services.agenda_build(actor=world.coordinator, conference=conference)
    services.conference_start(actor=world.coordinator, conference=conference, version=None)
    world.a.household.name = "Familie Nieuwenaam"
    world.a.household.save()
    with pytest.raises(ValidationError):
        services.agenda_build(actor=world.coordinator, conference=conference)
    with pytest.raises(ValidationError):
        services.agenda_add(actor=world.coordinator, conference=conference, topic="Te laat")
    with pytest.raises(ValidationError):
        services.agenda_remove(
            actor=world.coordinator, item=conference.items.get(trajectory=world.a)
        )
    assert conference.items.get(trajectory=world.a).snapshot_name == "Familie Aalscholver"


def test_starting_with_an_old_version_is_refused(world):
    conference = world.conference()
    seen = conference.version
    services.agenda_add(actor=world.coordinator, conference=conference, topic="Rondvraag")
    with pytest.raises(EditConflict):
        services.conference_start(actor=world.coordinator, conference=conference, version=seen)


def test_agenda_add_by_hand_and_remove(world):
    conference = world.conference()
    item = services.agenda_add(
        actor=world.coordinator, conference=conference, trajectory=world.a, note="Vraag van Eik"
    )
    assert item.source == AgendaSource.MANUAL and item.snapshot_name == "Familie Aalscholver"
    with pytest.raises(ValidationError):
        services.agenda_add(actor=world.coordinator, conference=conference, trajectory=world.a)
    with pytest.raises(ValidationError):
        services.agenda_add(actor=world.coordinator, conference=conference)
    services.agenda_remove(actor=world.coordinator, item=item)
    assert not conference.items.exists()
    elsewhere = world.trajectory(
        "Familie Elders", "HH-ELDE", world.eik, referred_on=world.today - timedelta(days=5)
    )
    elsewhere.care_provider = world.outsider
    elsewhere.social_team = None
    elsewhere.save()
    elsewhere.household.involvements.filter(organisation=world.care).update(
        closed_at=timezone.now()
    )
    with pytest.raises(ValidationError):
        services.agenda_add(actor=world.coordinator, conference=conference, trajectory=elsewhere)


def test_the_daily_job_plans_the_next_meeting_once(world):
    from woonkans.conferences.tasks import schedule_next_meetings

    world.conference(repeat_weeks=2, on_date=world.today - timedelta(days=1))
    schedule_next_meetings(run_key="a")
    schedule_next_meetings(run_key="b")
    assert Conference.objects.filter(date=world.today + timedelta(days=13)).count() == 1


# --- Attendance -------------------------------------------------------------------------


def test_attendance_per_organisation_and_person(world):
    conference = world.conference()
    rows = {r.organisation_id: r for r in conference.attendance.all()}
    changed = services.attendance_record(
        actor=world.coordinator,
        conference=conference,
        statuses={
            rows[world.eik.pk].pk: AttendanceStatus.PRESENT,
            rows[world.beuk.pk].pk: AttendanceStatus.EXCUSED,
        },
    )
    assert changed == 2
    person = services.attendance_add_person(
        actor=world.coordinator,
        conference=conference,
        organisation=world.cjg,
        person_name="F. Zwartveen",
        status=AttendanceStatus.EXCUSED,
    )
    assert person.status == AttendanceStatus.EXCUSED
    statuses = {(r.organisation_id, r.person_name): r.status for r in conference.attendance.all()}
    assert statuses[(world.eik.pk, "")] == AttendanceStatus.PRESENT
    assert statuses[(world.beuk.pk, "")] == AttendanceStatus.EXCUSED
    assert statuses[(world.cjg.pk, "F. Zwartveen")] == AttendanceStatus.EXCUSED
    with pytest.raises(ValidationError):
        services.attendance_add_person(
            actor=world.coordinator,
            conference=conference,
            organisation=world.outsider,
            person_name="Niet uitgenodigd",
        )
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=world.coordinator,
            conference=conference,
            statuses={rows[world.eik.pk].pk: "misschien"},
        )


def test_only_the_coordinator_records_attendance(world):
    conference = world.conference()
    with pytest.raises(PermissionDenied):
        services.attendance_record(
            actor=world.actor(world.eik, Role.WOONCONSULENT), conference=conference, statuses={}
        )


# --- Decisions --------------------------------------------------------------------------


def _item(conference, trajectory):
    return conference.items.get(trajectory=trajectory)


def test_admit_moves_the_trajectory_to_discussed(world, started):
    decision = services.decision_record(
        actor=world.coordinator,
        item=_item(started, world.a),
        outcome=Outcome.ADMIT,
        reasons="Past in de regeling; gezin wil meewerken.",
    )
    world.a.refresh_from_db()
    assert world.a.state == State.DISCUSSED
    assert decision.transition.to_state == State.DISCUSSED
    assert decision.transition.reason == "Past in de regeling; gezin wil meewerken."
    assert decision.decided_on == world.today
    kinds = set(
        TimelineEntry.objects.filter(household=world.a.household).values_list("kind", flat=True)
    )
    assert {"conference.decision", "trajectory.transition"} <= kinds
    assert AuditEvent.objects.filter(
        object_type="conferences.decision", household_id=world.a.household_id
    ).exists()


def test_not_admit_ends_the_trajectory(world, started):
    services.decision_record(
        actor=world.coordinator,
        item=_item(started, world.b),
        outcome=Outcome.NOT_ADMIT,
        reasons="Andere hulp past beter.",
    )
    world.b.refresh_from_db()
    assert world.b.state == State.NOT_ADMITTED
    assert Transition.objects.filter(trajectory=world.b, to_state=State.NOT_ADMITTED).exists()


def test_more_information_keeps_the_state_and_returns_the_case(world, started):
    services.decision_record(
        actor=world.coordinator,
        item=_item(started, world.a),
        outcome=Outcome.MORE_INFORMATION,
        reasons="Eerst gesprek met CJG over eerdere regeling.",
    )
    world.a.refresh_from_db()
    assert world.a.state == State.REFERRED
    assert not Transition.objects.filter(trajectory=world.a).exists()
    services.conference_close(actor=world.coordinator, conference=started)
    following = world.conference(on_date=world.today + timedelta(days=14))
    services.agenda_build(actor=world.coordinator, conference=following)
    assert _item(following, world.a).source == AgendaSource.FOLLOW_UP


def test_a_returned_case_comes_back_once(world, started):
    services.decision_record(
        actor=world.coordinator,
        item=_item(started, world.a),
        outcome=Outcome.MORE_INFORMATION,
        reasons="Eerst huisbezoek.",
    )
    services.conference_close(actor=world.coordinator, conference=started)
    second = world.conference(on_date=world.today + timedelta(days=14))
    services.agenda_build(actor=world.coordinator, conference=second)
    assert _item(second, world.a).source == AgendaSource.FOLLOW_UP
    services.conference_start(actor=world.coordinator, conference=second)
    services.conference_close(actor=world.coordinator, conference=second)  # no new decision
    third = world.conference(on_date=world.today + timedelta(days=28))
    services.agenda_build(actor=world.coordinator, conference=third)
    assert _item(third, world.a).source == AgendaSource.REFERRAL  # still a referral


def test_only_the_coordinator_decides_with_a_clear_message(world, started):
    for org, role in (
        (world.eik, Role.WOONCONSULENT),
        (world.cjg, Role.WIJKCONSULENT),
        (world.care, Role.WOONBEGELEIDER),
        (world.outsider, Role.COORDINATOR),
    ):
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            services.decision_record(
                actor=world.actor(org, role),
                item=_item(started, world.a),
                outcome=Outcome.ADMIT,
                reasons="Ja",
            )
        assert "Only the coordinator" in " ".join(refused.value.messages)
    world.a.refresh_from_db()
    assert world.a.state == State.REFERRED


def test_one_decision_per_case_and_reasons_required(world, started):
    item = _item(started, world.a)
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=world.coordinator, item=item, outcome=Outcome.ADMIT, reasons="  "
        )
    services.decision_record(
        actor=world.coordinator, item=item, outcome=Outcome.ADMIT, reasons="Ok"
    )
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.decision_record(
            actor=world.coordinator, item=item, outcome=Outcome.NOT_ADMIT, reasons="Toch niet"
        )
    assert "already been recorded" in " ".join(refused.value.messages)


def test_no_decisions_before_the_meeting_starts_or_after_it_closed(world):
    conference = world.conference()
    services.agenda_build(actor=world.coordinator, conference=conference)
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=world.coordinator,
            item=_item(conference, world.a),
            outcome=Outcome.ADMIT,
            reasons="Te vroeg",
        )
    services.conference_start(actor=world.coordinator, conference=conference)
    services.conference_close(actor=world.coordinator, conference=conference)
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.CLOSED
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=world.coordinator,
            item=_item(conference, world.a),
            outcome=Outcome.ADMIT,
            reasons="Te laat",
        )


def test_action_points_only_during_the_meeting(world, started):
    point = services.action_point_add(
        actor=world.coordinator,
        conference=started,
        description="CJG belt het gezin",
        item=_item(started, world.a),
        responsible=world.cjg,
        due_on=world.today + timedelta(days=7),
    )
    assert point.item.trajectory == world.a
    with pytest.raises(ValidationError):
        services.action_point_add(
            actor=world.coordinator, conference=started, description="x", responsible=world.outsider
        )
    services.conference_close(actor=world.coordinator, conference=started)
    with pytest.raises(ValidationError):
        services.action_point_add(actor=world.coordinator, conference=started, description="Later")
