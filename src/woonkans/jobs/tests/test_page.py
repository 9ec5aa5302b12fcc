"""The jobs page: only for the functional administrator; shows whether the scheduler runs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from woonkans.jobs.models import EmailStatus, JobRun, JobRunStatus, OutgoingEmail
from woonkans.organisations.models import Role

URL = "/taken/"


def test_the_url_is_the_jobs_list():
    assert reverse("jobs:list") == URL


@pytest.fixture
def admin_client(make_logged_in_client):
    client = make_logged_in_client(role=Role.FUNCTIONEEL_BEHEERDER)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # assertions on the English source text
    return client


def heartbeat(age: timedelta) -> JobRun:
    at = timezone.now() - age
    return JobRun.objects.create(
        task_name="jobs.heartbeat",
        run_key=at.isoformat(),
        status=JobRunStatus.OK,
        started_at=at,
        finished_at=at,
    )


@pytest.mark.parametrize("role", [r for r in Role if r != Role.FUNCTIONEEL_BEHEERDER])
def test_other_roles_get_not_found(make_logged_in_client, role):
    assert make_logged_in_client(role=role).get(URL).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_without_any_heartbeat_the_page_says_so(admin_client):
    response = admin_client.get(URL)
    assert response.status_code == 200
    assert "No heartbeat has been recorded yet" in response.content.decode()


def test_a_recent_heartbeat_means_the_scheduler_runs(admin_client, settings):
    settings.HEARTBEAT_SECONDS = 60
    heartbeat(timedelta(seconds=30))
    content = admin_client.get(URL).content.decode()
    assert "The scheduler is running." in content
    assert "No heartbeat for" not in content


def test_an_old_heartbeat_is_reported_with_its_age(admin_client, settings):
    settings.HEARTBEAT_SECONDS = 60
    heartbeat(timedelta(minutes=10, seconds=20))
    content = admin_client.get(URL).content.decode()
    assert "No heartbeat for 10 minutes." in content
    assert "The scheduler is running." not in content


def test_last_run_per_task_recent_failures_and_email_counts(
    admin_client, django_assert_max_num_queries
):
    now = timezone.now()
    for day, status, error in [
        ("2026-11-25", JobRunStatus.OK, ""),
        ("2026-11-26", JobRunStatus.FAILED, "OperationalError"),
        ("2026-11-27", JobRunStatus.OK, ""),
    ]:
        JobRun.objects.create(
            task_name="jobs.clear_expired_sessions",
            run_key=day,
            status=status,
            error=error,
            started_at=now - timedelta(days=30 - int(day[-2:])),
            finished_at=now,
            counts={"sessions_removed": int(day[-2:])},
        )
    for status, n in [(EmailStatus.SENT, 3), (EmailStatus.FAILED, 2)]:
        for _ in range(n):
            OutgoingEmail.objects.create(
                to="a@example.invalid",
                subject="s",
                body="b",
                status=status,
                sent_at=now if status == EmailStatus.SENT else None,
            )

    with django_assert_max_num_queries(12):
        response = admin_client.get(URL)

    rows = {task: run for task, _, run in response.context["rows"]}
    assert rows["jobs.clear_expired_sessions"].run_key == "2026-11-27"
    assert rows["jobs.clear_expired_sessions"].recent_failures == 1
    assert rows["jobs.heartbeat"] is None  # scheduled, never ran
    assert dict((s, n) for s, _, n in response.context["email_counts"]) == {
        "queued": 0,
        "sending": 0,
        "sent": 3,
        "failed": 2,
    }
    content = response.content.decode()
    assert "sessions_removed: 27" in content
    assert "OperationalError" in content
    assert "a@example.invalid" not in content  # no addresses on the page
