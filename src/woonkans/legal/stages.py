"""The legal stage of a tenancy and the table of allowed legal steps: pure functions.

No database: the input is plain values (:class:`CaseFacts`, :class:`StageFacts`), built from
the models by ``selectors.py``. Tested without a database, including property tests.

Stages follow the CORA phases of rent collection, with the court phase split into the steps
the household page must show::

    geen → pre-minnelijk → minnelijk 1 → minnelijk 2 (deurwaarder) → gerechtelijk
         → vonnis → aanzegging → ontruiming

* ``geen``: no arrears and no open hand-over.
* ``pre_minnelijk``: arrears, but the tenant has not yet been put in default: reminders,
  cards, calls. No 14-day letter (veertiendagenbrief) in this arrears episode yet.
* ``minnelijk_1``: the 14-day letter was sent; the corporation still collects itself.
* ``minnelijk_2``: the claim is handed over to a bailiff or collection agency (VERA
  ExterneIncasso, status NIE or ACT) and no summons is pending.
* ``gerechtelijk``: a summons (dagvaarding) was served and no verdict given yet.
* ``vonnis``: the court gave a verdict (no eviction announced, or the announced eviction
  was cancelled).
* ``aanzegging``: the bailiff announced the eviction (aanzegging) with a date.
* ``ontruiming``: the eviction was executed.

A hand-over that ended (status EIN) closes its legal route: the stage falls back to what
the arrears say — except after an executed eviction, which stays ``ontruiming``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import date

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    GEEN = "geen", _("No arrears")
    PRE_MINNELIJK = "pre_minnelijk", _("Pre-amicable (reminders)")
    MINNELIJK_1 = "minnelijk_1", _("Amicable 1 (in default, own collection)")
    MINNELIJK_2 = "minnelijk_2", _("Amicable 2 (bailiff or collection agency)")
    GERECHTELIJK = "gerechtelijk", _("Court (summons served)")
    VONNIS = "vonnis", _("Verdict")
    AANZEGGING = "aanzegging", _("Eviction announced")
    ONTRUIMING = "ontruiming", _("Evicted")


#: The order of the phases, for comparisons ("at least in court").
PHASE_ORDER: tuple[str, ...] = tuple(Phase.values)


def phase_rank(phase: str) -> int:
    return PHASE_ORDER.index(phase)


class NoticeOutcome(models.TextChoices):
    PENDING = "", _("Pending")
    EXECUTED = "uitgevoerd", _("Eviction executed")
    CANCELLED = "geannuleerd", _("Eviction cancelled")


# --- Facts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeFacts:
    notified_on: date
    eviction_date: date
    outcome: str = NoticeOutcome.PENDING
    outcome_on: date | None = None


@dataclass(frozen=True)
class VerdictFacts:
    pronounced_on: date
    dissolution_and_eviction: bool
    notices: tuple[NoticeFacts, ...] = ()

    @property
    def pending_notice(self) -> NoticeFacts | None:
        return next((n for n in self.notices if n.outcome == NoticeOutcome.PENDING), None)

    @property
    def executed_notice(self) -> NoticeFacts | None:
        return next((n for n in self.notices if n.outcome == NoticeOutcome.EXECUTED), None)


@dataclass(frozen=True)
class SummonsFacts:
    served_on: date
    court_date: date
    withdrawn_on: date | None = None
    verdict: VerdictFacts | None = None


@dataclass(frozen=True)
class CaseFacts:
    """One hand-over (VERA ExterneIncasso) and the court steps that followed it."""

    kind: str  # DEU or INC
    status: str  # NIE, ACT or EIN
    handed_over_on: date
    ended_on: date | None = None
    summonses: tuple[SummonsFacts, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.status != "EIN"

    @property
    def current_summons(self) -> SummonsFacts | None:
        """The summons that was not withdrawn (there is at most one)."""
        return next((s for s in self.summonses if s.withdrawn_on is None), None)


@dataclass(frozen=True)
class StageFacts:
    """What the stage of one tenancy is derived from."""

    arrears: bool
    arrears_since: date | None = None
    default_letter_on: date | None = None  # the 14-day letter in this arrears episode
    cases: tuple[CaseFacts, ...] = field(default=())  # oldest first


@dataclass(frozen=True)
class Stage:
    phase: str
    since: date | None

    @property
    def label(self) -> str:
        return str(Phase(self.phase).label)

    @property
    def rank(self) -> int:
        return phase_rank(self.phase)


# --- Records as they stood on a date ---------------------------------------------------


def _notice_as_of(notice: NoticeFacts, on: date) -> NoticeFacts:
    if notice.outcome_on is not None and notice.outcome_on > on:
        return replace(notice, outcome=NoticeOutcome.PENDING, outcome_on=None)
    return notice


def _summons_as_of(summons: SummonsFacts, on: date) -> SummonsFacts:
    verdict = summons.verdict
    if verdict is not None:
        if verdict.pronounced_on > on:
            verdict = None
        else:
            verdict = replace(
                verdict,
                notices=tuple(_notice_as_of(n, on) for n in verdict.notices if n.notified_on <= on),
            )
    withdrawn = (
        summons.withdrawn_on if summons.withdrawn_on and summons.withdrawn_on <= on else None
    )
    return replace(summons, withdrawn_on=withdrawn, verdict=verdict)


def cases_as_of(cases: tuple[CaseFacts, ...], on: date) -> tuple[CaseFacts, ...]:
    """The records as they stood at the end of ``on``: later steps are left out, and a
    hand-over that ended later was still open (status ACT) then."""
    result = []
    for case in cases:
        if case.handed_over_on > on:
            continue
        if case.ended_on is not None and case.ended_on > on:
            case = replace(case, status="ACT", ended_on=None)
        result.append(
            replace(
                case,
                summonses=tuple(_summons_as_of(s, on) for s in case.summonses if s.served_on <= on),
            )
        )
    return tuple(result)


# --- Deriving the stage -----------------------------------------------------------------


def case_stage(case: CaseFacts) -> Stage:
    """The phase an (open or ended) hand-over has reached by its own records."""
    summons = case.current_summons
    if summons is None:
        return Stage(Phase.MINNELIJK_2, case.handed_over_on)
    verdict = summons.verdict
    if verdict is None:
        return Stage(Phase.GERECHTELIJK, summons.served_on)
    executed = verdict.executed_notice
    if executed is not None:
        return Stage(Phase.ONTRUIMING, executed.outcome_on)
    pending = verdict.pending_notice
    if pending is not None:
        return Stage(Phase.AANZEGGING, pending.notified_on)
    return Stage(Phase.VONNIS, verdict.pronounced_on)


def legal_stage(facts: StageFacts) -> Stage:
    """The CORA phase of a tenancy (see the module docstring)."""
    open_cases = [c for c in facts.cases if c.is_open]
    if open_cases:
        return case_stage(open_cases[-1])
    if facts.cases:
        last = case_stage(facts.cases[-1])
        if last.phase == Phase.ONTRUIMING:
            return last
    if not facts.arrears:
        return Stage(Phase.GEEN, None)
    if facts.default_letter_on is not None and (
        facts.arrears_since is None or facts.default_letter_on >= facts.arrears_since
    ):
        return Stage(Phase.MINNELIJK_1, facts.default_letter_on)
    return Stage(Phase.PRE_MINNELIJK, facts.arrears_since)


# --- Allowed steps ----------------------------------------------------------------------


class Step(enum.StrEnum):
    HANDOVER = "overdracht"
    ACTIVATE = "actief"
    BALANCE = "saldo"
    END = "beeindigen"
    SUMMONS = "dagvaarding"
    WITHDRAW_SUMMONS = "dagvaarding-intrekken"
    VERDICT = "vonnis"
    NOTICE = "aanzegging"
    EXECUTE = "ontruiming-uitgevoerd"
    CANCEL = "ontruiming-geannuleerd"


_ANY_OPEN = frozenset(
    {Phase.MINNELIJK_2, Phase.GERECHTELIJK, Phase.VONNIS, Phase.AANZEGGING, Phase.ONTRUIMING}
)

#: The phase of the open hand-over each step may start from. ``None`` stands for "no open
#: hand-over". Extra conditions (kind of hand-over, status, verdict content) are in
#: :func:`refusal`.
TRANSITIONS: dict[Step, frozenset] = {
    Step.HANDOVER: frozenset({None}),
    Step.ACTIVATE: frozenset({Phase.MINNELIJK_2}),
    Step.BALANCE: _ANY_OPEN,
    Step.END: frozenset({Phase.MINNELIJK_2, Phase.VONNIS, Phase.ONTRUIMING}),
    Step.SUMMONS: frozenset({Phase.MINNELIJK_2}),
    Step.WITHDRAW_SUMMONS: frozenset({Phase.GERECHTELIJK}),
    Step.VERDICT: frozenset({Phase.GERECHTELIJK}),
    Step.NOTICE: frozenset({Phase.VONNIS}),
    Step.EXECUTE: frozenset({Phase.AANZEGGING}),
    Step.CANCEL: frozenset({Phase.AANZEGGING}),
}

# Why a step is refused, by step and by the phase it was tried from (``"*"``: any other).
_REFUSALS: dict[Step, dict] = {
    Step.HANDOVER: {
        "*": _(
            "This tenancy is already handed over to a bailiff or collection agency. End "
            "that hand-over before registering a new one."
        ),
    },
    Step.ACTIVATE: {
        None: _("There is no open hand-over to a bailiff or collection agency."),
        "*": _("Only a new hand-over can be marked active."),
    },
    Step.BALANCE: {
        None: _("There is no open hand-over to a bailiff or collection agency."),
    },
    Step.END: {
        None: _("There is no open hand-over to a bailiff or collection agency."),
        Phase.GERECHTELIJK: _(
            "A summons is pending. Register the verdict or withdraw the summons before "
            "ending the hand-over."
        ),
        Phase.AANZEGGING: _(
            "An eviction is announced. Register whether it was executed or cancelled "
            "before ending the hand-over."
        ),
    },
    Step.SUMMONS: {
        None: _(
            "A summons needs a hand-over to a bailiff first: register the hand-over "
            "(overdracht) before the summons."
        ),
        Phase.GERECHTELIJK: _("A summons is already pending for this hand-over."),
        "*": _("A summons can only follow a hand-over without a pending or decided summons."),
    },
    Step.WITHDRAW_SUMMONS: {
        "*": _("There is no pending summons to withdraw."),
    },
    Step.VERDICT: {
        None: _("A verdict needs a summons first: register the summons (dagvaarding)."),
        Phase.MINNELIJK_2: _(
            "A verdict needs a summons first: register the summons (dagvaarding)."
        ),
        "*": _("A verdict was already registered for this summons."),
    },
    Step.NOTICE: {
        None: _("An eviction can only be announced after a verdict."),
        Phase.MINNELIJK_2: _("An eviction can only be announced after a verdict."),
        Phase.GERECHTELIJK: _("An eviction can only be announced after a verdict."),
        Phase.AANZEGGING: _("An eviction is already announced; register its outcome first."),
        Phase.ONTRUIMING: _("The eviction was already executed."),
    },
    Step.EXECUTE: {
        Phase.ONTRUIMING: _("The eviction was already executed."),
        "*": _("No eviction is announced: register the eviction notice (aanzegging) first."),
    },
    Step.CANCEL: {
        Phase.ONTRUIMING: _("The eviction was already executed."),
        "*": _("No eviction is announced: register the eviction notice (aanzegging) first."),
    },
}


def open_case(cases: tuple[CaseFacts, ...]) -> CaseFacts | None:
    return next((c for c in reversed(cases) if c.is_open), None)


def refusal(step: Step, cases: tuple[CaseFacts, ...]) -> str | None:
    """``None`` when ``step`` is allowed now, otherwise the reason it is refused."""
    case = open_case(cases)
    phase = case_stage(case).phase if case is not None else None
    if phase not in TRANSITIONS[step]:
        messages = _REFUSALS[step]
        return str(messages.get(phase, messages.get("*", _("This step is not possible now."))))
    if step == Step.ACTIVATE and case.status != "NIE":
        return str(_REFUSALS[Step.ACTIVATE]["*"])
    if step == Step.SUMMONS and case.kind != "DEU":
        return str(
            _(
                "A collection agency cannot serve a summons. Hand the claim over to a "
                "bailiff (deurwaarder) first."
            )
        )
    if step == Step.NOTICE:
        verdict = case.current_summons.verdict
        if not verdict.dissolution_and_eviction:
            return str(
                _(
                    "The verdict does not dissolve the lease and order the eviction, so no "
                    "eviction can be announced."
                )
            )
    return None


def allowed_steps(cases: tuple[CaseFacts, ...], *, on_hold: bool = False) -> list[Step]:
    return [
        step
        for step in Step
        if refusal(step, cases) is None and not (on_hold and step in HELD_STEPS)
    ]


# --- The eviction hold ------------------------------------------------------------------

#: Steps that take the eviction route further. While the route is on hold (a last-chance
#: trajectory runs, ``households.holds``) they are refused; steps that record what others
#: did or that take the route back (activation, balance, ending the hand-over, withdrawing
#: the summons, the court's verdict, cancelling an eviction) stay possible.
HELD_STEPS = frozenset({Step.HANDOVER, Step.SUMMONS, Step.NOTICE, Step.EXECUTE})


def hold_refusal(step: Step, hold_since: date | None) -> str | None:
    """Why ``step`` is refused on a day the eviction route is on hold since ``hold_since``
    (``None``: not on hold)."""
    if hold_since is None or step not in HELD_STEPS:
        return None
    return str(
        _(
            "The eviction route is on hold since %(date)s: the household is in a last-chance "
            "trajectory. This step is possible again when the trajectory ends without "
            "success (declined, not admitted or ended for non-cooperation)."
        )
        % {"date": date_format(hold_since)}
    )
