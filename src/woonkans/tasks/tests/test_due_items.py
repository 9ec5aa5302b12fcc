from datetime import UTC, date, datetime

import pytest
import time_machine
from django.utils import timezone

from woonkans.jobs.helpers import run_once
from woonkans.jobs.models import OutgoingEmail
from woonkans.organisations.models import Role
from woonkans.tasks import registry, selectors, services
from woonkans.tasks.models import DueItem, DueKind, DueStatus
from woonkans.trajectories.models import MemberFunction, State, TrajectoryMember, Transition

from .helpers import World, standard_dates

pytestmark = pytest.mark.django_db


def at(day: date):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, 11, 0, tzinfo=UTC), tick=False
    )


def keys(trajectory):
    return sorted(
        (i.kind, i.period_key, i.due_on, i.status)
        for i in DueItem.objects.filter(trajectory=trajectory)
    )


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def running(world):
    trajectory = world.trajectory(dates=standard_dates())
    world.fin = world.member(trajectory, MemberFunction.FINANCIEEL_CONSULENT)
    world.wb = world.member(trajectory, MemberFunction.WOONBEGELEIDER)
    world.coordinator = world.member(trajectory, MemberFunction.COORDINATOR)
    world.contact = world.member(trajectory, MemberFunction.CONTACTPERSOON)
    return trajectory


def test_items_appear_and_become_overdue_on_the_right_dates(world, running):
    with at(date(2027, 2, 1)):
        services.due_items_sync_all()
        items = {i.kind: i for i in DueItem.objects.filter(trajectory=running)}
        # Intake Thursday 7 January -> details due Monday 11 January (already overdue).
        assert items[DueKind.DETAILS_TO_CORPORATION].due_on == date(2027, 1, 11)
        assert items[DueKind.RENT_TAKEOVER].due_on == date(2027, 3, 1)
        assert items[DueKind.EVALUATION].due_on == date(2028, 2, 1)
        assert items[DueKind.SUPPORT_REPORT].due_on == date(2028, 1, 18)
        assert DueKind.QUARTERLY_REPORT not in items
        mine = list(selectors.personal_items(world.fin))
        assert [i.kind for i in mine] == [DueKind.DETAILS_TO_CORPORATION, DueKind.RENT_TAKEOVER]
        assert mine[0].is_overdue(timezone.localdate())
        assert not mine[1].is_overdue(timezone.localdate())
    with at(date(2027, 3, 30)):
        services.due_items_sync_all()
        assert not DueItem.objects.filter(kind=DueKind.QUARTERLY_REPORT).exists()
    with at(date(2027, 3, 31)):  # the first report is due 1 May and shows 31 days before
        services.due_items_sync_all()
        q1 = DueItem.objects.get(kind=DueKind.QUARTERLY_REPORT)
        assert (q1.period_key, q1.due_on) == ("q1", date(2027, 5, 1))
        assert not q1.is_overdue(timezone.localdate())
    with at(date(2027, 5, 1)):
        assert not DueItem.objects.get(kind=DueKind.QUARTERLY_REPORT).is_overdue(
            timezone.localdate()
        )
    with at(date(2027, 5, 2)):
        assert DueItem.objects.get(kind=DueKind.QUARTERLY_REPORT).is_overdue(timezone.localdate())


def test_generation_is_idempotent(running):
    with at(date(2027, 6, 1)):
        first = services.due_items_sync(trajectory=running)
        snapshot = keys(running)
        second = services.due_items_sync(trajectory=running)
        assert first["created"] == len(snapshot) > 0
        assert second == {"created": 0, "updated": 0, "completed": 0, "cancelled": 0}
        assert keys(running) == snapshot


def test_the_daily_job_runs_once_per_day_and_rerunning_changes_nothing(running):
    with at(date(2027, 6, 1)):
        from woonkans.tasks.tasks import generate_due_items

        generate_due_items()
        snapshot = keys(running)
        assert generate_due_items() is None  # same run key: skipped
        run_once(task_name="manual", run_key="x", work=services.due_items_sync_all)
        assert keys(running) == snapshot


def test_changed_evaluation_date_moves_the_open_items(running):
    with at(date(2027, 6, 1)):
        services.due_items_sync(trajectory=running)
        running.evaluation_on = date(2028, 3, 1)
        running.save()
        counts = services.due_items_sync(trajectory=running)
        assert counts["updated"] == 2
        assert DueItem.objects.get(kind=DueKind.EVALUATION).due_on == date(2028, 3, 1)
        assert DueItem.objects.get(kind=DueKind.SUPPORT_REPORT).due_on == date(2028, 2, 16)


def test_final_state_cancels_open_items_but_keeps_done_ones(world, running):
    with at(date(2027, 6, 1)):
        services.due_items_sync(trajectory=running)
        details = DueItem.objects.get(kind=DueKind.DETAILS_TO_CORPORATION)
        services.due_item_complete(actor=world.fin, item=details)
        Transition.objects.create(
            trajectory=running,
            from_state=State.ACTIVE,
            to_state=State.FLIPPED_BACK,
            occurred_on=date(2027, 6, 1),
        )
        running.state = State.FLIPPED_BACK
        running.save()
        services.due_items_sync(trajectory=running)
        statuses = {i.kind: i.status for i in DueItem.objects.filter(trajectory=running)}
        assert statuses[DueKind.DETAILS_TO_CORPORATION] == DueStatus.DONE
        assert statuses[DueKind.RENT_TAKEOVER] == DueStatus.CANCELLED
        assert not selectors.open_due_items(running).exists()


def test_hand_over_the_new_member_sees_the_items(world, running):
    with at(date(2027, 2, 10)):
        services.due_items_sync(trajectory=running)
        assert selectors.personal_items(world.fin).exists()
        member = TrajectoryMember.objects.get(trajectory=running, user=world.fin.user)
        member.ended_on = date(2027, 2, 10)
        member.save()
        successor = world.member(
            running, MemberFunction.FINANCIEEL_CONSULENT, started_on=date(2027, 2, 10)
        )
        assert not selectors.personal_items(world.fin).exists()
        assert {i.kind for i in selectors.personal_items(successor)} == {
            DueKind.DETAILS_TO_CORPORATION,
            DueKind.RENT_TAKEOVER,
        }
        item = selectors.personal_items(successor).first()
        services.due_item_complete(actor=successor, item=item)
        from django.core.exceptions import PermissionDenied

        other = selectors.open_due_items(running).filter(kind=DueKind.RENT_TAKEOVER).get()
        with pytest.raises(PermissionDenied):
            services.due_item_complete(actor=world.fin, item=other)


def test_coordinator_sees_all_items_of_the_care_provider(world, running):
    with at(date(2027, 2, 10)):
        services.due_items_sync(trajectory=running)
        assert (
            selectors.personal_items(world.coordinator).count()
            == selectors.open_due_items(running).count()
        )
        wb_kinds = {i.kind for i in selectors.personal_items(world.wb)}
        assert wb_kinds == {DueKind.SUPPORT_REPORT, DueKind.EVALUATION}


def test_registry_completes_items_from_other_data(running):
    def quarterly_done(item):
        return date(2027, 4, 28) if item.period_key == "q1" else None

    registry.register_completion("quarterly_report", quarterly_done)
    try:
        with at(date(2027, 5, 3)):
            services.due_items_sync(trajectory=running)
            q1 = DueItem.objects.get(kind=DueKind.QUARTERLY_REPORT, period_key="q1")
            assert (q1.status, q1.done_on) == (DueStatus.DONE, date(2027, 4, 28))
            assert services.due_items_sync(trajectory=running)["completed"] == 0
    finally:
        registry._COMPLETIONS["quarterly_report"].remove(quarterly_done)


def test_evaluation_is_done_when_the_trajectory_leaves_the_evaluation_state(running):
    with at(date(2027, 6, 1)):
        services.due_items_sync(trajectory=running)
    with at(date(2028, 2, 5)):
        for frm, to, day in (
            (State.ACTIVE, State.EVALUATION, date(2028, 2, 1)),
            (State.EVALUATION, State.EXTENDED, date(2028, 2, 3)),
        ):
            Transition.objects.create(
                trajectory=running, from_state=frm, to_state=to, occurred_on=day
            )
        running.state, running.evaluation_on = State.EXTENDED, date(2029, 2, 3)
        running.save()
        services.due_items_sync(trajectory=running)
        first = DueItem.objects.get(kind=DueKind.EVALUATION, period_key="1")
        second = DueItem.objects.get(kind=DueKind.EVALUATION, period_key="2")
        assert (first.status, first.done_on) == (DueStatus.DONE, date(2028, 2, 3))
        assert (second.status, second.due_on) == (DueStatus.OPEN, date(2029, 2, 3))


def test_a_transition_generates_items_after_commit(world, django_capture_on_commit_callbacks):
    from woonkans.trajectories.services import trajectory_transition

    dates = standard_dates()
    trajectory = world.trajectory(
        dates={
            k: v
            for k, v in dates.items()
            if k in (State.REFERRED, State.DISCUSSED, State.ORIENTATION)
        }
    )
    actor = world.actor(world.social_team, Role.WIJKCONSULENT)
    with at(date(2027, 1, 7)):
        with django_capture_on_commit_callbacks(execute=True):
            trajectory_transition(
                actor=actor, trajectory=trajectory, to_state=State.INTAKE, on_date=date(2027, 1, 7)
            )
        item = selectors.open_due_items(trajectory).get()
        assert (item.kind, item.due_on) == (DueKind.DETAILS_TO_CORPORATION, date(2027, 1, 11))


def test_digest_once_per_person_per_day(world, running):
    with at(date(2027, 2, 25)):
        services.due_items_sync(trajectory=running)
        result = services.digest_send_all()
        # The financial consultant (overdue details, rent due 1 March) and the coordinator.
        assert result["sent"] == 2
        emails = OutgoingEmail.objects.filter(to=world.fin.user.email)
        assert emails.count() == 1
        body = emails.get().body
        assert running.household.reference in body
        assert running.household.reference in emails.get().html_body
        assert running.household.name not in body
        assert services.digest_send_all() == {"sent": 0, "skipped": 2}
        assert OutgoingEmail.objects.count() == 2
    with at(date(2027, 2, 26)):
        assert services.digest_send_all()["sent"] == 2


def test_digest_leaves_out_items_due_later_than_a_week(world, running):
    with at(date(2027, 2, 10)):
        services.due_items_sync(trajectory=running)
        services.due_item_complete(
            actor=world.fin, item=DueItem.objects.get(kind=DueKind.DETAILS_TO_CORPORATION)
        )
        assert services.digest_items_for(world.fin.user, timezone.localdate()) == []
        assert services.digest_send_all()["sent"] == 0


def test_digest_html_and_text(world, running):
    with at(date(2027, 2, 25)):
        services.due_items_sync(trajectory=running)
        items = services.digest_items_for(world.fin.user, timezone.localdate())
        subject, text, html = services.digest_render(world.fin.user, items, timezone.localdate())
        assert "\n" not in subject
        assert running.household.reference in text and running.household.reference in html
        assert "<table>" in html and 'scope="col"' in html


def test_one_broken_trajectory_does_not_block_the_daily_run(world, running, monkeypatch):
    other = World().trajectory(dates=standard_dates())
    real = services.due_items_sync

    def flaky(*, trajectory, today=None):
        if trajectory.pk == running.pk:
            raise RuntimeError("broken")
        return real(trajectory=trajectory, today=today)

    monkeypatch.setattr(services, "due_items_sync", flaky)
    with at(date(2027, 2, 10)):
        totals = services.due_items_sync_all()
    assert (totals["failed"], totals["trajectories"]) == (1, 1)
    assert DueItem.objects.filter(trajectory=other).exists()
    assert not DueItem.objects.filter(trajectory=running).exists()
