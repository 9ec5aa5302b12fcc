"""Benchmark: ledger import and arrears positions on PostgreSQL, against bare DuckDB.

Not a test. Run it against a database of its own (it is migrated and filled):

    createdb -h 127.0.0.1 -U postgres woonkans_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/woonkans_bench \\
        .venv/bin/python bench/arrears_bench.py --tenancies 100000 --months 12

Steps (each a real ``woonkans`` command in its own process, timed wall-clock, with its peak
memory from ``/usr/bin/time``):

1. ``generate-data`` for ``months + 1`` months; the ledger is split into the history (the
   first ``months`` months) and "the month" (everything that counts in the last month);
2. ``import-tenancies``, then ``import-ledger`` of the history (set-up, also timed);
3. the monthly part: ``import-ledger`` of the month's file, then ``arrears`` at the last
   day of that month (SQL; also the pure-Python streamed path for comparison);
4. DuckDB: the same positions query straight from the CSV files, in the same run;
   its rows are compared with PostgreSQL's, one by one.

The daily collection run (issue 3, item 3) does not exist yet and is not measured.
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
    results[label] = {"seconds": round(wall, 2), "peak_rss_mb": int(rss.group(1)) // 1024}
    print(f"{label:32s} {wall:8.2f} s  {results[label]['peak_rss_mb']:6d} MB", flush=True)
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
    con.execute("SET threads TO 2")
    started = time.perf_counter()
    rows = con.execute(sql, [on]).fetchall()
    return time.perf_counter() - started, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenancies", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=12, help="months of history")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", help="keep the generated files here")
    parser.add_argument("--corporation", default="bench-corporatie")
    parser.add_argument("--skip-python", action="store_true", help="skip the streamed path")
    args = parser.parse_args()
    if "woonkans_bench" not in os.environ.get("DATABASE_URL", ""):
        raise SystemExit("Set DATABASE_URL to a database named woonkans_bench (it is filled).")

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="woonkans-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results: dict = {
        "tenancies": args.tenancies,
        "months_history": args.months,
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
    }
    start = date(2025, 1, 1)
    month_index = start.year * 12 + args.months
    month_start = date(month_index // 12, month_index % 12 + 1, 1)
    next_index = month_index + 1
    on = date(next_index // 12, next_index % 12 + 1, 1) - timedelta(days=1)

    run("migrate", ["migrate", "-v", "0"], results)
    run(
        "create corporation",
        ["shell", "-c", _CREATE_CORPORATION.format(slug=args.corporation)],
        results,
    )
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
    rows_history, rows_month = split_ledger(workdir / "ledger.csv", history, month, month_start)
    results["ledger_rows_history"] = rows_history
    results["ledger_rows_month"] = rows_month
    print(f"ledger rows: history {rows_history}, month {rows_month}", flush=True)

    corp = f"--corporation={args.corporation}"
    run("import-tenancies", ["import-tenancies", str(workdir / "tenancies.csv"), corp], results)
    run("import-ledger (history)", ["import-ledger", str(history), corp], results)
    monthly = run("import-ledger (month)", ["import-ledger", str(month), corp], results)
    pg_out = workdir / "arrears-pg.csv"
    monthly += run(
        "arrears (sql)",
        ["arrears", corp, f"--date={on}", f"--output={pg_out}"],
        results,
    )
    results["monthly_part_seconds"] = round(monthly, 2)
    if not args.skip_python:
        run(
            "arrears (python, streamed)",
            ["arrears", corp, f"--date={on}", "--method=python", f"--output={workdir / 'py.csv'}"],
            results,
        )
        same = (workdir / "py.csv").read_bytes() == pg_out.read_bytes()
        results["python_equals_sql"] = same
    run("repeat import-ledger (month)", ["import-ledger", str(month), corp], results)

    seconds, rows = duckdb_positions(workdir / "tenancies.csv", [history, month], on)
    results["duckdb_positions_seconds"] = round(seconds, 2)
    print(f"{'duckdb positions (from CSV)':32s} {seconds:8.2f} s", flush=True)
    duck = {
        r[0]: (f"{int(r[1]) / 100:.2f}", str(r[2]), r[3].isoformat() if r[3] else "") for r in rows
    }
    mismatches = 0
    with open(pg_out, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            want = duck.get(row["overeenkomstnummer"])
            got = (row["achterstand"], row["open_termijnen"], row["oudste_vervaldatum"])
            mismatches += want != got
    results["duckdb_mismatching_rows"] = mismatches
    results["positions_ratio_pg_to_duckdb"] = round(
        results["arrears (sql)"]["seconds"] / max(seconds, 1e-9), 1
    )
    results["monthly_ratio_to_duckdb"] = round(monthly / max(seconds, 1e-9), 1)
    results["reference_date"] = on.isoformat()
    print(json.dumps(results, indent=2))
    (workdir / "results.json").write_text(json.dumps(results, indent=2))


_CREATE_CORPORATION = (
    "from woonkans.organisations.models import Organisation;"
    "Organisation.objects.get_or_create(slug='{slug}', "
    "defaults={{'name': 'Benchmark corporatie', 'kind': 'woningcorporatie'}})"
)


if __name__ == "__main__":
    main()
