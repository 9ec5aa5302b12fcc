from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from woonkans.audit.services import audit_view
from woonkans.core.decorators import actor_required
from woonkans.organisations.policy import FieldGroup

from . import services
from .access import (
    household_for_actor,
    households_visible_to,
    person_for_actor,
    timeline_visible_to,
)
from .forms import PersonForm
from .models import normalize_postcode
from .timeline import label_for


def _require_households(request):
    from django.http import Http404

    if not request.actor.sees_households:
        raise Http404


@actor_required
def household_list(request):
    _require_households(request)
    query = request.GET.get("q", "").strip()
    households = households_visible_to(request.actor).prefetch_related("tenancies")
    if query:
        households = households.filter(
            Q(name__icontains=query)
            | Q(reference__icontains=query)
            | Q(tenancies__street__icontains=query)
            | Q(tenancies__postcode__icontains=normalize_postcode(query))
            | Q(tenancies__contract_number__icontains=query)
        ).distinct()
    page = Paginator(households.order_by("name", "pk"), 25).get_page(request.GET.get("page"))
    template = "households/_table.html" if request.htmx else "households/list.html"
    return render(request, template, {"page": page, "households": page.object_list, "q": query})


def _timeline_context(actor, household):
    entries = list(timeline_visible_to(actor, household)[:100])
    for entry in entries:
        entry.label = label_for(entry.kind)
    return entries


@actor_required
def household_detail(request, pk: int):
    _require_households(request)
    actor = request.actor
    household = household_for_actor(actor, pk)
    audit_view(actor=actor, obj=household, request_path=request.path)
    context = {
        "household": household,
        "members": household.members.all()
        if actor.sees(FieldGroup.FAMILY)
        else household.members.filter(relation__in=["hoofdhuurder", "medehuurder"]),
        "tenancies": household.tenancies.select_related("corporation"),
        "timeline": _timeline_context(actor, household),
        "sees": {g: actor.sees(g) for g in FieldGroup.values},
        "is_landlord": household.tenancies.filter(corporation=actor.organisation).exists(),
    }
    return render(request, "households/detail.html", context)


@actor_required
def household_timeline(request, pk: int):
    _require_households(request)
    household = household_for_actor(request.actor, pk)
    audit_view(actor=request.actor, obj=household, request_path=request.path)
    return render(
        request,
        "households/_timeline.html",
        {"household": household, "timeline": _timeline_context(request.actor, household)},
    )


@actor_required
def person_edit(request, pk: int):
    _require_households(request)
    actor = request.actor
    person = person_for_actor(actor, pk)
    if not actor.sees(FieldGroup.FAMILY) or not actor.sees(FieldGroup.CONTACT):
        from django.http import Http404

        raise Http404
    if request.method == "POST":
        form = PersonForm(request.POST, instance=person)
        if form.is_valid():
            data = {f: form.cleaned_data[f] for f in services.PERSON_EDITABLE_FIELDS}
            try:
                services.person_update(
                    actor=actor, person=person, version=form.cleaned_data["version"], **data
                )
            except services.EditConflict as conflict:
                form.add_error(None, str(conflict))
            else:
                messages.success(request, _("The details have been saved."))
                return redirect("households:detail", pk=person.household_id)
    else:
        form = PersonForm(instance=person, initial={"version": person.version})
    audit_view(actor=actor, obj=person, request_path=request.path)
    return render(request, "households/person_form.html", {"form": form, "person": person})
