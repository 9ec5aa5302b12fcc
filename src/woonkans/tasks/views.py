"""The personal task list, completing a due item, and reporting an incident."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from woonkans.audit.services import audit_view
from woonkans.core.decorators import actor_required
from woonkans.trajectories.access import trajectory_for_actor

from . import rules, selectors, services
from .access import due_item_for_actor, may_complete, may_report_incident
from .forms import IncidentForm, TaskFilterForm
from .titles import title_for


def decorate(items, actor, today):
    """Attach what the templates show: title in the reader's language, urgency, and
    whether the reader may complete it."""
    rows = list(items)
    for item in rows:
        item.display_title = title_for(item.kind, item.period_key)
        item.urgency = rules.urgency(item.due_on, today)
        item.days_overdue = (today - item.due_on).days
        item.completable = may_complete(actor, item)
    return rows


@actor_required
def my_tasks(request):
    actor = request.actor
    if not actor.sees_households:
        raise Http404
    today = timezone.localdate()
    form = TaskFilterForm(request.GET or None)
    items = selectors.personal_items(actor, today)
    if form.is_valid():
        show = form.cleaned_data["show"]
        if show == "overdue":
            items = items.filter(due_on__lt=today)
        elif show == "soon":
            items = items.filter(due_on__lte=today + timedelta(days=rules.DUE_SOON_DAYS))
        if form.cleaned_data["kind"]:
            items = items.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["household"]:
            items = items.filter(
                trajectory__household__reference=form.cleaned_data["household"].strip()
            )
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    concerning = decorate(
        selectors.items_concerning_contact_person(actor, today)[:50], actor, today
    )
    return render(
        request,
        "tasks/my_tasks.html",
        {
            "form": form,
            "page": page,
            "rows": decorate(page.object_list, actor, today),
            "concerning": concerning,
            "today": today,
            "is_coordinator": actor.role == "coordinator",
        },
    )


def _next_url(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
@actor_required
def complete(request, pk: int):
    actor = request.actor
    item = due_item_for_actor(actor, pk)
    if not may_complete(actor, item):
        raise Http404
    try:
        services.due_item_complete(actor=actor, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Done: %(title)s (%(ref)s).")
            % {
                "title": title_for(item.kind, item.period_key),
                "ref": item.trajectory.household.reference,
            },
        )
    return redirect(_next_url(request, reverse("tasks:mine")))


@actor_required
def incident_new(request, trajectory_pk: int):
    actor = request.actor
    trajectory = trajectory_for_actor(actor, trajectory_pk)
    if not may_report_incident(actor, trajectory):
        raise Http404
    audit_view(actor=actor, obj=trajectory.household, request_path=request.path)
    form = IncidentForm(request.POST or None, initial={"occurred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.incident_report(
                actor=actor, trajectory=trajectory, **form.cleaned_data
            )
        except ValidationError as error:
            for field, errors in getattr(error, "error_dict", {None: error.error_list}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if report.notified_count:
                messages.success(
                    request,
                    ngettext(
                        "The incident has been recorded; %(n)d contact person of the "
                        "corporation has been notified.",
                        "The incident has been recorded; %(n)d contact persons of the "
                        "corporation have been notified.",
                        report.notified_count,
                    )
                    % {"n": report.notified_count},
                )
            else:
                messages.warning(
                    request,
                    _(
                        "The incident has been recorded, but the corporation has no contact person "
                        "on this trajectory: nobody was notified by e-mail. Inform the corporation "
                        "yourself and ask the coordinator to add a contact person."
                    ),
                )
            return redirect(reverse("trajectories:detail", args=[trajectory.pk]) + "#tasks-heading")
    return render(request, "tasks/incident_form.html", {"trajectory": trajectory, "form": form})
