"""The four legal conditions for an early signal, from the actual actions: a pure function.

Besluit gemeentelijke schuldhulpverlening, art. 2 (Stb. 2020, 240): a landlord provides the
tenant's contact details and the arrears to the municipality when there are rent arrears
and the landlord has

1. made an effort to get into personal contact with the tenant (:data:`PERSONAL_KINDS`,
   reached or not: the law asks for the *effort*);
2. pointed the tenant to debt help (a contact attempt that records it, or a letter whose
   template points to it);
3. sent at least one written reminder (a *herinnering* or *14-day letter*); and
4. offered in that reminder to pass the contact details to the municipality, and the tenant
   did not object (the offer counts once ``objection_days`` have passed since the letter
   date without an objection).

Only actions on or after the start of the arrears episode count ("after the arrears
arose"); objections count when received in the episode and not withdrawn by the date.
No database: the input is :class:`SignalEvidence`, built by ``evidence.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

PERSONAL_KINDS = frozenset({"telefoon", "huisbezoek", "afspraak_op_locatie"})
REMINDER_KINDS = frozenset({"herinnering", "veertiendagenbrief"})


@dataclass(frozen=True)
class ContactEvidence:
    ref: str  # e.g. "contactattempt:12"
    kind: str  # ContactKind value
    on: date
    reached: bool
    pointed_to_debt_help: bool
    automated: bool = False  # made by the automated dialler


@dataclass(frozen=True)
class LetterEvidence:
    ref: str  # e.g. "letter:5"
    kind: str  # LetterKind value
    on: date  # letter date
    offers_signal: bool
    points_to_debt_help: bool


@dataclass(frozen=True)
class ObjectionEvidence:
    ref: str
    on: date
    withdrawn_on: date | None = None


@dataclass(frozen=True)
class SignalEvidence:
    arrears_since: date | None  # start of the arrears episode; None: no arrears
    contacts: tuple[ContactEvidence, ...] = ()
    letters: tuple[LetterEvidence, ...] = ()
    objections: tuple[ObjectionEvidence, ...] = ()
    objection_days: int = 0


#: The four legal conditions, in the order of the Besluit.
CONDITIONS = ("personal_contact", "debt_help", "written_reminder", "offer_not_objected")


@dataclass(frozen=True)
class Condition:
    """``since``: the day the condition holds from. For an offer still inside the objection
    period it is the day it will hold from, with ``met`` false."""

    met: bool
    by: str = ""  # the action that fulfils it
    since: date | None = None

    def as_dict(self) -> dict:
        return {
            "met": self.met,
            "by": self.by,
            "since": self.since.isoformat() if self.since else None,
        }


NOT_MET = Condition(False)


@dataclass(frozen=True)
class ConditionsResult:
    arrears: Condition
    personal_contact: Condition
    debt_help: Condition
    written_reminder: Condition
    offer_not_objected: Condition
    objection: ObjectionEvidence | None = None

    @property
    def all_met(self) -> bool:
        return all(getattr(self, name).met for name in ("arrears", *CONDITIONS))

    @property
    def met_since(self) -> date | None:
        """The day from which all conditions hold (``None`` if they do not)."""
        if not self.all_met:
            return None
        return max(getattr(self, name).since for name in ("arrears", *CONDITIONS))

    def as_dict(self) -> dict:
        return {name: getattr(self, name).as_dict() for name in ("arrears", *CONDITIONS)}


def _in_episode(day: date, start: date, on: date) -> bool:
    return start <= day <= on


def _first(items, key) -> tuple:
    return min(items, key=key, default=None)


def signal_conditions(evidence: SignalEvidence, *, on: date) -> ConditionsResult:
    """Which of the four conditions hold at the end of ``on``, by which action, since when."""
    start = evidence.arrears_since
    if start is None or start > on:
        return ConditionsResult(NOT_MET, NOT_MET, NOT_MET, NOT_MET, NOT_MET)
    arrears = Condition(True, "arrears", start)

    contacts = [c for c in evidence.contacts if _in_episode(c.on, start, on)]
    letters = [
        letter
        for letter in evidence.letters
        if letter.kind in REMINDER_KINDS and _in_episode(letter.on, start, on)
    ]

    personal = _first(
        (c for c in contacts if c.kind in PERSONAL_KINDS and (not c.automated or c.reached)),
        key=lambda c: (c.on, c.ref),
    )
    personal_contact = Condition(True, personal.ref, personal.on) if personal else NOT_MET

    pointers = [(c.on, c.ref) for c in contacts if c.pointed_to_debt_help]
    pointers += [(letter.on, letter.ref) for letter in letters if letter.points_to_debt_help]
    pointer = min(pointers, default=None)
    debt_help = Condition(True, pointer[1], pointer[0]) if pointer else NOT_MET

    reminder = _first(letters, key=lambda letter: (letter.on, letter.ref))
    written_reminder = Condition(True, reminder.ref, reminder.on) if reminder else NOT_MET

    objection = _first(
        (
            o
            for o in evidence.objections
            if _in_episode(o.on, start, on) and (o.withdrawn_on is None or o.withdrawn_on > on)
        ),
        key=lambda o: (o.on, o.ref),
    )
    offer = _first(
        (letter for letter in letters if letter.offers_signal),
        key=lambda letter: (letter.on, letter.ref),
    )
    offer_since = offer.on + timedelta(days=evidence.objection_days) if offer else None
    if offer is None or objection is not None or offer_since > on:
        offer_not_objected = Condition(False, offer.ref if offer else "", offer_since)
    else:
        offer_not_objected = Condition(True, offer.ref, offer_since)

    return ConditionsResult(
        arrears=arrears,
        personal_contact=personal_contact,
        debt_help=debt_help,
        written_reminder=written_reminder,
        offer_not_objected=offer_not_objected,
        objection=objection,
    )


def moment_reached(
    *, amount: Decimal, days_in_arrears: int, min_amount: Decimal, min_days: int
) -> bool:
    """The corporation's configured moment: arrears of at least ``min_amount`` (and more
    than zero) and at least ``min_days`` days since the oldest unpaid rent fell due."""
    return amount > 0 and amount >= min_amount and days_in_arrears >= min_days
