"""Gathering the facts for the pure rules from the other areas, many tenancies at a time.

* the ledger (arrears app) → the arrears position and the start of the arrears episode;
* contact attempts (collection app) and generated letters (documents app) → the evidence
  for the four legal conditions;
* objections (this app).

Which letters offer to pass on the contact details and which point to debt help: a letter
template may say so itself (boolean attributes ``offers_signal`` / ``points_to_debt_help``
on ``documents.LetterTemplate``, when that app has them); otherwise the corporation's
:class:`~woonkans.signals.models.SignalPolicy` says it for all its reminders.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone

from woonkans.arrears.models import LedgerEntry
from woonkans.arrears.positions import Entry, Position, position_at

from .conditions import (
    REMINDER_KINDS,
    ContactEvidence,
    LetterEvidence,
    ObjectionEvidence,
    SignalEvidence,
)
from .episodes import arrears_episode_start
from .models import Objection, SignalPolicy

CHUNK = 1000
DEFAULT_LETTER_KIND = "veertiendagenbrief"


@dataclass(frozen=True)
class ArrearsFacts:
    position: Position
    arrears_since: date | None
    default_letter_on: date | None = None  # the first 14-day letter in the episode


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def ledger_by_tenancy(tenancy_ids: Iterable[int]) -> dict[int, list[Entry]]:
    ledgers: dict[int, list[Entry]] = defaultdict(list)
    for chunk in _chunks(list(tenancy_ids)):
        rows = LedgerEntry.objects.filter(tenancy_id__in=chunk).values_list(
            "tenancy_id", "kind", "amount", "booking_date", "due_date", "mutation_id"
        )
        for tid, kind, amount, booked, due, mid in rows:
            ledgers[tid].append(Entry(kind, amount, booked, due, mid))
    return ledgers


def _letters(tenancy_ids: list[int]):
    from woonkans.documents.models import GeneratedLetter

    for chunk in _chunks(tenancy_ids):
        yield from (
            GeneratedLetter.objects.filter(tenancy_id__in=chunk, kind__in=REMINDER_KINDS)
            .select_related("template")
            .order_by("sent_on", "pk")
        )


def arrears_facts_by_tenancy(tenancy_ids: Iterable[int], *, on: date) -> dict[int, ArrearsFacts]:
    """Position, episode start and first 14-day letter in the episode, per tenancy."""
    ids = list(tenancy_ids)
    ledgers = ledger_by_tenancy(ids)
    facts: dict[int, ArrearsFacts] = {}
    for tid in ids:
        entries = ledgers.get(tid, [])
        facts[tid] = ArrearsFacts(position_at(entries, on), arrears_episode_start(entries, on))
    in_arrears = [tid for tid, f in facts.items() if f.arrears_since is not None]
    for letter in _letters(in_arrears):
        current = facts[letter.tenancy_id]
        if (
            letter.kind == DEFAULT_LETTER_KIND
            and current.default_letter_on is None
            and current.arrears_since <= letter.sent_on <= on
        ):
            facts[letter.tenancy_id] = ArrearsFacts(
                current.position, current.arrears_since, letter.sent_on
            )
    return facts


def _flag(template, name: str, default: bool) -> bool:
    value = getattr(template, name, None)
    return default if value is None else bool(value)


def evidence_by_tenancy(
    tenancies: Iterable, *, arrears: dict[int, ArrearsFacts], policy: SignalPolicy
) -> dict[int, SignalEvidence]:
    """The evidence for :func:`~woonkans.signals.conditions.signal_conditions` per tenancy.

    Contact attempts count when the corporation made them (its own organisation), for the
    tenancy or — without a tenancy — for the household.
    """
    from woonkans.collection.models import ContactAttempt

    tenancies = list(tenancies)
    ids = [t.pk for t in tenancies]
    by_household = {t.household_id: t.pk for t in tenancies}
    contacts: dict[int, list[ContactEvidence]] = defaultdict(list)
    letters: dict[int, list[LetterEvidence]] = defaultdict(list)
    objections: dict[int, list[ObjectionEvidence]] = defaultdict(list)

    for chunk in _chunks(ids):
        in_chunk = set(chunk)
        households = [t.household_id for t in tenancies if t.pk in in_chunk]
        rows = (
            ContactAttempt.objects.filter(organisation=policy.corporation)
            .filter(Q(tenancy_id__in=chunk) | Q(tenancy__isnull=True, household_id__in=households))
            .values_list(
                "pk",
                "tenancy_id",
                "household_id",
                "kind",
                "attempted_at",
                "reached",
                "pointed_to_debt_help",
                "worklist_item__channel",
            )
        )
        for pk, tid, hid, kind, at, reached, pointed, channel in rows:
            tid = tid or by_household.get(hid)
            if tid is None:
                continue
            contacts[tid].append(
                ContactEvidence(
                    ref=f"contactattempt:{pk}",
                    kind=kind,
                    on=timezone.localdate(at),
                    reached=reached,
                    pointed_to_debt_help=pointed,
                    automated=channel == "belcomputer",
                )
            )
    for letter in _letters(ids):
        letters[letter.tenancy_id].append(
            LetterEvidence(
                ref=f"letter:{letter.pk}",
                kind=letter.kind,
                on=letter.sent_on,
                offers_signal=_flag(
                    letter.template, "offers_signal", policy.reminder_offers_signal
                ),
                points_to_debt_help=_flag(
                    letter.template, "points_to_debt_help", policy.letters_point_to_debt_help
                ),
            )
        )
    for chunk in _chunks(ids):
        for pk, tid, received, withdrawn in Objection.objects.filter(
            tenancy_id__in=chunk
        ).values_list("pk", "tenancy_id", "received_on", "withdrawn_on"):
            objections[tid].append(ObjectionEvidence(f"objection:{pk}", received, withdrawn))

    return {
        tid: SignalEvidence(
            arrears_since=arrears[tid].arrears_since if tid in arrears else None,
            contacts=tuple(contacts.get(tid, ())),
            letters=tuple(letters.get(tid, ())),
            objections=tuple(objections.get(tid, ())),
            objection_days=policy.objection_days,
        )
        for tid in ids
    }
