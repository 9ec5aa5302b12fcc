"""The arrears part of the demo: ledger, collection, letters, early signals, legal route.

Loaded by :func:`woonkans.demo.services.demo_load` after the organisations and households,
through the use cases of the apps, so audit log, timelines and worklists are written as in
real use:

1. Per corporation the collection preset (``policy_apply_preset``), the letter settings
   (``letter_settings_update``) and, for the small corporation, the early-signal policy with
   the CJG as municipality and reminders that offer to pass the details on
   (``signal_policy_set``).
2. The ledger: 12 months of rent and payments for every demo tenancy, written as a
   canonical import file and imported with ``ledger_import`` (one import batch and one
   audit event per corporation). See :mod:`woonkans.demo.ledger`.
3. Household D's payment arrangement; every pilot household's hand-over to the bailiff,
   summons and verdict (``data.LEGAL_ROUTES``: they all had a verdict before their
   referral); the large corporation hands its deepest background arrears to the bailiff.
4. (:func:`demo_collection_load`, after the trajectories: a running trajectory pauses
   the eviction route and the collection steps.)
   The first time, a short history of the collection process, about ten days long: the
   daily run on a working day ``D0``; staff make the reminder letters of that day's tasks
   and the dialler's call list; the run two working days later, after which the small
   corporation phones a few tenants with fresh arrears and records the attempts; then
5. the daily collection run and the early-signal run for the demo date (the last working
   day up to it), so the worklists and the signals are filled.

Idempotent like the rest of the demo: every piece is added only when missing, ledger rows
are keyed by mutation id, and the runs only run when this load added something (a later
load on another day adds the new ledger rows and runs that day).
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.db import connection
from django.utils import timezone

from woonkans.accounts.models import User
from woonkans.arrears.models import ImportStatus, LedgerEntry
from woonkans.arrears.services import ledger_import
from woonkans.collection import services as collection
from woonkans.collection.calendar import WorkingCalendar
from woonkans.collection.models import (
    ArrangementStatus,
    Channel,
    CollectionCase,
    CollectionPolicy,
    ContactKind,
    ContactOutcome,
    PaymentArrangement,
    WorklistItem,
    WorklistStatus,
)
from woonkans.collection.selectors import tenancy_position
from woonkans.documents.kinds import LetterKind
from woonkans.documents.models import LetterSettings, LetterTemplate
from woonkans.documents.services import letter_generate, letter_settings_update
from woonkans.households.models import Household, Person, Tenancy
from woonkans.legal import services as legal
from woonkans.legal.models import ExternalCollection, ExternalCollectionKind
from woonkans.organisations.actor import Actor, system_actor
from woonkans.organisations.models import Organisation, Role
from woonkans.signals.evidence import arrears_facts_by_tenancy
from woonkans.signals.models import SignalPolicy
from woonkans.signals.services import signal_policy_set, signals_create_due

from . import data
from .history import dated
from .ledger import add_months, background_rows, pilot_rows, write_csv

logger = logging.getLogger(__name__)

#: How far before the demo date the collection history starts (then the previous working
#: day). More than the 7 days a tenant has to object, so signals can be made on the demo date.
HISTORY_DAYS = 10


@dataclass(frozen=True)
class ArrearsLoadResult:
    setups: int = 0  # collection policies, letter settings and signal policies created
    ledger_entries: int = 0
    arrangements: int = 0
    legal_steps: int = 0
    letters: int = 0
    contact_attempts: int = 0
    signals: int = 0
    runs: int = 0

    @property
    def anything_created(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True)
class DemoDays:
    """The days of the demo's collection history (all working days)."""

    history_start: date  # D0: the first daily run
    second_run: date  # D1: two working days later
    run_day: date  # the last working day up to the demo date


def demo_days(today: date, calendar: WorkingCalendar | None = None) -> DemoDays:
    calendar = calendar or WorkingCalendar()
    run_day = _on_or_before(today, calendar)
    history_start = _on_or_before(run_day - timedelta(days=HISTORY_DAYS), calendar)
    second_run = calendar.on_or_after(history_start + timedelta(days=2))
    return DemoDays(history_start, second_run, run_day)


def _on_or_before(day: date, calendar: WorkingCalendar) -> date:
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def demo_arrears_load(*, organisations: dict[str, Organisation], today: date) -> ArrearsLoadResult:
    """Load the arrears part of the demo (see the module docstring). Runs inside the
    transaction of :func:`~woonkans.demo.services.demo_load`."""
    ensure_reference_data()
    counts = dict.fromkeys((f.name for f in fields(ArrearsLoadResult)), 0)
    corporations = [organisations[setup.corporation] for setup in data.CORPORATION_SETUP]
    for setup in data.CORPORATION_SETUP:
        counts["setups"] += _setup_load(setup, organisations)
    for corporation in corporations:
        counts["ledger_entries"] += _ledger_load(corporation, today)
    if counts["ledger_entries"]:
        _refresh_planner_statistics()

    pilots = {spec.key: spec for spec in data.PILOT_HOUSEHOLDS}
    counts["arrangements"] += _arrangement_load(pilots[data.ARRANGEMENT.household], today)
    for route in data.LEGAL_ROUTES:
        spec = pilots[route.household]
        if spec.facts.eviction_verdict:
            counts["legal_steps"] += _legal_route_load(spec, route, organisations, today)
    days = demo_days(today)
    counts["legal_steps"] += _background_handover_load(
        organisations[data.BACKGROUND_HANDOVER_CORPORATION],
        organisations[data.DEURWAARDER],
        days.run_day - timedelta(days=20),
    )
    return ArrearsLoadResult(**counts)


def demo_collection_load(
    *, organisations: dict[str, Organisation], today: date, loaded: ArrearsLoadResult
) -> ArrearsLoadResult:
    """The collection history and the runs of the demo date (steps 4 and 5 of the module
    docstring), added to ``loaded`` (what :func:`demo_arrears_load` made).

    Called after the demo trajectories exist: a running last-chance trajectory holds the
    eviction route (``households.holds``), so the runs must see the trajectories to pause
    the pilot households' steps as they would in real use."""
    counts = dict.fromkeys(("letters", "contact_attempts", "signals", "runs"), 0)
    corporations = [organisations[setup.corporation] for setup in data.CORPORATION_SETUP]
    days = demo_days(today)
    if not CollectionCase.objects.filter(corporation__in=corporations).exists():
        history = _history_load(organisations, days)
        counts["letters"] += history["letters"]
        counts["contact_attempts"] += history["contact_attempts"]
        counts["runs"] += history["runs"]
    if loaded.anything_created or any(counts.values()):
        with dated(days.run_day, time(6, 30)):
            for corporation in corporations:
                collection.collection_run(corporation=corporation, run_date=days.run_day)
                counts["runs"] += 1
        with dated(days.run_day, time(7, 30)):
            for policy in SignalPolicy.objects.filter(corporation__in=corporations):
                result = signals_create_due(corporation=policy.corporation, run_date=days.run_day)
                counts["signals"] += result.get("signals", 0)
    return replace(loaded, **counts)


# --- Actors ------------------------------------------------------------------------------


def _staff(corporation: Organisation, username: str, role: str) -> Actor:
    """A demo user acting for the corporation (the timeline names them)."""
    return Actor(organisation=corporation, role=role, user=User.objects.get(username=username))


def _collections_officer(corporation: Organisation) -> Actor:
    username = {data.DE_LINDE: "incasso.delinde", data.RIVIERLAND: "incasso.rivierland"}
    return _staff(corporation, username[corporation.slug], Role.INCASSOMEDEWERKER)


def ensure_reference_data() -> None:
    """Reference data that data migrations ship: the norm tables and the default letter
    texts. A test database that a live-server test flushed has lost them; ship them again
    (idempotent, a no-op on a migrated database)."""
    from woonkans.norms.models import NormValue

    if not NormValue.objects.exists():
        import_module("woonkans.norms.migrations.0002_seed_norms").seed(apps, None)
    # The capacity app's norm tables (95%, the health-insurance deductible); idempotent.
    import_module("woonkans.capacity.migrations.0002_norm_tables").seed(apps, None)
    if not LetterTemplate.objects.filter(organisation__isnull=True).exists():
        migration = import_module("woonkans.documents.migrations.0002_default_templates")
        migration.ship_defaults(apps, None)
        import_module("woonkans.documents.migrations.0003_reminders_offer_signal").add_offer(
            apps, None
        )


# --- 1. Settings -------------------------------------------------------------------------


def _setup_load(setup: data.CorporationSetup, organisations: dict[str, Organisation]) -> int:
    corporation = organisations[setup.corporation]
    admin = system_actor(corporation, Role.FUNCTIONEEL_BEHEERDER)
    created = 0
    if not CollectionPolicy.objects.filter(corporation=corporation).exists():
        collection.policy_apply_preset(actor=admin, corporation=corporation, preset=setup.preset)
        created += 1
    if not LetterSettings.objects.filter(organisation=corporation).exists():
        letter_settings_update(
            actor=admin,
            contact_phone=setup.contact_phone,
            signature_name=setup.signature_name,
            sender_address=setup.sender_address,
        )
        created += 1
    if (
        setup.signal_municipality
        and not SignalPolicy.objects.filter(corporation=corporation).exists()
    ):
        signal_policy_set(
            actor=admin,
            corporation=corporation,
            municipality=organisations[setup.signal_municipality],
            reminder_offers_signal=True,
        )
        created += 1
    return created


# --- 2. The ledger -----------------------------------------------------------------------


def _demo_references() -> set[str]:
    from .services import background_reference

    references = {spec.reference for spec in data.PILOT_HOUSEHOLDS}
    for spec in data.BACKGROUND:
        references |= {background_reference(spec, n) for n in range(1, spec.count + 1)}
    return references


def _ledger_load(corporation: Organisation, today: date) -> int:
    """Import the demo ledger rows the corporation does not have yet; return how many."""
    pilots = {spec.tenancy.contract_number: spec for spec in data.PILOT_HOUSEHOLDS}
    pilot_ledgers = {spec.key: spec for spec in data.PILOT_LEDGERS}
    tenancies = Tenancy.objects.filter(
        corporation=corporation, household__reference__in=_demo_references()
    ).order_by("contract_number")
    rows = []
    for tenancy in tenancies:
        pilot = pilots.get(tenancy.contract_number)
        if pilot is None:
            rows += background_rows(
                contract=tenancy.contract_number,
                rent=tenancy.rent,
                start_date=tenancy.start_date,
                today=today,
            )
        else:
            rows += pilot_rows(
                contract=tenancy.contract_number,
                rent=tenancy.rent,
                start_date=tenancy.start_date,
                today=today,
                spec=pilot_ledgers[pilot.key],
                arrears=pilot.facts.arrears,
            )
    existing = set(
        LedgerEntry.objects.filter(corporation=corporation).values_list("mutation_id", flat=True)
    )
    missing = [row for row in rows if row.mutation_id not in existing]
    if not missing:
        return 0
    with tempfile.TemporaryDirectory(prefix="woonkans-demo-") as directory:
        path = Path(directory) / f"demo-grootboek-{corporation.slug}-{today.isoformat()}.csv"
        write_csv(missing, path)
        batch = ledger_import(
            actor=system_actor(corporation, Role.INCASSOMEDEWERKER),
            corporation=corporation,
            path=path,
        )
    if batch.status != ImportStatus.APPLIED:
        raise RuntimeError(f"The demo ledger of {corporation.slug} did not apply: {batch.errors}")
    return batch.rows_created


def _refresh_planner_statistics() -> None:
    """PostgreSQL plans the arrears query from table statistics, which know nothing of the
    rows this transaction added (autovacuum analyses only after commit): without this the
    daily runs below take seconds instead of milliseconds."""
    if connection.vendor != "postgresql":
        return
    tables = (Household, Person, Tenancy, LedgerEntry, CollectionCase, WorklistItem)
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


# --- 3. Payment arrangement and legal route ---------------------------------------------


def _pilot_tenancy(spec: data.PilotHousehold) -> Tenancy:
    return Tenancy.objects.select_related("household", "corporation").get(
        contract_number=spec.tenancy.contract_number, household__reference=spec.reference
    )


def _arrangement_load(spec: data.PilotHousehold, today: date) -> int:
    tenancy = _pilot_tenancy(spec)
    if PaymentArrangement.objects.filter(tenancy=tenancy).exists():
        return 0
    arrangement = data.ARRANGEMENT
    agreed_on = add_months(today, -arrangement.agreed_months_ago)
    with dated(agreed_on):
        collection.arrangement_create(
            actor=_collections_officer(tenancy.corporation),
            tenancy=tenancy,
            total_amount=arrangement.total_amount,
            term_amount=arrangement.term_amount,
            first_due_date=add_months(agreed_on, 1),
            agreed_on=agreed_on,
            payment_method=arrangement.payment_method,
            status=ArrangementStatus.ACT,
            note="Voorstel van de huurder; de corporatie vraagt later om een hoger bedrag.",
        )
    return 1


def _legal_route_load(
    spec: data.PilotHousehold,
    route: data.LegalRouteSpec,
    organisations: dict[str, Organisation],
    today: date,
) -> int:
    """Hand-over to the bailiff, summons and verdict (dissolution and eviction) through the
    legal use cases, each on its own past date (timeline included). The amounts are the
    arrears on that day from the ledger; before the ledger's twelve months they are the
    report's amount (the ledger starts with those arrears as its opening balance)."""
    tenancy = _pilot_tenancy(spec)
    if ExternalCollection.objects.filter(tenancy=tenancy).exists():
        return 0
    actor = _collections_officer(tenancy.corporation)
    handed_over = today - timedelta(days=route.handed_over_days_ago)
    served = today - timedelta(days=route.summons_days_ago)
    pronounced = today - timedelta(days=route.verdict_days_ago)

    def owed(on: date) -> Decimal:
        arrears = tenancy_position(tenancy, on).achterstand
        return arrears if arrears > 0 else spec.facts.arrears

    with dated(handed_over, time(9, 30)):
        legal.external_collection_handover(
            actor=actor,
            tenancy=tenancy,
            kind=ExternalCollectionKind.DEU,
            agency=organisations[route.bailiff],
            handed_over_on=handed_over,
            amount=owed(handed_over),
            reference=f"NP-{handed_over:%Y}-{tenancy.pk:05d}",
        )
    with dated(served, time(11, 0)):
        legal.summons_register(
            actor=actor,
            tenancy=tenancy,
            served_on=served,
            court_date=today - timedelta(days=route.hearing_days_ago),
            court=route.court,
            claim_amount=owed(served),
            claims_eviction=True,
        )
    with dated(pronounced, time(14, 0)):
        legal.verdict_register(
            actor=actor,
            tenancy=tenancy,
            pronounced_on=pronounced,
            dissolution_and_eviction=True,
            amount_awarded=owed(pronounced),
            served_on=pronounced + timedelta(days=7),
        )
    return 3


def _background_handover_load(
    corporation: Organisation, bailiff: Organisation, handed_over: date
) -> int:
    """Hand the background tenancy with the most unpaid terms to the bailiff."""
    pilot_contracts = {spec.tenancy.contract_number for spec in data.PILOT_HOUSEHOLDS}
    if (
        ExternalCollection.objects.filter(tenancy__corporation=corporation)
        .exclude(tenancy__contract_number__in=pilot_contracts)
        .exists()
    ):
        return 0
    candidates = []
    for tenancy in Tenancy.objects.filter(corporation=corporation).exclude(
        contract_number__in=pilot_contracts
    ):
        position = tenancy_position(tenancy, handed_over)
        if position.achterstand > 0:
            candidates.append((-position.open_termijnen, -position.achterstand, tenancy))
    if not candidates:
        return 0
    candidates.sort(key=lambda c: (c[0], c[1], c[2].contract_number))
    _terms, arrears, tenancy = candidates[0]
    with dated(handed_over, time(9, 30)):
        legal.external_collection_handover(
            actor=_collections_officer(corporation),
            tenancy=tenancy,
            kind=ExternalCollectionKind.DEU,
            agency=bailiff,
            handed_over_on=handed_over,
            amount=-arrears,
            reference=f"NP-{handed_over:%Y}-{tenancy.pk:05d}",
        )
    return 1


# --- 4. A short history of the collection process ---------------------------------------

#: Letters whose text states the amount owed.
_LETTERS_WITH_AMOUNT = {LetterKind.HERINNERING, LetterKind.UITNODIGING}


def _history_load(organisations: dict[str, Organisation], days: DemoDays) -> dict[str, int]:
    counts = {"letters": 0, "contact_attempts": 0, "runs": 0}
    corporations = [organisations[setup.corporation] for setup in data.CORPORATION_SETUP]
    for corporation in corporations:
        with dated(days.history_start, time(6, 30)):
            collection.collection_run(corporation=corporation, run_date=days.history_start)
        counts["runs"] += 1
        officer = _collections_officer(corporation)
        with dated(days.history_start, time(9, 0)):
            letters = _make_letters(officer, corporation, days.history_start, days.run_day)
            counts["letters"] += letters
            if _open_items(corporation, days.history_start, Channel.BELCOMPUTER).exists():
                collection.belcomputer_export(
                    actor=officer, corporation=corporation, on=days.history_start
                )
    for corporation in corporations:
        with dated(days.second_run, time(6, 30)):
            collection.collection_run(corporation=corporation, run_date=days.second_run)
        counts["runs"] += 1
        with dated(days.second_run, time(10, 40)):
            counts["contact_attempts"] += _verdict_household_called(
                _collections_officer(corporation), corporation, days.second_run
            )
    small = organisations[data.DE_LINDE]
    with dated(days.second_run, time(10, 15)):
        counts["contact_attempts"] += _signal_stories(
            _collections_officer(small), small, days.second_run, days.history_start, days.run_day
        )
    return counts


def _open_items(corporation: Organisation, on: date, channel: str):
    return WorklistItem.objects.filter(
        corporation=corporation, status=WorklistStatus.OPEN, channel=channel, due_date__lte=on
    ).select_related("tenancy__household", "household")


def _freshest_first(items: list[WorklistItem], run_day: date) -> list[WorklistItem]:
    """The items ordered by how recently their tenancy's arrears arose (as seen on the demo
    date; tenancies no longer in arrears then come last), then by contract number."""
    facts = arrears_facts_by_tenancy([item.tenancy_id for item in items], on=run_day)

    def key(item: WorklistItem) -> tuple[int, str]:
        since = facts[item.tenancy_id].arrears_since
        return (-since.toordinal() if since else 0, item.tenancy.contract_number)

    return sorted(items, key=key)


def _make_letters(officer: Actor, corporation: Organisation, on: date, run_day: date) -> int:
    """Staff make the reminder letters of the day's tasks, dated that day, and mark those
    tasks done: a few of them (freshest arrears first), each PDF takes a while. The other
    letter tasks stay on the worklist, to be made from there."""
    items = [
        item
        for item in _open_items(corporation, on, Channel.BRIEF)
        # A 14-day letter cannot be dated in the past; the history starts with reminders.
        if item.letter_template in _LETTERS_WITH_AMOUNT
    ]
    made = 0
    for item in _freshest_first(items, run_day)[: data.HISTORY_LETTERS]:
        letter_generate(
            actor=officer,
            tenancy=item.tenancy,
            kind=item.letter_template,
            sent_on=on,
            amount_due=item.arrears_amount,
        )
        collection.worklist_item_complete(actor=officer, item=item)
        made += 1
    return made


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _verdict_household_called(officer: Actor, corporation: Organisation, on: date) -> int:
    """After the verdict the corporation keeps calling household E (the phone step goes on
    after a verdict): reached, an appointment for the start conversation."""
    spec = next(s for s in data.PILOT_HOUSEHOLDS if s.key == data.LEGAL_ROUTE.household)
    if spec.corporation != corporation.slug:
        return 0
    tenancy = _pilot_tenancy(spec)
    calls = _open_items(corporation, on, Channel.TELEFOON).filter(tenancy=tenancy)
    item = calls.order_by("pk").first()
    collection.contact_attempt_record(
        actor=officer,
        household=tenancy.household,
        tenancy=tenancy,
        kind=ContactKind.TELEFOON,
        reached=True,
        outcome=ContactOutcome.APPOINTMENT,
        attempted_at=_at(on, 10, 40),
        note="Afspraak gemaakt voor het startgesprek van het laatste-kanstraject.",
        arrears_reason=["job_loss", "debts_elsewhere"],
        other_problems=["relationship", "children"],
        pointed_to_debt_help=True,
        worklist_item=item,
    )
    return 1


def _signal_stories(
    officer: Actor, corporation: Organisation, on: date, reminded_on: date, run_day: date
) -> int:
    """Phone the background tenants with the freshest arrears that had a reminder: the
    first is reached (and pointed to debt help), the others are not. With the reminder's
    offer and no objection within the term, the four conditions hold on ``run_day``."""
    pilot_contracts = {spec.tenancy.contract_number for spec in data.PILOT_HOUSEHOLDS}
    items = list(
        _open_items(corporation, on, Channel.TELEFOON)
        .filter(tenancy__letters__sent_on=reminded_on)
        .exclude(tenancy__contract_number__in=pilot_contracts)
        .distinct()
    )
    facts = arrears_facts_by_tenancy([item.tenancy_id for item in items], on=run_day)
    # Still in the arrears episode the reminder was sent in.
    fresh = [
        item
        for item in _freshest_first(items, run_day)
        if (since := facts[item.tenancy_id].arrears_since) is not None and since <= reminded_on
    ]
    attempts = (
        (True, ContactOutcome.PAYMENT_PROMISED, 10, 15),
        (False, ContactOutcome.NO_ANSWER, 14, 5),
        (False, ContactOutcome.MESSAGE_LEFT, 18, 30),
    )
    recorded = 0
    for item, (reached, outcome, hour, minute) in zip(
        fresh[: data.SIGNAL_STORIES], attempts, strict=False
    ):
        collection.contact_attempt_record(
            actor=officer,
            household=item.household,
            tenancy=item.tenancy,
            kind=ContactKind.TELEFOON,
            reached=reached,
            outcome=outcome,
            attempted_at=_at(on, hour, minute),
            arrears_reason=["income_drop", "unexpected_costs"] if reached else [],
            other_problems=["debts"] if reached else [],
            note="Betaalt het achterstallige bedrag voor het eind van de maand." if reached else "",
            pointed_to_debt_help=reached,
            worklist_item=item,
        )
        recorded += 1
    return recorded
