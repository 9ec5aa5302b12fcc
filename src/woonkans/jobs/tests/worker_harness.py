"""A real worker + beat against a throw-away SQLite database and SQLite broker.

Shared by the slow integration test and ``scripts/bench_jobs.py``. Everything lives in one
temporary directory (``WOONKANS_VAR_DIR``); the state is read straight from the SQLite
file with the standard library, so the calling process needs no Django database.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from woonkans.jobs.worker import start_worker, stop_worker

QUEUE_EMAIL = (
    "from woonkans.jobs.services import email_queue; "
    "e = email_queue(actor=None, to='bewoner@example.invalid', "
    "subject='Testbericht achtergrondtaken', body='Dit is een test.'); print(e.pk)"
)


def _parse(value: str) -> datetime:
    # Django stores aware datetimes in SQLite as naive UTC text.
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


@dataclass
class Figures:
    worker_started: datetime
    heartbeats: list[datetime] = field(default_factory=list)
    email_queued: datetime | None = None
    email_sent: datetime | None = None
    mail_files: int = 0

    @property
    def first_heartbeat_seconds(self) -> float:
        return (self.heartbeats[0] - self.worker_started).total_seconds()

    @property
    def intervals(self) -> list[float]:
        return [(b - a).total_seconds() for a, b in itertools.pairwise(self.heartbeats)]

    @property
    def email_seconds(self) -> float | None:
        if self.email_queued is None or self.email_sent is None:
            return None
        return (self.email_sent - self.email_queued).total_seconds()


class WorkerHarness:
    def __init__(self, var_dir: Path, heartbeat_seconds: int = 2) -> None:
        self.var_dir = Path(var_dir)
        self.db_file = self.var_dir / "woonkans.sqlite3"
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("CELERY_", "EMAIL_", "DJANGO_", "DATABASE_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="woonkans.conf.settings",
            WOONKANS_DEMO="true",
            WOONKANS_VAR_DIR=str(self.var_dir),
            DATABASE_URL=f"sqlite:///{self.db_file}",
            WOONKANS_HEARTBEAT_SECONDS=str(heartbeat_seconds),
            PYTHONUNBUFFERED="1",
        )
        self.env = env
        self.process: subprocess.Popen | None = None
        self.log = self.var_dir / "worker.log"

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "woonkans", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return result.stdout

    def migrate(self) -> None:
        self.manage("migrate", "--no-input", "-v", "0")

    def start(self) -> datetime:
        self.log_handle = self.log.open("w")
        started = datetime.now(tz=UTC)
        self.process = start_worker(
            self.var_dir / "celerybeat-schedule",
            env=self.env,
            stdout=self.log_handle,
            stderr=subprocess.STDOUT,
        )
        return started

    def stop(self) -> None:
        if self.process is not None:
            stop_worker(self.process)
            self.process = None
            self.log_handle.close()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        connection = sqlite3.connect(self.db_file, timeout=20)
        try:
            return connection.execute(sql, params).fetchall()
        finally:
            connection.close()

    def heartbeats(self) -> list[datetime]:
        rows = self.query(
            "SELECT started_at FROM jobs_jobrun WHERE task_name = 'jobs.heartbeat' "
            "AND status = 'ok' ORDER BY started_at"
        )
        return [_parse(row[0]) for row in rows]

    def queue_email(self) -> int:
        return int(self.manage("shell", "-v", "0", "-c", QUEUE_EMAIL).split()[-1])

    def email(self, email_id: int) -> tuple[str, datetime, datetime | None]:
        status, created, sent = self.query(
            "SELECT status, created_at, sent_at FROM jobs_outgoingemail WHERE id = ?", (email_id,)
        )[0]
        return status, _parse(created), _parse(sent) if sent else None

    def wait_for(self, condition, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"The worker stopped early:\n{self.log.read_text()}")
            if condition():
                return
            time.sleep(0.2)
        raise TimeoutError(f"Waited {timeout} s for {what}.\nWorker log:\n{self.log.read_text()}")


def measure(var_dir: Path, heartbeat_seconds: int = 2, heartbeats: int = 3, timeout=60) -> Figures:
    """Start worker + beat, wait for ``heartbeats`` heartbeats and one sent e-mail."""
    harness = WorkerHarness(var_dir, heartbeat_seconds)
    harness.migrate()
    figures = Figures(worker_started=harness.start())
    try:
        harness.wait_for(lambda: len(harness.heartbeats()) >= 1, timeout, "the first heartbeat")
        email_id = harness.queue_email()
        harness.wait_for(lambda: harness.email(email_id)[0] == "sent", timeout, "the e-mail")
        _, figures.email_queued, figures.email_sent = harness.email(email_id)
        harness.wait_for(
            lambda: len(harness.heartbeats()) >= heartbeats, timeout, f"{heartbeats} heartbeats"
        )
        figures.heartbeats = harness.heartbeats()
        figures.mail_files = len(list((harness.var_dir / "mail").glob("*.log")))
    finally:
        harness.stop()
    return figures
