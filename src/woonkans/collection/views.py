"""Collection pages: today's worklist, contact attempts, payment arrangements, the steps of
the corporation's policy and the message outbox. Thin: gates in ``selectors.py``, changes
in ``services.py``."""

from __future__ import annotations

import csv
from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from woonkans.audit.models import AuditAction
from woonkans.audit.services import audit_record, audit_view
from woonkans.core.decorators import actor_required
from woonkans.households.access import household_for_actor

from . import hooks, selectors, services
from .forms import (
    ArrangementForm,
    ArrangementStatusForm,
    ContactAttemptForm,
    PolicyForm,
    PresetForm,
    RunForm,
    StepForm,
    WorklistFilterForm,
)
from .models import (
    CHANNEL_CONTACT_KIND,
    MESSAGE_CHANNELS,
    CollectionCase,
    CollectionStep,
    ContactOutcome,
    WorklistStatus,
)
from .presets import PRESETS


def _posted(request):
    """The POST data for a form, or ``None`` for a GET (an empty POST is still bound)."""
    return request.POST if request.method == "POST" else None


def _require(condition: bool) -> None:
    if not condition:
        raise Http404


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- Worklist ---------------------------------------------------------------------------


def _decorate(items):
    for item in items:
        item.is_message = item.channel in MESSAGE_CHANNELS
        item.letter_url = hooks.letter_url(item) if item.letter_template else None
    return items


@actor_required
def worklist(request):
    actor = request.actor
    _require(selectors.works_collections(actor))
    form = WorklistFilterForm(request.GET or None)
    on = timezone.localdate()
    channel = role = ""
    if form.is_valid():
        on = form.cleaned_data["datum"] or on
        channel = form.cleaned_data["channel"]
        role = form.cleaned_data["role"]
    items = selectors.worklist_today(actor, on=on, channel=channel, role=role)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    _decorate(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "items": page.object_list,
        "on": on,
        "is_today": on == timezone.localdate(),
        "query": query.urlencode(),
        "belcomputer_open": items.filter(channel="belcomputer").exists(),
    }
    return render(request, "collection/worklist.html", context)


@actor_required
@require_POST
def item_done(request, pk: int):
    actor = request.actor
    item = selectors.worklist_item_for_actor(actor, pk)
    services.worklist_item_complete(actor=actor, item=item)
    item.refresh_from_db()
    if request.htmx:
        _decorate([item])
        return render(request, "collection/_item_row.html", {"item": item})
    messages.success(request, _("The task is marked as done."))
    return redirect("collection:worklist")


@actor_required
@require_POST
def item_send(request, pk: int):
    actor = request.actor
    item = selectors.worklist_item_for_actor(actor, pk)
    try:
        services.worklist_item_send_message(actor=actor, item=item)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("The message has been sent."))
    return redirect("collection:worklist")


@actor_required
@require_POST
def item_letter(request, pk: int):
    """Make the task's letter and mark the task done; then show it with the documents app."""
    actor = request.actor
    item = selectors.worklist_item_for_actor(actor, pk)
    try:
        letter = services.worklist_item_make_letter(actor=actor, item=item)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect("collection:worklist")
    messages.success(request, _("The letter has been made. Download it below and send it."))
    try:
        url = reverse("documents:letter-new", args=[item.household_id])
    except NoReverseMatch:  # pragma: no cover - the documents app is installed
        return redirect("collection:worklist")
    return redirect(f"{url}#letter-{letter.pk}")


@actor_required
@require_POST
def belcomputer_download(request):
    actor = request.actor
    _require(selectors.works_collections(actor))
    form = RunForm(request.POST)
    on = form.cleaned_data["run_date"] if form.is_valid() else timezone.localdate()
    rows = services.belcomputer_export(actor=actor, corporation=actor.organisation, on=on)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="belcomputer-{actor.organisation.slug}-{on.isoformat()}.csv"'
    )
    writer = csv.writer(response, lineterminator="\n")
    writer.writerow(services.BELCOMPUTER_HEADER)
    writer.writerows(rows)
    return response


# --- Contact attempts -------------------------------------------------------------------


def _contact_form_view(request, household, item=None):
    actor = request.actor
    tenancies = selectors.tenancies_for_contact(actor, household)
    initial = {}
    if item is not None:
        initial = {
            "tenancy": item.tenancy_id,
            "kind": CHANNEL_CONTACT_KIND.get(item.channel, ""),
            "outcome": ContactOutcome.NO_ANSWER,
        }
    form = ContactAttemptForm(
        _posted(request), tenancies=tenancies, from_item=item is not None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.contact_attempt_record(
                actor=actor,
                household=household,
                tenancy=data["tenancy"],
                kind=data["kind"],
                reached=data["reached"],
                attempted_at=data["attempted_at"],
                part_of_day=data["part_of_day"],
                outcome=data["outcome"],
                note=data["note"],
                arrears_reason=data["arrears_reason"],
                arrears_reason_note=data["arrears_reason_note"],
                other_problems=data["other_problems"],
                other_problems_note=data["other_problems_note"],
                pointed_to_debt_help=data["pointed_to_debt_help"],
                worklist_item=item,
                complete_item=data.get("complete_item", False),
            )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("The contact attempt has been recorded."))
            if item is not None:
                # Back to the worklist the task is on: a task planned for a later day (the
                # list of the next working day, opened on a weekend) stays in view.
                url = reverse("collection:worklist")
                if item.due_date > timezone.localdate():
                    url += "?" + urlencode({"datum": item.due_date.isoformat()})
                return redirect(url)
            return redirect("collection:household", pk=household.pk)
    audit_view(actor=actor, obj=household, request_path=request.path)
    return render(
        request,
        "collection/contact_form.html",
        {"form": form, "household": household, "item": item},
    )


@actor_required
def item_contact(request, pk: int):
    item = selectors.worklist_item_for_actor(request.actor, pk)
    return _contact_form_view(request, item.household, item)


@actor_required
def household_contact(request, pk: int):
    actor = request.actor
    _require(selectors.may_record_contact(actor))
    household = household_for_actor(actor, pk)
    return _contact_form_view(request, household)


@actor_required
def household_overview(request, pk: int):
    actor = request.actor
    _require(selectors.may_record_contact(actor))
    household = household_for_actor(actor, pk)
    audit_view(actor=actor, obj=household, request_path=request.path)
    items = _decorate(
        list(
            selectors.worklist_items_visible_to(actor)
            .filter(household=household)
            .order_by("status", "-due_date", "-pk")[:50]
        )
    )
    context = {
        "household": household,
        "attempts": selectors.contact_attempts_visible_to(actor, household)[:100],
        "arrangements": selectors.arrangements_visible_to(actor)
        .filter(household=household)
        .select_related("tenancy")
        .prefetch_related("terms"),
        "items": items,
        "may_arrange": selectors.works_collections(actor)
        and selectors.tenancies_for_contact(actor, household).exists(),
    }
    return render(request, "collection/household.html", context)


# --- Payment arrangements ---------------------------------------------------------------


@actor_required
def arrangement_new(request, pk: int):
    actor = request.actor
    _require(selectors.works_collections(actor))
    household = household_for_actor(actor, pk)
    tenancies = selectors.tenancies_for_contact(actor, household)
    _require(tenancies.exists())
    initial = {"agreed_on": timezone.localdate()}
    first = tenancies.first()
    position = selectors.tenancy_position(first, timezone.localdate())
    if position.achterstand > 0:
        initial["total_amount"] = position.achterstand
    form = ArrangementForm(_posted(request), tenancies=tenancies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            arrangement = services.arrangement_create(
                actor=actor,
                tenancy=data["tenancy"],
                total_amount=data["total_amount"],
                term_amount=data["term_amount"],
                first_due_date=data["first_due_date"],
                agreed_on=data["agreed_on"],
                start_date=data["start_date"],
                payment_method=data["payment_method"],
                status=data["status"],
                note=data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("The payment arrangement has been registered."))
            return redirect("collection:arrangement", pk=arrangement.pk)
    audit_view(actor=actor, obj=household, request_path=request.path)
    return render(
        request,
        "collection/arrangement_form.html",
        {"form": form, "household": household, "position": position},
    )


@actor_required
def arrangement_detail(request, pk: int):
    actor = request.actor
    arrangement = selectors.arrangement_for_actor(actor, pk)
    may_manage = selectors.may_manage_arrangement(actor, arrangement)
    form = None
    if may_manage:
        form = ArrangementStatusForm(_posted(request), current=arrangement.status)
        if request.method == "POST" and form.is_valid():
            try:
                services.arrangement_change_status(
                    actor=actor,
                    arrangement=arrangement,
                    status=form.cleaned_data["status"],
                    end_reason=form.cleaned_data["end_reason"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("The status has been changed."))
                return redirect("collection:arrangement", pk=arrangement.pk)
        if not form.fields["status"].choices:
            form = None
    elif request.method == "POST":
        raise Http404
    audit_view(actor=actor, obj=arrangement, request_path=request.path)
    terms = list(arrangement.terms.all())
    context = {
        "arrangement": arrangement,
        "terms": terms,
        "paid": sum((t.paid_amount for t in terms), start=0),
        "history": arrangement.status_changes.all(),
        "form": form,
    }
    return render(request, "collection/arrangement_detail.html", context)


# --- Policy and steps -------------------------------------------------------------------


def _policy_for(request):
    actor = request.actor
    _require(selectors.may_view_policy(actor))
    return services.policy_get_or_create(actor=actor, corporation=actor.organisation)


@actor_required
def policy(request):
    actor = request.actor
    current = _policy_for(request)
    context = {
        "policy": current,
        "steps": current.steps.order_by("position"),
        "may_edit": selectors.may_edit_policy(actor),
        "preset_form": PresetForm(),
        "presets": PRESETS.values(),
        "run_form": RunForm(initial={"run_date": timezone.localdate()}),
        "open_cases": CollectionCase.objects.filter(
            corporation=current.corporation, closed_on__isnull=True
        ).count(),
    }
    return render(request, "collection/policy.html", context)


def _require_edit(request):
    current = _policy_for(request)
    _require(selectors.may_edit_policy(request.actor))
    return current


@actor_required
def policy_edit(request):
    current = _require_edit(request)
    form = PolicyForm(_posted(request), instance=current)
    if request.method == "POST" and form.is_valid():
        services.policy_update(
            actor=request.actor,
            policy=current,
            **{f: form.cleaned_data[f] for f in services.POLICY_FIELDS},
        )
        messages.success(request, _("The settings have been saved."))
        return redirect("collection:policy")
    return render(request, "collection/policy_form.html", {"form": form})


@actor_required
def step_edit(request, pk: int | None = None):
    current = _require_edit(request)
    step = get_object_or_404(CollectionStep, pk=pk, policy=current) if pk else None
    form = StepForm(_posted(request), instance=step)
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in services.STEP_FIELDS}
        try:
            if step is None:
                services.step_add(actor=request.actor, policy=current, **values)
            else:
                services.step_update(actor=request.actor, step=step, **values)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("The step has been saved."))
            return redirect("collection:policy")
    return render(request, "collection/step_form.html", {"form": form, "step": step})


@actor_required
@require_POST
def step_delete(request, pk: int):
    current = _require_edit(request)
    step = get_object_or_404(CollectionStep, pk=pk, policy=current)
    services.step_delete(actor=request.actor, step=step)
    messages.success(request, _("The step has been removed."))
    return redirect("collection:policy")


@actor_required
@require_POST
def step_move(request, pk: int, direction: str):
    _require(direction in ("up", "down"))
    current = _require_edit(request)
    step = get_object_or_404(CollectionStep, pk=pk, policy=current)
    services.step_move(actor=request.actor, step=step, offset=-1 if direction == "up" else 1)
    return redirect("collection:policy")


@actor_required
@require_POST
def policy_preset(request):
    current = _require_edit(request)
    form = PresetForm(request.POST)
    if form.is_valid():
        services.policy_apply_preset(
            actor=request.actor, corporation=current.corporation, preset=form.cleaned_data["preset"]
        )
        messages.success(request, _("The preset has been applied."))
    return redirect("collection:policy")


@actor_required
@require_POST
def policy_run(request):
    current = _policy_for(request)
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid date."))
        return redirect("collection:policy")
    run_date: date = form.cleaned_data["run_date"]
    counts = services.collection_run(
        corporation=current.corporation, run_date=run_date, actor=request.actor
    )
    if counts.get("non_working_day"):
        messages.warning(
            request, _("That day is a weekend day or public holiday: nothing planned.")
        )
    elif counts.get("no_active_policy"):
        messages.warning(request, _("The collection steps are switched off."))
    else:
        messages.success(
            request,
            ngettext(
                "Collection run for %(date)s: %(items)d new task.",
                "Collection run for %(date)s: %(items)d new tasks.",
                counts.get("items_created", 0),
            )
            % {"date": run_date.strftime("%d-%m-%Y"), "items": counts.get("items_created", 0)},
        )
    return redirect("collection:policy")


# --- Outbox -----------------------------------------------------------------------------


@actor_required
def outbox(request):
    actor = request.actor
    _require(selectors.may_edit_policy(actor))
    page = Paginator(selectors.messages_of(actor.organisation), 50).get_page(
        request.GET.get("page")
    )
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        detail="message outbox",
        request_path=request.path,
    )
    return render(
        request, "collection/outbox.html", {"page": page, "status_done": WorklistStatus.DONE}
    )
