"""Pages for the functional administrator: norm tables, their dated values, adding and
correcting a value. Other roles get "not found"."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from woonkans.core.decorators import role_required
from woonkans.organisations.models import Role

from . import selectors, services
from .forms import NormValueAddForm, NormValueCorrectForm
from .models import NormTable, NormValue


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@role_required(Role.FUNCTIONEEL_BEHEERDER)
def table_list(request):
    return render(request, "norms/table_list.html", {"tables": selectors.tables_overview()})


@role_required(Role.FUNCTIONEEL_BEHEERDER)
def table_detail(request, code: str):
    table = get_object_or_404(NormTable, code=code)
    return render(
        request,
        "norms/table_detail.html",
        {"table": table, "versions": selectors.table_versions(table)},
    )


@role_required(Role.FUNCTIONEEL_BEHEERDER)
def value_add(request, code: str):
    table = get_object_or_404(NormTable, code=code)
    known_keys = sorted(set(table.values.values_list("key", flat=True)))
    if request.method == "POST":
        form = NormValueAddForm(request.POST, table=table, known_keys=known_keys)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.norm_value_add(
                    actor=request.actor,
                    table=table,
                    valid_from=data["valid_from"],
                    key=data["key"],
                    value=data["value"],
                    lower_bound=data.get("lower_bound"),
                    upper_bound=data.get("upper_bound"),
                    source=data["source"],
                    verified=data["verified"],
                    verification_note=data["verification_note"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The value has been added."))
                return redirect("norms:table", code=table.code)
    else:
        initial = {"key": request.GET.get("key", ""), "verified": True}
        form = NormValueAddForm(initial=initial, table=table, known_keys=known_keys)
    return render(request, "norms/value_form.html", {"form": form, "table": table, "norm": None})


@role_required(Role.FUNCTIONEEL_BEHEERDER)
def value_correct(request, pk: int):
    norm = get_object_or_404(NormValue.objects.select_related("table"), pk=pk)
    table = norm.table
    if request.method == "POST":
        form = NormValueCorrectForm(request.POST, instance=norm, table=table)
        if form.is_valid():
            data = form.cleaned_data
            changes = {name: data[name] for name in services.CORRECTABLE_FIELDS if name in data}
            try:
                services.norm_value_correct(
                    actor=request.actor, norm=norm, reason=data["reason"], **changes
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The value has been corrected."))
                return redirect("norms:table", code=table.code)
    else:
        form = NormValueCorrectForm(instance=norm, table=table)
    return render(request, "norms/value_form.html", {"form": form, "table": table, "norm": norm})
