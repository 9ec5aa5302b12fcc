"""Use cases of vroegsignalering. Each takes the acting :class:`Actor`, runs in one
transaction, writes the audit log (purpose *vroegsignalering*) and the household timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from woonkans.arrears.selectors import arrears_positions
from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record
from woonkans.households.models import Involvement, InvolvementKind, Relation, Tenancy
from woonkans.households.services import involvement_close, involvement_open, timeline_add
from woonkans.organisations.actor import Actor, system_actor
from woonkans.organisations.models import Organisation, OrganisationKind, Role
from woonkans.organisations.policy import FieldGroup, Purpose

from .conditions import PERSONAL_KINDS, ConditionsResult, moment_reached, signal_conditions
from .evidence import CHUNK, arrears_facts_by_tenancy, evidence_by_tenancy
from .export import ExportRow, render_csv, render_json
from .feedback import partner_feedback
from .models import (
    EndResult,
    Objection,
    ObjectionChannel,
    Signal,
    SignalExport,
    SignalOutcome,
    SignalPartner,
    SignalPolicy,
    SignalStatus,
)

#: Roles of a corporation that work with signals and objections.
CORPORATION_ROLES = frozenset({Role.INCASSOMEDEWERKER, Role.WOONCONSULENT})
#: Roles of a municipality that register outcomes.
MUNICIPALITY_ROLES = frozenset({Role.WIJKCONSULENT})
SOURCE_TYPE = "signals.signal"


def _audit(actor: Actor | None, action: str, obj, *, household_id=None, fields=(), detail=""):
    return audit_record(
        actor=actor,
        action=action,
        obj=obj,
        household_id=household_id,
        fields=fields,
        detail=detail,
        purpose=Purpose.VROEGSIGNALERING,
    )


def _timeline(household, kind: str, actor: Actor | None, summary: str = "") -> None:
    timeline_add(
        household=household,
        kind=kind,
        field_group=FieldGroup.FINANCIAL,
        actor=actor,
        summary=summary,
    )


def _require_corporation(actor: Actor, corporation_id: int) -> None:
    if actor.organisation.pk != corporation_id or actor.role not in CORPORATION_ROLES:
        raise PermissionDenied


# --- Configuration ----------------------------------------------------------------------


@transaction.atomic
def signal_policy_set(
    *,
    actor: Actor,
    corporation: Organisation,
    municipality: Organisation,
    is_active: bool = True,
    min_days_in_arrears: int = 0,
    min_amount: Decimal = Decimal("0.01"),
    objection_days: int = 7,
    reminder_offers_signal: bool = False,
    letters_point_to_debt_help: bool = True,
) -> SignalPolicy:
    """Create or change a corporation's early-signal policy (functional administrator)."""
    if actor.organisation.pk != corporation.pk or actor.role != Role.FUNCTIONEEL_BEHEERDER:
        raise PermissionDenied
    if corporation.kind != OrganisationKind.WONINGCORPORATIE:
        raise ValidationError(_("Only a housing corporation sends early signals."))
    if municipality.kind != OrganisationKind.GEMEENTE:
        raise ValidationError({"municipality": _("Choose a municipality.")})
    if not isinstance(min_amount, Decimal) or min_amount <= 0:
        raise ValidationError({"min_amount": _("The minimum must be more than zero.")})
    values = {
        "municipality": municipality,
        "is_active": is_active,
        "min_days_in_arrears": min_days_in_arrears,
        "min_amount": min_amount,
        "objection_days": objection_days,
        "reminder_offers_signal": reminder_offers_signal,
        "letters_point_to_debt_help": letters_point_to_debt_help,
    }
    policy, created = SignalPolicy.objects.select_for_update().get_or_create(
        corporation=corporation, defaults=values
    )
    changed = list(values) if created else []
    if not created:
        for name, value in values.items():
            if getattr(policy, name) != value:
                setattr(policy, name, value)
                changed.append(name)
        if changed:
            policy.save()
    if changed:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=policy,
            fields=changed,
            purpose=Purpose.BEHEER,
        )
    return policy


# --- Objections -------------------------------------------------------------------------


@transaction.atomic
def objection_register(
    *, actor: Actor, tenancy: Tenancy, received_on: date, channel: str, note: str = ""
) -> Objection:
    """The tenant objects to passing their contact details to the municipality."""
    _require_corporation(actor, tenancy.corporation_id)
    if channel not in ObjectionChannel.values:
        raise ValidationError({"channel": _("Choose how the objection was received.")})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date cannot be in the future.")})
    objection = Objection.objects.create(
        tenancy=tenancy,
        household_id=tenancy.household_id,
        received_on=received_on,
        channel=channel,
        note=note.strip(),
        created_by_label=actor.label,
    )
    _audit(actor, AuditAction.CREATE, objection, fields=["received_on", "channel", "note"])
    _timeline(tenancy.household, "signal.objection", actor)
    return objection


@transaction.atomic
def objection_withdraw(*, actor: Actor, objection: Objection, withdrawn_on: date) -> Objection:
    objection = Objection.objects.select_for_update().select_related("tenancy").get(pk=objection.pk)
    _require_corporation(actor, objection.tenancy.corporation_id)
    if objection.withdrawn_on is not None:
        raise ValidationError(_("This objection was already withdrawn."))
    if withdrawn_on < objection.received_on:
        raise ValidationError(
            {"withdrawn_on": _("The objection cannot be withdrawn before it was received.")}
        )
    objection.withdrawn_on = withdrawn_on
    objection.save(update_fields=["withdrawn_on"])
    _audit(actor, AuditAction.UPDATE, objection, fields=["withdrawn_on"])
    _timeline(objection.tenancy.household, "signal.objection_withdrawn", actor)
    return objection


# --- Making signals ---------------------------------------------------------------------


@dataclass(frozen=True)
class TenancyCheck:
    """The conditions of one tenancy at a date, for the corporation's page."""

    tenancy: Tenancy
    amount: Decimal
    days_in_arrears: int
    arrears_since: date | None
    conditions: ConditionsResult
    moment_reached: bool


def tenancy_check(*, tenancy: Tenancy, policy: SignalPolicy, on: date) -> TenancyCheck:
    """The four conditions and the moment for one tenancy (a read, no changes)."""
    arrears = arrears_facts_by_tenancy([tenancy.pk], on=on)
    evidence = evidence_by_tenancy([tenancy], arrears=arrears, policy=policy)[tenancy.pk]
    facts = arrears[tenancy.pk]
    return TenancyCheck(
        tenancy=tenancy,
        amount=facts.position.achterstand,
        days_in_arrears=facts.position.dagen_achterstand,
        arrears_since=facts.arrears_since,
        conditions=signal_conditions(evidence, on=on),
        moment_reached=moment_reached(
            amount=facts.position.achterstand,
            days_in_arrears=facts.position.dagen_achterstand,
            min_amount=policy.min_amount,
            min_days=policy.min_days_in_arrears,
        ),
    )


def _policy_for(corporation: Organisation) -> SignalPolicy | None:
    return (
        SignalPolicy.objects.filter(corporation=corporation, is_active=True)
        .select_related("corporation", "municipality")
        .prefetch_related("routes__municipality")
        .first()
    )


def _crisis_tenancies(tenancy_ids: list[int], arrears, on: date) -> set[int]:
    """Tenancies whose legal route has reached the court: their signal is a crisis signal."""
    from woonkans.legal.selectors import case_facts_by_tenancy
    from woonkans.legal.stages import Phase, StageFacts, cases_as_of, legal_stage, phase_rank

    court = phase_rank(Phase.GERECHTELIJK)
    crisis = set()
    for tid, cases in case_facts_by_tenancy(tenancy_ids).items():
        facts = arrears[tid]
        stage = legal_stage(
            StageFacts(
                arrears=facts.arrears_since is not None,
                arrears_since=facts.arrears_since,
                default_letter_on=facts.default_letter_on,
                cases=cases_as_of(cases, on),
            )
        )
        if stage.rank >= court:
            crisis.add(tid)
    return crisis


def _warm_handover(evidence, arrears_since: date, on: date) -> bool:
    """The corporation spoke with the tenant in this episode (a reached personal contact)."""
    return any(
        c.reached and c.kind in PERSONAL_KINDS and arrears_since <= c.on <= on
        for c in evidence.contacts
    )


def signals_create_due(
    *, corporation: Organisation, run_date: date, actor: Actor | None = None
) -> dict[str, int]:
    """Make an early signal for every tenancy of ``corporation`` whose four conditions hold
    and whose configured moment is reached on ``run_date``.

    Idempotent: a tenancy gets at most one signal per arrears episode (unique in the
    database), so running again for the same or a later date adds nothing for the same
    episode. Each signal opens an involvement of the municipality with the household.
    Returns counts.
    """
    counts = {"candidates": 0, "signals": 0, "already_signalled": 0, "conditions_not_met": 0}
    policy = _policy_for(corporation)
    if policy is None:
        return {**counts, "no_policy": 1}
    actor = actor or system_actor(corporation, Role.INCASSOMEDEWERKER)

    due = {
        row.contract_number: row.position
        for row in arrears_positions(corporation=corporation, on=run_date)
        if moment_reached(
            amount=row.position.achterstand,
            days_in_arrears=row.position.dagen_achterstand,
            min_amount=policy.min_amount,
            min_days=policy.min_days_in_arrears,
        )
    }
    if not due:
        return counts
    contracts = sorted(due)
    tenancies = []
    for i in range(0, len(contracts), CHUNK):
        tenancies += [
            t
            for t in Tenancy.objects.filter(
                corporation=corporation, contract_number__in=contracts[i : i + CHUNK]
            ).select_related("household")
            if t.is_current_on(run_date)
        ]
    tenancies.sort(key=lambda t: t.pk)
    counts["candidates"] = len(tenancies)
    ids = [t.pk for t in tenancies]
    arrears = arrears_facts_by_tenancy(ids, on=run_date)
    existing = set()
    for i in range(0, len(ids), CHUNK):
        existing |= set(
            Signal.objects.filter(tenancy_id__in=ids[i : i + CHUNK]).values_list(
                "tenancy_id", "arose_on"
            )
        )
    fresh = []
    for tenancy in tenancies:
        since = arrears[tenancy.pk].arrears_since
        if since is None:
            continue
        if (tenancy.pk, since) in existing:
            counts["already_signalled"] += 1
        else:
            fresh.append(tenancy)
    evidence = evidence_by_tenancy(fresh, arrears=arrears, policy=policy)
    ready = []
    for tenancy in fresh:
        result = signal_conditions(evidence[tenancy.pk], on=run_date)
        if result.all_met:
            ready.append((tenancy, result))
        else:
            counts["conditions_not_met"] += 1
    crisis = _crisis_tenancies([t.pk for t, _r in ready], arrears, run_date)
    for tenancy, result in ready:
        facts = arrears[tenancy.pk]
        created = _signal_create(
            actor=actor,
            policy=policy,
            tenancy=tenancy,
            amount=due[tenancy.contract_number].achterstand,
            days_in_arrears=due[tenancy.contract_number].dagen_achterstand,
            arose_on=facts.arrears_since,
            run_date=run_date,
            crisis=tenancy.pk in crisis,
            warm_handover=_warm_handover(evidence[tenancy.pk], facts.arrears_since, run_date),
            conditions=result,
        )
        counts["signals" if created else "already_signalled"] += 1
    return counts


def _signal_create(
    *,
    actor: Actor,
    policy: SignalPolicy,
    tenancy: Tenancy,
    amount: Decimal,
    days_in_arrears: int,
    arose_on: date,
    run_date: date,
    crisis: bool,
    warm_handover: bool,
    conditions: ConditionsResult,
) -> Signal | None:
    municipality = policy.municipality_for(tenancy)
    try:
        with transaction.atomic():
            signal = Signal.objects.create(
                corporation=policy.corporation,
                tenancy=tenancy,
                household=tenancy.household,
                municipality=municipality,
                partner=SignalPartner.HUUR,
                amount=amount,
                arose_on=arose_on,
                created_on=run_date,
                crisis=crisis,
                warm_handover=warm_handover,
                days_in_arrears=days_in_arrears,
                conditions=conditions.as_dict(),
            )
    except IntegrityError:
        return None  # made in the meantime by another run
    involvement_open(
        actor=actor,
        household=tenancy.household,
        organisation=municipality,
        kind=InvolvementKind.SIGNAL,
        reason=_("Early signal of rent arrears"),
        source_type=SOURCE_TYPE,
        source_id=str(signal.pk),
    )
    _audit(
        actor,
        AuditAction.CREATE,
        signal,
        fields=["amount", "arose_on", "municipality", "crisis", "warm_handover"],
    )
    _timeline(tenancy.household, "signal.created", actor, municipality.name)
    return signal


@transaction.atomic
def signals_create_due_all(*, run_date: date) -> dict[str, int]:
    """The daily run: every corporation with an active policy."""
    totals: dict[str, int] = {"corporations": 0}
    for policy in SignalPolicy.objects.filter(is_active=True).select_related("corporation"):
        totals["corporations"] += 1
        counts = signals_create_due(corporation=policy.corporation, run_date=run_date)
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
    return totals


# --- Export to the municipality's platform ----------------------------------------------


@transaction.atomic
def signals_export(
    *, actor: Actor, corporation: Organisation, since: date | None = None
) -> SignalExport | None:
    """Put the signals not yet sent (made on or after ``since``) in a new export batch and
    mark them sent. ``None`` when there is nothing to send. Download the batch with
    :func:`signal_export_download` — as often as needed."""
    _require_corporation(actor, corporation.pk)
    pending = Signal.objects.select_for_update().filter(
        corporation=corporation, status=SignalStatus.NEW
    )
    if since is not None:
        pending = pending.filter(created_on__gte=since)
    signals = list(pending.select_related("household", "municipality").order_by("pk"))
    if not signals:
        return None
    today = timezone.localdate()
    export = SignalExport.objects.create(
        corporation=corporation,
        created_on=today,
        since=since,
        signal_count=len(signals),
        created_by_label=actor.label,
    )
    Signal.objects.filter(pk__in=[s.pk for s in signals], status=SignalStatus.NEW).update(
        status=SignalStatus.SENT, sent_on=today, export=export
    )
    _audit(actor, AuditAction.CREATE, export, detail=f"{len(signals)} signals")
    for signal in signals:
        _audit(actor, AuditAction.UPDATE, signal, fields=["status", "sent_on"])
        _timeline(signal.household, "signal.sent", actor, signal.municipality.name)
    return export


def contact_person(household):
    """Whom a signal is about: the main tenant, else a co-tenant, else an adult."""
    members = list(household.members.all())
    for relation in (Relation.HOOFDHUURDER, Relation.MEDEHUURDER):
        for person in members:
            if person.relation == relation:
                return person
    adults = [p for p in members if p.relation != Relation.KIND]
    return adults[0] if adults else None


def export_rows(signals) -> list[ExportRow]:
    rows = []
    for signal in signals:
        person = contact_person(signal.household)
        tenancy = signal.tenancy
        rows.append(
            ExportRow(
                signal_id=signal.pk,
                partner=signal.partner,
                partner_name=signal.corporation.name,
                municipality=signal.municipality.name,
                contract_number=tenancy.contract_number,
                amount=signal.amount,
                arose_on=signal.arose_on,
                signal_date=signal.sent_on or signal.created_on,
                crisis=signal.crisis,
                warm_handover=signal.warm_handover,
                first_names=person.first_name if person else "",
                last_name=person.last_name if person else "",
                date_of_birth=person.date_of_birth if person else None,
                street=tenancy.street,
                house_number=tenancy.house_number,
                postcode=tenancy.postcode,
                city=tenancy.city,
                phone=person.phone if person else "",
                email=person.email if person else "",
            )
        )
    return rows


EXPORT_FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@transaction.atomic
def signal_export_download(*, actor: Actor, export: SignalExport, fmt: str) -> tuple[str, str]:
    """The file of an export batch as ``(content, file name)``. Every download is an
    export of personal data: one audit event per signal (per household) and one for the
    batch."""
    _require_corporation(actor, export.corporation_id)
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"Unknown format {fmt!r}")
    signals = list(
        export.signals.select_related("corporation", "municipality", "tenancy", "household")
        .prefetch_related("household__members")
        .order_by("pk")
    )
    rows = export_rows(signals)
    if fmt == "csv":
        content = render_csv(rows)
    else:
        content = render_json(rows, export_id=export.pk, export_date=export.created_on)
    _audit(actor, AuditAction.EXPORT, export, detail=f"{fmt}, {len(rows)} signals")
    for signal in signals:
        _audit(actor, AuditAction.EXPORT, signal, detail=f"export {export.pk} {fmt}")
    return content, f"vroegsignalen-{export.corporation.slug}-{export.pk}.{fmt}"


# --- Outcome feedback from the municipality ---------------------------------------------


@transaction.atomic
def signal_register_outcome(
    *, actor: Actor, signal: Signal, result: str, decided_on: date, note: str = ""
) -> SignalOutcome:
    """The municipality's end result (CBS list). Closes the signal and the municipality's
    involvement with the household that the signal opened."""
    signal = Signal.objects.select_for_update().select_related("household").get(pk=signal.pk)
    if actor.organisation.pk != signal.municipality_id or actor.role not in MUNICIPALITY_ROLES:
        raise PermissionDenied
    if result not in EndResult.values:
        raise ValidationError({"result": _("Choose an end result from the list.")})
    if signal.status == SignalStatus.CLOSED:
        raise ValidationError(_("An outcome was already registered for this signal."))
    if decided_on < signal.created_on:
        raise ValidationError({"decided_on": _("The date cannot be before the signal was made.")})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The date cannot be in the future.")})
    outcome = SignalOutcome.objects.create(
        signal=signal,
        result=result,
        decided_on=decided_on,
        note=note.strip(),
        created_by_label=actor.label,
    )
    signal.status = SignalStatus.CLOSED
    signal.save(update_fields=["status"])
    _audit(
        actor,
        AuditAction.CREATE,
        outcome,
        household_id=signal.household_id,
        fields=["result", "decided_on", "note"],
    )
    # The timeline is read by the corporation too: only what it may learn (feedback.py).
    _timeline(signal.household, "signal.closed", actor, partner_feedback(result))
    for involvement in Involvement.objects.filter(
        source_type=SOURCE_TYPE, source_id=str(signal.pk), closed_at__isnull=True
    ).select_related("household", "organisation"):
        involvement_close(actor=actor, involvement=involvement)
    return outcome
