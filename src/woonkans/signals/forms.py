from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from woonkans.organisations.models import Organisation, OrganisationKind

from .models import EndResult, ObjectionChannel, SignalPolicy

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
SELECT = "utrecht-select utrecht-select--html-select"
CHECKBOX = "utrecht-checkbox utrecht-checkbox--html-input"


def _date(label, *, required=True, initial_today=True):
    return forms.DateField(
        label=label,
        required=required,
        initial=timezone.localdate if initial_today else None,
        widget=forms.DateInput(attrs={"type": "date", "class": TEXTBOX}, format="%Y-%m-%d"),
    )


class ObjectionForm(forms.Form):
    received_on = _date(_("Received on"))
    channel = forms.ChoiceField(
        label=_("How"),
        choices=ObjectionChannel.choices,
        widget=forms.Select(attrs={"class": SELECT}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": TEXTBOX}),
    )


class WithdrawObjectionForm(forms.Form):
    withdrawn_on = _date(_("Withdrawn on"))


class ExportForm(forms.Form):
    since = forms.DateField(
        label=_("Only signals made on or after"),
        required=False,
        help_text=_("Optional. Empty: every signal not sent yet."),
        widget=forms.DateInput(attrs={"type": "date", "class": TEXTBOX}, format="%Y-%m-%d"),
    )


class OutcomeForm(forms.Form):
    result = forms.ChoiceField(
        label=_("End result"),
        choices=[("", "—"), *EndResult.choices],
        widget=forms.Select(attrs={"class": SELECT}),
        help_text=_("The CBS monitoring list of end results of early signals."),
    )
    decided_on = _date(_("Date"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 3, "class": "utrecht-textarea utrecht-textarea--html-textarea"}
        ),
        help_text=_("For the municipality only: the corporation does not see it."),
    )


class PolicyForm(forms.ModelForm):
    class Meta:
        model = SignalPolicy
        fields = [
            "municipality",
            "is_active",
            "min_days_in_arrears",
            "min_amount",
            "objection_days",
            "reminder_offers_signal",
            "letters_point_to_debt_help",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.GEMEENTE, is_active=True
        ).order_by("name")
        self.fields["min_amount"].localize = True
        self.fields["min_amount"].widget = forms.TextInput(attrs={"inputmode": "decimal"})
        self.fields["min_amount"].widget.is_localized = True
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = CHECKBOX
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = SELECT
            else:
                field.widget.attrs["class"] = TEXTBOX

    def validate_unique(self):
        # The corporation is not a form field; the use case saves the one policy.
        pass
