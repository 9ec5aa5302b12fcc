"""Use cases of the capacity app. Each takes the acting ``actor``, checks the access rule,
runs in one transaction and writes the audit log and the household timeline.

Accepting a proposal registers the payment arrangement through the collection app's use
case (``collection.services.arrangement_create``), so the arrears work tracks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record
from woonkans.collection import arrangements as arr
from woonkans.collection import services as collection
from woonkans.collection.models import ArrangementStatus
from woonkans.core.templatetags.money import format_money
from woonkans.households.models import Household, Tenancy
from woonkans.households.services import EditConflict, timeline_add
from woonkans.organisations.actor import Actor
from woonkans.organisations.policy import FieldGroup

from . import plans, rules, selectors
from .models import (
    CapacityCalculation,
    CapacitySettings,
    PaymentProposal,
    ProposalStatus,
    SplitMethodChoice,
)

#: A payment arrangement (collection app) has at most this many terms.
MAX_TERMS = arr.MAX_TERMS
#: A proposal may be longer; accepting it registers the first MAX_TERMS terms.
MAX_PROPOSAL_TERMS = plans.MAX_SIMULATED_MONTHS


def _euro(amount: Decimal) -> str:
    """In the money notation of the active language, like the pages (``|euro``)."""
    return format_money(amount)


@dataclass(frozen=True)
class CalculationInput:
    reference_date: date
    situation: str
    net_income: Decimal
    top_up: Decimal | None = None
    top_up_source: str = ""
    adults_for_deductible: int = 0
    corrections: tuple[rules.Correction, ...] = ()
    note: str = ""


def compute(data: CalculationInput) -> tuple[rules.VtlbResult, rules.NormSet]:
    """Load the norms valid on the reference date and compute (no storing).

    Raises ``NormNotFound`` when a norm is missing for that date."""
    norms = selectors.norms_for(
        data.situation, on=data.reference_date, with_deductible=data.adults_for_deductible > 0
    )
    bvv = rules.beslagvrije_voet(
        net_income=data.net_income,
        norm=norms.norm.value,
        maximum=norms.maximum.value,
        percent=norms.percent.value,
        top_up=data.top_up,
    )
    corrections = list(data.corrections)
    if norms.deductible is not None:
        corrections.insert(
            0,
            rules.Correction(
                "eigen_risico",
                rules.deductible_reservation(
                    deductible_per_year=norms.deductible.value,
                    adults=data.adults_for_deductible,
                ),
                str(data.adults_for_deductible),
            ),
        )
    return rules.vtlb(bvv, corrections), norms


@transaction.atomic
def calculation_create(
    *, actor: Actor, household: Household, data: CalculationInput
) -> CapacityCalculation:
    if not selectors.may_calculate(actor):
        raise PermissionDenied
    result, norms = compute(data)
    bvv = result.bvv
    calculation = CapacityCalculation.objects.create(
        household=household,
        organisation=actor.organisation,
        reference_date=data.reference_date,
        situation=data.situation,
        net_income=bvv.net_income,
        top_up=bvv.top_up,
        top_up_source=data.top_up_source.strip()[:300],
        adults_for_deductible=data.adults_for_deductible,
        corrections=[
            {"code": c.code, "amount": f"{c.amount:.2f}", "note": c.note}
            for c in result.corrections
        ],
        income_group=bvv.income_group,
        beslagvrije_voet=bvv.beslagvrije_voet,
        capacity_bvv=bvv.capacity,
        protected=result.protected,
        capacity=result.capacity,
        components=[
            {"code": c.code, "amount": f"{c.amount:.2f}", "note": c.note} for c in bvv.components
        ],
        norms_used=[n.as_dict() for n in norms.all],
        note=data.note.strip(),
        created_by=actor.user,
        created_by_label=actor.label,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=calculation,
        fields=["situation", "net_income", "corrections", "beslagvrije_voet", "capacity"],
    )
    timeline_add(
        household=household,
        kind="capacity.calculated",
        field_group=FieldGroup.FINANCIAL,
        actor=actor,
        summary=_("Repayment capacity %(capacity)s a month (beslagvrije voet %(bvv)s)")
        % {"capacity": _euro(calculation.capacity), "bvv": _euro(calculation.beslagvrije_voet)},
    )
    return calculation


# --- The corporation's standard demand ----------------------------------------------------


@transaction.atomic
def settings_update(
    *, actor: Actor, version: int, upfront_percent: Decimal, months: int
) -> CapacitySettings:
    """Set the standard demand of the actor's corporation (optimistic locking on
    ``version``: the version the form showed; 1 for the unsaved default)."""
    if not selectors.may_edit_settings(actor):
        raise PermissionDenied
    if not (0 <= upfront_percent <= 100) or not (1 <= months <= MAX_TERMS):
        raise ValidationError(_("Choose a share from 0 to 100% and 1 to 120 months."))
    current, created = CapacitySettings.objects.select_for_update().get_or_create(
        corporation=actor.organisation
    )
    if not created and current.version != version:
        raise EditConflict
    current.upfront_percent = upfront_percent
    current.months = months
    current.version = F("version") + 1
    current.updated_by_label = actor.label
    current.save()
    current.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        fields=["upfront_percent", "months"],
        detail=f"{upfront_percent}% + {months}",
    )
    return current


# --- Comparing plans ----------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    debt: Decimal
    capacity: Decimal
    available_at_once: Decimal
    standard: plans.Plan
    alternatives: list[plans.Plan]
    settings: CapacitySettings


def compare(
    *, corporation, debt: Decimal, capacity: Decimal, available_at_once: Decimal = Decimal("0")
) -> Comparison:
    settings = selectors.settings_for(corporation)
    return Comparison(
        debt=debt,
        capacity=capacity,
        available_at_once=available_at_once,
        standard=plans.standard_demand(
            debt=debt,
            upfront_percent=settings.upfront_percent,
            months=settings.months,
            capacity=capacity,
            available_at_once=available_at_once,
        ),
        alternatives=plans.alternatives(
            debt=debt,
            capacity=capacity,
            available_at_once=available_at_once,
            max_terms=MAX_TERMS,
        ),
        settings=settings,
    )


def creditor_split(household: Household, *, capacity: Decimal, method: str) -> plans.Split:
    debts = [
        plans.DebtIn(key=str(d.pk), creditor=d.creditor_name, amount=d.amount, priority=d.priority)
        for d in selectors.open_debts_for(household)
    ]
    return plans.split_capacity(capacity=capacity, debts=debts, method=method)


def _plan_dict(plan: plans.Plan) -> dict:
    return {
        "code": plan.code,
        "debt": f"{plan.debt:.2f}",
        "at_once": f"{plan.at_once:.2f}",
        "monthly": f"{plan.monthly:.2f}",
        "terms": plan.terms,
        "affordable": plan.affordable,
    }


# --- Proposals ----------------------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *,
    actor: Actor,
    calculation: CapacityCalculation,
    tenancy: Tenancy,
    debt: Decimal,
    at_once: Decimal,
    term_amount: Decimal,
    first_due_date: date,
    split_method: str,
    available_at_once: Decimal = Decimal("0"),
    note: str = "",
) -> PaymentProposal:
    """Propose a plan for a tenancy's rent arrears to the corporation."""
    if not selectors.may_calculate(actor):
        raise PermissionDenied
    if tenancy.household_id != calculation.household_id:
        raise ValidationError(_("The tenancy is not this household's."))
    if debt <= 0 or term_amount <= 0 or at_once < 0 or at_once >= debt:
        raise ValidationError(
            _(
                "The arrears must be more than 0, the amount per month more than 0, and the "
                "amount at once less than the arrears."
            )
        )
    if split_method not in SplitMethodChoice.values:
        raise ValidationError(_("Choose how to split the capacity over the creditors."))
    terms = plans.months_needed(debt=debt, monthly=term_amount, at_once=at_once)
    if terms is None or terms > MAX_PROPOSAL_TERMS:
        raise ValidationError(
            _(
                "This plan needs %(terms)s monthly terms; propose at most %(max)s (fifty "
                "years). Propose a larger amount per month or a plan for part of the arrears."
            )
            % {"terms": terms or "∞", "max": MAX_PROPOSAL_TERMS}
        )
    comparison = compare(
        corporation=tenancy.corporation,
        debt=debt,
        capacity=calculation.capacity,
        available_at_once=available_at_once,
    )
    own = plans.assess(
        code="proposal",
        debt=debt,
        at_once=at_once,
        monthly=term_amount,
        capacity=calculation.capacity,
        available_at_once=available_at_once,
    )
    split = creditor_split(
        calculation.household, capacity=calculation.capacity, method=split_method
    )
    proposal = PaymentProposal.objects.create(
        household=calculation.household,
        tenancy=tenancy,
        calculation=calculation,
        organisation=actor.organisation,
        debt=debt,
        at_once=at_once,
        term_amount=term_amount,
        number_of_terms=terms,
        first_due_date=first_due_date,
        capacity=calculation.capacity,
        split_method=split_method,
        comparison={
            "available_at_once": f"{available_at_once:.2f}",
            "standard": _plan_dict(comparison.standard),
            "standard_settings": {
                "upfront_percent": f"{comparison.settings.upfront_percent:.2f}",
                "months": comparison.settings.months,
            },
            "proposal": _plan_dict(own),
            "split": [
                {
                    "creditor": s.creditor,
                    "amount": f"{s.amount:.2f}",
                    "priority": s.priority,
                    "first_month": f"{s.first_month:.2f}",
                    "months": s.months,
                }
                for s in split.shares
            ],
        },
        note=note.strip(),
        created_by_label=actor.label,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=proposal,
        fields=["debt", "at_once", "term_amount", "number_of_terms", "split_method"],
    )
    timeline_add(
        household=proposal.household,
        kind="capacity.proposed",
        field_group=FieldGroup.FINANCIAL,
        actor=actor,
        summary=_("Payment plan proposed: %(terms)s terms of %(amount)s")
        % {"terms": terms, "amount": _euro(term_amount)},
    )
    return proposal


def arrangement_total(proposal: PaymentProposal) -> Decimal:
    """The part of the proposal that the payment arrangement registers: everything after
    the amount at once, or the first ``MAX_TERMS`` terms of a longer plan."""
    rest = proposal.debt - proposal.at_once
    return min(rest, proposal.term_amount * MAX_TERMS)


def _locked(proposal: PaymentProposal, version: int) -> PaymentProposal:
    current = PaymentProposal.objects.select_for_update().get(pk=proposal.pk)
    if current.version != version:
        raise EditConflict
    if current.status != ProposalStatus.PROPOSED:
        raise ValidationError(_("This proposal has already been decided on."))
    return current


def _close(current: PaymentProposal, actor: Actor, status: str, reason: str) -> None:
    current.status = status
    current.decided_at = timezone.now()
    current.decided_by_label = actor.label
    current.decision_note = reason.strip()
    current.version += 1
    current.save()


@transaction.atomic
def proposal_accept(
    *,
    actor: Actor,
    proposal: PaymentProposal,
    version: int,
    payment_method: str,
    note: str = "",
):
    """The corporation accepts: the plan becomes an active payment arrangement for the
    tenancy (collection app). An amount paid at once is outside the arrangement's terms
    and recorded in its notes. A plan of more than ``MAX_TERMS`` terms registers its first
    ``MAX_TERMS`` terms (an arrangement holds no more); the rest is noted, to be agreed when
    the arrangement ends."""
    if not selectors.may_decide(actor, proposal):
        raise PermissionDenied
    current = _locked(proposal, version)
    today = timezone.localdate()
    arrangement_note = _("From payment plan proposal %(pk)s by %(org)s.") % {
        "pk": current.pk,
        "org": current.organisation.name,
    }
    if current.at_once > 0:
        arrangement_note += " " + _("%(amount)s paid at once, outside the terms.") % {
            "amount": _euro(current.at_once)
        }
    in_terms = arrangement_total(current)
    rest = current.debt - current.at_once - in_terms
    if rest > 0:
        arrangement_note += " " + _(
            "The plan has %(terms)s terms; an arrangement holds %(max)s. %(rest)s remains, "
            "to be agreed when this arrangement ends."
        ) % {"terms": current.number_of_terms, "max": MAX_TERMS, "rest": _euro(rest)}
    arrangement = collection.arrangement_create(
        actor=actor,
        tenancy=current.tenancy,
        total_amount=in_terms,
        term_amount=min(current.term_amount, in_terms),
        first_due_date=current.first_due_date,
        agreed_on=today,
        start_date=min(today, current.first_due_date),
        payment_method=payment_method,
        status=ArrangementStatus.ACT,
        note=f"{arrangement_note} {note}".strip(),
    )
    current.arrangement = arrangement
    _close(current, actor, ProposalStatus.ACCEPTED, note)
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=current, fields=["status", "arrangement"]
    )
    timeline_add(
        household=current.household,
        kind="capacity.accepted",
        field_group=FieldGroup.FINANCIAL,
        actor=actor,
        summary=_("Payment plan accepted by the corporation"),
    )
    proposal.status, proposal.version = current.status, current.version
    return current


@transaction.atomic
def proposal_decline(
    *, actor: Actor, proposal: PaymentProposal, version: int, reason: str
) -> PaymentProposal:
    if not selectors.may_decide(actor, proposal):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Give the reason for declining, so the consultant can respond."))
    current = _locked(proposal, version)
    _close(current, actor, ProposalStatus.DECLINED, reason)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, fields=["status"])
    timeline_add(
        household=current.household,
        kind="capacity.declined",
        field_group=FieldGroup.FINANCIAL,
        actor=actor,
        summary=_("Payment plan declined by the corporation"),
    )
    return current


@transaction.atomic
def proposal_withdraw(*, actor: Actor, proposal: PaymentProposal, version: int) -> PaymentProposal:
    if not selectors.may_withdraw(actor, proposal):
        raise PermissionDenied
    current = _locked(proposal, version)
    _close(current, actor, ProposalStatus.WITHDRAWN, "")
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, fields=["status"])
    timeline_add(
        household=current.household,
        kind="capacity.withdrawn",
        field_group=FieldGroup.FINANCIAL,
        actor=actor,
        summary=_("Payment plan proposal withdrawn"),
    )
    return current
