"""Benchmark: ledger import and arrears positions on PostgreSQL, against bare DuckDB.

Not a test. Run it against a database of its own (it is migrated and filled):

    createdb -h 127.0.0.1 -U postgres woonkans_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/woonkans_bench \\
        .venv/bin/python bench/arrears_bench.py --tenancies 100000 --months 12

Steps (each a real ``woonkans`` command in its own process, timed wall-clock, with its peak
memory from ``/usr/bin/time``):

1. ``generate-data`` for ``months + 1`` months (or reuse ``--data-dir``); the ledger is
   split into the history (the first ``months`` months) and "the month" (everything that
   counts in the last month);
2. set-up (timed, not part of the target): ``import-tenancies``, ``import-ledger`` of the
   history, ``VACUUM ANALYZE`` (what autovacuum does after a bulk load), the ``large``
   collection preset and a first ``run-collections`` on the last
   working day of the history (that first run opens every case at once);
3. **the monthly part**: ``import-ledger`` of the month's file, ``arrears`` at the run
   date (the last working day of the month), ``run-collections`` for that date;
4. not timed for the target: the size of the stored arrears state (ADR 0009) and the
   positions through the full query over the whole ledger (the path without the state),
   whose file must be identical;
5. DuckDB: the same positions query straight from the CSV files, in the same run;
   its rows are compared with PostgreSQL's, one by one; then the repeat checks (the same
   month file again, the same run date again: nothing changes).

The national set-up takes over an hour: ``--save-setup`` stops after step 2 and keeps the
database as a template (its name plus ``_setup``, e.g. ``woonkans_bench_setup``);
``--from-setup`` (same ``--workdir``) then measures the monthly part on a fresh copy of it,
as often as needed.

Machine facts (cores, memory, PostgreSQL and DuckDB versions) and the load average before
and after go into ``results.json``: the machine may be shared with other work.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WOONKANS = str(ROOT / ".venv" / "bin" / "woonkans")


def run(label: str, args: list[str], results: dict, stdout=None) -> float:
    """Run a woonkans command, record wall time and peak RSS (MB)."""
    env = {**os.environ, "WOONKANS_DEMO": "true"}
    started = time.perf_counter()
    proc = subprocess.run(  # noqa: S603 - our own command
        ["/usr/bin/time", "-f", "MAXRSS_KB=%M", WOONKANS, *args],
        env=env,
        stdout=stdout or subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    rss = re.search(r"MAXRSS_KB=(\d+)", proc.stderr)
    if proc.returncode != 0:
        print(proc.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"{label} failed")
    results[label] = {
        "seconds": round(wall, 2),
        "peak_rss_mb": int(rss.group(1)) // 1024,
        "load_after": round(os.getloadavg()[0], 1),
        "output": proc.stdout[-600:] if stdout is None else "",
    }
    print(
        f"{label:34s} {wall:8.2f} s  {results[label]['peak_rss_mb']:6d} MB"
        f"  load {results[label]['load_after']}",
        flush=True,
    )
    return wall


def split_ledger(full: Path, history: Path, month: Path, month_start: date) -> tuple[int, int]:
    """Rows that count before ``month_start`` go to history, the rest to the month file."""
    cut = month_start.isoformat()
    counts = [0, 0]
    with (
        open(full, newline="", encoding="utf-8") as src,
        open(history, "w", newline="", encoding="utf-8") as h,
        open(month, "w", newline="", encoding="utf-8") as m,
    ):
        reader = csv.reader(src)
        header = next(reader)
        hw, mw = csv.writer(h, lineterminator="\n"), csv.writer(m, lineterminator="\n")
        hw.writerow(header)
        mw.writerow(header)
        for row in reader:
            counts_on = row[2] if row[4] == "betaling" else row[3]
            if counts_on < cut:
                hw.writerow(row)
                counts[0] += 1
            else:
                mw.writerow(row)
                counts[1] += 1
    return counts[0], counts[1]


def duckdb_positions(tenancies: Path, ledgers: list[Path], on: date) -> tuple[float, list]:
    import duckdb

    sys.path.insert(0, str(ROOT / "src"))
    from woonkans.arrears.sql import positions_sql

    files = ", ".join(f"'{p}'" for p in ledgers)
    source = (
        "(SELECT overeenkomstnummer AS t, soort AS kind, CAST(boekdatum AS DATE) AS booking_date,"  # noqa: S608
        " CAST(NULLIF(vervaldatum, '') AS DATE) AS due_date,"
        " CASE WHEN soort = 'betaling' THEN -CAST(bedrag AS DECIMAL(12,2))"
        " ELSE CAST(bedrag AS DECIMAL(12,2)) END AS amount, mutatie_id AS mid"
        f" FROM read_csv([{files}], all_varchar = true, header = true))"
    )
    tenancy_rel = (
        "(SELECT overeenkomstnummer AS t, overeenkomstnummer AS contract_number"  # noqa: S608
        f" FROM read_csv('{tenancies}', all_varchar = true, header = true))"
    )
    sql = positions_sql(source, tenancy_rel).replace("%s", "?")
    con = duckdb.connect()
    con.execute(f"SET threads TO {os.cpu_count()}")
    started = time.perf_counter()
    rows = con.execute(sql, [on]).fetchall()
    return time.perf_counter() - started, rows


def _database() -> str:
    return os.environ["DATABASE_URL"].rsplit("/", 1)[1].split("?")[0]


SETUP_COPY = "<database>_setup"


def _admin(sql: str) -> None:
    """Run a statement on the server's ``postgres`` database (CREATE/DROP DATABASE)."""
    import psycopg

    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def setup_save(results: dict) -> None:
    """Keep the set-up database as a template, so the monthly part can be measured again
    (after a change) without the hour-long national set-up."""
    started = time.perf_counter()
    name = _database()
    _admin(f"DROP DATABASE IF EXISTS {name}_setup")
    _admin(f"CREATE DATABASE {name}_setup TEMPLATE {name}")
    results["setup saved"] = {"seconds": round(time.perf_counter() - started, 2)}


def setup_run(results: dict) -> None:
    """Replace the database with a fresh copy of the saved set-up and migrate it (a later
    commit may add migrations; they are applied, outside the measured part)."""
    started = time.perf_counter()
    name = _database()
    _admin(f"DROP DATABASE IF EXISTS {name}")
    _admin(f"CREATE DATABASE {name} TEMPLATE {name}_setup")
    results["setup copied"] = {"seconds": round(time.perf_counter() - started, 2)}
    print(f"{'copy of the saved set-up':34s} {time.perf_counter() - started:8.2f} s", flush=True)
    run("migrate", ["migrate", "-v", "0"], results)
    run("vacuum analyze", ["shell", "-c", _VACUUM], results)


def last_working_day(year: int, month: int) -> date:
    day = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def machine_facts() -> dict:
    facts = {
        "cores": os.cpu_count(),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
    }
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            names = [ln.split(":", 1)[1].strip() for ln in handle if ln.startswith("model name")]
        facts["cpu"] = names[0] if names else facts["cpu"]
        with open("/proc/meminfo", encoding="utf-8") as handle:
            kb = int(handle.readline().split()[1])
        facts["memory_gib"] = round(kb / 1024 / 1024, 1)
    except OSError:
        pass
    env = {**os.environ, "WOONKANS_DEMO": "true"}
    out = subprocess.run(  # noqa: S603
        [WOONKANS, "shell", "-c", _VERSIONS], env=env, capture_output=True, text=True, check=False
    )
    facts["postgresql"] = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else "?"
    import duckdb

    facts["duckdb"] = duckdb.__version__
    return facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenancies", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=12, help="months of history")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", help="keep the generated files here")
    parser.add_argument(
        "--data-dir", help="reuse tenancies.csv and ledger.csv generated before (months + 1)"
    )
    parser.add_argument("--corporation", default="bench-corporatie")
    parser.add_argument("--skip-python", action="store_true", help="skip the streamed path")
    parser.add_argument(
        "--save-setup",
        action="store_true",
        help=f"after the set-up, keep a copy of the database as {SETUP_COPY} and stop",
    )
    parser.add_argument(
        "--from-setup",
        action="store_true",
        help=f"skip the set-up: start the monthly part from a fresh copy of {SETUP_COPY}",
    )
    parser.add_argument(
        "--setup-done",
        action="store_true",
        help="skip the set-up: measure the monthly part on the database as it is (once: "
        "the monthly part changes it)",
    )
    args = parser.parse_args()
    if "woonkans_bench" not in os.environ.get("DATABASE_URL", ""):
        raise SystemExit(
            "Set DATABASE_URL to a database whose name contains woonkans_bench (it is filled)."
        )

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="woonkans-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results: dict = {
        "tenancies": args.tenancies,
        "months_history": args.months,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": " ".join(sys.argv),
        "load_before": [round(x, 1) for x in os.getloadavg()],
    }
    results["machine"] = machine_facts()
    print(json.dumps(results, indent=2), flush=True)
    start = date(2025, 1, 1)
    month_index = start.year * 12 + args.months
    month_start = date(month_index // 12, month_index % 12 + 1, 1)
    on = last_working_day(month_start.year, month_start.month)
    first_run = last_working_day((month_index - 1) // 12, (month_index - 1) % 12 + 1)

    data = Path(args.data_dir) if args.data_dir else workdir
    if args.setup_done:
        args.from_setup = True  # the same as below, without the copy
        saved = workdir / "setup-results.json"
        if saved.exists():
            results["setup"] = json.loads(saved.read_text())
        run("migrate", ["migrate", "-v", "0"], results)
    elif args.from_setup:
        saved = workdir / "setup-results.json"
        if saved.exists():
            results["setup"] = json.loads(saved.read_text())
        setup_run(results)
    else:
        run("migrate", ["migrate", "-v", "0"], results)
        run(
            "create corporation",
            ["shell", "-c", _CREATE_CORPORATION.format(slug=args.corporation)],
            results,
        )
    if not args.data_dir and not args.from_setup:
        run(
            "generate-data",
            [
                "generate-data",
                f"--tenancies={args.tenancies}",
                f"--months={args.months + 1}",
                f"--seed={args.seed}",
                f"--output-dir={workdir}",
            ],
            results,
        )
    history, month = workdir / "ledger-history.csv", workdir / "ledger-month.csv"
    counted = workdir / "split.json"
    if args.from_setup and counted.exists() and history.exists() and month.exists():
        rows_history, rows_month = json.loads(counted.read_text())
    else:
        rows_history, rows_month = split_ledger(data / "ledger.csv", history, month, month_start)
        counted.write_text(json.dumps([rows_history, rows_month]))
    results["ledger_rows_history"] = rows_history
    results["ledger_rows_month"] = rows_month
    print(f"ledger rows: history {rows_history}, month {rows_month}", flush=True)

    corp = f"--corporation={args.corporation}"
    if not args.from_setup:
        run("import-tenancies", ["import-tenancies", str(data / "tenancies.csv"), corp], results)
        run("import-ledger (history)", ["import-ledger", str(history), corp], results)
        # What autovacuum does after a bulk load anyway (statistics, visibility map, hint
        # bits); done here so it does not land, at random, inside the measured part.
        run("vacuum analyze", ["shell", "-c", _VACUUM], results)
        run("collection-preset", ["collection-preset", corp, "--preset=large"], results)
        run(
            f"run-collections {first_run} (first)",
            ["run-collections", corp, f"--date={first_run}"],
            results,
        )
        # The first run's writes, settled the same way before the measured part.
        run("vacuum analyze (after first run)", ["shell", "-c", _VACUUM], results)
    if not args.from_setup:
        (workdir / "setup-results.json").write_text(json.dumps(results, indent=2))
    if args.save_setup:
        setup_save(results)
        (workdir / "setup-results.json").write_text(json.dumps(results, indent=2))
        print(f"set-up saved as {_database()}_setup; run again with --from-setup", flush=True)
        return
    # ---- the monthly part
    monthly = run("M1 import-ledger (month)", ["import-ledger", str(month), corp], results)
    pg_out = workdir / "arrears-pg.csv"
    monthly += run(
        "M2 arrears (sql)",
        ["arrears", corp, f"--date={on}", f"--output={pg_out}"],
        results,
    )
    monthly += run(f"M3 run-collections {on}", ["run-collections", corp, f"--date={on}"], results)
    results["monthly_part_seconds"] = round(monthly, 2)
    results["run_date"] = on.isoformat()
    print(f"{'MONTHLY PART':34s} {monthly:8.2f} s", flush=True)
    # Not part of the target: the stored arrears state's size, and the positions through
    # the full query over the whole ledger (the path before the stored state, ADR 0009),
    # which must give the same file.
    run("state facts", ["shell", "-c", _STATE_FACTS.format(slug=args.corporation)], results)
    full_out = workdir / "arrears-full.csv"
    run(
        "arrears (full query, comparison)",
        ["arrears", corp, f"--date={on}", "--method=full", f"--output={full_out}"],
        results,
    )
    results["full_query_equals_state"] = full_out.read_bytes() == pg_out.read_bytes()

    seconds, rows = duckdb_positions(data / "tenancies.csv", [history, month], on)
    results["duckdb_positions_seconds"] = round(seconds, 2)
    print(f"{'duckdb positions (from CSV)':34s} {seconds:8.2f} s", flush=True)
    duck = {
        r[0]: (f"{int(r[1]) / 100:.2f}", str(r[2]), r[3].isoformat() if r[3] else "") for r in rows
    }
    del rows
    mismatches = 0
    with open(pg_out, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            want = duck.get(row["overeenkomstnummer"])
            got = (row["achterstand"], row["open_termijnen"], row["oudste_vervaldatum"])
            mismatches += want != got
    del duck
    results["duckdb_mismatching_rows"] = mismatches
    results["positions_ratio_pg_to_duckdb"] = round(
        results["M2 arrears (sql)"]["seconds"] / max(seconds, 1e-9), 2
    )
    results["monthly_ratio_to_duckdb"] = round(monthly / max(seconds, 1e-9), 2)

    run("repeat import-ledger (month)", ["import-ledger", str(month), corp], results)
    run(f"repeat run-collections {on}", ["run-collections", corp, f"--date={on}"], results)
    if not args.skip_python:
        run(
            "arrears (python, streamed)",
            ["arrears", corp, f"--date={on}", "--method=python", f"--output={workdir / 'py.csv'}"],
            results,
        )
        results["python_equals_sql"] = (workdir / "py.csv").read_bytes() == pg_out.read_bytes()
    results["load_after"] = [round(x, 1) for x in os.getloadavg()]
    print(json.dumps(results, indent=2))
    (workdir / "results.json").write_text(json.dumps(results, indent=2))


_STATE_FACTS = (
    "from woonkans.arrears import state;from woonkans.arrears.models import *;"
    "from woonkans.organisations.models import Organisation;"
    "c=Organisation.objects.get(slug='{slug}');"
    "print('state date', state.state_date(c.pk), 'states',"
    " ArrearsState.objects.filter(corporation=c).count(), 'open rents',"
    " ArrearsOpenRent.objects.filter(corporation=c).count(), 'pending',"
    " ArrearsPending.objects.filter(corporation=c).count())"
)
_VACUUM = "from django.db import connection;connection.cursor().execute('VACUUM ANALYZE')"
_VERSIONS = (
    "from django.db import connection;c=connection.cursor();"
    "c.execute('SHOW server_version');print(c.fetchone()[0])"
)
_CREATE_CORPORATION = (
    "from woonkans.organisations.models import Organisation;"
    "Organisation.objects.get_or_create(slug='{slug}', "
    "defaults={{'name': 'Benchmark corporatie', 'kind': 'woningcorporatie'}})"
)


if __name__ == "__main__":
    main()
