"""Pure rules: which due items a trajectory has, and when they are due.

No database. :func:`due_specs` takes the facts of one trajectory (:class:`Facts`, gathered
by ``selectors.trajectory_facts``) and the date of today, and returns one
:class:`DueSpec` per item that should exist. The same facts and date always give the same
specs, so generating twice changes nothing (the key is kind + period key).

The rules, from processes.md §3 and the agreement template (Bijlage 2):

* ``details_to_corporation`` — right after the intake the financial consultant sends the
  household's details to the corporation's contact person: due 2 working days after the
  date the trajectory entered the intake state.
* ``rent_takeover`` — the financial consultant takes over the rent payment (budget
  management): due one calendar month after guidance started (the start conversation).
  One month is one income cycle: income and benefits are redirected to the consultant, so
  the next rent is paid by the consultant. See docs/due-items.md.
* ``quarterly_report`` — every 3 months from guidance start, a short report to the
  corporation (financial situation, budget management, is a payment arrangement
  possible?). Period key ``q1``, ``q2``, ...; an item appears
  :data:`QUARTERLY_LOOKAHEAD_DAYS` days before it is due.
* ``support_report`` — the support worker's written report, at least 2 weeks before each
  evaluation meeting: due 14 days before the evaluation date.
* ``evaluation`` — the evaluation meeting between support worker and corporation, one year
  after guidance start (or the date set when it was extended). Period key = the cycle
  (1 for the first evaluation, 2 after the first extension, ...).

Recurring and follow-up items stop when the trajectory reaches a final state: the caller
then cancels what is still open (see ``services.due_items_sync``).
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date, timedelta

from woonkans.collection.calendar import DEFAULT_CALENDAR, WorkingCalendar

DETAILS_TO_CORPORATION = "details_to_corporation"
RENT_TAKEOVER = "rent_takeover"
QUARTERLY_REPORT = "quarterly_report"
SUPPORT_REPORT = "support_report"
EVALUATION = "evaluation"

# Member functions (values of trajectories.models.MemberFunction).
WOONBEGELEIDER = "woonbegeleider"
FINANCIEEL_CONSULENT = "financieel_consulent"

DETAILS_WORKING_DAYS = 2
RENT_TAKEOVER_MONTHS = 1
QUARTERLY_MONTHS = 3
QUARTERLY_LOOKAHEAD_DAYS = 31
SUPPORT_REPORT_DAYS_BEFORE = 14
#: Items due within this many days count as "due soon" (digest, list filters).
DUE_SOON_DAYS = 7

OVERDUE = "overdue"
DUE_SOON = "due_soon"
LATER = "later"


@dataclass(frozen=True)
class Facts:
    """What the rules need to know about one trajectory."""

    is_final: bool
    corporation_id: int
    care_provider_id: int | None
    intake_on: date | None  # the trajectory entered the intake state
    guidance_started_on: date | None  # the trajectory entered the started state
    evaluation_due_on: date | None
    evaluation_cycle: int = 1  # 1 + the number of extensions


@dataclass(frozen=True)
class DueSpec:
    kind: str
    period_key: str
    due_on: date
    organisation_id: int
    function: str
    concerns_corporation: bool

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.period_key)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later; the month's last day if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def add_working_days(day: date, n: int, cal: WorkingCalendar = DEFAULT_CALENDAR) -> date:
    """The ``n``-th working day after ``day`` (weekends and Dutch public holidays skipped)."""
    current = day
    for _ in range(n):
        current = cal.on_or_after(current + timedelta(days=1))
    return current


def due_specs(
    facts: Facts, *, today: date, cal: WorkingCalendar = DEFAULT_CALENDAR
) -> list[DueSpec]:
    if facts.is_final or facts.care_provider_id is None:
        return []
    care = facts.care_provider_id
    specs: list[DueSpec] = []
    if facts.intake_on is not None:
        specs.append(
            DueSpec(
                DETAILS_TO_CORPORATION,
                "",
                add_working_days(facts.intake_on, DETAILS_WORKING_DAYS, cal),
                care,
                FINANCIEEL_CONSULENT,
                True,
            )
        )
    start = facts.guidance_started_on
    if start is None:
        return specs
    specs.append(
        DueSpec(
            RENT_TAKEOVER,
            "",
            add_months(start, RENT_TAKEOVER_MONTHS),
            care,
            FINANCIEEL_CONSULENT,
            True,
        )
    )
    horizon = today + timedelta(days=QUARTERLY_LOOKAHEAD_DAYS)
    k = 1
    while (due := add_months(start, QUARTERLY_MONTHS * k)) <= horizon:
        specs.append(DueSpec(QUARTERLY_REPORT, f"q{k}", due, care, FINANCIEEL_CONSULENT, True))
        k += 1
    if facts.evaluation_due_on is not None:
        cycle = str(facts.evaluation_cycle)
        evaluation = facts.evaluation_due_on
        specs.append(
            DueSpec(
                SUPPORT_REPORT,
                cycle,
                evaluation - timedelta(days=SUPPORT_REPORT_DAYS_BEFORE),
                care,
                WOONBEGELEIDER,
                False,
            )
        )
        specs.append(DueSpec(EVALUATION, cycle, evaluation, care, WOONBEGELEIDER, True))
    return specs


def urgency(due_on: date, today: date) -> str:
    if due_on < today:
        return OVERDUE
    if (due_on - today).days <= DUE_SOON_DAYS:
        return DUE_SOON
    return LATER


def in_digest(due_on: date, today: date) -> bool:
    """An open item goes into the daily digest when overdue or due within 7 days."""
    return urgency(due_on, today) != LATER
