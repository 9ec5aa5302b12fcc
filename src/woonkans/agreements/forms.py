"""Forms of the agreement pages. They collect values; the use cases check the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .docx_templates import DOCX_CONTENT_TYPE, MAX_TEMPLATE_BYTES
from .models import EndOutcome
from .rules import FITS_STAGE, AgreementForm, LegalStage

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
SELECT = "utrecht-select utrecht-select--html-select"
TEXTAREA = "utrecht-textarea utrecht-textarea--html-textarea"


def _date(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date", "class": TEXTBOX}, format="%Y-%m-%d"),
    )


def _decimal(label, *, help_text="", max_digits=12):
    return forms.DecimalField(
        label=label,
        required=False,
        help_text=help_text,
        max_digits=max_digits,
        decimal_places=2,
        min_value=0,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": TEXTBOX}),
    )


def _text(label, *, required=False, max_length=200, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.TextInput(attrs={"class": TEXTBOX}),
    )


def _textarea(label, *, required=True, help_text="", rows=4):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=4000,
        widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": rows}),
    )


class _Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AgreementCreateForm(forms.Form):
    form = forms.ChoiceField(
        label=_("Form of agreement"),
        choices=AgreementForm.choices,
        widget=forms.Select(attrs={"class": SELECT}),
    )
    form_reason = _textarea(
        _("Reason for another form"),
        required=False,
        help_text=_("Required when you choose another form than the proposed one."),
        rows=3,
    )
    start_date = _date(_("Start date"))
    end_date = _date(
        _("End date"),
        required=False,
        help_text=_(
            "Leave empty for the default: one year, or about two years for a flip contract."
        ),
    )
    guidance_hours_per_week = _decimal(_("Guidance hours per week"), max_digits=5)
    repayment_per_month = _decimal(_("Repayment of the arrears per month (€)"))
    place = _text(_("Place of signing"), max_length=100)


class AgreementEditForm(_Versioned):
    start_date = _date(_("Start date"))
    end_date = _date(_("End date"))
    guidance_hours_per_week = _decimal(_("Guidance hours per week"), max_digits=5)
    repayment_per_month = _decimal(_("Repayment of the arrears per month (€)"))
    place = _text(_("Place of signing"), max_length=100)
    copies = forms.IntegerField(
        label=_("Number of copies"),
        min_value=1,
        max_value=20,
        widget=forms.NumberInput(attrs={"class": TEXTBOX}),
    )
    items = _textarea(
        _("Concrete agreements (article 1)"),
        help_text=_("One agreement per line, in plain Dutch: the household signs this text."),
        rows=10,
    )

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version")
        data["items"] = data["items"].splitlines()
        return data


class SignatureForm(_Versioned):
    party = forms.TypedChoiceField(
        label=_("Party"), coerce=int, widget=forms.Select(attrs={"class": SELECT})
    )
    signed_on = _date(_("Signed on"))
    signed_by = _text(
        _("Signed by"),
        help_text=_(
            "For an organisation: name and function of the person who signed. Not needed "
            "for a tenant."
        ),
    )

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [
            (p.pk, f"{p.name} ({p.get_role_display()})") for p in parties
        ]
        self.fields["signed_on"].initial = timezone.localdate()


class ExtendForm(_Versioned):
    new_end_date = _date(_("New end date"))
    reason = _textarea(
        _("Reason"),
        help_text=_("Decided with the support worker and the landlord: why is more time needed?"),
    )


class EndForm(_Versioned):
    outcome = forms.ChoiceField(
        label=_("Why does the agreement end?"),
        choices=EndOutcome.choices,
        widget=forms.RadioSelect,
    )
    effective_on = _date(_("Ends on"))
    immediate = forms.BooleanField(
        label=_("With immediate effect (today)"),
        required=False,
        widget=forms.CheckboxInput(
            attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}
        ),
    )
    reason = _textarea(
        _("Reason"),
        help_text=_("This text is printed in the notice to all parties, also to the household."),
    )


class TemplateUploadForm(forms.Form):
    form = forms.ChoiceField(
        label=_("Form of agreement"),
        choices=AgreementForm.choices,
        widget=forms.Select(attrs={"class": SELECT}),
    )
    name = _text(_("Name"), required=True, max_length=120)
    file = forms.FileField(
        label=_("Word file (.docx)"),
        help_text=_("At most 2 MB. Use only the placeholders listed on this page."),
        widget=forms.ClearableFileInput(attrs={"accept": f".docx,{DOCX_CONTENT_TYPE}"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TEMPLATE_BYTES:
            raise forms.ValidationError(_("The file is too large: at most 2 MB."))
        return upload


def _choices(stage: str):
    return [(value, label) for value, label in AgreementForm.choices if value in FITS_STAGE[stage]]


class CorporationSettingsForm(_Versioned):
    form_without_verdict = forms.ChoiceField(
        label=_("Preferred form without a verdict"),
        choices=_choices(LegalStage.NO_VERDICT),
        widget=forms.Select(attrs={"class": SELECT}),
    )
    form_after_verdict = forms.ChoiceField(
        label=_("Preferred form after a verdict"),
        choices=_choices(LegalStage.VERDICT),
        widget=forms.Select(attrs={"class": SELECT}),
    )
