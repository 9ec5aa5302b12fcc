"""``woonkans run-demo``: the demo app plus a background worker with its scheduler.

Starts ``celery worker -B`` (one process: worker and beat) on the SQLite broker in
``var/``, prints how to log in, then runs Django's development server on 127.0.0.1. Ctrl-C
stops the server and then the worker. Demo only (``WOONKANS_DEMO=true``).
"""

from __future__ import annotations

import socket
import sqlite3
import time
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from woonkans.demo.constants import DEMO_PASSWORD
from woonkans.jobs.worker import start_worker, stop_worker
from woonkans.organisations.models import Membership

SQLITE_BROKER_PREFIX = "sqla+sqlite:///"
TOTP_COMMAND = "WOONKANS_DEMO=true .venv/bin/woonkans totp-code"


class Command(BaseCommand):
    help = "Run the demo: web app on 127.0.0.1 plus background worker and scheduler."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="Port (default 8000).")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start the background worker (scheduled jobs and e-mail stay queued).",
        )

    def handle(self, *args, port: int, no_worker: bool, **options):
        if not settings.DEMO:
            raise CommandError(
                "run-demo is for the demo only (WOONKANS_DEMO=true). In production run the "
                "app with gunicorn and the worker with celery (docs/background-jobs.md)."
            )
        if not 0 < port < 65536:
            raise CommandError("--port must be between 1 and 65535.")
        if _port_in_use(port):
            raise CommandError(f"Port {port} is in use: stop the other server or use --port.")
        url = f"http://127.0.0.1:{port}/"
        self._print_instructions(url)

        worker = None
        if not no_worker:
            _forget_delivered_messages(settings.CELERY_BROKER_URL)
            worker = start_worker(settings.CELERY_BEAT_SCHEDULE_FILENAME)
            time.sleep(1)
            if worker.poll() is not None:
                raise CommandError(
                    f"The background worker stopped at once (exit code {worker.returncode}); "
                    "see its messages above."
                )
            self.stdout.write(
                f"Background worker and scheduler started (process {worker.pid}); "
                f"heartbeat every {settings.HEARTBEAT_SECONDS} s, see {url}taken/ "
                "(functioneel beheerder). Demo e-mail is written to "
                f"{getattr(settings, 'EMAIL_FILE_PATH', 'the configured mail server')}."
            )
        try:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
        finally:
            if worker is not None:
                self.stdout.write("Stopping the background worker…")
                stop_worker(worker)
                self.stdout.write("Background worker stopped.")

    def _print_instructions(self, url: str) -> None:
        roles: dict[str, list[str]] = defaultdict(list)
        memberships = (
            Membership.objects.filter(is_active=True, user__is_active=True)
            .select_related("user", "organisation")
            .order_by("user__username", "organisation__name", "role")
        )
        for membership in memberships:
            roles[membership.user.username].append(
                f"{membership.organisation.name} – {membership.get_role_display()}"
            )
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS(f"Woonkans demo: open {url}"))
        out.write("")
        if roles:
            width = max(len(name) for name in roles)
            out.write("Demo users (organisation – role):")
            for username, lines in roles.items():
                out.write(f"  {username.ljust(width)}  {lines[0]}")
                for line in lines[1:]:
                    out.write(f"  {' ' * width}  {line}")
            out.write("")
            out.write(f"Password for every demo user: {DEMO_PASSWORD}")
            out.write("Two-step login code (instead of an authenticator app), in another terminal:")
            out.write(f"  {TOTP_COMMAND} USERNAME   (e.g. {TOTP_COMMAND} {next(iter(roles))})")
        else:
            out.write(
                self.style.WARNING("There are no demo users yet: run `woonkans load-demo` first.")
            )
        out.write("Stop with Ctrl-C.")
        out.write("")


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def _forget_delivered_messages(broker_url: str) -> None:
    """Keep the SQLite broker file small between demo runs.

    Kombu's SQLAlchemy transport marks consumed messages invisible but never deletes them;
    at start, with no worker running, they can go.
    """
    if not broker_url.startswith(SQLITE_BROKER_PREFIX):
        return
    path = Path(broker_url.removeprefix(SQLITE_BROKER_PREFIX))
    if not path.exists():
        return
    connection = sqlite3.connect(path, timeout=20)
    try:
        with connection:
            connection.execute("DELETE FROM kombu_message WHERE visible = 0")
    except sqlite3.OperationalError:
        pass  # no table yet
    finally:
        connection.close()
