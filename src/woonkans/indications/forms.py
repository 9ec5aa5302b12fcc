from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LegalBasis

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IndicationForm(forms.Form):
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasis.choices)
    product = forms.CharField(
        label=_("Product"),
        max_length=120,
        help_text=_("For example: ambulant guidance (begeleiding individueel)."),
    )
    product_category = forms.CharField(
        label=_("iWmo product category"),
        max_length=2,
        required=False,
        help_text=_("Two digits as in the WMO301 allocation, e.g. 02."),
    )
    product_code = forms.CharField(
        label=_("iWmo product code"),
        max_length=5,
        required=False,
        help_text=_("The municipality's five-character product code."),
    )
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("End date"), widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return data


class ActivityForm(forms.Form):
    activity = forms.CharField(label=_("Activity"), max_length=120, required=False)
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.25"),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("activity") and data.get("hours_per_week") is None:
            self.add_error("hours_per_week", _("Enter the hours per week for this activity."))
        if data.get("hours_per_week") is not None and not data.get("activity"):
            self.add_error("activity", _("Name the activity for these hours."))
        return data


ActivityFormSet = forms.formset_factory(ActivityForm, extra=0, min_num=5, max_num=12)


def activity_rows(formset) -> list[tuple[str, Decimal]]:
    return [
        (form.cleaned_data["activity"], form.cleaned_data["hours_per_week"])
        for form in formset.forms
        if form.cleaned_data.get("activity")
    ]


class EndForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Last day of the indication"),
        widget=DATE,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class SettingsForm(forms.Form):
    warn_days_before_end = forms.IntegerField(
        label=_("Warn this many days before an indication ends"),
        min_value=1,
        max_value=365,
        help_text=_("Default 42 days (6 weeks)."),
    )
