"""The public collection-costs calculator page (no login): ``/incassokosten/``.

A GET form, so a result can be bookmarked or linked to. The scale is the one valid today,
loaded from the norm tables; the calculation is :func:`woonkans.arrears.costs.collection_costs`.
"""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from woonkans.norms.selectors import NormNotFound, wik_scale_on

from .costs import AmountError, collection_costs, parse_amount


class CollectionCostsForm(forms.Form):
    hoofdsom = forms.CharField(
        label=_("Principal (the amount owed, in euros)"),
        max_length=32,
        help_text=_("For example 1250,50. For several overdue months, enter their total."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    btw = forms.BooleanField(
        label=_("Add VAT"),
        required=False,
        help_text=_(
            "Only when the landlord outsourced collection, cannot deduct the VAT, and says "
            "so in the letter. A landlord collecting itself adds no VAT."
        ),
    )

    def clean_hoofdsom(self):
        try:
            return parse_amount(self.cleaned_data["hoofdsom"])
        except AmountError as error:
            raise forms.ValidationError(str(error)) from None


@require_GET
def collection_costs_calculator(request):
    today = timezone.localdate()
    form = CollectionCostsForm(request.GET if "hoofdsom" in request.GET else None)
    context = {"form": form, "today": today, "result": None, "scale": None}
    try:
        context["scale"] = scale = wik_scale_on(today)
    except NormNotFound:
        context["unavailable"] = True
        return render(request, "arrears/calculator.html", context, status=503)
    if form.is_bound and form.is_valid():
        context["result"] = collection_costs(
            form.cleaned_data["hoofdsom"], scale=scale, vat=form.cleaned_data["btw"]
        )
    return render(request, "arrears/calculator.html", context)


# Included from conf/urls.py under ``incassokosten/``.
urlpatterns = [
    path("", collection_costs_calculator, name="collection-costs-calculator"),
]
