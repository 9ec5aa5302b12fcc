"""Measure the demo's background jobs: a real ``celery worker -B`` on the SQLite broker.

    .venv/bin/python scripts/bench_jobs.py [--heartbeat 2] [--heartbeats 6] [--runs 3]

Each run uses a fresh temporary directory (database, broker, schedule, mail), migrates it,
starts the worker with embedded beat, and reports: seconds from worker start to the first
heartbeat, the intervals between heartbeats, and seconds from queueing an e-mail through
``email_queue`` (in another process) to it being sent. Figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from woonkans.jobs.tests.worker_harness import measure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heartbeat", type=int, default=2, help="heartbeat interval (s)")
    parser.add_argument("--heartbeats", type=int, default=6, help="heartbeats to wait for")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    firsts, gaps, emails = [], [], []
    for run in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory(prefix="woonkans-bench-") as tmp:
            figures = measure(Path(tmp), args.heartbeat, args.heartbeats, timeout=120)
        firsts.append(figures.first_heartbeat_seconds)
        gaps.extend(figures.intervals)
        emails.append(figures.email_seconds)
        print(
            f"run {run}: first heartbeat after {figures.first_heartbeat_seconds:.1f} s; "
            f"intervals {', '.join(f'{g:.2f}' for g in figures.intervals)} s; "
            f"e-mail queued→sent {figures.email_seconds:.2f} s"
        )
    print(
        f"\nheartbeat every {args.heartbeat} s, {args.runs} runs:\n"
        f"  worker start → first heartbeat: median {statistics.median(firsts):.1f} s "
        f"(max {max(firsts):.1f})\n"
        f"  interval between heartbeats: median {statistics.median(gaps):.2f} s, "
        f"min {min(gaps):.2f}, max {max(gaps):.2f} ({len(gaps)} intervals)\n"
        f"  e-mail queued → sent: median {statistics.median(emails):.2f} s "
        f"(max {max(emails):.2f})"
    )


if __name__ == "__main__":
    main()
