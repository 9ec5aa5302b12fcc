"""Pure rules of the last-chance trajectory: eligibility, priority, the flip-back
conditions and the shared damage after termination. No database; plain inputs.

Money is :class:`~decimal.Decimal`, rounded half-up to cents where a share is computed, and
the parts of a split always add up exactly to the whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


# --- Referral -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    question: str
    answer: bool
    excludes_when: bool

    @property
    def excludes(self) -> bool:
        return self.answer == self.excludes_when


def exclusion_grounds(answers: Iterable[Answer]) -> list[str]:
    """The questions whose answer is an exclusion ground under the corporation's checklist.
    Without a checklist there are none: nuisance is no exclusion ground in general."""
    return [a.question for a in answers if a.excludes]


def is_priority(legal_stage: str, verdict_date: date | None) -> bool:
    """Households with an eviction verdict go first."""
    return legal_stage == "vonnis" or verdict_date is not None


# --- Flip back (terugklappen) ---------------------------------------------------------------


@dataclass(frozen=True)
class TermRecord:
    """One term of a payment arrangement: due date, whether and when it was fully paid."""

    due_date: date
    paid_on: date | None


@dataclass(frozen=True)
class FlipBackInputs:
    """What the data says, gathered by ``selectors.flip_back_inputs``."""

    today: date
    arrears_now: Decimal | None  # None: no ledger for this tenancy
    alternative_arrangement: Sequence[str] = ()  # e.g. "Bewindbureau X (bewindvoerder)"
    arrangement_active: bool = False
    arrangement_start: date | None = None
    arrangement_terms: Sequence[TermRecord] = ()
    required_months: int = 6
    joint_decision_on: date | None = None
    joint_decision_reason: str = ""


@dataclass(frozen=True)
class Condition:
    key: str
    title: object  # lazy text
    met: bool
    explanation: str


def months_between(start: date, end: date) -> int:
    """Whole calendar months from ``start`` to ``end`` (0 when ``end`` is before)."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def kept_since(start: date, terms: Iterable[TermRecord], today: date) -> date:
    """Since when the arrangement has been kept without a miss: the start, or the day a
    late term was finally paid (today when a past term is still unpaid)."""
    since = start
    for term in terms:
        if term.due_date >= today:
            continue
        if term.paid_on is None:
            since = max(since, today)
        elif term.paid_on > term.due_date:
            since = max(since, term.paid_on)
    return since


def months_kept(start: date, terms: Iterable[TermRecord], today: date) -> int:
    return months_between(kept_since(start, terms, today), today)


def _euro(amount: Decimal) -> str:
    """In the notation of the active language (the condition texts are shown on pages)."""
    from woonkans.core.templatetags.money import format_money

    return format_money(amount)


def flip_back_conditions(inputs: FlipBackInputs) -> list[Condition]:
    """The four flip-back conditions (domain/processes.md §4), each met or not, with why.
    Any one met makes flipping back possible; the coordinator decides."""
    conditions = []
    # 1. Arrears paid off.
    if inputs.arrears_now is None:
        conditions.append(
            Condition("paid_off", _("Arrears paid off"), False, str(_("No rent ledger found.")))
        )
    else:
        paid = inputs.arrears_now <= ZERO
        text = (
            _("No arrears left (balance %(amount)s).") if paid else _("Arrears still %(amount)s.")
        ) % {"amount": _euro(inputs.arrears_now)}
        conditions.append(Condition("paid_off", _("Arrears paid off"), paid, str(text)))
    # 2. Another arrangement, such as bewind, fits better.
    alternatives = list(inputs.alternative_arrangement)
    conditions.append(
        Condition(
            "alternative",
            _("Another arrangement (such as bewind) fits better"),
            bool(alternatives),
            str(
                _("In place: %(what)s.") % {"what": "; ".join(alternatives)}
                if alternatives
                else _("No bewindvoerder or debt help involved.")
            ),
        )
    )
    # 3. A running arrangement the tenant can keep alone.
    if inputs.arrangement_active and inputs.arrangement_start is not None:
        kept = months_kept(inputs.arrangement_start, inputs.arrangement_terms, inputs.today)
        met = kept >= inputs.required_months
        text = _(
            "Payment arrangement kept for %(kept)s months without a miss (needed: %(needed)s)."
        ) % {"kept": kept, "needed": inputs.required_months}
    else:
        met = False
        text = _("No running payment arrangement.")
    conditions.append(
        Condition(
            "arrangement",
            _("A running arrangement the tenant can keep alone"),
            met,
            str(text),
        )
    )
    # 4. A joint decision of care provider and corporation.
    if inputs.joint_decision_on is not None:
        text = _("Decided on %(date)s: %(reason)s") % {
            "date": inputs.joint_decision_on.strftime("%d-%m-%Y"),
            "reason": inputs.joint_decision_reason,
        }
    else:
        text = _("No joint decision recorded.")
    conditions.append(
        Condition(
            "joint",
            _("Care provider and corporation decided together"),
            inputs.joint_decision_on is not None,
            str(text),
        )
    )
    return conditions


def may_flip_back(conditions: Iterable[Condition]) -> bool:
    return any(c.met for c in conditions)


# --- Shared damage after non-cooperation -----------------------------------------------------


@dataclass(frozen=True)
class DamageSplit:
    arrears_arisen: Decimal
    eviction_costs: Decimal
    total: Decimal
    care_provider: Decimal
    corporation: Decimal


def shared_damage(
    *,
    arrears_at_start: Decimal,
    arrears_at_termination: Decimal,
    eviction_costs: Decimal,
    care_provider_percentage: Decimal,
) -> DamageSplit:
    """The damage of a termination for non-cooperation and its split.

    Arrears that arose during the agreement = position at termination minus position at
    the start of the guidance, not below zero; plus the eviction costs entered. The care
    provider's part is the percentage of the total rounded half-up to cents; the
    corporation bears the rest, so the two parts add up to the total exactly."""
    for value in (
        arrears_at_start,
        arrears_at_termination,
        eviction_costs,
        care_provider_percentage,
    ):
        if not isinstance(value, Decimal):
            raise TypeError("Amounts must be Decimal.")
    if eviction_costs < 0:
        raise ValueError("Eviction costs cannot be negative.")
    if not (Decimal("0") <= care_provider_percentage <= HUNDRED):
        raise ValueError("The percentage must be between 0 and 100.")
    arisen = max(arrears_at_termination - arrears_at_start, ZERO).quantize(
        CENT, rounding=ROUND_HALF_UP
    )
    costs = eviction_costs.quantize(CENT, rounding=ROUND_HALF_UP)
    total = arisen + costs
    care = (total * care_provider_percentage / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
    return DamageSplit(
        arrears_arisen=arisen,
        eviction_costs=costs,
        total=total,
        care_provider=care,
        corporation=total - care,
    )


# --- The eviction hold --------------------------------------------------------------------

#: Final states after which the eviction route resumes: the household declined, the case
#: conference did not admit it, or the coordinator ended it for non-cooperation.
RESUMING_STATES = frozenset({"afgezien", "niet_toegelaten", "beeindigd"})
#: Every final state (``models.FINAL_STATES``, as plain values so this module stays pure).
ENDING_STATES = RESUMING_STATES | {"teruggeklapt", "afgerond"}


@dataclass(frozen=True)
class HoldPeriod:
    """The eviction route is on hold from ``since`` up to (not including) ``until``."""

    since: date
    until: date | None
    end_state: str = ""

    @property
    def resumes(self) -> bool:
        return self.end_state in RESUMING_STATES


def hold_period(transitions: Sequence[tuple[str, date]]) -> HoldPeriod | None:
    """The period a trajectory holds the eviction route, from its transitions
    ``(to_state, occurred_on)`` in the order they were recorded.

    The hold starts on the day of the referral (the first transition): the partners decide
    in the case conference while no eviction step is taken. It ends on the day the
    trajectory reaches a final state; from that day the eviction route resumes (after a
    decline, a refusal to admit or non-cooperation) or is no longer needed (flipped back,
    ended successfully). Without transitions there is no hold.
    """
    if not transitions:
        return None
    since = transitions[0][1]
    for to_state, occurred_on in transitions:
        if to_state in ENDING_STATES:
            return HoldPeriod(since=since, until=max(occurred_on, since), end_state=to_state)
    return HoldPeriod(since=since, until=None)
