"""Pages of vroegsignalering.

Corporation (collections staff): the signals list, the four conditions of a tenancy with
objections, "check now", exports and downloads. Municipality (wijkconsulent): the signals
sent to it and the outcome form. Corporation functional administrator: the policy.
Thin: the gate in ``access.py``, the changes in ``services.py``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from django.views.decorators.http import require_POST

from woonkans.audit.services import audit_view
from woonkans.core.decorators import actor_required

from . import access, services
from .conditions import CONDITIONS
from .feedback import partner_feedback
from .forms import ExportForm, ObjectionForm, OutcomeForm, PolicyForm, WithdrawObjectionForm
from .models import Signal, SignalPolicy, SignalStatus

CONDITION_LABELS = {
    "arrears": gettext_lazy("Rent arrears"),
    "personal_contact": gettext_lazy("1. Effort at personal contact"),
    "debt_help": gettext_lazy("2. Pointed to debt help"),
    "written_reminder": gettext_lazy("3. Written reminder sent"),
    "offer_not_objected": gettext_lazy(
        "4. The reminder offered to pass the contact details on, and the tenant did not object"
    ),
}


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _page(request, queryset, size=50):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


@actor_required
def index(request):
    actor = request.actor
    if access.is_municipality_actor(actor):
        return _municipality_list(request)
    if not access.is_corporation_actor(actor):
        raise Http404
    query = request.GET.get("q", "").strip()
    if query:
        match = access.corporation_tenancies_for(actor).filter(contract_number=query).first()
        if match is not None:
            return redirect("signals:tenancy", pk=match.pk)
        messages.info(request, _("No tenancy with that contract number."))
    signals = (
        access.signals_visible_to(actor)
        .select_related("tenancy", "household", "municipality", "outcome")
        .order_by("-created_on", "-pk")
    )
    page = _page(request, signals)
    for signal in page.object_list:
        signal.feedback = _feedback(signal)
    context = {
        "page": page,
        "q": query,
        "pending": signals.filter(status=SignalStatus.NEW).count(),
        "policy": SignalPolicy.objects.filter(corporation=actor.organisation).first(),
    }
    return render(request, "signals/corporation_list.html", context)


def _feedback(signal: Signal) -> str:
    outcome = getattr(signal, "outcome", None)
    return partner_feedback(outcome.result) if outcome is not None else ""


def _municipality_list(request):
    signals = (
        access.signals_visible_to(request.actor)
        .select_related("tenancy", "household", "corporation")
        .order_by("-created_on", "-pk")
    )
    return render(request, "signals/municipality_list.html", {"page": _page(request, signals)})


@actor_required
def tenancy_conditions(request, pk: int):
    """The four conditions of one tenancy today, the actions behind them, objections."""
    actor = request.actor
    tenancy = access.corporation_tenancy_for(actor, pk)
    policy = SignalPolicy.objects.filter(corporation=actor.organisation).first()
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_register(actor=actor, tenancy=tenancy, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The objection has been registered."))
            return redirect("signals:tenancy", pk=tenancy.pk)
    audit_view(actor=actor, obj=tenancy, request_path=request.path)
    today = timezone.localdate()
    check = services.tenancy_check(tenancy=tenancy, policy=policy, on=today) if policy else None
    rows = []
    if check is not None:
        for name in ("arrears", *CONDITIONS):
            condition = getattr(check.conditions, name)
            rows.append(
                {
                    "label": CONDITION_LABELS[name],
                    "condition": condition,
                    "by": _describe(condition.by, tenancy),
                }
            )
    context = {
        "tenancy": tenancy,
        "policy": policy,
        "check": check,
        "rows": rows,
        "today": today,
        "objections": tenancy.signal_objections.order_by("-received_on", "-pk"),
        "signals": tenancy.signals.select_related("municipality", "outcome").order_by(
            "-created_on"
        ),
        "form": form,
        "withdraw_form": WithdrawObjectionForm(),
    }
    for signal in context["signals"]:
        signal.feedback = _feedback(signal)
    return render(request, "signals/tenancy.html", context)


def _describe(ref: str, tenancy) -> str:
    """The action behind a condition, in words (refs are ``kind:id``)."""
    from woonkans.collection.models import ContactAttempt
    from woonkans.documents.models import GeneratedLetter

    kind, _sep, pk = ref.partition(":")
    if kind == "contactattempt":
        attempt = ContactAttempt.objects.filter(pk=pk, household=tenancy.household).first()
        if attempt is not None:
            reached = _("reached") if attempt.reached else _("not reached")
            return f"{attempt.get_kind_display()}, {reached}"
    if kind == "letter":
        letter = GeneratedLetter.objects.filter(pk=pk, tenancy=tenancy).first()
        if letter is not None:
            return str(letter.get_kind_display())
    return ""


@require_POST
@actor_required
def objection_withdraw(request, pk: int):
    objection = access.objection_for_actor(request.actor, pk)
    form = WithdrawObjectionForm(request.POST)
    if form.is_valid():
        try:
            services.objection_withdraw(
                actor=request.actor,
                objection=objection,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The objection has been withdrawn."))
    else:
        messages.error(request, _("Enter the date the objection was withdrawn."))
    return redirect("signals:tenancy", pk=objection.tenancy_id)


@require_POST
@actor_required
def check_now(request):
    """Make the signals due today for the corporation (the same use case as the daily run)."""
    actor = request.actor
    if not access.is_corporation_actor(actor):
        raise Http404
    counts = services.signals_create_due(
        corporation=actor.organisation, run_date=timezone.localdate(), actor=actor
    )
    if counts.get("no_policy"):
        messages.warning(
            request, _("Early signals are not configured or not active for your corporation.")
        )
    else:
        messages.success(
            request,
            pgettext("two sentences of one message", "%(first)s %(second)s")
            % {
                "first": ngettext(
                    "%(count)d new signal.", "%(count)d new signals.", counts["signals"]
                )
                % {"count": counts["signals"]},
                "second": ngettext(
                    "%(count)d tenancy in arrears does not meet all conditions yet.",
                    "%(count)d tenancies in arrears do not meet all conditions yet.",
                    counts["conditions_not_met"],
                )
                % {"count": counts["conditions_not_met"]},
            },
        )
    return redirect("signals:index")


@actor_required
def exports(request):
    actor = request.actor
    if not access.is_corporation_actor(actor):
        raise Http404
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        export = services.signals_export(
            actor=actor, corporation=actor.organisation, since=form.cleaned_data["since"]
        )
        if export is None:
            messages.info(request, _("There are no signals to send."))
        else:
            messages.success(
                request,
                ngettext(
                    "Export %(id)s made with %(count)d signal. Download it below.",
                    "Export %(id)s made with %(count)d signals. Download it below.",
                    export.signal_count,
                )
                % {"id": export.pk, "count": export.signal_count},
            )
        return redirect("signals:exports")
    context = {
        "form": form,
        "page": _page(request, access.exports_visible_to(actor), 25),
        "pending": access.signals_visible_to(actor).filter(status=SignalStatus.NEW).count(),
    }
    return render(request, "signals/exports.html", context)


@actor_required
def export_download(request, pk: int, fmt: str):
    export = access.export_for_actor(request.actor, pk)
    if fmt not in services.EXPORT_FORMATS:
        raise Http404
    content, filename = services.signal_export_download(actor=request.actor, export=export, fmt=fmt)
    response = HttpResponse(content, content_type=services.EXPORT_FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@actor_required
def signal_detail(request, pk: int):
    actor = request.actor
    signal = access.signal_for_actor(actor, pk)
    is_municipality = access.is_municipality_actor(actor)
    form = None
    if is_municipality:
        form = OutcomeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.signal_register_outcome(actor=actor, signal=signal, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request, _("The outcome has been registered and the signal closed.")
                )
                return redirect("signals:index")
    elif request.method == "POST":
        raise Http404
    audit_view(actor=actor, obj=signal, request_path=request.path)
    person = services.contact_person(signal.household)
    context = {
        "signal": signal,
        "person": person,
        "form": form,
        "is_municipality": is_municipality,
        "feedback": _feedback(signal),
    }
    return render(request, "signals/signal.html", context)


@actor_required
def policy_edit(request):
    actor = request.actor
    if not access.is_policy_admin(actor):
        raise Http404
    policy = SignalPolicy.objects.filter(corporation=actor.organisation).first()
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        try:
            services.signal_policy_set(
                actor=actor,
                corporation=actor.organisation,
                **{name: form.cleaned_data[name] for name in PolicyForm.Meta.fields},
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The early-signal settings have been saved."))
            return redirect("signals:policy")
    return render(request, "signals/policy.html", {"form": form, "policy": policy})
