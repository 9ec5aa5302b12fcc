from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DueKind, IncidentKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TaskFilterForm(forms.Form):
    SHOW_CHOICES = (
        ("", _("All open items")),
        ("overdue", _("Overdue")),
        ("soon", _("Overdue or due within 7 days")),
    )
    show = forms.ChoiceField(label=_("Show"), choices=SHOW_CHOICES, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *DueKind.choices], required=False
    )
    household = forms.CharField(label=_("Household number"), max_length=32, required=False)


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of event"), choices=IncidentKind.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE)
    description = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "The corporation's contact persons are notified by e-mail at once; the e-mail "
            "does not contain this description."
        ),
    )
