"""Pages of the legal route for the corporation: the tenancies in the legal route, one
tenancy's records and stage, and one page per step. Thin: the gate in ``access.py``, the
rules in ``stages.py``, the changes in ``services.py``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from woonkans.audit.services import audit_view
from woonkans.core.decorators import actor_required
from woonkans.households.holds import covering, hold_on, holds_by_tenancy
from woonkans.organisations.models import OrganisationKind

from . import forms, selectors, services
from .access import is_legal_actor, legal_tenancies_for, legal_tenancy_for
from .models import ExternalCollection, ExternalCollectionStatus
from .stages import HELD_STEPS, Step, allowed_steps, refusal


@dataclass(frozen=True)
class StepPage:
    title: Any
    form: type
    perform: Any  # the use case
    button: Any


STEPS: dict[Step, StepPage] = {
    Step.HANDOVER: StepPage(
        gettext_lazy("Hand over to a bailiff or collection agency"),
        forms.HandoverForm,
        services.external_collection_handover,
        gettext_lazy("Register hand-over"),
    ),
    Step.ACTIVATE: StepPage(
        gettext_lazy("Bailiff or agency started"),
        forms.ActivateForm,
        services.external_collection_activate,
        gettext_lazy("Mark as active"),
    ),
    Step.BALANCE: StepPage(
        gettext_lazy("Outstanding balance at the bailiff"),
        forms.BalanceForm,
        services.external_collection_update_balance,
        gettext_lazy("Save balance"),
    ),
    Step.END: StepPage(
        gettext_lazy("End the hand-over"),
        forms.EndForm,
        services.external_collection_end,
        gettext_lazy("End hand-over"),
    ),
    Step.SUMMONS: StepPage(
        gettext_lazy("Summons (dagvaarding)"),
        forms.SummonsForm,
        services.summons_register,
        gettext_lazy("Register summons"),
    ),
    Step.WITHDRAW_SUMMONS: StepPage(
        gettext_lazy("Withdraw the summons"),
        forms.WithdrawSummonsForm,
        services.summons_withdraw,
        gettext_lazy("Withdraw summons"),
    ),
    Step.VERDICT: StepPage(
        gettext_lazy("Verdict (vonnis)"),
        forms.VerdictForm,
        services.verdict_register,
        gettext_lazy("Register verdict"),
    ),
    Step.NOTICE: StepPage(
        gettext_lazy("Eviction notice (aanzegging)"),
        forms.NoticeForm,
        services.eviction_notice_register,
        gettext_lazy("Register eviction notice"),
    ),
    Step.EXECUTE: StepPage(
        gettext_lazy("Eviction executed"),
        forms.OutcomeForm,
        services.eviction_execute,
        gettext_lazy("Register eviction executed"),
    ),
    Step.CANCEL: StepPage(
        gettext_lazy("Eviction cancelled"),
        forms.OutcomeForm,
        services.eviction_cancel,
        gettext_lazy("Register eviction cancelled"),
    ),
}


def _require(request) -> None:
    if not is_legal_actor(request.actor):
        raise Http404


@actor_required
def tenancy_list(request):
    """Tenancies of the corporation with an open hand-over, furthest stage first."""
    _require(request)
    actor = request.actor
    query = request.GET.get("q", "").strip()
    if query:
        match = legal_tenancies_for(actor).filter(contract_number=query).first()
        if match is not None:
            return redirect("legal:tenancy", pk=match.pk)
        messages.info(request, _("No tenancy with that contract number."))
    open_ids = (
        ExternalCollection.objects.exclude(status=ExternalCollectionStatus.EIN)
        .filter(tenancy__in=legal_tenancies_for(actor))
        .values_list("tenancy_id", flat=True)
    )
    tenancies = legal_tenancies_for(actor).filter(pk__in=open_ids).select_related("household")
    page = Paginator(tenancies.order_by("contract_number", "pk"), 50).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    stages = selectors.stages_for(rows, on=timezone.localdate())
    for tenancy in rows:
        tenancy.stage = stages[tenancy.pk]
    return render(request, "legal/list.html", {"page": page, "rows": rows, "q": query})


@actor_required
def tenancy_detail(request, pk: int):
    _require(request)
    actor = request.actor
    tenancy = legal_tenancy_for(actor, pk)
    audit_view(actor=actor, obj=tenancy, request_path=request.path)
    collections = list(selectors.collections_for([tenancy.pk]))
    cases = selectors.case_facts(tenancy.pk)
    today = timezone.localdate()
    holds = holds_by_tenancy(tenancy_ids=[tenancy.pk]).get(tenancy.pk, [])
    hold = covering(holds, today)
    context = {
        "tenancy": tenancy,
        "stage": selectors.stage_for(tenancy, on=today),
        "collections": collections,
        "steps": [
            (step.value, STEPS[step].title, hold is not None and step in HELD_STEPS)
            for step in allowed_steps(cases)
        ],
        "hold": hold,
        "holds": holds,
    }
    return render(request, "legal/tenancy.html", context)


@actor_required
def step(request, pk: int, step: str):
    _require(request)
    actor = request.actor
    tenancy = legal_tenancy_for(actor, pk)
    try:
        chosen = Step(step)
    except ValueError as exc:
        raise Http404 from exc
    page = STEPS[chosen]
    refused = refusal(chosen, selectors.case_facts(tenancy.pk))
    # On hold the step can still be registered with a date before the hold began (it
    # happened then); the use case refuses a date within the hold.
    hold = hold_on(tenancy.pk, timezone.localdate()) if chosen in HELD_STEPS else None
    form = page.form(request.POST or None) if not refused else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            page.perform(actor=actor, tenancy=tenancy, **form.values())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved: %(step)s.") % {"step": page.title})
            return redirect("legal:tenancy", pk=tenancy.pk)
    return render(
        request,
        "legal/step.html",
        {"tenancy": tenancy, "page": page, "form": form, "refused": refused, "hold": hold},
    )


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@actor_required
def settings_edit(request):
    """The corporation's legal route settings, for its functional administrator."""
    actor = request.actor
    if (
        actor.role not in services.SETTINGS_ROLES
        or actor.organisation.kind != OrganisationKind.WONINGCORPORATIE
    ):
        raise Http404
    instance = selectors.legal_settings_for(actor.organisation)
    form = forms.LegalSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.SETTINGS_FIELDS}
        try:
            services.legal_settings_update(actor=actor, **values)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The legal route settings have been saved."))
            return redirect("legal:settings")
    return render(request, "legal/settings_form.html", {"form": form})
