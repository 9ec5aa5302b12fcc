"""Test helpers: ledger rows, policies and steps. Fictional data only."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from woonkans.arrears.models import ImportBatch, LedgerEntry
from woonkans.collection.models import CollectionPolicy, CollectionStep
from woonkans.collection.services import policy_apply_preset
from woonkans.organisations.actor import system_actor
from woonkans.organisations.models import Role

_ids = itertools.count(1)


def _batch(corporation) -> ImportBatch:
    batch = ImportBatch.objects.filter(corporation=corporation, file_name="test").first()
    return batch or ImportBatch.objects.create(
        corporation=corporation, kind="ledger", sha256="test", file_name="test"
    )


def book(tenancy, kind: str, amount: str, day: date, booked: date | None = None) -> LedgerEntry:
    """A ledger row: ``huur``/``kosten``/``correctie`` fall due on ``day``; a ``betaling`` is
    booked on ``day`` (amount given positive)."""
    value = Decimal(amount)
    if kind == "betaling":
        value = -abs(value)
    return LedgerEntry.objects.create(
        corporation=tenancy.corporation,
        tenancy=tenancy,
        mutation_id=f"T-{next(_ids)}",
        booking_date=booked or day,
        due_date=None if kind == "betaling" else day,
        kind=kind,
        amount=value,
        batch=_batch(tenancy.corporation),
    )


def rent(tenancy, day: date, amount: str = "600.00") -> LedgerEntry:
    return book(tenancy, "huur", amount, day)


def pay(tenancy, day: date, amount: str) -> LedgerEntry:
    return book(tenancy, "betaling", amount, day)


def preset(corporation, key: str = "small") -> CollectionPolicy:
    actor = system_actor(corporation, Role.FUNCTIONEEL_BEHEERDER)
    return policy_apply_preset(actor=actor, corporation=corporation, preset=key)


def single_step_policy(corporation, **step) -> tuple[CollectionPolicy, CollectionStep]:
    policy, _ = CollectionPolicy.objects.get_or_create(corporation=corporation)
    values = {
        "name": "Stap",
        "trigger": "after_due",
        "trigger_days": 4,
        "channel": "telefoon",
        "actor_role": "incassomedewerker",
    }
    values.update(step)
    position = policy.steps.count() + 1
    return policy, CollectionStep.objects.create(policy=policy, position=position, **values)
