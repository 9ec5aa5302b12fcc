"""The collection engine's decisions: a pure function over plain values.

Given a corporation's steps, one tenancy's arrears position at the run date, what was
already planned in its current arrears case, the state of its payment arrangement, its
legal stage and a working-day calendar, :func:`decide` says which actions are due today.
No database: ``services.collection_run`` loads the inputs in bulk and stores the result.

The rules (also in ``docs/collection.md``):

1. **Cases.** A tenancy with arrears (``achterstand > 0``) has an open case; steps run once
   per case. When the arrears are paid (``achterstand <= 0``) the case closes.
2. **Working days only.** On a weekend or public holiday nothing is planned; the next
   working day's run catches up. A step whose date falls on a non-working day is due on
   the next working day. A date already past when the step becomes due is due today.
3. **Triggers.** ``after_due``: *days* after the due date of the oldest unpaid rent term
   (``oudste_vervaldatum``). ``after_previous``: *days* after the latest attempt of the
   nearest earlier step that was planned in this case (the case's opening date when none
   was).
4. **Conditions.** A step is planned only while the arrears are at least its minimum amount
   and at least its minimum number of rent terms are unpaid.
5. **In order.** A step waits until every earlier step whose conditions hold was planned on
   an earlier day: one step per tenancy per day, so a tenancy found in deep arrears is not
   sent a reminder and a bailiff hand-over on the same day.
6. **Attempts.** A step with extra attempts plans the next one *every* days after the
   previous attempt, once that one is no longer open, and — when the step says so — not
   after the tenant was reached (a contact attempt with ``reached``) since the first one.
7. **Stops.** A kept (or frozen) payment arrangement pauses all steps. A step set to stop
   at a legal stage is not planned once the tenancy reached that stage, and its open
   attempts are cancelled.
8. **Eviction hold.** While the eviction route is on hold (a last-chance trajectory runs,
   see ``households.holds``) no step is planned and open attempts are cancelled, whatever
   the policy says about arrangements. The case stays open; when the hold ends the steps
   pick up where they were, a step whose date passed meanwhile being due on the first
   working day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from woonkans.arrears.positions import Position

from .calendar import WorkingCalendar

AFTER_DUE = "after_due"
AFTER_PREVIOUS = "after_previous"

#: Legal stages in order (``models.LegalStage`` values); later ones include earlier ones.
LEGAL_STAGE_ORDER: tuple[str, ...] = ("", "deurwaarder", "dagvaarding", "vonnis", "ontruiming")


def legal_rank(stage: str) -> int:
    try:
        return LEGAL_STAGE_ORDER.index(stage or "")
    except ValueError:
        return 0


class ArrangementState(StrEnum):
    NONE = "none"
    KEPT = "kept"
    FROZEN = "frozen"
    BROKEN = "broken"


@dataclass(frozen=True, slots=True)
class StepRule:
    id: int
    position: int
    trigger: str
    days: int
    min_amount: Decimal = Decimal("0.01")
    min_open_terms: int = 0
    stop_at_legal_stage: str = ""
    repeat_times: int = 0
    repeat_every_days: int = 0
    stop_when_reached: bool = True

    @property
    def attempts(self) -> int:
        return 1 + self.repeat_times


@dataclass(frozen=True, slots=True)
class PastAction:
    """A worklist item already planned in the current case (any status)."""

    step_id: int
    attempt: int
    due_date: date
    is_open: bool = False


@dataclass(frozen=True, slots=True)
class Situation:
    position: Position
    case_opened_on: date | None = None  # None: no open case yet
    history: tuple[PastAction, ...] = ()
    arrangement: ArrangementState = ArrangementState.NONE
    legal_stage: str = ""
    last_reached_on: date | None = None
    on_hold: bool = False


@dataclass(frozen=True, slots=True)
class DueAction:
    step_id: int
    attempt: int
    due_date: date


@dataclass(frozen=True, slots=True)
class Decision:
    open_case: bool = False
    close_case: bool = False
    paused: bool = False
    # Paused because the eviction route is on hold (rather than by an arrangement).
    held: bool = False
    actions: tuple[DueAction, ...] = ()
    # Steps stopped by the legal stage: their open attempts are cancelled.
    stopped_steps: frozenset[int] = field(default_factory=frozenset)


def _applicable(step: StepRule, position: Position) -> bool:
    return (
        position.achterstand >= step.min_amount and position.open_termijnen >= step.min_open_terms
    )


def _stopped(step: StepRule, legal_stage: str) -> bool:
    return bool(step.stop_at_legal_stage) and legal_rank(legal_stage) >= legal_rank(
        step.stop_at_legal_stage
    )


def decide(
    steps: Sequence[StepRule],
    situation: Situation,
    on: date,
    calendar: WorkingCalendar,
    *,
    pause_while_arrangement_kept: bool = True,
) -> Decision:
    """The actions due on ``on`` for one tenancy (see the module docstring)."""
    position = situation.position
    has_case = situation.case_opened_on is not None
    if position.achterstand <= 0:
        return Decision(close_case=has_case)
    opened = situation.case_opened_on or on
    ordered = sorted(steps, key=lambda s: s.position)
    stopped = frozenset(s.id for s in ordered if _stopped(s, situation.legal_stage))
    base = Decision(open_case=not has_case, stopped_steps=stopped)
    if situation.on_hold:
        return Decision(open_case=not has_case, paused=True, held=True, stopped_steps=stopped)
    if pause_while_arrangement_kept and situation.arrangement in (
        ArrangementState.KEPT,
        ArrangementState.FROZEN,
    ):
        return Decision(open_case=not has_case, paused=True, stopped_steps=stopped)
    if not calendar.is_working_day(on):
        return base

    by_step: dict[int, list[PastAction]] = {}
    for past in situation.history:
        by_step.setdefault(past.step_id, []).append(past)
    for attempts in by_step.values():
        attempts.sort(key=lambda p: p.attempt)

    actions: list[DueAction] = []
    earlier: list[StepRule] = []
    for step in ordered:
        if step.id in stopped:
            continue
        done = by_step.get(step.id, [])
        nominal = _nominal_date(step, done, earlier, by_step, position, situation, opened)
        if nominal is not None and _earlier_steps_planned(earlier, by_step, position, on):
            if calendar.on_or_after(nominal) <= on:
                actions.append(DueAction(step.id, len(done) + 1, on))
        earlier.append(step)
    return Decision(open_case=base.open_case, actions=tuple(actions), stopped_steps=stopped)


def _nominal_date(
    step: StepRule,
    done: list[PastAction],
    earlier: list[StepRule],
    by_step: dict[int, list[PastAction]],
    position: Position,
    situation: Situation,
    opened: date,
) -> date | None:
    """The date the next attempt of ``step`` is meant for, or ``None`` if there is none."""
    if len(done) >= step.attempts or not _applicable(step, position):
        return None
    if done:
        previous = done[-1]
        if previous.is_open:
            return None
        reached = situation.last_reached_on
        if step.stop_when_reached and reached is not None and reached >= done[0].due_date:
            return None
        return previous.due_date + timedelta(days=step.repeat_every_days)
    if step.trigger == AFTER_DUE:
        if position.oudste_vervaldatum is None:
            return None
        return position.oudste_vervaldatum + timedelta(days=step.days)
    for prior in reversed(earlier):
        if by_step.get(prior.id):
            return max(p.due_date for p in by_step[prior.id]) + timedelta(days=step.days)
    return opened + timedelta(days=step.days)


def _earlier_steps_planned(
    earlier: Iterable[StepRule],
    by_step: dict[int, list[PastAction]],
    position: Position,
    on: date,
) -> bool:
    """Every earlier step whose conditions hold was planned before today."""
    for prior in earlier:
        if not _applicable(prior, position):
            continue
        if not any(p.due_date < on for p in by_step.get(prior.id, ())):
            return False
    return True


# --- Priority ---------------------------------------------------------------------------

#: Extra priority per legal stage: the further the legal route, the more urgent contact is.
LEGAL_STAGE_WEIGHT = {
    "": 0,
    "deurwaarder": 100,
    "dagvaarding": 200,
    "vonnis": 400,
    "ontruiming": 500,
}
ALERT_WEIGHT = 2000


def priority_for(
    *, amount: Decimal, days_overdue: int, legal_stage: str = "", alert: bool = False
) -> int:
    """Higher is more urgent. Arrears count one point per €25 (at most 400), days overdue
    one point per 3 days (at most 200), plus the legal stage's weight; a broken
    arrangement alert comes before everything else."""
    score = min(int(max(amount, Decimal(0)) // 25), 400) + min(max(days_overdue, 0) // 3, 200)
    score += LEGAL_STAGE_WEIGHT.get(legal_stage or "", 0)
    if alert:
        score += ALERT_WEIGHT
    return score
