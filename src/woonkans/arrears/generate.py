"""Realistic, entirely fictional import files for demos, tests and the benchmark.

``generate(tenancies=N, months=M, seed=S, output_dir=DIR)`` writes ``tenancies.csv`` and
``ledger.csv`` in the canonical format (docs/import-format.md), streaming: memory does not
grow with N. Rent is due on the 1st (booked 12 days before). Each tenancy
follows one payment pattern:

* ``punctual`` — pays the rent in full around the 1st (sometimes a few days early);
* ``late`` — pays in full, between the 5th and the 25th;
* ``partial`` — pays 50–90 % each month: arrears grow slowly;
* ``missing`` — skips about a third of the months: arrears grow in steps;
* ``stopped`` — pays on time, then stops paying altogether: arrears grow fast;
* ``recovering`` — starts with missed months, then pays rent plus an instalment: arrears
  shrink.

Tenancies two or more months behind get collection costs (``kosten``) on the 20th; about
one in twenty gets a service-cost settlement (``correctie``, either sign) in the fourth
month. Amounts are whole cents, computed with integers (never floats).
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .imports import LEDGER_COLUMNS, TENANCY_COLUMNS

PATTERNS = (
    ("punctual", 64),
    ("late", 14),
    ("partial", 7),
    ("missing", 6),
    ("stopped", 4),
    ("recovering", 5),
)
FIRST_NAMES = (
    "Anna Bram Cora Daan Eva Femke Gijs Hanna Ilse Joris Kim Lotte Mees Noor Olaf Pien "
    "Quinten Roos Sem Tess Ugo Vera Wout Xandra Yara Zeger Fatima Mohamed Ayse Emre Priya "
    "Ravi Lina Omar Sanne Thijs Iris Milan Julia Luuk"
).split()
LAST_NAMES = (
    "de Boer|Visser|Jansen|Smit|Mulder|Bakker|Kok|de Vries|van Dijk|Meijer|de Graaf|Bos|"
    "Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Yilmaz|El Amrani|"
    "Kaya|Pinas|Nguyen|Haddou|Sedney|Wouters|Kuipers|Veenstra"
).split("|")
STREETS = (
    "Voorbeeldstraat|Proeflaan|Oefenweg|Testplein|Modelkade|Schetsstraat|Ontwerplaan|"
    "Conceptweg|Probeersingel|Fictiehof|Verzinlaan|Denkbeeldstraat"
).split("|")
CITIES = ("Voorbeeldstad", "Oefendorp", "Proefmeer", "Testerveen", "Modelhaven")


@dataclass(frozen=True)
class GenerateResult:
    tenancies: int
    ledger_rows: int
    tenancies_path: Path
    ledger_path: Path


def _euro(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def generate(
    *,
    tenancies: int,
    months: int,
    output_dir: str | Path,
    seed: int = 1,
    start: date = date(2025, 1, 1),
) -> GenerateResult:
    rnd = random.Random(seed)  # noqa: S311 - test data, not security
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    tenancies_path = out / "tenancies.csv"
    ledger_path = out / "ledger.csv"
    patterns = [p for p, _w in PATTERNS]
    weights = [w for _p, w in PATTERNS]
    first_of_month = [_add_months(start, m) for m in range(months)]
    ledger_rows = 0
    with (
        open(tenancies_path, "w", newline="", encoding="utf-8") as t_handle,
        open(ledger_path, "w", newline="", encoding="utf-8") as l_handle,
    ):
        t_out = csv.writer(t_handle, lineterminator="\n")
        l_out = csv.writer(l_handle, lineterminator="\n")
        t_out.writerow(TENANCY_COLUMNS)
        l_out.writerow(LEDGER_COLUMNS)
        for n in range(1, tenancies + 1):
            contract = f"OVK-{n:07d}"
            rent = rnd.randrange(42_000, 98_000, 5)  # cents
            first, last = rnd.choice(FIRST_NAMES), rnd.choice(LAST_NAMES)
            began = date(rnd.randint(1995, 2024), rnd.randint(1, 12), 1)
            if began >= start:
                began = date(start.year - 1, began.month, 1)
            t_out.writerow(
                (
                    contract,
                    f"H-{n:07d}",
                    began.isoformat(),
                    "",
                    rnd.choice(STREETS),
                    str(rnd.randint(1, 250)),
                    f"{rnd.randint(1000, 9999)} {rnd.choice('ABCDEGHJKLMNPRSTVXZ')}"
                    f"{rnd.choice('ABCDEGHJKLMNPRSTVXZ')}",
                    rnd.choice(CITIES),
                    _euro(rent),
                    f"{first} {last}",
                    date(
                        rnd.randint(1940, 2004), rnd.randint(1, 12), rnd.randint(1, 28)
                    ).isoformat(),
                    f"06{n:08d}"[-10:] if rnd.random() < 0.8 else "",
                    f"huurder{n}@example.invalid" if rnd.random() < 0.6 else "",
                )
            )
            pattern = rnd.choices(patterns, weights)[0]
            stop_at = rnd.randint(1, max(1, months - 1))
            recover_at = rnd.randint(1, max(1, months // 2))
            owed = 0  # cents, from this generator's own bookkeeping
            seq = 0

            def row(
                kind: str,
                booked: date,
                due: date | None,
                cents: int,
                text: str,
                contract: str = contract,
            ) -> None:
                nonlocal seq, ledger_rows
                seq += 1
                ledger_rows += 1
                l_out.writerow(
                    (
                        f"{contract}-{seq:03d}",
                        contract,
                        booked.isoformat(),
                        due.isoformat() if due else "",
                        kind,
                        _euro(cents) if cents >= 0 else f"-{_euro(-cents)}",
                        text,
                    )
                )

            for m, due in enumerate(first_of_month):
                row("huur", due - timedelta(days=12), due, rent, f"Huur {due:%m-%Y}")
                owed += rent
                if m == 3 and rnd.random() < 0.05:
                    settlement = rnd.choice((1, -1)) * rnd.randrange(500, 25_000)
                    row(
                        "correctie",
                        due + timedelta(days=14),
                        due + timedelta(days=14),
                        settlement,
                        "Afrekening servicekosten",
                    )
                    owed += settlement
                pay = 0
                pay_day = due
                if pattern == "punctual":
                    pay = rent
                    pay_day = due + timedelta(days=rnd.randint(-4, 2))
                elif pattern == "late":
                    pay = rent
                    pay_day = due + timedelta(days=rnd.randint(4, 24))
                elif pattern == "partial":
                    pay = rent * rnd.randint(50, 90) // 100
                    pay_day = due + timedelta(days=rnd.randint(0, 20))
                elif pattern == "missing":
                    pay = 0 if rnd.random() < 0.35 else rent
                    pay_day = due + timedelta(days=rnd.randint(0, 15))
                elif pattern == "stopped":
                    pay = rent if m < stop_at else 0
                    pay_day = due + timedelta(days=rnd.randint(0, 5))
                elif pattern == "recovering":
                    if m >= recover_at:
                        pay = min(max(owed, 0), rent + rent // 3)
                    pay_day = due + timedelta(days=rnd.randint(0, 10))
                if owed >= 2 * rent and rnd.random() < 0.5:
                    costs = 4000
                    row(
                        "kosten",
                        due + timedelta(days=19),
                        due + timedelta(days=19),
                        costs,
                        "Incassokosten",
                    )
                    owed += costs
                if pay > 0:
                    row("betaling", pay_day, None, pay, "Betaling")
                    owed -= pay
    return GenerateResult(tenancies, ledger_rows, tenancies_path, ledger_path)
