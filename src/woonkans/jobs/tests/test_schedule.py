"""The beat schedule: one place, every scheduled task exists, times in Amsterdam."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

from celery.schedules import crontab

from woonkans import celery_app
from woonkans.conf.celery import schedule


def test_beat_schedule_is_the_list_in_conf_celery_and_every_task_exists():
    celery_app.loader.import_default_modules()
    jobs = schedule()
    assert set(celery_app.conf.beat_schedule) == {job.task for job in jobs}
    for job in jobs:
        assert job.task in celery_app.tasks, job.task
        assert str(job.description)


def test_heartbeat_interval_follows_the_setting(settings):
    settings.HEARTBEAT_SECONDS = 7
    heartbeat = next(job for job in schedule() if job.task == "jobs.heartbeat")
    assert heartbeat.schedule == timedelta(seconds=7)


def test_sessions_are_cleared_daily_at_three_in_amsterdam():
    job = next(job for job in schedule() if job.task == "jobs.clear_expired_sessions")
    assert isinstance(job.schedule, crontab)
    assert (job.schedule.hour, job.schedule.minute) == ({3}, {0})
    assert celery_app.conf.timezone == "Europe/Amsterdam"


def test_schedule_loads_in_a_fresh_process_before_django_is_set_up():
    # As in `celery worker -B`: the configuration is read before django.setup().
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["WOONKANS_DEMO"] = "true"
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from woonkans import celery_app; print(sorted(celery_app.conf.beat_schedule))",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert "jobs.heartbeat" in out
    assert "jobs.clear_expired_sessions" in out
