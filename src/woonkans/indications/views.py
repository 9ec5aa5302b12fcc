"""Pages to issue, change and end an indication (the social team's wijkconsulent only).
The indications are shown on the trajectory page through ``indication_tags``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from woonkans.audit.services import audit_view
from woonkans.core.decorators import actor_required
from woonkans.households.services import EditConflict
from woonkans.organisations.models import OrganisationKind, Role
from woonkans.trajectories.access import trajectory_for_actor

from . import services
from .access import indication_for_manager, may_manage
from .forms import ActivityFormSet, EndForm, IndicationForm, SettingsForm, activity_rows
from .models import DEFAULT_WARN_DAYS, IndicationSettings


def trajectory_url(trajectory) -> str:
    return reverse("trajectories:detail", args=[trajectory.pk]) + "#indications-heading"


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@actor_required
def add(request, trajectory_pk: int):
    actor = request.actor
    trajectory = trajectory_for_actor(actor, trajectory_pk)
    if not may_manage(actor, trajectory):
        raise Http404
    audit_view(actor=actor, obj=trajectory.household, request_path=request.path)
    data = request.POST if request.method == "POST" else None
    form = IndicationForm(data)
    formset = ActivityFormSet(data, prefix="rows")
    if data is not None and form.is_valid() & formset.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.indication_create(
                actor=actor, trajectory=trajectory, activities=activity_rows(formset), **values
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The indication has been saved."))
            return redirect(trajectory_url(trajectory))
    return render(
        request,
        "indications/form.html",
        {"trajectory": trajectory, "form": form, "formset": formset, "title": _("New indication")},
    )


@actor_required
def edit(request, pk: int):
    actor = request.actor
    indication = indication_for_manager(actor, pk)
    trajectory = indication.trajectory
    audit_view(actor=actor, obj=trajectory.household, request_path=request.path)
    if request.method == "POST":
        form = IndicationForm(request.POST)
        formset = ActivityFormSet(request.POST, prefix="rows")
    else:
        form = IndicationForm(
            initial={
                "legal_basis": indication.legal_basis,
                "product": indication.product,
                "product_category": indication.product_category,
                "product_code": indication.product_code,
                "start_date": indication.start_date,
                "end_date": indication.end_date,
                "version": indication.version,
            }
        )
        formset = ActivityFormSet(
            prefix="rows",
            initial=[
                {"activity": a.activity, "hours_per_week": a.hours_per_week}
                for a in indication.activities.all()
            ],
        )
    if request.method == "POST" and form.is_valid() & formset.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.indication_update(
                actor=actor,
                indication=indication,
                version=form.cleaned_data.get("version") or 0,
                activities=activity_rows(formset),
                **values,
            )
        except EditConflict as conflict:
            form.add_error(None, str(conflict))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The indication has been changed."))
            return redirect(trajectory_url(trajectory))
    return render(
        request,
        "indications/form.html",
        {
            "trajectory": trajectory,
            "form": form,
            "formset": formset,
            "indication": indication,
            "title": _("Change the indication"),
        },
    )


@actor_required
def end(request, pk: int):
    actor = request.actor
    indication = indication_for_manager(actor, pk)
    trajectory = indication.trajectory
    audit_view(actor=actor, obj=trajectory.household, request_path=request.path)
    form = EndForm(
        request.POST if request.method == "POST" else None,
        initial={"version": indication.version},
    )
    if indication.ended_on is not None:
        form = None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.indication_end(
                actor=actor,
                indication=indication,
                version=form.cleaned_data["version"],
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
            )
        except EditConflict as conflict:
            form.add_error(None, str(conflict))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The indication has been ended."))
            return redirect(trajectory_url(trajectory))
    return render(
        request,
        "indications/end.html",
        {"trajectory": trajectory, "indication": indication, "form": form},
    )


@actor_required
def settings_edit(request):
    """The social team's functional administrator sets when the "ending" warning shows."""
    actor = request.actor
    if (
        actor.role != Role.FUNCTIONEEL_BEHEERDER
        or actor.organisation.kind != OrganisationKind.GEMEENTE
    ):
        raise Http404
    current = IndicationSettings.objects.filter(organisation=actor.organisation).first()
    form = SettingsForm(
        request.POST or None,
        initial={
            "warn_days_before_end": current.warn_days_before_end if current else DEFAULT_WARN_DAYS
        },
    )
    if request.method == "POST" and form.is_valid():
        services.indication_settings_save(
            actor=actor, warn_days_before_end=form.cleaned_data["warn_days_before_end"]
        )
        messages.success(request, _("The settings have been saved."))
        return redirect("indications:settings")
    return render(request, "indications/settings.html", {"form": form})
