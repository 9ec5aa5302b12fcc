"""Scheduled jobs run once per run key; tasks are enqueued after commit, with ids only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from woonkans.jobs import tasks
from woonkans.jobs.helpers import daily_run_key, enqueue_on_commit, interval_run_key, run_once
from woonkans.jobs.models import JobRun, JobRunStatus, OutgoingEmail

pytestmark = pytest.mark.django_db


def counting_work(calls: list, counts: dict | None = None):
    def work():
        calls.append(1)
        return counts if counts is not None else {"letters": len(calls)}

    return work


def test_same_run_key_twice_records_one_run_and_does_the_work_once():
    calls: list = []
    first = run_once(task_name="test.job", run_key="2026-11-27", work=counting_work(calls))
    second = run_once(task_name="test.job", run_key="2026-11-27", work=counting_work(calls))

    assert len(calls) == 1
    assert second is None
    run = JobRun.objects.get()
    assert run.pk == first.pk
    assert (run.status, run.counts, run.attempts) == (JobRunStatus.OK, {"letters": 1}, 1)
    assert run.finished_at is not None


def test_another_run_key_runs_again():
    calls: list = []
    run_once(task_name="test.job", run_key="2026-11-27", work=counting_work(calls))
    run_once(task_name="test.job", run_key="2026-11-28", work=counting_work(calls))
    assert len(calls) == 2
    assert JobRun.objects.count() == 2


def test_failed_run_keeps_only_the_exception_class_and_is_taken_up_again():
    def failing():
        raise ValueError("Familie Jansen, 1234 AB")

    with pytest.raises(ValueError):
        run_once(task_name="test.job", run_key="k", work=failing)
    run = JobRun.objects.get()
    assert run.status == JobRunStatus.FAILED
    assert run.error == "ValueError"

    calls: list = []
    run_once(task_name="test.job", run_key="k", work=counting_work(calls))
    run.refresh_from_db()
    assert (run.status, run.attempts, run.error, len(calls)) == (JobRunStatus.OK, 2, "", 1)


def test_database_changes_of_failed_work_are_rolled_back():
    def work():
        OutgoingEmail.objects.create(to="a@example.invalid", subject="s", body="b")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        run_once(task_name="test.job", run_key="k", work=work)
    assert not OutgoingEmail.objects.exists()
    assert JobRun.objects.get().status == JobRunStatus.FAILED


def test_a_running_run_is_left_alone_until_it_is_stale():
    run = JobRun.objects.create(
        task_name="test.job", run_key="k", status=JobRunStatus.RUNNING, started_at=timezone.now()
    )
    calls: list = []
    assert run_once(task_name="test.job", run_key="k", work=counting_work(calls)) is None
    assert calls == []

    JobRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(hours=2))
    assert run_once(task_name="test.job", run_key="k", work=counting_work(calls)) is not None
    assert calls == [1]


def test_heartbeat_task_runs_once_per_interval_slot(settings):
    settings.HEARTBEAT_SECONDS = 60
    with time_machine.travel(datetime(2026, 11, 27, 10, 0, 5, tzinfo=UTC), tick=False) as t:
        tasks.heartbeat.delay()
        t.shift(30)
        tasks.heartbeat.delay()  # same minute: nothing new
        t.shift(30)
        tasks.heartbeat.delay()

    runs = JobRun.objects.filter(task_name="jobs.heartbeat").order_by("started_at")
    assert [r.run_key for r in runs] == ["2026-11-27T10:00:00Z", "2026-11-27T10:01:00Z"]
    assert all(r.status == JobRunStatus.OK for r in runs)


def test_heartbeat_prunes_heartbeats_older_than_a_day():
    old = JobRun.objects.create(
        task_name="jobs.heartbeat",
        run_key="old",
        status=JobRunStatus.OK,
        started_at=timezone.now() - timedelta(days=2),
    )
    other = JobRun.objects.create(
        task_name="test.job",
        run_key="old",
        status=JobRunStatus.OK,
        started_at=timezone.now() - timedelta(days=2),
    )
    tasks.heartbeat.delay()
    assert not JobRun.objects.filter(pk=old.pk).exists()
    assert JobRun.objects.filter(pk=other.pk).exists()
    assert JobRun.objects.get(task_name="jobs.heartbeat").counts == {"pruned": 1}


def test_clear_expired_sessions_once_per_day_and_by_hand_for_a_given_day():
    now = timezone.now()
    Session.objects.create(session_key="expired", session_data="", expire_date=now - timedelta(1))
    Session.objects.create(session_key="current", session_data="", expire_date=now + timedelta(1))

    tasks.clear_expired_sessions.delay()
    Session.objects.create(session_key="expired2", session_data="", expire_date=now - timedelta(1))
    tasks.clear_expired_sessions.delay()  # same day: skipped

    assert set(Session.objects.values_list("session_key", flat=True)) == {"current", "expired2"}
    run = JobRun.objects.get(task_name="jobs.clear_expired_sessions")
    assert run.run_key == daily_run_key()
    assert run.counts == {"sessions_removed": 1}

    tasks.clear_expired_sessions.delay(run_key="2026-01-01")
    assert JobRun.objects.filter(run_key="2026-01-01").exists()
    assert set(Session.objects.values_list("session_key", flat=True)) == {"current"}


def test_run_keys():
    # 23:30 UTC on 27 November is already 28 November in Amsterdam.
    with time_machine.travel(datetime(2026, 11, 27, 23, 30, tzinfo=UTC), tick=False):
        assert daily_run_key() == "2026-11-28"
    moment = datetime(2026, 11, 27, 10, 14, 59, tzinfo=UTC)
    assert interval_run_key(60, moment) == "2026-11-27T10:14:00Z"
    assert interval_run_key(300, moment) == "2026-11-27T10:10:00Z"


def fake_task():
    return mock.Mock(name="task", spec=["delay", "name"])


def test_enqueue_on_commit_waits_for_the_commit(django_capture_on_commit_callbacks):
    task = fake_task()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            enqueue_on_commit(task, 7, "abc")
            task.delay.assert_not_called()
    task.delay.assert_called_once_with(7, "abc")


def test_enqueue_on_commit_never_sends_for_a_rolled_back_transaction(
    django_capture_on_commit_callbacks,
):
    task = fake_task()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_on_commit(task, 7)
            raise RuntimeError
    assert callbacks == []
    task.delay.assert_not_called()


def test_enqueue_on_commit_takes_ids_not_objects():
    email = OutgoingEmail.objects.create(to="a@example.invalid", subject="s", body="b")
    with pytest.raises(TypeError):
        enqueue_on_commit(fake_task(), email)
    with pytest.raises(TypeError):
        enqueue_on_commit(fake_task(), {"id": 1})


def test_unreachable_broker_is_logged_not_raised(django_capture_on_commit_callbacks, caplog):
    task = fake_task()
    task.name = "jobs.send_email"
    task.delay.side_effect = OperationalError("connection refused")
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(task, 7)
    assert "Could not enqueue task jobs.send_email" in caplog.text
