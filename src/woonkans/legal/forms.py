"""Forms of the legal steps. They collect values; the use cases check the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from woonkans.organisations.models import Organisation, OrganisationKind

from .models import ExternalCollectionEndReason, ExternalCollectionKind, LegalSettings

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


def _date(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date", "class": TEXTBOX}, format="%Y-%m-%d"),
    )


def _money(label, *, required=True, help_text=""):
    return forms.DecimalField(
        label=label,
        required=required,
        help_text=help_text,
        max_digits=12,
        decimal_places=2,
        min_value=0,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": TEXTBOX}),
    )


def _text(label, *, required=False, max_length=500, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.TextInput(attrs={"class": TEXTBOX}),
    )


class _StepForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "utrecht-select utrecht-select--html-select")
            elif isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault(
                    "class", "utrecht-textarea utrecht-textarea--html-textarea"
                )
            elif isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault(
                    "class", "utrecht-checkbox utrecht-checkbox--html-input"
                )

    def values(self) -> dict:
        return dict(self.cleaned_data)


class HandoverForm(_StepForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ExternalCollectionKind.choices)
    agency = forms.ModelChoiceField(
        label=_("Bailiff or collection agency"),
        queryset=Organisation.objects.none(),
        help_text=_("External parties registered in Woonkans."),
    )
    handed_over_on = _date(_("Handed over on"))
    amount = _money(_("Amount handed over (euro)"))
    reference = _text(_("File number at the bailiff"), max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.EXTERN, is_active=True
        ).order_by("name")
        self.fields["agency"].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"


class ActivateForm(_StepForm):
    started_on = _date(_("Started on"))


class BalanceForm(_StepForm):
    balance = _money(_("Outstanding balance (euro)"))
    balance_on = _date(_("Balance on"))


class EndForm(_StepForm):
    ended_on = _date(_("Ended on"))
    reason = forms.ChoiceField(label=_("Reason"), choices=ExternalCollectionEndReason.choices)
    note = _text(_("Note"))


class SummonsForm(_StepForm):
    served_on = _date(_("Served on"))
    court_date = _date(_("Date of the hearing"))
    court = _text(
        _("Court"),
        required=True,
        max_length=200,
        help_text=_("For example: Rechtbank Den Haag, kanton."),
    )
    claim_amount = _money(_("Amount claimed (euro)"))
    claims_eviction = forms.BooleanField(
        label=_("The summons asks for dissolution of the lease and eviction"),
        required=False,
        initial=True,
    )


class WithdrawSummonsForm(_StepForm):
    withdrawn_on = _date(_("Withdrawn on"))
    reason = _text(_("Reason"), required=True)


class VerdictForm(_StepForm):
    pronounced_on = _date(_("Date of the verdict"))
    dissolution_and_eviction = forms.BooleanField(
        label=_("The court dissolved the lease and ordered the eviction"), required=False
    )
    amount_awarded = _money(_("Amount awarded (euro)"), required=False)
    by_default = forms.BooleanField(
        label=_("By default: the tenant did not appear (verstek)"), required=False
    )
    content = forms.CharField(
        label=_("Content of the verdict"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A short summary: what did the court decide, with which conditions or terms?"),
    )
    served_on = _date(_("Verdict served on"), required=False)


class NoticeForm(_StepForm):
    notified_on = _date(_("Announced on"))
    eviction_date = _date(_("Eviction date"))


class OutcomeForm(_StepForm):
    on = _date(_("Date"))
    note = _text(_("Note"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class LegalSettingsForm(forms.ModelForm):
    """The corporation's legal route settings; saved by ``services.legal_settings_update``."""

    class Meta:
        model = LegalSettings
        fields = ["urgent_before_eviction_days"]
        widgets = {
            "urgent_before_eviction_days": forms.NumberInput(
                attrs={"class": TEXTBOX, "min": 0, "max": 90, "inputmode": "numeric"}
            )
        }
