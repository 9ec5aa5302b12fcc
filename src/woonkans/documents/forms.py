from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from woonkans.arrears.costs import AmountError, parse_amount

from .kinds import LetterKind
from .models import LetterSettings, LetterTemplate
from .services import SETTINGS_FIELDS


class LetterTemplateForm(forms.Form):
    """Title and body of a template; validated by the use case (``letter_template_save``)."""

    title = LetterTemplate._meta.get_field("title").formfield()
    body = LetterTemplate._meta.get_field("body").formfield(
        widget=forms.Textarea(attrs={"rows": 22, "cols": 80, "spellcheck": "true"})
    )
    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, check_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if check_url:
            # Live readability: htmx posts the form to the check endpoint while typing.
            live = {
                "hx-post": check_url,
                "hx-trigger": "keyup changed delay:500ms, change",
                "hx-target": "#wk-check",
                "hx-include": "closest form",
            }
            for name in ("title", "body"):
                self.fields[name].widget.attrs.update(live)


class LetterSettingsForm(forms.ModelForm):
    class Meta:
        model = LetterSettings
        fields = list(SETTINGS_FIELDS)
        widgets = {
            "sender_address": forms.Textarea(attrs={"rows": 3}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
        }


class LetterForm(forms.Form):
    """Choose what letter to make for a household."""

    tenancy = forms.ModelChoiceField(queryset=None, label=_("Tenancy"), empty_label=None)
    kind = forms.ChoiceField(label=_("Kind of letter"), choices=LetterKind.choices)
    sent_on = forms.DateField(
        label=_("Letter date"),
        help_text=_("The day the letter is sent. A 14-day letter counts its term from it."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    amount_due = forms.CharField(
        label=_("Amount due (euros)"),
        required=False,
        max_length=32,
        help_text=_(
            "Needed for a reminder and an invitation, for example 1250,50. A 14-day letter "
            "claims the overdue rent and corrections at the letter date: leave the amount "
            "empty to claim all of it, or enter less and give the reason. It cannot be more."
        ),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    amount_reason = forms.CharField(
        label=_("Reason for a lower amount (only for a 14-day letter)"),
        required=False,
        max_length=500,
        help_text=_(
            "Needed when the 14-day letter claims less than the overdue rent and "
            "corrections, for example: one month is in dispute."
        ),
    )
    appointment = forms.CharField(
        label=_("Appointment (only for an invitation)"),
        required=False,
        max_length=200,
        help_text=_("Day, time and place, for example: Tuesday 13 January at 10.00, our office."),
    )

    def __init__(self, *args, tenancies, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("sent_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        field = self.fields["tenancy"]
        field.queryset = tenancies
        field.label_from_instance = lambda t: f"{t.contract_number} – {t.address}"
        if len(tenancies) == 1:
            field.initial = tenancies[0].pk
            field.widget = forms.HiddenInput()

    def clean_amount_due(self):
        text = self.cleaned_data.get("amount_due", "")
        if not text.strip():
            return None
        try:
            return parse_amount(text)
        except AmountError as error:
            raise forms.ValidationError(str(error)) from None

    # No amount for a 14-day letter: it claims all overdue principal at the letter date
    # (documents/claims.py). Other letters without an amount stop at rendering when their
    # text uses it ("Missing: amount of the arrears").
