"""Use cases of collection: policy and steps, the daily run, worklist items, messages,
contact attempts and payment arrangements.

Each is a keyword-only function that runs in one transaction, takes the acting
:class:`Actor` (the daily run acts as the corporation's system actor), writes the audit log
and — where it is about one household — the household timeline.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from woonkans.arrears.models import LedgerEntry
from woonkans.arrears.selectors import arrears_positions, owing_tenancies_sql
from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record
from woonkans.core.bulk import insert_rows, update_by_ids, update_rows
from woonkans.core.templatetags.money import format_money
from woonkans.households.holds import holds_on
from woonkans.households.models import Household, Person, Relation, Tenancy, TimelineEntry
from woonkans.households.services import timeline_add
from woonkans.organisations.actor import Actor, system_actor
from woonkans.organisations.models import Organisation, OrganisationKind, Role
from woonkans.organisations.policy import FieldGroup

from . import arrangements as arr
from . import hooks, texts
from .calendar import WorkingCalendar
from .engine import (
    ArrangementState,
    PastAction,
    Situation,
    StepRule,
    decide,
    priority_for,
)
from .gateway import GatewayError, OutgoingText, gateway_for
from .models import (
    LETTER_CHANNELS,
    MESSAGE_CHANNELS,
    ArrangementStatus,
    ArrangementStatusChange,
    Channel,
    CollectionCase,
    CollectionPolicy,
    CollectionStep,
    ContactAttempt,
    MessageStatus,
    OutboundMessage,
    PartOfDay,
    PaymentArrangement,
    PaymentArrangementTerm,
    WorklistItem,
    WorklistKind,
    WorklistStatus,
)
from .presets import PRESETS

logger = logging.getLogger(__name__)

ZERO = Decimal("0.00")
RUN_TASK = "collection.daily_run"

STEP_FIELDS = (
    "name",
    "description",
    "is_active",
    "trigger",
    "trigger_days",
    "min_amount",
    "min_open_terms",
    "channel",
    "actor_role",
    "stop_at_legal_stage",
    "repeat_times",
    "repeat_every_days",
    "stop_when_reached",
    "send_automatically",
    "letter_template",
    "message_text",
)
POLICY_FIELDS = (
    "is_active",
    "pause_while_arrangement_kept",
    "arrangement_grace_days",
    "liberation_day_every_year",
)


def run_actor(corporation: Organisation) -> Actor:
    """Who the scheduled run and commands act as: the corporation's system."""
    return system_actor(corporation, Role.INCASSOMEDEWERKER)


def calendar_for(policy: CollectionPolicy | None) -> WorkingCalendar:
    return WorkingCalendar(
        liberation_day_every_year=bool(policy and policy.liberation_day_every_year)
    )


# --- Policy and steps -------------------------------------------------------------------


def _require_corporation(corporation: Organisation) -> None:
    if corporation.kind != OrganisationKind.WONINGCORPORATIE:
        raise ValidationError(_("Only a housing corporation has a collection policy."))


@transaction.atomic
def policy_get_or_create(*, actor: Actor, corporation: Organisation) -> CollectionPolicy:
    _require_corporation(corporation)
    policy, created = CollectionPolicy.objects.get_or_create(corporation=corporation)
    if created:
        audit_record(actor=actor, action=AuditAction.CREATE, obj=policy, fields=["corporation"])
    return policy


@transaction.atomic
def policy_apply_preset(
    *, actor: Actor, corporation: Organisation, preset: str
) -> CollectionPolicy:
    """Replace the corporation's steps with a preset (``presets.PRESETS``). Items already
    planned keep their task; open cases continue with the new steps (see the docs)."""
    _require_corporation(corporation)
    spec = PRESETS.get(preset)
    if spec is None:
        raise ValidationError(_("Unknown preset."))
    policy, _created = CollectionPolicy.objects.select_for_update().get_or_create(
        corporation=corporation
    )
    policy.steps.all().delete()
    CollectionStep.objects.bulk_create(
        CollectionStep(
            policy=policy,
            position=index,
            name=str(step.name),
            description=str(step.description),
            trigger=step.trigger,
            trigger_days=step.trigger_days,
            min_amount=step.min_amount,
            min_open_terms=step.min_open_terms,
            channel=step.channel,
            actor_role=step.actor_role,
            stop_at_legal_stage=step.stop_at_legal_stage,
            repeat_times=step.repeat_times,
            repeat_every_days=step.repeat_every_days,
            stop_when_reached=step.stop_when_reached,
            send_automatically=step.send_automatically,
            letter_template=step.letter_template,
        )
        for index, step in enumerate(spec.steps, start=1)
    )
    policy.preset = spec.key
    policy.save(update_fields=["preset", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=policy,
        fields=["preset", "steps"],
        detail=f"preset {spec.key}",
    )
    return policy


@transaction.atomic
def policy_update(*, actor: Actor, policy: CollectionPolicy, **changes) -> CollectionPolicy:
    unknown = set(changes) - set(POLICY_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    policy = CollectionPolicy.objects.select_for_update().get(pk=policy.pk)
    changed = [f for f, v in changes.items() if getattr(policy, f) != v]
    for field, value in changes.items():
        setattr(policy, field, value)
    policy.full_clean()
    policy.save()
    if changed:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=policy, fields=changed)
    return policy


def _clean_step(step: CollectionStep) -> None:
    if step.send_automatically and step.channel not in MESSAGE_CHANNELS:
        raise ValidationError(
            {"send_automatically": _("Only text messages, WhatsApp and e-mail can be sent.")}
        )
    if step.repeat_times and not step.repeat_every_days:
        raise ValidationError(
            {"repeat_every_days": _("Say how many days lie between the attempts.")}
        )
    step.full_clean(exclude=["policy", "position"])


@transaction.atomic
def step_add(*, actor: Actor, policy: CollectionPolicy, **values) -> CollectionStep:
    unknown = set(values) - set(STEP_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    CollectionPolicy.objects.select_for_update().get(pk=policy.pk)
    last = policy.steps.aggregate(m=Max("position"))["m"] or 0
    step = CollectionStep(policy=policy, position=last + 1, **values)
    _clean_step(step)
    step.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=step, fields=sorted(values))
    return step


@transaction.atomic
def step_update(*, actor: Actor, step: CollectionStep, **changes) -> CollectionStep:
    unknown = set(changes) - set(STEP_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    step = CollectionStep.objects.select_for_update().get(pk=step.pk)
    changed = [f for f, v in changes.items() if getattr(step, f) != v]
    for field, value in changes.items():
        setattr(step, field, value)
    _clean_step(step)
    step.save()
    if changed:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=step, fields=changed)
    return step


@transaction.atomic
def step_delete(*, actor: Actor, step: CollectionStep) -> None:
    """Remove a step. Tasks it planned stay (without their step); renumber the rest."""
    policy = CollectionPolicy.objects.select_for_update().get(pk=step.policy_id)
    audit_record(actor=actor, action=AuditAction.DELETE, obj=step, fields=["name"])
    step.delete()
    _renumber(policy, list(policy.steps.order_by("position")))


@transaction.atomic
def step_move(*, actor: Actor, step: CollectionStep, offset: int) -> None:
    """Move a step up (-1) or down (+1) in the order."""
    policy = CollectionPolicy.objects.select_for_update().get(pk=step.policy_id)
    steps = list(policy.steps.order_by("position"))
    index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    target = index + offset
    if not 0 <= target < len(steps):
        return
    steps[index], steps[target] = steps[target], steps[index]
    _renumber(policy, steps)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=step, fields=["position"])


def _renumber(policy: CollectionPolicy, steps: list[CollectionStep]) -> None:
    # Two passes keep the unique (policy, position) constraint satisfied throughout.
    offset = 1000
    for i, s in enumerate(steps, start=1):
        CollectionStep.objects.filter(pk=s.pk).update(position=offset + i)
    for i, s in enumerate(steps, start=1):
        CollectionStep.objects.filter(pk=s.pk).update(position=i)


# --- The daily run ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _OpenItem:
    pk: int
    step_id: int | None


@dataclass(frozen=True)
class _TenancyMeta:
    pk: int
    household_id: int
    contract_number: str
    end_date: date | None


def _step_rule(step: CollectionStep) -> StepRule:
    return StepRule(
        id=step.pk,
        position=step.position,
        trigger=step.trigger,
        days=step.trigger_days,
        min_amount=step.min_amount,
        min_open_terms=step.min_open_terms,
        stop_at_legal_stage=step.stop_at_legal_stage,
        repeat_times=step.repeat_times,
        repeat_every_days=step.repeat_every_days,
        stop_when_reached=step.stop_when_reached,
    )


@transaction.atomic
def collection_run(
    *, corporation: Organisation, run_date: date, actor: Actor | None = None
) -> dict[str, int]:
    """Plan the collection actions due on ``run_date`` for every tenancy of the corporation.

    Idempotent: running it again for the same date adds nothing (the engine's rules plus
    the unique constraints on worklist items). Runs for one corporation are serialised by a
    row lock on its policy. Returns counts.
    """
    actor = actor or run_actor(corporation)
    policy = CollectionPolicy.objects.select_for_update().filter(corporation=corporation).first()
    if policy is None or not policy.is_active:
        return {"no_active_policy": 1}
    calendar = calendar_for(policy)
    if not calendar.is_working_day(run_date):
        return {"non_working_day": 1}
    counts: Counter[str] = Counter()
    steps = {s.pk: s for s in policy.steps.filter(is_active=True).order_by("position")}
    rules = [_step_rule(s) for s in steps.values()]

    # Most tenancies owe nothing: select the candidates in SQL first — tenancies in
    # arrears at the run date (a plain sum per tenancy) and those with an open case (it
    # may have to close) — and compute the full positions of those only.
    candidates = _candidates_table(corporation, run_date)
    tenancies: dict[str, _TenancyMeta] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, household_id, contract_number, end_date FROM households_tenancy "  # noqa: S608
            f"WHERE corporation_id = %s AND id IN (SELECT t FROM {candidates})",
            [corporation.pk],
        )
        for pk, household_id, contract, end_date in cursor.fetchall():
            tenancies[contract] = _TenancyMeta(
                pk=pk,
                household_id=household_id,
                contract_number=contract,
                end_date=_as_date(end_date),
            )
    by_pk = {meta.pk: meta for meta in tenancies.values()}
    open_cases = {
        case.tenancy_id: case
        for case in CollectionCase.objects.filter(corporation=corporation, closed_on__isnull=True)
    }

    # Payment arrangements first: their state pauses or resumes the steps.
    arrangement_states = _arrangements_monitor(
        actor=actor, corporation=corporation, policy=policy, on=run_date, counts=counts
    )

    if connection.vendor == "postgresql":
        # arrears_positions streams through a server-side cursor; PostgreSQL plans those
        # for the first 10% of rows by default, which made the query ~30x slower here.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")
    positions = {}
    for row in arrears_positions(
        corporation=corporation,
        on=run_date,
        only_tenancies_sql=f"SELECT t FROM {candidates}",  # noqa: S608 - our table
    ):
        meta = tenancies.get(row.contract_number)
        if meta is None:
            continue
        if row.position.achterstand > 0 or meta.pk in open_cases:
            positions[meta.pk] = row.position
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {candidates}")
    counts["tenancies_in_arrears"] = sum(1 for p in positions.values() if p.achterstand > 0)

    history: dict[int, list[PastAction]] = defaultdict(list)
    open_items: dict[int, list[_OpenItem]] = defaultdict(list)
    for pk, case_id, step_id, attempt, due_date, status in WorklistItem.objects.filter(
        corporation=corporation, kind=WorklistKind.STEP, case__closed_on__isnull=True
    ).values_list("pk", "case_id", "step_id", "attempt", "due_date", "status"):
        is_open = status == WorklistStatus.OPEN
        if step_id is not None:
            history[case_id].append(PastAction(step_id, attempt, due_date, is_open))
        if is_open:
            open_items[case_id].append(_OpenItem(pk, step_id))
    stages = hooks.legal_stages(list(positions), run_date)
    on_hold = holds_on(run_date, corporation_id=corporation.pk)
    last_reached: dict[int, date] = {}
    for tenancy_id, when in (
        ContactAttempt.objects.filter(tenancy__corporation=corporation, reached=True)
        .values("tenancy_id")
        .annotate(last=Max("attempted_at"))
        .values_list("tenancy_id", "last")
    ):
        last_reached[tenancy_id] = timezone.localtime(when).date()

    to_close: dict[str, list[int]] = defaultdict(list)
    to_cancel: dict[str, list[int]] = defaultdict(list)
    new_cases: list[tuple] = []
    planned: list[tuple[int, object]] = []  # (tenancy_id, DueAction)
    for tenancy_id, position in positions.items():
        meta = by_pk[tenancy_id]
        case = open_cases.get(tenancy_id)
        if meta.end_date is not None and meta.end_date < run_date:
            if case is not None:
                to_close[CollectionCase.CloseReason.TENANCY_ENDED].append(case.pk)
                to_cancel["tenancy_ended"] += [i.pk for i in open_items.get(case.pk, [])]
            continue
        decision = decide(
            rules,
            Situation(
                position=position,
                case_opened_on=case.opened_on if case else None,
                history=tuple(history.get(case.pk, ())) if case else (),
                arrangement=arrangement_states.get(tenancy_id, ArrangementState.NONE),
                legal_stage=stages.get(tenancy_id, ""),
                last_reached_on=last_reached.get(tenancy_id),
                on_hold=tenancy_id in on_hold,
            ),
            run_date,
            calendar,
            pause_while_arrangement_kept=policy.pause_while_arrangement_kept,
        )
        case_items = open_items.get(case.pk, []) if case else []
        if decision.close_case and case is not None:
            to_close[CollectionCase.CloseReason.PAID].append(case.pk)
            to_cancel["paid"] += [i.pk for i in case_items]
            continue
        if decision.held:
            to_cancel["eviction_hold"] += [i.pk for i in case_items]
            counts["tenancies_on_hold"] += 1
        elif decision.paused:
            to_cancel["arrangement"] += [i.pk for i in case_items]
        elif decision.stopped_steps:
            to_cancel["legal_stage"] += [
                i.pk for i in case_items if i.step_id in decision.stopped_steps
            ]
        if decision.open_case:
            new_cases.append((corporation.pk, tenancy_id, run_date))
        planned += [(tenancy_id, action) for action in decision.actions]

    for reason, ids in to_close.items():
        for start in range(0, len(ids), 500):
            counts["cases_closed"] += CollectionCase.objects.filter(
                pk__in=ids[start : start + 500], closed_on__isnull=True
            ).update(closed_on=run_date, close_reason=reason)
    for reason, ids in to_cancel.items():
        counts["items_cancelled"] += _cancel_items(ids, reason)
    case_of = {tenancy_id: case.pk for tenancy_id, case in open_cases.items()}
    if new_cases:
        opened = insert_rows(
            CollectionCase,
            ["corporation_id", "tenancy_id", "opened_on"],
            new_cases,
            returning=["id", "tenancy_id"],
        )
        case_of.update((tenancy_id, pk) for pk, tenancy_id in opened)
        counts["cases_opened"] = len(opened)

    # Set-based (core.bulk): a month's first run plans hundreds of thousands nationally.
    new_items = []
    for tenancy_id, action in planned:
        step = steps[action.step_id]
        position = positions[tenancy_id]
        new_items.append(
            (
                corporation.pk,
                tenancy_id,
                by_pk[tenancy_id].household_id,
                WorklistKind.STEP.value,
                case_of[tenancy_id],
                step.pk,
                action.attempt,
                step.name[:100],
                step.channel,
                step.actor_role,
                step.letter_template,
                action.due_date,
                position.achterstand,
                position.dagen_achterstand,
                position.open_termijnen,
                priority_for(
                    amount=position.achterstand,
                    days_overdue=position.dagen_achterstand,
                    legal_stage=stages.get(tenancy_id, ""),
                ),
            )
        )
    if new_items:
        insert_rows(WorklistItem, _ITEM_FIELDS, new_items, ignore_conflicts=True)
        counts["items_created"] = len(new_items)

    counts["items_refreshed"] = _refresh_open_items(corporation, positions, stages)
    counts["messages_queued"] = _send_automatic_messages(
        actor=actor, corporation=corporation, steps=steps, run_date=run_date
    )
    counts.update(hooks.run_extensions(actor=actor, corporation=corporation, run_date=run_date))
    result = {k: v for k, v in counts.items() if v}
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=policy,
        fields=["worklist"],
        detail=f"collection run {run_date.isoformat()}: "
        + ", ".join(f"{k}={v}" for k, v in sorted(result.items())),
    )
    return result


_CANDIDATES = "wk_collection_candidates"
_ITEM_FIELDS = [
    "corporation_id",
    "tenancy_id",
    "household_id",
    "kind",
    "case_id",
    "step_id",
    "attempt",
    "title",
    "channel",
    "assigned_role",
    "letter_template",
    "due_date",
    "arrears_amount",
    "days_overdue",
    "open_terms",
    "priority",
]


def _candidates_table(corporation: Organisation, run_date: date) -> str:
    """A temporary table (column ``t``) of the tenancy ids the run has to look at."""
    owing, params = owing_tenancies_sql(corporation, run_date)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_CANDIDATES}")
        cursor.execute(
            f"CREATE TEMP TABLE {_CANDIDATES} AS {owing} "  # noqa: S608
            f"UNION SELECT tenancy_id AS t FROM {CollectionCase._meta.db_table} "
            "WHERE corporation_id = %s AND closed_on IS NULL",
            [*params, corporation.pk],
        )
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {_CANDIDATES}")
    return _CANDIDATES


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _cancel_items(ids: list[int], reason: str) -> int:
    return update_by_ids(
        WorklistItem.objects.filter(status=WorklistStatus.OPEN),
        ids,
        status=WorklistStatus.CANCELLED,
        cancelled_reason=reason,
    )


def _refresh_open_items(corporation, positions, stages) -> int:
    """Keep the arrears figures and priority of open items current."""
    changed = []
    for pk, tenancy_id, urgent, *current in WorklistItem.objects.filter(
        corporation=corporation, status=WorklistStatus.OPEN
    ).values_list(
        "pk", "tenancy_id", "urgent", "arrears_amount", "days_overdue", "open_terms", "priority"
    ):
        position = positions.get(tenancy_id)
        if position is None:
            continue
        priority = priority_for(
            amount=position.achterstand,
            days_overdue=position.dagen_achterstand,
            legal_stage=stages.get(tenancy_id, ""),
            alert=urgent,
        )
        fresh = (
            position.achterstand,
            position.dagen_achterstand,
            position.open_termijnen,
            priority,
        )
        if tuple(current) != fresh:
            changed.append((pk, *fresh))
    _update_figures(changed)
    return len(changed)


def _update_figures(changed: list[tuple]) -> None:
    """Write the refreshed figures (``(pk, amount, days, terms, priority)`` per item),
    set-based (a month's run changes hundreds of thousands at national scale)."""
    update_rows(WorklistItem, ["arrears_amount", "days_overdue", "open_terms", "priority"], changed)


# --- Payment arrangement monitoring (part of the run) -----------------------------------


def _ledger_for_arrangements(corporation, tenancy_ids: Iterable[int]):
    """Ledger rows of the given tenancies, grouped by tenancy."""
    grouped: dict[int, list[tuple]] = defaultdict(list)
    ids = list(tenancy_ids)
    for start in range(0, len(ids), 500):
        for row in LedgerEntry.objects.filter(
            corporation=corporation, tenancy_id__in=ids[start : start + 500]
        ).values_list("tenancy_id", "kind", "amount", "booking_date", "due_date"):
            grouped[row[0]].append(row[1:])
    return grouped


def arrangement_term_states(
    arrangement: PaymentArrangement, ledger_rows: Iterable[tuple], on: date
) -> list[arr.TermState]:
    """Payments against the terms from the tenancy's ledger rows
    ``(kind, amount, booking_date, due_date)``: payments booked from the start date up to
    ``on``; rent, costs and positive corrections falling due in that period are paid first
    (see ``arrangements.allocate_payments``); a negative correction counts as a payment."""
    payments, charges = [], []
    start = arrangement.start_date
    for kind, amount, booked, due in ledger_rows:
        if kind == "betaling":
            if start <= booked <= on:
                payments.append(arr.Money(booked, -amount))
        elif due is not None and start <= due <= on:
            if amount > 0:
                charges.append(arr.Money(due, amount))
            else:
                payments.append(arr.Money(due, -amount))
    terms = [arr.Term(t.number, t.due_date, t.amount) for t in arrangement.terms.all()]
    return arr.allocate_payments(terms, payments, charges)


def _arrangements_monitor(
    *, actor: Actor, corporation, policy: CollectionPolicy, on: date, counts: Counter
) -> dict[int, ArrangementState]:
    states: dict[int, ArrangementState] = {}
    current = list(
        PaymentArrangement.objects.filter(
            corporation=corporation, status__in=[ArrangementStatus.ACT, ArrangementStatus.BEV]
        ).prefetch_related("terms")
    )
    active = [a for a in current if a.status == ArrangementStatus.ACT]
    ledger = _ledger_for_arrangements(corporation, [a.tenancy_id for a in active])
    alerts = []
    for arrangement in current:
        if arrangement.status == ArrangementStatus.BEV:
            states[arrangement.tenancy_id] = ArrangementState.FROZEN
            continue
        term_states = arrangement_term_states(
            arrangement, ledger.get(arrangement.tenancy_id, []), on
        )
        _store_term_states(arrangement, term_states)
        if arr.is_paid_off(term_states):
            arrangement_change_status(
                actor=actor,
                arrangement=arrangement,
                status=ArrangementStatus.BEE,
                end_reason="AFB",
                note="all terms paid",
            )
            counts["arrangements_paid_off"] += 1
            continue
        missed = arr.missed_terms(term_states, on, policy.arrangement_grace_days)
        if not missed:
            states[arrangement.tenancy_id] = ArrangementState.KEPT
            continue
        states[arrangement.tenancy_id] = ArrangementState.BROKEN
        terms_by_number = {t.number: t for t in arrangement.terms.all()}
        for state in missed:
            alerts.append((arrangement, terms_by_number[state.number]))
    if alerts:
        already = set(
            WorklistItem.objects.filter(
                kind=WorklistKind.ARRANGEMENT_BROKEN,
                arrangement_term__in=[t.pk for _a, t in alerts],
            ).values_list("arrangement_term_id", flat=True)
        )
        fresh = [(a, t) for a, t in alerts if t.pk not in already]
        WorklistItem.objects.bulk_create(
            [
                WorklistItem(
                    corporation=corporation,
                    tenancy_id=a.tenancy_id,
                    household_id=a.household_id,
                    kind=WorklistKind.ARRANGEMENT_BROKEN,
                    arrangement_term=t,
                    title="",
                    channel=Channel.TELEFOON,
                    assigned_role=Role.INCASSOMEDEWERKER,
                    due_date=on,
                    urgent=True,
                    priority=priority_for(
                        amount=t.amount - t.paid_amount, days_overdue=0, alert=True
                    ),
                )
                for a, t in fresh
            ],
            ignore_conflicts=True,
        )
        for a, t in fresh:
            timeline_add(
                household=a.household,
                kind="arrangement.broken",
                field_group=FieldGroup.FINANCIAL,
                actor=actor,
                summary=_("Term %(number)s of the payment arrangement was not paid.")
                % {"number": t.number},
            )
        counts["alerts_created"] += len(fresh)
    return states


def _store_term_states(arrangement: PaymentArrangement, states: list[arr.TermState]) -> None:
    by_number = {s.number: s for s in states}
    changed = []
    for term in arrangement.terms.all():
        state = by_number[term.number]
        if (term.paid_amount, term.paid_on) != (state.paid, state.paid_on):
            term.paid_amount, term.paid_on = state.paid, state.paid_on
            changed.append(term)
    PaymentArrangementTerm.objects.bulk_update(changed, ["paid_amount", "paid_on"])


# --- Messages ---------------------------------------------------------------------------


def _recipient(household: Household, channel: str) -> str:
    members = Person.objects.filter(
        household=household,
        relation__in=[Relation.HOOFDHUURDER, Relation.MEDEHUURDER, Relation.PARTNER],
    ).order_by("relation", "pk")
    order = {Relation.HOOFDHUURDER: 0, Relation.MEDEHUURDER: 1, Relation.PARTNER: 2}
    for person in sorted(members, key=lambda p: (order[p.relation], p.pk)):
        value = person.email if channel == Channel.EMAIL else person.phone
        if value:
            return value.strip()
    return ""


def _message_text(item: WorklistItem, step: CollectionStep | None) -> tuple[str, str]:
    template = (step.message_text if step else "") or texts.DEFAULT_TEXTS[item.channel]
    body = texts.render(
        template,
        corporatie=item.corporation.name,
        bedrag=item.arrears_amount,
        contract=item.tenancy.contract_number,
    )
    subject = texts.EMAIL_SUBJECT if item.channel == Channel.EMAIL else ""
    return subject, body


def _queue_message(*, actor: Actor, item: WorklistItem, recipient: str) -> OutboundMessage:
    subject, body = _message_text(item, item.step)
    message = OutboundMessage.objects.create(
        corporation=item.corporation,
        tenancy=item.tenancy,
        household=item.household,
        worklist_item=item,
        channel=item.channel,
        recipient=recipient,
        subject=subject,
        body=body,
    )
    from . import tasks  # the task module imports this one

    tasks.enqueue_delivery(message.pk)
    return message


def _recipients(household_ids: Iterable[int], channel_of: dict[int, set[str]]) -> dict:
    """``{(household_id, channel): recipient}`` for many households in one query, by the
    rule of :func:`_recipient` (main tenant, co-tenant, partner; oldest first)."""
    order = {Relation.HOOFDHUURDER: 0, Relation.MEDEHUURDER: 1, Relation.PARTNER: 2}
    found: dict[tuple[int, str], tuple[tuple, str]] = {}
    ids = list(household_ids)
    for start in range(0, len(ids), 5000):
        for household_id, relation, pk, phone, email in Person.objects.filter(
            household_id__in=ids[start : start + 5000], relation__in=list(order)
        ).values_list("household_id", "relation", "pk", "phone", "email"):
            rank = (order[relation], pk)
            for channel in channel_of.get(household_id, ()):
                value = (email if channel == Channel.EMAIL else phone).strip()
                key = (household_id, channel)
                if value and (key not in found or rank < found[key][0]):
                    found[key] = (rank, value)
    return {key: value for key, (_rank, value) in found.items()}


_MESSAGE_FIELDS = [
    "corporation_id",
    "tenancy_id",
    "household_id",
    "worklist_item_id",
    "channel",
    "recipient",
    "subject",
    "body",
]
_TIMELINE_FIELDS = [
    "household_id",
    "occurred_at",
    "kind",
    "summary",
    "field_group",
    "organisation_id",
    "actor_label",
]


def _send_automatic_messages(*, actor: Actor, corporation, steps, run_date: date) -> int:
    """Queue the messages of due items of automatic steps, in bulk: a month's run at
    national scale sends hundreds of thousands."""
    auto_steps = [
        s.pk for s in steps.values() if s.send_automatically and s.channel in MESSAGE_CHANNELS
    ]
    if not auto_steps:
        return 0
    items = list(
        WorklistItem.objects.filter(
            corporation=corporation,
            status=WorklistStatus.OPEN,
            step_id__in=auto_steps,
            due_date__lte=run_date,
            messages__isnull=True,
        )
        .order_by("pk")
        .values_list(
            "pk",
            "tenancy_id",
            "household_id",
            "channel",
            "step_id",
            "title",
            "arrears_amount",
            "tenancy__contract_number",
        )
    )
    channel_of: dict[int, set[str]] = defaultdict(set)
    for item in items:
        channel_of[item[2]].add(item[3])
    recipients = _recipients(channel_of, channel_of)
    now = timezone.now()
    messages, entries, done = [], [], []
    for pk, tenancy_id, household_id, channel, step_id, title, amount, contract in items:
        recipient = recipients.get((household_id, channel), "")
        if not recipient:
            continue  # stays on the worklist: someone has to find another way
        step = steps.get(step_id)
        template = (step.message_text if step else "") or texts.DEFAULT_TEXTS[channel]
        messages.append(
            (
                corporation.pk,
                tenancy_id,
                household_id,
                pk,
                channel,
                recipient,
                texts.EMAIL_SUBJECT if channel == Channel.EMAIL else "",
                texts.render(
                    template, corporatie=corporation.name, bedrag=amount, contract=contract
                ),
            )
        )
        done.append(pk)
        entries.append(
            (
                household_id,
                now,
                "collection.message",
                f"{Channel(channel).label}: {title}"[:500],
                FieldGroup.FINANCIAL.value,
                corporation.pk,
                actor.label,
            )
        )
    # Set-based (core.bulk): hundreds of thousands on a month's first run nationally.
    created = insert_rows(OutboundMessage, _MESSAGE_FIELDS, messages, returning=["id"])
    update_by_ids(
        WorklistItem.objects.all(),
        done,
        status=WorklistStatus.DONE,
        done_at=now,
        done_by_label=actor.label,
    )
    insert_rows(TimelineEntry, _TIMELINE_FIELDS, entries)
    from . import tasks  # the task module imports this one

    tasks.enqueue_deliveries(sorted(pk for (pk,) in created))
    return len(created)


@transaction.atomic
def worklist_item_send_message(*, actor: Actor, item: WorklistItem) -> OutboundMessage:
    """Send the item's text message, WhatsApp or e-mail now and mark the item done."""
    item = (
        WorklistItem.objects.select_for_update(of=("self",))
        .select_related("tenancy", "household", "step", "corporation")
        .get(pk=item.pk)
    )
    if item.channel not in MESSAGE_CHANNELS:
        raise ValidationError(_("This task is not a message."))
    if not item.is_open:
        raise ValidationError(_("This task is no longer open."))
    recipient = _recipient(item.household, item.channel)
    if not recipient:
        raise ValidationError(_("No phone number or e-mail address is known for the tenant."))
    message = _queue_message(actor=actor, item=item, recipient=recipient)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=message,
        household_id=item.household_id,
        fields=["recipient", "body"],
    )
    _complete(actor=actor, item=item, summary=f"{item.get_channel_display()}: {item.label}")
    return message


def message_deliver(*, message_id: int) -> bool:
    """Send one queued message through the gateway. Claimed with one conditional update,
    so two deliveries of the same task send it once. Returns whether it was sent now."""
    claimed = OutboundMessage.objects.filter(
        pk=message_id, status__in=[MessageStatus.QUEUED, MessageStatus.FAILED]
    ).update(status=MessageStatus.SENDING, attempts=F("attempts") + 1)
    if not claimed:
        return False
    message = OutboundMessage.objects.get(pk=message_id)
    gateway = gateway_for(message.channel)
    try:
        reference = gateway.send(
            OutgoingText(
                channel=message.channel,
                recipient=message.recipient,
                body=message.body,
                subject=message.subject,
                reference=str(message.pk),
            )
        )
    except GatewayError as exc:
        OutboundMessage.objects.filter(pk=message_id).update(
            status=MessageStatus.FAILED, error=str(exc)[:255], backend=gateway.name
        )
        logger.warning("Message %s not sent: %s", message_id, exc)
        raise
    OutboundMessage.objects.filter(pk=message_id).update(
        status=MessageStatus.SENT,
        sent_at=timezone.now(),
        provider_reference=reference,
        backend=gateway.name,
        error="",
    )
    return True


# --- Worklist items ---------------------------------------------------------------------


def _complete(*, actor: Actor, item: WorklistItem, summary: str) -> None:
    updated = WorklistItem.objects.filter(pk=item.pk, status=WorklistStatus.OPEN).update(
        status=WorklistStatus.DONE, done_at=timezone.now(), done_by_label=actor.label
    )
    if updated:
        item.refresh_from_db()
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=item, fields=["status"])
        timeline_add(
            household=item.household,
            kind="collection.action_done",
            field_group=FieldGroup.FINANCIAL,
            actor=actor,
            summary=summary,
        )


@transaction.atomic
def worklist_item_complete(*, actor: Actor, item: WorklistItem, note: str = "") -> WorklistItem:
    """Mark a task done (idempotent: a task already done stays as it was). The documents
    app calls this after making the letter of a *brief*/*kaartje* task."""
    if item.corporation_id != actor.organisation.pk:
        raise ValidationError(_("This task belongs to another organisation."))
    summary = item.label if not note else f"{item.label}: {note}"
    _complete(actor=actor, item=item, summary=summary)
    item.refresh_from_db()
    return item


@transaction.atomic
def worklist_item_make_letter(*, actor: Actor, item: WorklistItem):
    """Make the task's letter with the documents app (``letter_generate``) and mark the task
    done. The letter states today's arrears (a 14-day letter claims them). The documents app
    is imported here, not at module level: collection does not depend on it at import time.
    Returns the ``GeneratedLetter``."""
    try:
        from woonkans.documents.selectors import LetterError
        from woonkans.documents.services import letter_generate
    except ImportError as exc:  # pragma: no cover - the documents app is installed
        raise ValidationError(_("Letters cannot be made in this installation.")) from exc
    item = (
        WorklistItem.objects.select_for_update(of=("self",))
        .select_related("tenancy", "household")
        .get(pk=item.pk)
    )
    if not item.is_open:
        raise ValidationError(_("This task is no longer open."))
    if not item.letter_template:
        raise ValidationError(_("This task has no letter."))
    from .selectors import tenancy_position

    amount_due = tenancy_position(item.tenancy, timezone.localdate()).achterstand
    if amount_due <= 0:
        raise ValidationError(_("There are no arrears: no letter is needed."))
    if item.letter_template == "veertiendagenbrief":
        # The 14-day letter claims the overdue principal itself (booked costs excluded).
        amount_due = None
    try:
        letter = letter_generate(
            actor=actor, tenancy=item.tenancy, kind=item.letter_template, amount_due=amount_due
        )
    except LetterError as exc:
        raise ValidationError(str(exc)) from exc
    except PermissionDenied as exc:
        raise ValidationError(_("You may not make letters for this tenancy.")) from exc
    _complete(actor=actor, item=item, summary=item.label)
    return letter


@transaction.atomic
def worklist_prompt_add(
    *,
    actor: Actor,
    tenancy: Tenancy,
    source_key: str,
    title: str,
    due_date: date,
    channel: str = Channel.TELEFOON,
    assigned_role: str = Role.INCASSOMEDEWERKER,
    urgent: bool = False,
) -> tuple[WorklistItem, bool]:
    """Put a task from another process on the corporation's worklist, once per
    ``(tenancy, source_key)``: e.g. the legal app after a verdict, weekly,
    ``source_key=f"verdict:{verdict.pk}:{iso_week}"``. Returns ``(item, created)``."""
    if not source_key:
        raise ValueError("source_key is required")
    existing = WorklistItem.objects.filter(
        tenancy=tenancy, kind=WorklistKind.PROMPT, source_key=source_key
    ).first()
    if existing is not None:
        return existing, False
    from .selectors import tenancy_position

    position = tenancy_position(tenancy, due_date)
    item = WorklistItem(
        corporation=tenancy.corporation,
        tenancy=tenancy,
        household=tenancy.household,
        kind=WorklistKind.PROMPT,
        source_key=source_key[:100],
        title=title[:100],
        channel=channel,
        assigned_role=assigned_role,
        due_date=due_date,
        urgent=urgent,
        arrears_amount=position.achterstand,
        days_overdue=position.dagen_achterstand,
        open_terms=position.open_termijnen,
        priority=priority_for(
            amount=position.achterstand,
            days_overdue=position.dagen_achterstand,
            legal_stage=hooks.legal_stages([tenancy.pk], due_date).get(tenancy.pk, ""),
            alert=urgent,
        ),
    )
    item.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        return WorklistItem.objects.get(
            tenancy=tenancy, kind=WorklistKind.PROMPT, source_key=source_key
        ), False
    audit_record(actor=actor, action=AuditAction.CREATE, obj=item, fields=["title", "due_date"])
    return item, True


# --- Contact attempts -------------------------------------------------------------------


def part_of_day_for(moment: datetime) -> str:
    hour = timezone.localtime(moment).hour if timezone.is_aware(moment) else moment.hour
    if hour < 12:
        return PartOfDay.OCHTEND
    if hour < 18:
        return PartOfDay.MIDDAG
    return PartOfDay.AVOND


@transaction.atomic
def contact_attempt_record(
    *,
    actor: Actor,
    household: Household,
    kind: str,
    reached: bool,
    outcome: str,
    attempted_at: datetime | None = None,
    part_of_day: str = "",
    tenancy: Tenancy | None = None,
    note: str = "",
    arrears_reason: Iterable[str] = (),
    arrears_reason_note: str = "",
    other_problems: Iterable[str] = (),
    other_problems_note: str = "",
    pointed_to_debt_help: bool = False,
    worklist_item: WorklistItem | None = None,
    complete_item: bool = True,
) -> ContactAttempt:
    """Record an attempt to reach the tenant, with what was learned ("vraag door").

    Writes the audit log and the household timeline (``contact.attempt``, financial field
    group). From a worklist task it marks the task done unless ``complete_item`` is false.
    """
    if tenancy is not None and tenancy.household_id != household.pk:
        raise ValidationError(_("The tenancy does not belong to this household."))
    if worklist_item is not None and worklist_item.household_id != household.pk:
        raise ValidationError(_("The task does not belong to this household."))
    attempted_at = attempted_at or timezone.now()
    attempt = ContactAttempt(
        tenancy=tenancy or (worklist_item.tenancy if worklist_item else None),
        household=household,
        organisation=actor.organisation,
        kind=kind,
        reached=reached,
        attempted_at=attempted_at,
        part_of_day=part_of_day or part_of_day_for(attempted_at),
        outcome=outcome,
        note=note.strip(),
        arrears_reason=sorted(set(arrears_reason)),
        arrears_reason_note=arrears_reason_note.strip(),
        other_problems=sorted(set(other_problems)),
        other_problems_note=other_problems_note.strip(),
        pointed_to_debt_help=pointed_to_debt_help,
        worklist_item=worklist_item,
        recorded_by_label=actor.label,
    )
    attempt.full_clean()
    attempt.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=attempt,
        fields=[
            "kind",
            "reached",
            "outcome",
            "arrears_reason",
            "other_problems",
            "pointed_to_debt_help",
        ],
    )
    reached_text = _("reached") if reached else _("not reached")
    timeline_add(
        household=household,
        kind="contact.attempt",
        field_group=FieldGroup.FINANCIAL,
        actor=actor,
        summary=f"{attempt.get_kind_display()}, {reached_text}: {attempt.get_outcome_display()}",
        occurred_at=attempted_at,
    )
    if worklist_item is not None and complete_item:
        _complete(actor=actor, item=worklist_item, summary=worklist_item.label)
    return attempt


# --- Belcomputer ------------------------------------------------------------------------

BELCOMPUTER_HEADER = ("telefoon", "overeenkomstnummer", "achterstand", "taal")


@transaction.atomic
def belcomputer_export(
    *, actor: Actor, corporation: Organisation, on: date
) -> list[tuple[str, str, str, str]]:
    """The automated dialler's call list for ``on``: open dialler tasks due by then, plus
    those already exported for ``on`` (so downloading twice gives the same list). Exported
    tasks are marked done. Rows: phone, contract number, arrears (two decimals, point),
    language (``nl``: the system keeps no preferred language yet). Tenancies without a
    phone number are left out and their task stays open."""
    items = list(
        WorklistItem.objects.select_for_update(of=("self",))
        .filter(corporation=corporation, channel=Channel.BELCOMPUTER)
        .filter((Q(status=WorklistStatus.OPEN) & Q(due_date__lte=on)) | Q(exported_on=on))
        .select_related("tenancy", "household")
        .order_by("-priority", "tenancy__contract_number", "pk")
    )
    rows = []
    seen: set[int] = set()
    now = timezone.now()
    exported = []
    for item in items:
        phone = _recipient(item.household, Channel.TELEFOON)
        if not phone or item.tenancy_id in seen:
            continue
        seen.add(item.tenancy_id)
        rows.append((phone, item.tenancy.contract_number, f"{item.arrears_amount:.2f}", "nl"))
        if item.is_open:
            exported.append(item.pk)
    if exported:
        WorklistItem.objects.filter(pk__in=exported).update(
            status=WorklistStatus.DONE, done_at=now, done_by_label=actor.label, exported_on=on
        )
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        detail=f"belcomputer {on.isoformat()}: {len(rows)} rows",
        fields=list(BELCOMPUTER_HEADER),
    )
    return rows


# --- Payment arrangements ---------------------------------------------------------------


@transaction.atomic
def arrangement_create(
    *,
    actor: Actor,
    tenancy: Tenancy,
    total_amount: Decimal,
    term_amount: Decimal,
    first_due_date: date,
    agreed_on: date,
    payment_method: str,
    start_date: date | None = None,
    status: str = ArrangementStatus.AAN,
    note: str = "",
) -> PaymentArrangement:
    """Register a payment arrangement with its monthly terms. ``start_date`` (VERA
    begindatum, default: the date agreed) is from when payments count towards the terms."""
    for value in (total_amount, term_amount):
        if not isinstance(value, Decimal):
            raise TypeError("amounts must be Decimal")
    if term_amount > total_amount:
        raise ValidationError(_("The amount per term cannot be more than the total amount."))
    start_date = start_date or agreed_on
    if first_due_date < start_date:
        raise ValidationError(_("The first term cannot be due before the start date."))
    try:
        arr.check_transition("", status)
    except arr.TransitionError as exc:
        raise ValidationError(_("A new arrangement is either requested or active.")) from exc
    plan = arr.plan_terms(total=total_amount, term_amount=term_amount, first_due=first_due_date)
    arrangement = PaymentArrangement(
        corporation=tenancy.corporation,
        tenancy=tenancy,
        household=tenancy.household,
        status=status,
        start_date=start_date,
        end_date=plan[-1].due_date,
        agreed_on=agreed_on,
        total_amount=total_amount,
        term_amount=term_amount,
        number_of_terms=len(plan),
        payment_method=payment_method,
        note=note.strip(),
        created_by_label=actor.label,
    )
    arrangement.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            arrangement.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("This tenancy already has a requested, active or frozen payment arrangement.")
        ) from exc
    PaymentArrangementTerm.objects.bulk_create(
        PaymentArrangementTerm(
            arrangement=arrangement, number=t.number, due_date=t.due_date, amount=t.amount
        )
        for t in plan
    )
    ArrangementStatusChange.objects.create(
        arrangement=arrangement,
        from_status="",
        to_status=status,
        changed_at=timezone.now(),
        actor_label=actor.label,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=arrangement,
        fields=["status", "total_amount", "term_amount", "number_of_terms", "payment_method"],
    )
    timeline_add(
        household=tenancy.household,
        kind="arrangement.created",
        field_group=FieldGroup.FINANCIAL,
        actor=actor,
        summary=_("%(terms)s terms of %(amount)s (%(status)s)")
        % {
            "terms": len(plan),
            "amount": format_money(term_amount),
            "status": arrangement.get_status_display(),
        },
    )
    return arrangement


@transaction.atomic
def arrangement_change_status(
    *,
    actor: Actor,
    arrangement: PaymentArrangement,
    status: str,
    end_reason: str = "",
    note: str = "",
) -> PaymentArrangement:
    """The only way an arrangement's status changes: checked against
    ``arrangements.ALLOWED_TRANSITIONS``; history, audit and timeline written."""
    current = PaymentArrangement.objects.select_for_update().get(pk=arrangement.pk)
    try:
        arr.check_transition(current.status, status, end_reason)
    except arr.TransitionError as exc:
        raise ValidationError(
            _("A payment arrangement cannot go from “%(from)s” to “%(to)s” this way.")
            % {
                "from": current.get_status_display(),
                "to": ArrangementStatus(status).label,
            }
        ) from exc
    previous = current.status
    current.status = status
    if status in (ArrangementStatus.BEE,):
        current.end_reason = end_reason
    try:
        with transaction.atomic():
            current.save(update_fields=["status", "end_reason", "updated_at"])
    except IntegrityError as exc:
        raise ValidationError(
            _("This tenancy already has a requested, active or frozen payment arrangement.")
        ) from exc
    ArrangementStatusChange.objects.create(
        arrangement=current,
        from_status=previous,
        to_status=status,
        end_reason=end_reason,
        changed_at=timezone.now(),
        actor_label=actor.label,
        note=note[:255],
    )
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=current, fields=["status", "end_reason"]
    )
    summary = f"{ArrangementStatus(previous).label} → {current.get_status_display()}"
    if end_reason:
        summary += f" ({current.get_end_reason_display()})"
    timeline_add(
        household=current.household,
        kind="arrangement.status",
        field_group=FieldGroup.FINANCIAL,
        actor=actor,
        summary=summary,
    )
    arrangement.status, arrangement.end_reason = current.status, current.end_reason
    return current


__all__ = [
    "LETTER_CHANNELS",
    "RUN_TASK",
    "arrangement_change_status",
    "arrangement_create",
    "belcomputer_export",
    "collection_run",
    "contact_attempt_record",
    "message_deliver",
    "policy_apply_preset",
    "policy_get_or_create",
    "policy_update",
    "step_add",
    "step_delete",
    "step_move",
    "step_update",
    "worklist_item_complete",
    "worklist_item_make_letter",
    "worklist_item_send_message",
    "worklist_prompt_add",
]
