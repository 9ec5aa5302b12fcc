"""Starting and stopping a Celery worker with embedded beat as a child process.

Used by ``woonkans run-demo`` and by the integration test and benchmark of the SQLite
broker. Production runs ``celery worker`` and ``celery beat`` as their own services
(docs/background-jobs.md).
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path


def worker_command(schedule_file: Path | str, loglevel: str = "warning") -> list[str]:
    """One process that consumes tasks and, with ``-B``, runs the beat scheduler."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "woonkans",
        "--quiet",  # no banner
        "worker",
        "-B",
        "--pool=solo",
        "--concurrency=1",
        "-l",
        loglevel,
        "-s",
        str(schedule_file),
    ]


def start_worker(
    schedule_file: Path | str,
    *,
    env: Mapping[str, str] | None = None,
    loglevel: str = "warning",
    **popen_kwargs,
) -> subprocess.Popen:
    """Start the worker in its own process group.

    Its own group, so that Ctrl-C in the terminal reaches only the parent, which then
    stops the worker in order (:func:`stop_worker`) instead of both shutting down at once.
    On Linux the worker also gets SIGTERM when the parent dies without cleaning up.
    """
    return subprocess.Popen(  # noqa: S603 - fixed command, no shell
        worker_command(schedule_file, loglevel),
        env=dict(os.environ if env is None else env),
        start_new_session=True,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        **popen_kwargs,
    )


def _die_with_parent() -> None:
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def stop_worker(process: subprocess.Popen, timeout: float = 15) -> int | None:
    """Warm shutdown (SIGTERM: finish the current task), then kill the group if it hangs."""
    if process.poll() is not None:
        return process.returncode
    try:
        os.killpg(process.pid, signal.SIGTERM)
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return process.wait(timeout=5)
    except ProcessLookupError:
        return process.wait(timeout=5)
