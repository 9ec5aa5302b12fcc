"""Use cases of the legal route: one per step, each in one transaction, checked against the
table of allowed steps (``stages.TRANSITIONS``), with audit record and timeline entry.

Steps on one tenancy are serialised by locking the tenancy row, so two people registering a
verdict at the same time get one verdict and one clear refusal. A refused step raises
:class:`StepRefused` (a ``ValidationError``) with the reason from ``stages.refusal``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record
from woonkans.households.holds import hold_on, holds_on
from woonkans.households.models import Tenancy
from woonkans.households.services import timeline_add
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import (
    ExternalPartyKind,
    Organisation,
    OrganisationKind,
    Role,
)
from woonkans.organisations.policy import FieldGroup, Purpose

from . import selectors
from .models import (
    EvictionNotice,
    ExternalCollection,
    ExternalCollectionEndReason,
    ExternalCollectionKind,
    ExternalCollectionStatus,
    LegalSettings,
    Summons,
    Verdict,
)
from .stages import HELD_STEPS, NoticeOutcome, Step, hold_refusal, refusal

#: Roles of the corporation that may register legal steps.
EDITING_ROLES = frozenset({"incassomedewerker", "woonconsulent"})


class StepRefused(ValidationError):
    """The step is not allowed in the tenancy's current legal stage."""


def _check_actor(actor: Actor, tenancy: Tenancy) -> None:
    if actor.organisation.pk != tenancy.corporation_id or actor.role not in EDITING_ROLES:
        raise PermissionDenied


def _lock(tenancy: Tenancy) -> Tenancy:
    return Tenancy.objects.select_for_update().get(pk=tenancy.pk)


def _check_step(step: Step, tenancy: Tenancy, on: date | None = None) -> None:
    """Refuse a step the table does not allow now, or — for a step dated ``on`` — one
    that would take the eviction route further while it is on hold."""
    reason = refusal(step, selectors.case_facts(tenancy.pk))
    if reason is None and on is not None and step in HELD_STEPS:
        hold = hold_on(tenancy.pk, on)
        reason = hold_refusal(step, hold.since if hold else None)
    if reason is not None:
        raise StepRefused(reason, code="refused")


def _money(value: Decimal, name: str) -> Decimal:
    if not isinstance(value, Decimal):
        raise TypeError(f"{name} must be a Decimal")
    return value


def _record(
    *, actor: Actor, tenancy: Tenancy, obj, action: str, fields, kind: str, summary: str, on: date
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        household_id=tenancy.household_id,
        fields=fields,
        purpose=Purpose.HUURINCASSO,
    )
    # The entry is written when the step is registered; its summary names the date the
    # step happened (a verdict is often registered days after it was given).
    when = date_format(on, "SHORT_DATE_FORMAT")
    timeline_add(
        household=tenancy.household,
        kind=kind,
        field_group=FieldGroup.TENANCY,
        actor=actor,
        summary=f"{when}: {summary}" if summary else when,
    )


def _open_collection(tenancy: Tenancy) -> ExternalCollection:
    return (
        ExternalCollection.objects.exclude(status=ExternalCollectionStatus.EIN)
        .select_related("agency")
        .get(tenancy=tenancy)
    )


def _pending_summons(tenancy: Tenancy) -> Summons:
    return Summons.objects.get(collection=_open_collection(tenancy), withdrawn_on__isnull=True)


def _pending_notice(tenancy: Tenancy) -> EvictionNotice:
    verdict = _pending_summons(tenancy).verdict
    return verdict.notices.get(outcome=NoticeOutcome.PENDING)


def _not_before(value: date, earliest: date | None, field: str, message: str) -> None:
    if earliest is not None and value < earliest:
        raise ValidationError({field: message})


# --- Hand-over to a bailiff or collection agency (VERA ExterneIncasso) ------------------


@transaction.atomic
def external_collection_handover(
    *,
    actor: Actor,
    tenancy: Tenancy,
    kind: str,
    agency: Organisation,
    handed_over_on: date,
    amount: Decimal,
    reference: str = "",
) -> ExternalCollection:
    _check_actor(actor, tenancy)
    tenancy = _lock(tenancy)
    _check_step(Step.HANDOVER, tenancy, handed_over_on)
    _money(amount, "amount")
    if kind not in ExternalCollectionKind.values:
        raise ValidationError({"kind": _("Choose a bailiff or a collection agency.")})
    if agency.kind != OrganisationKind.EXTERN:
        raise ValidationError({"agency": _("Choose an external party.")})
    if kind == ExternalCollectionKind.DEU and agency.external_kind != ExternalPartyKind.DEURWAARDER:
        raise ValidationError({"agency": _("This organisation is not registered as a bailiff.")})
    if amount <= 0:
        raise ValidationError({"amount": _("The amount handed over must be more than zero.")})
    collection = ExternalCollection.objects.create(
        tenancy=tenancy,
        kind=kind,
        status=ExternalCollectionStatus.NIE,
        agency=agency,
        reference=reference.strip(),
        handed_over_on=handed_over_on,
        amount=amount,
        balance=amount,
        balance_on=handed_over_on,
        created_by_label=actor.label,
    )
    _record(
        actor=actor,
        tenancy=tenancy,
        obj=collection,
        action=AuditAction.CREATE,
        fields=["kind", "agency", "handed_over_on", "amount"],
        kind="legal.handover",
        summary=f"{collection.get_kind_display()}: {agency.name}",
        on=handed_over_on,
    )
    return collection


@transaction.atomic
def external_collection_activate(
    *, actor: Actor, tenancy: Tenancy, started_on: date
) -> ExternalCollection:
    """The bailiff or agency confirmed it started (status NIE → ACT)."""
    _check_actor(actor, tenancy)
    tenancy = _lock(tenancy)
    _check_step(Step.ACTIVATE, tenancy)
    collection = _open_collection(tenancy)
    _not_before(
        started_on,
        collection.handed_over_on,
        "started_on",
        _("The start cannot be before the hand-over."),
    )
    collection.status = ExternalCollectionStatus.ACT
    collection.started_on = started_on
    collection.save(update_fields=["status", "started_on"])
    _record(
        actor=actor,
        tenancy=tenancy,
        obj=collection,
        action=AuditAction.UPDATE,
        fields=["status", "started_on"],
        kind="legal.handover_active",
        summary=collection.agency.name,
        on=started_on,
    )
    return collection


@transaction.atomic
def external_collection_update_balance(
    *, actor: Actor, tenancy: Tenancy, balance: Decimal, balance_on: date
) -> ExternalCollection:
    """Record the outstanding balance (VERA saldo) the bailiff or agency reported."""
    _check_actor(actor, tenancy)
    tenancy = _lock(tenancy)
    _check_step(Step.BALANCE, tenancy)
    _money(balance, "balance")
    collection = _open_collection(tenancy)
    if balance < 0:
        raise ValidationError({"balance": _("The balance cannot be negative.")})
    _not_before(
        balance_on,
        collection.handed_over_on,
        "balance_on",
        _("The date cannot be before the hand-over."),
    )
    collection.balance = balance
    collection.balance_on = balance_on
    collection.save(update_fields=["balance", "balance_on"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=collection,
        household_id=tenancy.household_id,
        fields=["balance", "balance_on"],
        purpose=Purpose.HUURINCASSO,
    )
    return collection


@transaction.atomic
def external_collection_end(
    *, actor: Actor, tenancy: Tenancy, ended_on: date, reason: str, note: str = ""
) -> ExternalCollection:
    """Close the hand-over (status → EIN)."""
    _check_actor(actor, tenancy)
    tenancy = _lock(tenancy)
    _check_step(Step.END, tenancy)
    if reason not in ExternalCollectionEndReason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    collection = _open_collection(tenancy)
    _not_before(
        ended_on,
        collection.handed_over_on,
        "ended_on",
        _("The end cannot be before the hand-over."),
    )
    collection.status = ExternalCollectionStatus.EIN
    collection.ended_on = ended_on
    collection.end_reason = reason
    collection.end_note = note.strip()
    collection.save(update_fields=["status", "ended_on", "end_reason", "end_note"])
    _record(
        actor=actor,
        tenancy=tenancy,
        obj=collection,
        action=AuditAction.UPDATE,
        fields=["status", "ended_on", "end_reason"],
        kind="legal.handover_ended",
        summary=str(collection.get_end_reason_display()),
        on=ended_on,
    )
    return collection


# --- Court --------------------------------------------------------------------------------


@transaction.atomic
def summons_register(
    *,
    actor: Actor,
    tenancy: Tenancy,
    served_on: date,
    court_date: date,
    court: str,
    claim_amount: Decimal,
    claims_eviction: bool,
) -> Summons:
    _check_actor(actor, tenancy)
    tenancy = _lock(tenancy)
    _check_step(Step.SUMMONS, tenancy, served_on)
    _money(claim_amount, "claim_amount")
    collection = _open_collection(tenancy)
    _not_before(
        served_on,
        collection.handed_over_on,
        "served_on",
        _("The summons cannot be served before the hand-over to the bailiff."),
    )
    _not_before(
        court_date,
        served_on,
        "court_date",
        _("The hearing cannot be before the summons was served."),
    )
    if claim_amount < 0:
        raise ValidationError({"claim_amount": _("The amount cannot be negative.")})
    summons = Summons.objects.create(
        collection=collection,
        served_on=served_on,
        court_date=court_date,
        court=court.strip(),
        claim_amount=claim_amount,
        claims_eviction=claims_eviction,
        created_by_label=actor.label,
    )
    if collection.status == ExternalCollectionStatus.NIE:
        # Serving a summons shows the bailiff is at work.
        collection.status = ExternalCollectionStatus.ACT
        collection.started_on = collection.started_on or served_on
        collection.save(update_fields=["status", "started_on"])
    _record(
        actor=actor,
        tenancy=tenancy,
        obj=summons,
        action=AuditAction.CREATE,
        fields=["served_on", "court_date", "court", "claim_amount", "claims_eviction"],
        kind="legal.summons",
        summary=_("Hearing on %(date)s") % {"date": court_date.strftime("%d-%m-%Y")},
        on=served_on,
    )
    return summons


@transaction.atomic
def summons_withdraw(*, actor: Actor, tenancy: Tenancy, withdrawn_on: date, reason: str) -> Summons:
    _check_actor(actor, tenancy)
    tenancy = _lock(tenancy)
    _check_step(Step.WITHDRAW_SUMMONS, tenancy)
    summons = _pending_summons(tenancy)
    _not_before(
        withdrawn_on,
        summons.served_on,
        "withdrawn_on",
        _("The summons cannot be withdrawn before it was served."),
    )
    summons.withdrawn_on = withdrawn_on
    summons.withdraw_reason = reason.strip()
    summons.save(update_fields=["withdrawn_on", "withdraw_reason"])
    _record(
        actor=actor,
        tenancy=tenancy,
        obj=summons,
        action=AuditAction.UPDATE,
        fields=["withdrawn_on", "withdraw_reason"],
        kind="legal.summons_withdrawn",
        summary="",
        on=withdrawn_on,
    )
    return summons


@transaction.atomic
def verdict_register(
    *,
    actor: Actor,
    tenancy: Tenancy,
    pronounced_on: date,
    dissolution_and_eviction: bool,
    amount_awarded: Decimal | None = None,
    by_default: bool = False,
    content: str = "",
    served_on: date | None = None,
) -> Verdict:
    _check_actor(actor, tenancy)
    tenancy = _lock(tenancy)
    _check_step(Step.VERDICT, tenancy)
    summons = _pending_summons(tenancy)
    if amount_awarded is not None:
        _money(amount_awarded, "amount_awarded")
        if amount_awarded < 0:
            raise ValidationError({"amount_awarded": _("The amount cannot be negative.")})
    _not_before(
        pronounced_on,
        summons.served_on,
        "pronounced_on",
        _("The verdict cannot be before the summons was served."),
    )
    if served_on is not None:
        _not_before(
            served_on,
            pronounced_on,
            "served_on",
            _("The verdict cannot be served before it was given."),
        )
    verdict = Verdict.objects.create(
        summons=summons,
        pronounced_on=pronounced_on,
        dissolution_and_eviction=dissolution_and_eviction,
        amount_awarded=amount_awarded,
        by_default=by_default,
        content=content.strip(),
        served_on=served_on,
        created_by_label=actor.label,
    )
    summary = (
        _("Lease dissolved, eviction ordered")
        if dissolution_and_eviction
        else _("No dissolution of the lease")
    )
    _record(
        actor=actor,
        tenancy=tenancy,
        obj=verdict,
        action=AuditAction.CREATE,
        fields=["pronounced_on", "dissolution_and_eviction", "amount_awarded", "by_default"],
        kind="legal.verdict",
        summary=str(summary),
        on=pronounced_on,
    )
    return verdict


@transaction.atomic
def eviction_notice_register(
    *, actor: Actor, tenancy: Tenancy, notified_on: date, eviction_date: date
) -> EvictionNotice:
    _check_actor(actor, tenancy)
    tenancy = _lock(tenancy)
    _check_step(Step.NOTICE, tenancy, notified_on)
    verdict = _pending_summons(tenancy).verdict
    _not_before(
        notified_on,
        verdict.pronounced_on,
        "notified_on",
        _("The eviction cannot be announced before the verdict."),
    )
    _not_before(
        eviction_date,
        notified_on,
        "eviction_date",
        _("The eviction date cannot be before the announcement."),
    )
    notice = EvictionNotice.objects.create(
        verdict=verdict,
        notified_on=notified_on,
        eviction_date=eviction_date,
        created_by_label=actor.label,
    )
    _record(
        actor=actor,
        tenancy=tenancy,
        obj=notice,
        action=AuditAction.CREATE,
        fields=["notified_on", "eviction_date"],
        kind="legal.eviction_notice",
        summary=_("Eviction on %(date)s") % {"date": eviction_date.strftime("%d-%m-%Y")},
        on=notified_on,
    )
    return notice


def _notice_outcome(
    *, actor: Actor, tenancy: Tenancy, step: Step, outcome: str, on: date, note: str
) -> EvictionNotice:
    _check_actor(actor, tenancy)
    tenancy = _lock(tenancy)
    _check_step(step, tenancy, on)
    notice = _pending_notice(tenancy)
    _not_before(on, notice.notified_on, "on", _("The date cannot be before the announcement."))
    updated = EvictionNotice.objects.filter(pk=notice.pk, outcome=NoticeOutcome.PENDING).update(
        outcome=outcome, outcome_on=on, outcome_note=note.strip()
    )
    if updated != 1:  # pragma: no cover - guarded by the tenancy row lock
        raise StepRefused(_("The outcome of this eviction was already registered."))
    notice.refresh_from_db()
    executed = outcome == NoticeOutcome.EXECUTED
    _record(
        actor=actor,
        tenancy=tenancy,
        obj=notice,
        action=AuditAction.UPDATE,
        fields=["outcome", "outcome_on", "outcome_note"],
        kind="legal.eviction_executed" if executed else "legal.eviction_cancelled",
        summary="",
        on=on,
    )
    return notice


@transaction.atomic
def eviction_execute(*, actor: Actor, tenancy: Tenancy, on: date, note: str = "") -> EvictionNotice:
    return _notice_outcome(
        actor=actor,
        tenancy=tenancy,
        step=Step.EXECUTE,
        outcome=NoticeOutcome.EXECUTED,
        on=on,
        note=note,
    )


@transaction.atomic
def eviction_cancel(*, actor: Actor, tenancy: Tenancy, on: date, note: str = "") -> EvictionNotice:
    """The announced eviction does not go ahead (paid, agreement, last-chance trajectory,
    postponed by the court). A new notice may follow later."""
    return _notice_outcome(
        actor=actor,
        tenancy=tenancy,
        step=Step.CANCEL,
        outcome=NoticeOutcome.CANCELLED,
        on=on,
        note=note,
    )


def verdict_contact_prompts_add(*, actor: Actor, corporation: Organisation, run_date: date) -> int:
    """After a verdict, keep trying to reach the tenant: one contact prompt per tenancy per
    ISO week on the corporation's worklist, urgent when the eviction is near; not while the
    eviction route is on hold (``households.holds``). Called by the
    daily collection run (``collection.hooks``); idempotent per week. "Near" is the
    corporation's ``LegalSettings.urgent_before_eviction_days`` (default
    :data:`~woonkans.legal.models.URGENT_BEFORE_EVICTION_DAYS`). Returns the number of new
    prompts."""
    from woonkans.collection.services import worklist_prompt_add

    year, week, _weekday = run_date.isocalendar()
    urgent_days = selectors.legal_settings_for(corporation).urgent_before_eviction_days
    on_hold = holds_on(run_date, corporation_id=corporation.pk)
    created = 0
    for tenancy in selectors.tenancies_with_verdict(corporation).select_related("household"):
        if tenancy.pk in on_hold:
            continue  # a last-chance trajectory runs: its people are in touch
        eviction_date = tenancy.eviction_date
        urgent = eviction_date is not None and (eviction_date - run_date).days <= urgent_days
        _item, new = worklist_prompt_add(
            actor=actor,
            tenancy=tenancy,
            source_key=f"verdict:{tenancy.pk}:{year}-W{week:02d}",
            title=_("Verdict given: keep trying to reach the tenant"),
            due_date=run_date,
            urgent=urgent,
        )
        created += int(new)
    return created


SETTINGS_FIELDS = ("urgent_before_eviction_days",)
SETTINGS_ROLES = frozenset({Role.FUNCTIONEEL_BEHEERDER})


@transaction.atomic
def legal_settings_update(*, actor: Actor, **values) -> LegalSettings:
    """Save the corporation's legal route settings. Only its functional administrator."""
    if (
        actor is None
        or actor.role not in SETTINGS_ROLES
        or actor.organisation.kind != OrganisationKind.WONINGCORPORATIE
    ):
        raise PermissionDenied
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    settings, created = LegalSettings.objects.select_for_update().get_or_create(
        organisation=actor.organisation
    )
    changed = [name for name, value in values.items() if getattr(settings, name) != value]
    if not changed and not created:
        return settings
    for name, value in values.items():
        setattr(settings, name, value)
    settings.updated_by = actor.user
    settings.updated_at = timezone.now()
    settings.full_clean()
    settings.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=settings,
        fields=changed or list(values),
    )
    return settings
