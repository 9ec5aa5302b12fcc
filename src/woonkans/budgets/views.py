"""Pages of budget management, the debt inventory and the quarterly summary. Thin: the
gate in ``access.py``, the rules in ``rules.py``, the changes in ``services.py``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record, audit_view
from woonkans.core.decorators import actor_required

from . import access, forms, selectors, services
from .models import DebtStatus, SummaryStatus
from .pdf import summary_pdf
from .services import EditConflict


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _form_page(request, *, household, title, form, button, cancel, intro=""):
    return render(
        request,
        "budgets/form.html",
        {
            "household": household,
            "title": title,
            "form": form,
            "button": button,
            "cancel": cancel,
            "intro": intro,
        },
    )


def _perform(request, form, perform, *, success: str):
    """Run a use case with the form's values; errors go back into the form. Returns the
    result or None on an error."""
    try:
        result = perform()
    except EditConflict as conflict:
        form.add_error(None, str(conflict))
        return None
    except ValidationError as error:
        _apply_errors(form, error)
        return None
    messages.success(request, success)
    return result if result is not None else True


def _household_url(household) -> str:
    return reverse("budgets:household", args=[household.pk])


# --- overview pages ------------------------------------------------------------------------


@actor_required
def household_list(request):
    actor = request.actor
    if not access.may_view(actor):
        raise Http404
    households = list(access.budget_households_for(actor).order_by("name", "pk"))
    rows = []
    for household in households:
        budget = selectors.running_budget(household)
        rows.append(
            {
                "household": household,
                "budget": budget,
                "overview": selectors.overview_for(budget) if budget else None,
                "warnings": len(selectors.warnings_for(budget)) if budget else 0,
                "open_debts": selectors.open_debts(household).count(),
            }
        )
    return render(
        request,
        "budgets/list.html",
        {"rows": rows, "may_manage": access.may_manage(actor)},
    )


@actor_required
def household_budget(request, pk: int):
    actor = request.actor
    household = access.budget_household_for(actor, pk)
    audit_view(actor=actor, obj=household, request_path=request.path)
    budget = selectors.running_budget(household)
    context = {
        "household": household,
        "budget": budget,
        "may_manage": access.may_manage(actor),
        "debts": list(selectors.all_debts(household).select_related("handed_over_to")),
        "handovers": list(household.handovers.select_related("organisation")),
        "summaries": list(access.summaries_visible_to(actor).filter(household=household)),
        "past_budgets": list(
            household.budget_managements.filter(ended_on__isnull=False).select_related(
                "organisation"
            )
        ),
    }
    if budget is not None:
        overview = selectors.overview_for(budget)
        context.update(
            {
                "overview": overview,
                "chart": selectors.budget_chart(overview),
                "warnings": selectors.warnings_for(budget),
                "incomes": list(budget.incomes.all()),
                "charges": list(budget.charges.all()),
                "payments": list(budget.payments.select_related("charge")[:25]),
                "reserve_missing": max(budget.reserve_target - budget.reserve_balance, 0),
            }
        )
    return render(request, "budgets/household.html", context)


# --- budget management ---------------------------------------------------------------------


@actor_required
def budget_start(request, pk: int):
    actor = request.actor
    household = access.budget_household_for(actor, pk, manage=True)
    form = forms.BudgetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _perform(
            request,
            form,
            lambda: services.budget_start(actor=actor, household=household, **form.cleaned_data),
            success=_("Budget management started."),
        ):
            return redirect("budgets:household", pk=household.pk)
    return _form_page(
        request,
        household=household,
        title=_("Start budget management"),
        form=form,
        button=_("Start budget management"),
        cancel=_household_url(household),
        intro=_(
            "Then add the income sources and the fixed charges. The living money is the "
            "amount the household gets to live on, per transfer."
        ),
    )


@actor_required
def budget_edit(request, pk: int):
    actor = request.actor
    budget = access.budget_for_actor(actor, pk, manage=True)
    if not budget.is_running:
        raise Http404
    form = forms.BudgetEditForm(
        request.POST or None, instance=budget, editing=True, initial={"version": budget.version}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        if _perform(
            request,
            form,
            lambda: services.budget_update(actor=actor, budget=budget, version=version, **data),
            success=_("Budget management saved."),
        ):
            return redirect("budgets:household", pk=budget.household_id)
    return _form_page(
        request,
        household=budget.household,
        title=_("Living money and savings buffer"),
        form=form,
        button=_("Save"),
        cancel=_household_url(budget.household),
    )


@actor_required
def budget_end(request, pk: int):
    actor = request.actor
    budget = access.budget_for_actor(actor, pk, manage=True)
    if not budget.is_running:
        raise Http404
    form = forms.BudgetEndForm(
        request.POST or None,
        initial={"version": budget.version, "ended_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        if _perform(
            request,
            form,
            lambda: services.budget_end(
                actor=actor,
                budget=budget,
                version=form.cleaned_data["version"],
                ended_on=form.cleaned_data["ended_on"],
            ),
            success=_("Budget management ended."),
        ):
            return redirect("budgets:household", pk=budget.household_id)
    return _form_page(
        request,
        household=budget.household,
        title=_("End budget management"),
        form=form,
        button=_("End budget management"),
        cancel=_household_url(budget.household),
    )


def _line_new(request, pk, *, form_class, perform, title, success):
    actor = request.actor
    budget = access.budget_for_actor(actor, pk, manage=True)
    if not budget.is_running:
        raise Http404
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _perform(
            request,
            form,
            lambda: perform(actor=actor, budget=budget, **form.cleaned_data),
            success=success,
        ):
            return redirect("budgets:household", pk=budget.household_id)
    return _form_page(
        request,
        household=budget.household,
        title=title,
        form=form,
        button=_("Add"),
        cancel=_household_url(budget.household),
    )


def _line_edit(request, line, *, form_class, update, remove, title, success, arg):
    actor = request.actor
    household = line.budget.household
    removing = request.method == "POST" and "remove" in request.POST
    if removing:
        form = forms.RemoveForm(request.POST)
        if form.is_valid() and _perform(
            request,
            form,
            lambda: remove(actor=actor, version=form.cleaned_data["version"], **{arg: line}),
            success=_("Removed."),
        ):
            return redirect("budgets:household", pk=household.pk)
        form = form_class(instance=line, initial={"version": line.version})
        form.add_error(None, _("Someone else changed this in the meantime. Reload the page."))
    else:
        form = form_class(request.POST or None, instance=line, initial={"version": line.version})
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            if _perform(
                request,
                form,
                lambda: update(actor=actor, version=version, **{arg: line}, **data),
                success=success,
            ):
                return redirect("budgets:household", pk=household.pk)
    return render(
        request,
        "budgets/line_form.html",
        {
            "household": household,
            "title": title,
            "form": form,
            "line": line,
            "cancel": _household_url(household),
        },
    )


@actor_required
def income_new(request, pk: int):
    return _line_new(
        request,
        pk,
        form_class=forms.IncomeForm,
        perform=services.income_add,
        title=_("Add an income source"),
        success=_("Income source added."),
    )


@actor_required
def income_edit(request, pk: int):
    income = access.income_for_actor(request.actor, pk)
    return _line_edit(
        request,
        income,
        form_class=forms.IncomeEditForm,
        update=services.income_update,
        remove=services.income_remove,
        title=_("Income source"),
        success=_("Income source saved."),
        arg="income",
    )


@actor_required
def charge_new(request, pk: int):
    return _line_new(
        request,
        pk,
        form_class=forms.ChargeForm,
        perform=services.charge_add,
        title=_("Add a fixed charge"),
        success=_("Fixed charge added."),
    )


@actor_required
def charge_edit(request, pk: int):
    charge = access.charge_for_actor(request.actor, pk)
    return _line_edit(
        request,
        charge,
        form_class=forms.ChargeEditForm,
        update=services.charge_update,
        remove=services.charge_remove,
        title=_("Fixed charge"),
        success=_("Fixed charge saved."),
        arg="charge",
    )


@actor_required
def payment_new(request, pk: int):
    actor = request.actor
    budget = access.budget_for_actor(actor, pk, manage=True)
    if not budget.is_running:
        raise Http404
    form = forms.PaymentForm(request.POST or None, budget=budget)
    charge = request.GET.get("charge")
    if charge and request.method == "GET":
        form.fields["charge"].initial = charge
    if request.method == "POST" and form.is_valid():
        if _perform(
            request,
            form,
            lambda: services.payment_record(actor=actor, budget=budget, **form.cleaned_data),
            success=_("Payment recorded."),
        ):
            return redirect("budgets:household", pk=budget.household_id)
    return _form_page(
        request,
        household=budget.household,
        title=_("Record a payment"),
        form=form,
        button=_("Record payment"),
        cancel=_household_url(budget.household),
        intro=_("A payment you made from the household's budget, e.g. the rent."),
    )


# --- debts ---------------------------------------------------------------------------------


@actor_required
def debt_new(request, pk: int):
    actor = request.actor
    household = access.budget_household_for(actor, pk, manage=True)
    form = forms.DebtForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _perform(
            request,
            form,
            lambda: services.debt_add(actor=actor, household=household, **form.values()),
            success=_("Debt added."),
        ):
            return redirect(reverse("budgets:household", args=[household.pk]) + "#debts")
    return _form_page(
        request,
        household=household,
        title=_("Add a debt"),
        form=form,
        button=_("Add debt"),
        cancel=_household_url(household),
    )


@actor_required
def debt_detail(request, pk: int):
    actor = request.actor
    debt = access.debt_for_actor(actor, pk)
    audit_view(actor=actor, obj=debt, request_path=request.path)
    manage = access.may_manage(actor)
    contact_form = forms.CreditorContactForm() if manage else None
    return render(
        request,
        "budgets/debt.html",
        {
            "debt": debt,
            "household": debt.household,
            "contacts": list(debt.contacts.all()),
            "may_manage": manage,
            "contact_form": contact_form,
        },
    )


@actor_required
def debt_edit(request, pk: int):
    actor = request.actor
    debt = access.debt_for_actor(actor, pk, manage=True)
    form = forms.DebtEditForm(request.POST or None, debt=debt)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if _perform(
            request,
            form,
            lambda: services.debt_update(
                actor=actor, debt=debt, version=form.cleaned_data["version"], **values
            ),
            success=_("Debt saved."),
        ):
            return redirect("budgets:debt", pk=debt.pk)
    return _form_page(
        request,
        household=debt.household,
        title=_("Change the debt"),
        form=form,
        button=_("Save"),
        cancel=reverse("budgets:debt", args=[debt.pk]),
    )


@actor_required
def debt_contact(request, pk: int):
    actor = request.actor
    debt = access.debt_for_actor(actor, pk, manage=True)
    form = forms.CreditorContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _perform(
            request,
            form,
            lambda: services.creditor_contact_add(actor=actor, debt=debt, **form.cleaned_data),
            success=_("Contact recorded."),
        ):
            return redirect("budgets:debt", pk=debt.pk)
    return _form_page(
        request,
        household=debt.household,
        title=_("Contact with %(creditor)s") % {"creditor": debt.creditor_name},
        form=form,
        button=_("Record contact"),
        cancel=reverse("budgets:debt", args=[debt.pk]),
    )


@actor_required
def handover(request, pk: int):
    actor = request.actor
    household = access.budget_household_for(actor, pk, manage=True)
    organisations = services.handover_organisations("schuldhulp") | services.handover_organisations(
        "bewind"
    )
    debts = selectors.all_debts(household).exclude(status=DebtStatus.OVERGEDRAGEN)
    form = forms.HandoverForm(request.POST or None, organisations=organisations, debts=debts)
    if request.method == "POST" and form.is_valid():
        if _perform(
            request,
            form,
            lambda: services.debt_handover(actor=actor, household=household, **form.cleaned_data),
            success=_("Hand-over recorded; the organisation now has access to the household."),
        ):
            return redirect(reverse("budgets:household", args=[household.pk]) + "#debts")
    return _form_page(
        request,
        household=household,
        title=_("Hand over to debt help or bewind"),
        form=form,
        button=_("Record hand-over"),
        cancel=_household_url(household),
        intro=_("The organisation you choose becomes involved with the household and can see it."),
    )


# --- quarterly summary ---------------------------------------------------------------------


@actor_required
def summary_new(request, pk: int):
    actor = request.actor
    household = access.budget_household_for(actor, pk, manage=True)
    form = forms.SummaryCreateForm(
        request.POST or None,
        corporations=services.summary_corporations(household),
        today=timezone.localdate(),
    )
    if request.method == "POST" and form.is_valid():
        year, quarter = form.year_quarter()
        summary = _perform(
            request,
            form,
            lambda: services.summary_generate(
                actor=actor,
                household=household,
                corporation=form.cleaned_data["corporation"],
                year=year,
                quarter=quarter,
            ),
            success=_("The figures were generated. Add your remarks and send the summary."),
        )
        if summary:
            return redirect("budgets:summary", pk=summary.pk)
    return _form_page(
        request,
        household=household,
        title=_("Quarterly financial summary"),
        form=form,
        button=_("Generate the figures"),
        cancel=_household_url(household),
        intro=_(
            "The figures come from the budget management, the consultant's payments, the "
            "rent ledger and the repayment capacity. A draft for the same quarter is "
            "regenerated."
        ),
    )


@actor_required
def summary_detail(request, pk: int):
    actor = request.actor
    summary = access.summary_for_actor(actor, pk)
    manage = (
        access.may_manage(actor)
        and access.managed_households_for(actor).filter(pk=summary.household_id).exists()
    )
    remarks_form = None
    if manage and summary.status == SummaryStatus.DRAFT:
        remarks_form = forms.SummaryRemarksForm(
            request.POST or None,
            initial={"version": summary.version, "remarks": summary.remarks},
        )
        if request.method == "POST":
            action = request.POST.get("action")
            if remarks_form.is_valid():
                version = remarks_form.cleaned_data["version"]
                if action == "regenerate":
                    done = _perform(
                        request,
                        remarks_form,
                        lambda: services.summary_generate(
                            actor=actor,
                            household=summary.household,
                            corporation=summary.corporation,
                            year=summary.year,
                            quarter=summary.quarter,
                        ),
                        success=_("The figures were generated again."),
                    )
                else:

                    def save_and_maybe_send():
                        current = services.summary_update(
                            actor=actor,
                            summary=summary,
                            version=version,
                            remarks=remarks_form.cleaned_data["remarks"],
                        )
                        if action == "send":
                            return services.summary_send(
                                actor=actor, summary=current, version=current.version
                            )
                        return current

                    done = _perform(
                        request,
                        remarks_form,
                        save_and_maybe_send,
                        success=_("Summary sent to the corporation.")
                        if action == "send"
                        else _("Remarks saved."),
                    )
                if done:
                    return redirect("budgets:summary", pk=summary.pk)
    elif request.method == "POST":
        raise Http404
    audit_view(actor=actor, obj=summary, request_path=request.path)
    return render(
        request,
        "budgets/summary.html",
        {
            "summary": summary,
            "household": summary.household,
            "may_manage": manage,
            "remarks_form": remarks_form,
            "is_budget_viewer": access.may_view(actor),
        },
    )


@actor_required
def summary_download(request, pk: int):
    actor = request.actor
    summary = access.summary_for_actor(actor, pk)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=summary,
        request_path=request.path,
        detail="quarterly summary pdf",
    )
    response = HttpResponse(summary_pdf(summary), content_type="application/pdf")
    name = f"kwartaaloverzicht-{summary.household.reference}-{summary.year}-Q{summary.quarter}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
