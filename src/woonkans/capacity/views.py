"""Capacity pages. Thin: access in ``selectors.py``, changes in ``services.py``, rules in
``rules.py`` / ``plans.py``.

Flow (see docs/repayment-capacity.md): a financial consultant opens *Repayment capacity* on
the household page, makes a calculation, and from the calculation proposes a payment plan;
the corporation's collections staff see the proposal (menu *Payment plans*, or the
household page) and accept it (a payment arrangement is registered) or decline it.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from woonkans.audit.services import audit_view
from woonkans.collection.models import CURRENT_ARRANGEMENT_STATUSES, PaymentArrangement
from woonkans.collection.selectors import tenancy_position
from woonkans.core.decorators import actor_required
from woonkans.households.access import household_for_actor
from woonkans.households.services import EditConflict
from woonkans.norms.selectors import NormNotFound

from . import plans, presentation, rules, selectors, services
from .forms import (
    CORRECTION_FIELDS,
    CalculationForm,
    CalculatorForm,
    CompareForm,
    DecisionForm,
    PlanCalculatorForm,
    ProposalForm,
    SettingsForm,
)
from .models import ProposalStatus, SplitMethodChoice

CORRECTION_LABELS = dict(CORRECTION_FIELDS)


def _require(condition: bool) -> None:
    if not condition:
        raise Http404


def _first_of_next_month(day: date) -> date:
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=last) + timedelta(days=1)


# --- Public calculator --------------------------------------------------------------------


@require_GET
def calculator(request):
    """Public (no login): beslagvrije voet and capacity, and a payment plan."""
    today = timezone.localdate()
    form = CalculatorForm(request.GET if "netto_inkomen" in request.GET else None)
    plan_form = PlanCalculatorForm(
        request.GET if "plan-schuld" in request.GET else None, prefix="plan"
    )
    context = {"form": form, "plan_form": plan_form, "today": today}
    if form.is_bound and form.is_valid():
        on = form.cleaned_data["peildatum"] or today
        try:
            norms = selectors.norms_for(form.cleaned_data["leefsituatie"], on=on)
        except NormNotFound:
            form.add_error("peildatum", _("No norms are set up for this date."))
        else:
            context["result"] = rules.beslagvrije_voet(
                net_income=form.cleaned_data["netto_inkomen"],
                norm=norms.norm.value,
                maximum=norms.maximum.value,
                percent=norms.percent.value,
                top_up=form.cleaned_data["compensatiekop"],
            )
            context["norms"] = norms.all
            context["rows"] = presentation.rows_from_result(context["result"])
            context["rule"] = presentation.rule_text(context["result"].income_group)
            context["on"] = on
    if plan_form.is_bound and plan_form.is_valid():
        data = plan_form.cleaned_data
        capacity = data["afloscapaciteit"]
        context["plan_capacity"] = plans.assess(
            code="capacity",
            debt=data["schuld"],
            at_once=Decimal("0"),
            monthly=capacity,
            capacity=capacity,
        )
        if data["eenmalig"] is not None or data["termijnen"]:
            at_once = data["eenmalig"] or Decimal("0")
            monthly = (
                plans.monthly_for(debt=data["schuld"], terms=data["termijnen"], at_once=at_once)
                if data["termijnen"]
                else Decimal("0")
            )
            context["plan_demand"] = plans.assess(
                code="demand",
                debt=data["schuld"],
                at_once=at_once,
                monthly=monthly,
                capacity=capacity,
            )
    return render(request, "capacity/calculator.html", context)


# --- Household ----------------------------------------------------------------------------


@actor_required
def household(request, household_pk):
    actor = request.actor
    hh = household_for_actor(actor, household_pk)
    sees_calculations = selectors.may_view_calculations(actor)
    _require(sees_calculations or selectors.works_collections(actor))
    audit_view(actor=actor, obj=hh, request_path=request.path)
    return render(
        request,
        "capacity/household.html",
        {
            "household": hh,
            "calculations": selectors.calculations_visible_to(actor).filter(household=hh)
            if sees_calculations
            else None,
            "proposals": selectors.proposals_visible_to(actor)
            .filter(household=hh)
            .select_related("tenancy", "organisation"),
            "may_calculate": selectors.may_calculate(actor),
        },
    )


def _corrections_from(form: CalculationForm) -> tuple[rules.Correction, ...]:
    return tuple(rules.Correction(code, amount) for code, amount in form.corrections())


@actor_required
def calculation_new(request, household_pk):
    actor = request.actor
    hh = household_for_actor(actor, household_pk)
    _require(selectors.may_calculate(actor))
    form = CalculationForm(
        request.POST if request.method == "POST" else None,
        initial={"reference_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            calculation = services.calculation_create(
                actor=actor,
                household=hh,
                data=services.CalculationInput(
                    reference_date=data["reference_date"],
                    situation=data["situation"],
                    net_income=data["net_income"],
                    top_up=data["top_up"],
                    top_up_source=data["top_up_source"],
                    adults_for_deductible=data["adults_for_deductible"],
                    corrections=_corrections_from(form),
                    note=data["note"],
                ),
            )
        except NormNotFound:
            form.add_error("reference_date", _("No norms are set up for this date."))
        else:
            messages.success(request, _("The calculation has been saved."))
            return redirect("capacity:calculation", calculation.pk)
    audit_view(actor=actor, obj=hh, request_path=request.path)
    return render(request, "capacity/calculation_form.html", {"household": hh, "form": form})


def _correction_rows(calculation) -> list[dict]:
    labels = {
        **CORRECTION_LABELS,
        "eigen_risico": _("Reservation for the health-insurance deductible"),
    }
    return [
        {
            "code": c["code"],
            "label": labels.get(c["code"], c["code"]),
            "amount": Decimal(c["amount"]),
            "note": c.get("note", ""),
        }
        for c in calculation.corrections
    ]


@actor_required
def calculation_detail(request, pk):
    actor = request.actor
    calculation = selectors.calculation_for_actor(actor, pk)
    audit_view(actor=actor, obj=calculation, request_path=request.path)
    return render(
        request,
        "capacity/calculation_detail.html",
        {
            "calculation": calculation,
            "household": calculation.household,
            "rows": presentation.rows_from_stored(calculation.components),
            "rule": presentation.rule_text(calculation.income_group),
            "corrections": _correction_rows(calculation),
            "may_propose": selectors.may_calculate(actor),
            "proposals": selectors.proposals_visible_to(actor).filter(calculation=calculation),
        },
    )


# --- Proposals ----------------------------------------------------------------------------


@actor_required
def proposal_new(request, calculation_pk):
    actor = request.actor
    calculation = selectors.calculation_for_actor(actor, calculation_pk)
    _require(selectors.may_calculate(actor))
    hh = calculation.household
    tenancies = list(hh.tenancies.select_related("corporation").order_by("pk"))
    if not tenancies:
        messages.error(request, _("This household has no tenancy to propose a plan for."))
        return redirect("capacity:calculation", calculation.pk)
    today = timezone.localdate()
    compare_form = CompareForm(request.GET or None)
    compare = compare_form.cleaned_data if compare_form.is_valid() else {}
    tenancy = tenancies[0]
    arrears = tenancy_position(tenancy, today).achterstand
    debt = compare.get("schuld") or (arrears if arrears > 0 else Decimal("0"))
    available = compare.get("beschikbaar") or Decimal("0")
    method = compare.get("verdeling") or SplitMethodChoice.PRIORITY
    capacity = calculation.capacity
    max_terms = services.MAX_TERMS
    suggested_debt = debt
    form = ProposalForm(
        request.POST if request.method == "POST" else None,
        tenancies=tenancies,
        initial={
            "tenancy": tenancy.pk,
            "debt": suggested_debt if suggested_debt > 0 else None,
            "available_at_once": available or None,
            "at_once": min(available, suggested_debt) or None,
            "term_amount": capacity if capacity > 0 else None,
            "first_due_date": _first_of_next_month(today),
            "split_method": method,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = next((t for t in tenancies if t.pk == data["tenancy"]), None)
        try:
            if chosen is None:
                raise ValidationError(_("Choose a tenancy of this household."))
            proposal = services.proposal_create(
                actor=actor,
                calculation=calculation,
                tenancy=chosen,
                debt=data["debt"],
                at_once=data["at_once"] or Decimal("0"),
                term_amount=data["term_amount"],
                first_due_date=data["first_due_date"],
                split_method=data["split_method"],
                available_at_once=data["available_at_once"] or Decimal("0"),
                note=data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("The proposal has been sent to the corporation."))
            return redirect("capacity:proposal", proposal.pk)
    comparison = (
        services.compare(
            corporation=tenancy.corporation,
            debt=debt,
            capacity=capacity,
            available_at_once=available,
        )
        if debt > 0
        else None
    )
    split = services.creditor_split(hh, capacity=capacity, method=method)
    chart = _balance_chart(comparison) if comparison else None
    audit_view(actor=actor, obj=hh, request_path=request.path)
    return render(
        request,
        "capacity/proposal_form.html",
        {
            "calculation": calculation,
            "household": hh,
            "tenancy": tenancy,
            "arrears": arrears,
            "debt": debt,
            "form": form,
            "compare_form": compare_form,
            "comparison": comparison,
            "split": split,
            "max_terms": max_terms,
            "chart": chart,
            "balance_rows": _balance_rows(chart) if chart else [],
        },
    )


def _balance_chart(comparison: services.Comparison) -> dict:
    """Projected balance per month of the standard demand and the alternatives, for the
    chart (JSON, read by static/js/capacity-plans.js) and the table next to it."""
    series = [("standard", _("Standard demand"), comparison.standard)]
    names = {"capacity": _("Within the capacity"), "max_terms": _("In the maximum number of terms")}
    series += [(p.code, names.get(p.code, p.code), p) for p in comparison.alternatives]
    balances = {code: plans.projected_balance(plan) for code, _label, plan in series}
    length = max(len(points) for points in balances.values())
    return {
        "labels": [str(i) for i in range(length)],
        "series": [
            {
                "label": str(label),
                "amounts": [f"{p:.2f}" for p in balances[code]],
            }
            for code, label, _plan in series
        ],
        "x_title": _("Months"),
    }


def _current_arrangement(proposal):
    """The tenancy's requested, active or frozen arrangement, which stands in the way of
    accepting (one per tenancy)."""
    if not proposal.is_open:
        return None
    return PaymentArrangement.objects.filter(
        tenancy=proposal.tenancy, status__in=CURRENT_ARRANGEMENT_STATUSES
    ).first()


def _stored_plan(stored: dict) -> dict:
    """A plan stored in a proposal's comparison, with its amounts as Decimals."""
    plan = dict(stored)
    for key in ("debt", "at_once", "monthly"):
        if key in plan:
            plan[key] = Decimal(plan[key])
    return plan


def _balance_rows(chart: dict) -> list[tuple[str, list[Decimal | None]]]:
    rows = []
    for index, month in enumerate(chart["labels"]):
        amounts = [
            Decimal(series["amounts"][index]) if index < len(series["amounts"]) else None
            for series in chart["series"]
        ]
        rows.append((month, amounts))
    return rows


@actor_required
def proposal_detail(request, pk):
    actor = request.actor
    proposal = selectors.proposal_for_actor(actor, pk)
    audit_view(actor=actor, obj=proposal, request_path=request.path)
    may_decide = proposal.is_open and selectors.may_decide(actor, proposal)
    plan = plans.assess(
        code="proposal",
        debt=proposal.debt,
        at_once=proposal.at_once,
        monthly=proposal.term_amount,
        capacity=proposal.capacity,
    )
    return render(
        request,
        "capacity/proposal_detail.html",
        {
            "proposal": proposal,
            "household": proposal.household,
            "comparison": proposal.comparison,
            "standard": _stored_plan(proposal.comparison.get("standard", {})),
            "plan": plan,
            "balance": plans.projected_balance(plan),
            "decision_form": DecisionForm(initial={"version": proposal.version})
            if may_decide
            else None,
            "may_withdraw": proposal.is_open and selectors.may_withdraw(actor, proposal),
            "in_terms": services.arrangement_total(proposal),
            "max_terms": services.MAX_TERMS,
            "current_arrangement": _current_arrangement(proposal),
            "sees_calculation": selectors.may_view_calculations(actor),
        },
    )


@require_POST
@actor_required
def proposal_decide(request, pk):
    actor = request.actor
    proposal = selectors.proposal_for_actor(actor, pk)
    _require(selectors.may_decide(actor, proposal))
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "accept":
                services.proposal_accept(
                    actor=actor,
                    proposal=proposal,
                    version=data["version"],
                    payment_method=data["payment_method"],
                    note=data["reason"],
                )
                messages.success(request, _("Accepted: the payment arrangement is registered."))
            else:
                services.proposal_decline(
                    actor=actor, proposal=proposal, version=data["version"], reason=data["reason"]
                )
                messages.success(request, _("The proposal has been declined."))
            return redirect("capacity:proposal", proposal.pk)
        except EditConflict:
            messages.error(request, _("Someone else changed this proposal. Check it again."))
            return redirect("capacity:proposal", proposal.pk)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
    audit_view(actor=actor, obj=proposal, request_path=request.path)
    plan = plans.assess(
        code="proposal",
        debt=proposal.debt,
        at_once=proposal.at_once,
        monthly=proposal.term_amount,
        capacity=proposal.capacity,
    )
    return render(
        request,
        "capacity/proposal_detail.html",
        {
            "proposal": proposal,
            "household": proposal.household,
            "comparison": proposal.comparison,
            "standard": _stored_plan(proposal.comparison.get("standard", {})),
            "plan": plan,
            "balance": plans.projected_balance(plan),
            "decision_form": form,
            "may_withdraw": False,
            "in_terms": services.arrangement_total(proposal),
            "max_terms": services.MAX_TERMS,
            "current_arrangement": _current_arrangement(proposal),
            "sees_calculation": selectors.may_view_calculations(actor),
        },
        status=400,
    )


@require_POST
@actor_required
def proposal_withdraw(request, pk):
    actor = request.actor
    proposal = selectors.proposal_for_actor(actor, pk)
    _require(selectors.may_withdraw(actor, proposal))
    try:
        version = int(request.POST.get("version", ""))
        services.proposal_withdraw(actor=actor, proposal=proposal, version=version)
        messages.success(request, _("The proposal has been withdrawn."))
    except (ValueError, EditConflict, ValidationError):
        messages.error(request, _("The proposal could not be withdrawn; check it again."))
    return redirect("capacity:proposal", proposal.pk)


@actor_required
def proposals(request):
    """The corporation's open and recent proposals (collections staff)."""
    actor = request.actor
    _require(selectors.works_collections(actor))
    rows = selectors.proposals_visible_to(actor).select_related(
        "household", "tenancy", "organisation"
    )
    return render(
        request,
        "capacity/proposals.html",
        {
            "open": rows.filter(status=ProposalStatus.PROPOSED),
            "decided": rows.exclude(status=ProposalStatus.PROPOSED)[:20],
        },
    )


# --- Settings -----------------------------------------------------------------------------


@actor_required
def settings_edit(request):
    actor = request.actor
    _require(selectors.may_edit_settings(actor))
    current = selectors.settings_for(actor.organisation)
    form = SettingsForm(
        request.POST if request.method == "POST" else None,
        initial={
            "upfront_percent": current.upfront_percent,
            "months": current.months,
            "version": current.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(
                actor=actor,
                version=form.cleaned_data["version"],
                upfront_percent=form.cleaned_data["upfront_percent"],
                months=form.cleaned_data["months"],
            )
        except EditConflict:
            messages.error(request, _("Someone else changed these settings. Check them again."))
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("The standard demand has been saved."))
            return redirect("capacity:settings")
    return render(request, "capacity/settings.html", {"form": form, "current": current})
