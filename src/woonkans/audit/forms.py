from django import forms
from django.utils.translation import gettext_lazy as _

from woonkans.organisations.models import Organisation
from woonkans.organisations.policy import Purpose

from .models import AuditAction


class AuditSearchForm(forms.Form):
    actor_label = forms.CharField(label=_("Who (user name)"), required=False, max_length=150)
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.all(), required=False
    )
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("All")), *list(AuditAction.choices)], required=False
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=[("", _("All")), *list(Purpose.choices)], required=False
    )
    household_id = forms.IntegerField(
        label=_("Household (internal number)"), required=False, min_value=1
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Up to and including"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date must be on or before the end date."))
        return data
