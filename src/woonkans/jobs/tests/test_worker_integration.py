"""Measured, not assumed: a real worker with embedded beat on the SQLite broker runs the
scheduled jobs and sends queued e-mail. No Redis, no extra server (as in ``make demo``)."""

from __future__ import annotations

import pytest

from .worker_harness import measure

HEARTBEAT_SECONDS = 2


@pytest.mark.slow
def test_worker_and_beat_on_the_sqlite_broker_run_scheduled_jobs_and_send_email(tmp_path):
    figures = measure(tmp_path, heartbeat_seconds=HEARTBEAT_SECONDS, heartbeats=3, timeout=60)

    assert len(figures.heartbeats) >= 3
    # One heartbeat per interval: the scheduler fires on time, the run key dedupes.
    assert all(0 < gap <= HEARTBEAT_SECONDS * 3 for gap in figures.intervals)
    assert figures.first_heartbeat_seconds < 30
    # Queued through the use case in another process, sent by the worker within seconds.
    assert figures.email_seconds is not None and figures.email_seconds < 10
    assert figures.mail_files == 1
    mail = next((tmp_path / "mail").glob("*.log")).read_text()
    assert "Subject: Testbericht achtergrondtaken" in mail
    assert "To: bewoner@example.invalid" in mail
