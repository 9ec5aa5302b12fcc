"""Use cases of budget management, the debt inventory and the quarterly summary.

Each runs in one transaction, takes the acting :class:`Actor`, checks that the actor may
manage the household (``access.may_manage`` plus the household gate), writes the audit
log and the household timeline (field group FINANCIAL). Timeline summaries stay neutral
(no amounts, no creditor names): the corporation's collections staff see the financial
timeline of their tenants, but not the budget management itself. Edits use optimistic
locking with the ``version`` the caller saw (:class:`EditConflict`).
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record
from woonkans.households.models import Household, InvolvementKind
from woonkans.households.services import EditConflict, involvement_open, timeline_add
from woonkans.jobs.services import email_queue
from woonkans.organisations.actor import Actor
from woonkans.organisations.models import ExternalPartyKind, Organisation, OrganisationKind
from woonkans.organisations.policy import FieldGroup

from . import access, rules, summaries
from .models import (
    BudgetManagement,
    ConsultantPayment,
    CreditorContact,
    Debt,
    DebtHandover,
    DebtStatus,
    FixedCharge,
    HandoverKind,
    IncomeSource,
    QuarterlySummary,
    SummaryStatus,
)

__all__ = ["EditConflict"]

logger = logging.getLogger(__name__)

BUDGET_FIELDS = (
    "living_money_amount",
    "living_money_frequency",
    "reserve_target",
    "reserve_balance",
    "notes",
)
INCOME_FIELDS = ("kind", "description", "amount", "payment_day")
CHARGE_FIELDS = ("kind", "payee", "amount", "due_day")
DEBT_FIELDS = (
    "creditor_name",
    "kind",
    "reference",
    "amount",
    "status",
    "monthly_repayment",
    "notes",
)


# --- helpers -----------------------------------------------------------------------------


def _require_manager(actor: Actor, household: Household) -> None:
    """The actor must be a budget manager involved with the household."""
    if not access.managed_households_for(actor).filter(pk=household.pk).exists():
        raise ValidationError(_("You may not manage the budget of this household."))


def _timeline(household: Household, kind: str, actor: Actor, summary: str) -> None:
    timeline_add(
        household=household,
        kind=kind,
        field_group=FieldGroup.FINANCIAL,
        actor=actor,
        summary=summary,
    )


def _conflict(what: str) -> EditConflict:
    return EditConflict(
        _(
            "Someone else changed this %(what)s in the meantime. Reload the page to see the "
            "current details, then make your change again."
        )
        % {"what": what}
    )


def _versioned_update(model, obj, *, version: int, fields, changes: dict, what: str):
    """Apply ``changes`` to ``obj`` if its version is still ``version``; return the fresh
    object and the names of the fields that changed."""
    unknown = set(changes) - set(fields)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    current = model.objects.select_for_update().get(pk=obj.pk)
    if current.version != version:
        raise _conflict(what)
    changed = [f for f, v in changes.items() if getattr(current, f) != v]
    if not changed:
        return current, []
    for field, value in changes.items():
        setattr(current, field, value)
    current.full_clean()
    values = {f: getattr(current, f) for f in changed}
    if any(f.name == "updated_at" for f in model._meta.fields):
        values["updated_at"] = timezone.now()
    updated = model.objects.filter(pk=current.pk, version=version).update(
        **values, version=F("version") + 1
    )
    if updated != 1:  # pragma: no cover - guarded by the row lock above
        raise _conflict(what)
    current.refresh_from_db()
    return current, changed


def _running_budget(budget: BudgetManagement) -> None:
    if not budget.is_running:
        raise ValidationError(_("This budget management has ended."))


# --- budget management ---------------------------------------------------------------------


@transaction.atomic
def budget_start(
    *,
    actor: Actor,
    household: Household,
    started_on: date,
    living_money_amount: Decimal = rules.ZERO,
    living_money_frequency: str = "weekly",
    reserve_target: Decimal = rules.ZERO,
    reserve_balance: Decimal = rules.ZERO,
    notes: str = "",
) -> BudgetManagement:
    _require_manager(actor, household)
    if BudgetManagement.objects.filter(household=household, ended_on__isnull=True).exists():
        raise ValidationError(_("Budget management is already running for this household."))
    budget = BudgetManagement(
        household=household,
        organisation=actor.organisation,
        consultant=actor.user,
        started_on=started_on,
        living_money_amount=living_money_amount,
        living_money_frequency=living_money_frequency,
        reserve_target=reserve_target,
        reserve_balance=reserve_balance,
        notes=notes,
    )
    budget.full_clean()
    try:
        with transaction.atomic():
            budget.save()
    except IntegrityError as exc:  # a concurrent start
        raise ValidationError(
            _("Budget management is already running for this household.")
        ) from exc
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=budget, fields=["started_on", *BUDGET_FIELDS]
    )
    _timeline(household, "budget.started", actor, _("Budget management started"))
    return budget


@transaction.atomic
def budget_update(
    *, actor: Actor, budget: BudgetManagement, version: int, **changes
) -> BudgetManagement:
    _require_manager(actor, budget.household)
    _running_budget(budget)
    current, changed = _versioned_update(
        BudgetManagement,
        budget,
        version=version,
        fields=BUDGET_FIELDS,
        changes=changes,
        what=_("budget management"),
    )
    if changed:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, fields=changed)
        _timeline(current.household, "budget.changed", actor, _("Budget management changed"))
    return current


@transaction.atomic
def budget_end(
    *, actor: Actor, budget: BudgetManagement, version: int, ended_on: date
) -> BudgetManagement:
    _require_manager(actor, budget.household)
    _running_budget(budget)
    current = BudgetManagement.objects.select_for_update().get(pk=budget.pk)
    if current.version != version:
        raise _conflict(_("budget management"))
    if ended_on < current.started_on:
        raise ValidationError({"ended_on": _("The end cannot be before the start.")})
    BudgetManagement.objects.filter(pk=current.pk).update(
        ended_on=ended_on, version=F("version") + 1, updated_at=timezone.now()
    )
    current.refresh_from_db()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, fields=["ended_on"])
    _timeline(current.household, "budget.ended", actor, _("Budget management ended"))
    return current


def _line_add(model, *, actor: Actor, budget: BudgetManagement, fields, values: dict, kind: str):
    _require_manager(actor, budget.household)
    _running_budget(budget)
    line = model(budget=budget, **values)
    line.full_clean()
    line.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=line,
        household_id=budget.household_id,
        fields=list(fields),
    )
    return line


@transaction.atomic
def income_add(
    *,
    actor: Actor,
    budget: BudgetManagement,
    kind: str,
    amount: Decimal,
    payment_day: int,
    description: str = "",
) -> IncomeSource:
    income = _line_add(
        IncomeSource,
        actor=actor,
        budget=budget,
        fields=INCOME_FIELDS,
        values={
            "kind": kind,
            "amount": amount,
            "payment_day": payment_day,
            "description": description,
        },
        kind="income",
    )
    _timeline(budget.household, "budget.changed", actor, _("Income source added"))
    return income


def _line_update(model, line, *, actor: Actor, version: int, fields, changes, what, summary):
    """Change a budget line (income source, fixed charge) with optimistic locking."""
    _require_manager(actor, line.budget.household)
    _running_budget(line.budget)
    current, changed = _versioned_update(
        model, line, version=version, fields=fields, changes=changes, what=what
    )
    if changed:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=current,
            household_id=line.budget.household_id,
            fields=changed,
        )
        _timeline(line.budget.household, "budget.changed", actor, summary)
    return current


def _line_remove(model, line, *, actor: Actor, version: int, fields, what, summary) -> None:
    """Remove a budget line, refused when someone changed it after the form was opened."""
    _require_manager(actor, line.budget.household)
    _running_budget(line.budget)
    deleted, _rows = model.objects.filter(pk=line.pk, version=version).delete()
    if not deleted:
        raise _conflict(what)
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=line,
        household_id=line.budget.household_id,
        fields=list(fields),
    )
    _timeline(line.budget.household, "budget.changed", actor, summary)


@transaction.atomic
def income_update(*, actor: Actor, income: IncomeSource, version: int, **changes) -> IncomeSource:
    return _line_update(
        IncomeSource,
        income,
        actor=actor,
        version=version,
        fields=INCOME_FIELDS,
        changes=changes,
        what=_("income source"),
        summary=_("Income source changed"),
    )


@transaction.atomic
def income_remove(*, actor: Actor, income: IncomeSource, version: int) -> None:
    _line_remove(
        IncomeSource,
        income,
        actor=actor,
        version=version,
        fields=INCOME_FIELDS,
        what=_("income source"),
        summary=_("Income source removed"),
    )


@transaction.atomic
def charge_add(
    *,
    actor: Actor,
    budget: BudgetManagement,
    kind: str,
    payee: str,
    amount: Decimal,
    due_day: int,
) -> FixedCharge:
    charge = _line_add(
        FixedCharge,
        actor=actor,
        budget=budget,
        fields=CHARGE_FIELDS,
        values={"kind": kind, "payee": payee, "amount": amount, "due_day": due_day},
        kind="charge",
    )
    _timeline(budget.household, "budget.changed", actor, _("Fixed charge added"))
    return charge


@transaction.atomic
def charge_update(*, actor: Actor, charge: FixedCharge, version: int, **changes) -> FixedCharge:
    return _line_update(
        FixedCharge,
        charge,
        actor=actor,
        version=version,
        fields=CHARGE_FIELDS,
        changes=changes,
        what=_("fixed charge"),
        summary=_("Fixed charge changed"),
    )


@transaction.atomic
def charge_remove(*, actor: Actor, charge: FixedCharge, version: int) -> None:
    _line_remove(
        FixedCharge,
        charge,
        actor=actor,
        version=version,
        fields=CHARGE_FIELDS,
        what=_("fixed charge"),
        summary=_("Fixed charge removed"),
    )


@transaction.atomic
def payment_record(
    *,
    actor: Actor,
    budget: BudgetManagement,
    paid_on: date,
    payee: str,
    amount: Decimal,
    charge: FixedCharge | None = None,
    note: str = "",
) -> ConsultantPayment:
    _require_manager(actor, budget.household)
    _running_budget(budget)
    if charge is not None and charge.budget_id != budget.pk:
        raise ValidationError({"charge": _("This fixed charge belongs to another budget.")})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("A payment cannot be in the future.")})
    payment = ConsultantPayment(
        budget=budget,
        paid_on=paid_on,
        payee=payee,
        amount=amount,
        charge=charge,
        note=note,
        recorded_by=actor.user,
    )
    payment.full_clean()
    payment.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=payment,
        household_id=budget.household_id,
        fields=["paid_on", "payee", "amount", "charge", "note"],
    )
    _timeline(budget.household, "budget.payment", actor, _("Payment recorded"))
    return payment


# --- debts ---------------------------------------------------------------------------------


def _priority(kind: str, priority: int | None, reason: str) -> tuple[int, str]:
    """The debt's priority: from the kind, unless overridden with a reason."""
    default = rules.priority_for_kind(kind)
    if priority is None or priority == default:
        return default, ""
    if not reason.strip():
        raise ValidationError(
            {
                "priority_override_reason": _(
                    "Give a reason when the priority differs from the usual one for this kind "
                    "of creditor (%(default)s)."
                )
                % {"default": default}
            }
        )
    return priority, reason.strip()


@transaction.atomic
def debt_add(
    *,
    actor: Actor,
    household: Household,
    creditor_name: str,
    kind: str,
    amount: Decimal,
    status: str = DebtStatus.OPEN,
    reference: str = "",
    monthly_repayment: Decimal = rules.ZERO,
    notes: str = "",
    priority: int | None = None,
    priority_override_reason: str = "",
) -> Debt:
    _require_manager(actor, household)
    if status == DebtStatus.OVERGEDRAGEN:
        raise ValidationError({"status": _("Hand debts over with the hand-over form.")})
    priority, reason = _priority(kind, priority, priority_override_reason)
    debt = Debt(
        household=household,
        creditor_name=creditor_name,
        kind=kind,
        amount=amount,
        status=status,
        reference=reference,
        monthly_repayment=monthly_repayment,
        notes=notes,
        priority=priority,
        priority_override_reason=reason,
    )
    debt.full_clean()
    debt.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=debt,
        fields=[*DEBT_FIELDS, "priority", "priority_override_reason"],
    )
    _timeline(household, "debt.added", actor, _("Debt added to the inventory"))
    return debt


@transaction.atomic
def debt_update(
    *,
    actor: Actor,
    debt: Debt,
    version: int,
    priority: int | None = None,
    priority_override_reason: str = "",
    **changes,
) -> Debt:
    _require_manager(actor, debt.household)
    if changes.get("status") == DebtStatus.OVERGEDRAGEN and debt.status != DebtStatus.OVERGEDRAGEN:
        raise ValidationError({"status": _("Hand debts over with the hand-over form.")})
    kind = changes.get("kind", debt.kind)
    new_priority, reason = _priority(kind, priority, priority_override_reason)
    current, changed = _versioned_update(
        Debt,
        debt,
        version=version,
        fields=(*DEBT_FIELDS, "priority", "priority_override_reason"),
        changes={**changes, "priority": new_priority, "priority_override_reason": reason},
        what=_("debt"),
    )
    if changed:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, fields=changed)
        _timeline(current.household, "debt.changed", actor, _("Debt changed"))
    return current


@transaction.atomic
def creditor_contact_add(
    *, actor: Actor, debt: Debt, contacted_on: date, channel: str, outcome: str
) -> CreditorContact:
    _require_manager(actor, debt.household)
    if contacted_on > timezone.localdate():
        raise ValidationError({"contacted_on": _("A contact cannot be in the future.")})
    contact = CreditorContact(
        debt=debt,
        contacted_on=contacted_on,
        channel=channel,
        outcome=outcome,
        organisation=actor.organisation,
        recorded_by=actor.user,
    )
    contact.full_clean()
    contact.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=contact,
        household_id=debt.household_id,
        fields=["contacted_on", "channel", "outcome"],
    )
    _timeline(debt.household, "debt.contact", actor, _("Contact with a creditor"))
    return contact


def handover_organisations(kind: str):
    """Organisations a household's debts may be handed over to."""
    if kind == HandoverKind.SCHULDHULP:
        return Organisation.objects.filter(
            kind=OrganisationKind.SCHULDHULPVERLENING, is_active=True
        )
    return Organisation.objects.filter(
        kind=OrganisationKind.EXTERN,
        external_kind=ExternalPartyKind.BEWINDVOERDER,
        is_active=True,
    )


@transaction.atomic
def debt_handover(
    *,
    actor: Actor,
    household: Household,
    kind: str,
    organisation: Organisation,
    handed_over_on: date,
    debts=(),
    notes: str = "",
) -> DebtHandover:
    """Hand the household's debts over to debt help or a bewindvoerder: records to whom and
    when, marks the chosen debts handed over, and involves that organisation with the
    household."""
    _require_manager(actor, household)
    if not handover_organisations(kind).filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": _("Choose an organisation of this kind.")})
    if handed_over_on > timezone.localdate():
        raise ValidationError({"handed_over_on": _("A hand-over cannot be in the future.")})
    debts = list(debts)
    if any(d.household_id != household.pk for d in debts):
        raise ValidationError({"debts": _("Choose debts of this household.")})
    handover = DebtHandover(
        household=household,
        kind=kind,
        organisation=organisation,
        handed_over_on=handed_over_on,
        notes=notes,
        recorded_by_organisation=actor.organisation,
    )
    handover.full_clean()
    handover.save()
    handover.debts.set(debts)
    if debts:
        Debt.objects.filter(pk__in=[d.pk for d in debts]).update(
            status=DebtStatus.OVERGEDRAGEN,
            handed_over_to=organisation,
            handed_over_on=handed_over_on,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=handover,
        fields=["kind", "organisation", "handed_over_on", "debts", "notes"],
    )
    involvement_open(
        actor=actor,
        household=household,
        organisation=organisation,
        kind=InvolvementKind.REFERRAL,
        reason=str(handover.get_kind_display()),
        source_type="budgets.debthandover",
        source_id=str(handover.pk),
    )
    _timeline(
        household,
        "debt.handover",
        actor,
        _("Debts handed over: %(kind)s") % {"kind": handover.get_kind_display()},
    )
    return handover


# --- quarterly financial summary -----------------------------------------------------------

SUMMARY_FIGURE_FIELDS = (
    "income_total",
    "fixed_charges_total",
    "living_money_monthly",
    "repayments_total",
    "rent_months_on_time",
    "rent_months",
    "arrears_at_start",
    "arrears_at_end",
    "open_rent_terms_at_end",
    "budget_management_running",
    "arrangement_possible",
    "arrangement_amount",
    "capacity_note",
)


def summary_corporations(household: Household):
    """The corporations that rent (or rented) to the household."""
    return Organisation.objects.filter(
        kind=OrganisationKind.WONINGCORPORATIE, tenancies__household=household
    ).distinct()


@transaction.atomic
def summary_generate(
    *,
    actor: Actor,
    household: Household,
    corporation: Organisation,
    year: int,
    quarter: int,
) -> QuarterlySummary:
    """Make the draft summary of a quarter for a corporation, or regenerate the figures of
    the existing draft. A sent summary is never changed."""
    _require_manager(actor, household)
    if not summary_corporations(household).filter(pk=corporation.pk).exists():
        raise ValidationError(
            {"corporation": _("This corporation does not rent to the household.")}
        )
    start, end = rules.quarter_bounds(year, quarter)
    if start > timezone.localdate():
        raise ValidationError({"quarter": _("This quarter has not started yet.")})
    figures = summaries.generate(
        household=household, corporation=corporation, year=year, quarter=quarter
    )
    values = {f: getattr(figures, f) for f in SUMMARY_FIGURE_FIELDS}
    existing = (
        QuarterlySummary.objects.select_for_update()
        .filter(household=household, corporation=corporation, year=year, quarter=quarter)
        .first()
    )
    if existing is not None:
        if existing.is_sent:
            raise ValidationError(_("The summary of this quarter was already sent."))
        QuarterlySummary.objects.filter(pk=existing.pk).update(
            **values, generated_at=timezone.now(), version=F("version") + 1
        )
        existing.refresh_from_db()
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=existing, fields=list(values))
        return existing
    summary = QuarterlySummary(
        household=household,
        corporation=corporation,
        organisation=actor.organisation,
        year=year,
        quarter=quarter,
        period_start=start,
        period_end=end,
        generated_at=timezone.now(),
        **values,
    )
    summary.full_clean()
    summary.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=summary, fields=list(values))
    _timeline(household, "budget.summary_made", actor, _("Quarterly financial summary drafted"))
    return summary


@transaction.atomic
def summary_update(
    *, actor: Actor, summary: QuarterlySummary, version: int, remarks: str
) -> QuarterlySummary:
    _require_manager(actor, summary.household)
    if summary.is_sent:
        raise ValidationError(_("A sent summary cannot be changed."))
    current = QuarterlySummary.objects.select_for_update().get(pk=summary.pk)
    if current.version != version:
        raise _conflict(_("summary"))
    if current.is_sent:
        raise ValidationError(_("A sent summary cannot be changed."))
    if current.remarks == remarks:
        return current
    QuarterlySummary.objects.filter(pk=current.pk).update(remarks=remarks, version=F("version") + 1)
    current.refresh_from_db()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, fields=["remarks"])
    return current


def summary_recipients(summary: QuarterlySummary) -> list[str]:
    """Where the sent summary is e-mailed: the corporation's contact persons in the
    household's trajectory, else the corporation's active collections officers."""
    from woonkans.organisations.models import Membership, Role

    emails: list[str] = []
    try:
        member_model = apps.get_model("trajectories", "TrajectoryMember")
    except LookupError:  # pragma: no cover - the trajectories app is installed
        member_model = None
    if member_model is not None:
        today = timezone.localdate()
        emails = list(
            member_model.objects.filter(
                trajectory__household=summary.household,
                organisation=summary.corporation,
                function="contactpersoon",
                started_on__lte=today,
            )
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    if not emails:
        emails = list(
            Membership.objects.filter(
                organisation=summary.corporation,
                role=Role.INCASSOMEDEWERKER,
                is_active=True,
                user__is_active=True,
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    return sorted(set(emails))


@transaction.atomic
def summary_send(*, actor: Actor, summary: QuarterlySummary, version: int) -> QuarterlySummary:
    """Send the summary: from now on the corporation's collections staff see it on the
    household page, and its contact persons get an e-mail (without personal details: the
    summary itself stays behind the login)."""
    _require_manager(actor, summary.household)
    current = QuarterlySummary.objects.select_for_update().get(pk=summary.pk)
    if current.version != version:
        raise _conflict(_("summary"))
    if current.is_sent:
        raise ValidationError(_("This summary was already sent."))
    recipients = summary_recipients(current)
    now = timezone.now()
    QuarterlySummary.objects.filter(pk=current.pk).update(
        status=SummaryStatus.SENT,
        sent_at=now,
        sent_to=", ".join(recipients)[:500],
        version=F("version") + 1,
    )
    current.refresh_from_db()
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=current, fields=["status", "sent_at", "sent_to"]
    )
    subject = _("Quarterly financial summary %(year)s Q%(quarter)s, household %(reference)s") % {
        "year": current.year,
        "quarter": current.quarter,
        "reference": current.household.reference,
    }
    body = _(
        "%(organisation)s has sent the quarterly financial summary of household %(reference)s "
        "for %(year)s Q%(quarter)s. Log in to Woonkans and open the household to read it."
    ) % {
        "organisation": current.organisation.name,
        "reference": current.household.reference,
        "year": current.year,
        "quarter": current.quarter,
    }
    for address in recipients:
        email_queue(
            actor=actor,
            to=address,
            subject=subject,
            body=body,
            household_id=current.household_id,
        )
    transaction.on_commit(lambda: _sync_due_items(current))
    _timeline(
        current.household,
        "budget.summary_sent",
        actor,
        _("Quarterly financial summary sent to %(corporation)s")
        % {"corporation": current.corporation.name},
    )
    return current


def _sync_due_items(summary: QuarterlySummary) -> None:
    """Let the tasks app mark the quarterly-report item done now rather than at the next
    daily run. A failure there never undoes the sending (it is retried daily)."""
    try:
        from woonkans.tasks.services import due_items_sync
        from woonkans.trajectories.models import Trajectory
    except ImportError:  # pragma: no cover - both apps are installed
        return
    for trajectory in Trajectory.objects.filter(
        household_id=summary.household_id, corporation_id=summary.corporation_id
    ):
        try:
            due_items_sync(trajectory=trajectory)
        except Exception:  # pragma: no cover - logged, retried by the daily job
            logger.exception("due items sync after a quarterly summary failed")
