from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from woonkans.arrears.costs import AmountError, parse_amount
from woonkans.collection.models import PaymentMethod

from .models import Situation, SplitMethodChoice

AMOUNT_WIDGET = {"inputmode": "decimal", "autocomplete": "off"}

#: Corrections of the VTLB method the consultant enters (norms.md §5), with labels.
CORRECTION_FIELDS = (
    ("woonkosten", _("Housing costs above the rent-benefit limit")),
    ("zorgpremie", _("Health premium above the standard premium")),
    ("lokale_lasten", _("Local taxes")),
    ("medische_kosten", _("Medical costs")),
    ("reiskosten", _("Travel costs")),
    ("kinderopvang", _("Childcare")),
    ("alimentatie", _("Alimony")),
    ("beschermingsbewind", _("Costs of budget management or bewind")),
    ("overig", _("Other correction set by a court")),
)


class AmountField(forms.CharField):
    """A euro amount with a decimal point or comma (``arrears.costs.parse_amount``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={**AMOUNT_WIDGET, "maxlength": 32}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > 32:
            raise forms.ValidationError(_("The amount is too large."))
        try:
            return parse_amount(value)
        except AmountError as error:
            raise forms.ValidationError(str(error)) from None


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CalculatorForm(forms.Form):
    """The public calculator (GET)."""

    leefsituatie = forms.ChoiceField(label=_("Household situation"), choices=Situation.choices)
    netto_inkomen = AmountField(
        label=_("Net income per month, including holiday allowance"),
        help_text=_("For example 1850,00. Add the holiday allowance: the yearly amount / 12."),
    )
    peildatum = forms.DateField(
        label=_("Reference date"),
        required=False,
        widget=DateInput(),
        help_text=_("The norms valid on this date are used. Empty: today."),
    )
    compensatiekop = AmountField(
        label=_("Top-up for an income above the norm (compensatiekop)"),
        required=False,
        help_text=_(
            "From the official calculation by the bailiff or debt help. Without it, an income "
            "above the norm gets the upper bound."
        ),
    )


class PlanCalculatorForm(forms.Form):
    """The public payment-plan calculator (GET, prefix ``plan``)."""

    schuld = AmountField(label=_("Debt"))
    afloscapaciteit = AmountField(label=_("Repayment capacity per month"))
    eenmalig = AmountField(label=_("Demanded: amount at once"), required=False)
    termijnen = forms.IntegerField(
        label=_("Demanded: monthly terms for the rest"), required=False, min_value=1, max_value=600
    )

    def clean(self):
        data = super().clean()
        debt, at_once = data.get("schuld"), data.get("eenmalig")
        if debt is not None and debt <= 0:
            self.add_error("schuld", _("Enter an amount above 0."))
        if debt is not None and at_once is not None and at_once > debt:
            self.add_error("eenmalig", _("The amount at once cannot be more than the debt."))
        if (
            debt is not None
            and at_once is not None
            and at_once < debt
            and not data.get("termijnen")
        ):
            self.add_error("termijnen", _("Give the number of terms for the rest."))
        return data


class CalculationForm(forms.Form):
    reference_date = forms.DateField(label=_("Reference date"), widget=DateInput())
    situation = forms.ChoiceField(label=_("Household situation"), choices=Situation.choices)
    net_income = AmountField(
        label=_("Net income per month, including holiday allowance"),
        help_text=_("All income of the household that counts, per month."),
    )
    top_up = AmountField(
        label=_("Top-up for an income above the norm (compensatiekop)"),
        required=False,
        help_text=_(
            # xgettext:no-python-format
            "From the official calculation. Without it, an income above the norm gets the "
            "upper bound (the lower of the maximum and 95% of the income)."
        ),
    )
    top_up_source = forms.CharField(label=_("Source of the top-up"), required=False, max_length=300)
    adults_for_deductible = forms.TypedChoiceField(
        label=_("Reserve the health-insurance deductible for"),
        choices=[(0, _("nobody")), (1, _("one adult")), (2, _("two adults"))],
        coerce=int,
        initial=0,
    )
    note = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in CORRECTION_FIELDS:
            self.fields[f"correction_{code}"] = AmountField(
                label=label, required=False, help_text=_("Per month.")
            )

    def corrections(self) -> list[tuple[str, Decimal]]:
        return [
            (code, self.cleaned_data[f"correction_{code}"])
            for code, _label in CORRECTION_FIELDS
            if self.cleaned_data.get(f"correction_{code}")
        ]


class CompareForm(forms.Form):
    """GET parameters of the proposal page: the arrears and what is available at once."""

    schuld = AmountField(label=_("Rent arrears to cover"), required=False)
    beschikbaar = AmountField(label=_("Available to pay at once"), required=False)
    verdeling = forms.ChoiceField(
        label=_("Split the capacity over the creditors"),
        choices=SplitMethodChoice.choices,
        required=False,
    )


class ProposalForm(forms.Form):
    tenancy = forms.TypedChoiceField(label=_("Tenancy"), coerce=int)
    debt = AmountField(label=_("Rent arrears covered by the plan"))
    at_once = AmountField(label=_("Paid at once"), required=False)
    available_at_once = AmountField(
        label=_("Available to pay at once"),
        required=False,
        help_text=_("Savings or a fund; the amount at once is affordable up to this."),
    )
    term_amount = AmountField(label=_("Amount per month"))
    first_due_date = forms.DateField(label=_("First term due"), widget=DateInput())
    split_method = forms.ChoiceField(
        label=_("Split the capacity over the creditors"), choices=SplitMethodChoice.choices
    )
    note = forms.CharField(
        label=_("Explanation for the corporation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, tenancies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tenancy"].choices = [
            (t.pk, f"{t.contract_number} – {t.address}") for t in tenancies
        ]

    def clean_first_due_date(self):
        day = self.cleaned_data["first_due_date"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The first term cannot be in the past."))
        return day


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("accept", _("Accept: register the payment arrangement")),
            ("decline", _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    payment_method = forms.ChoiceField(
        label=_("Payment method"),
        choices=[("", _("Choose when accepting")), *PaymentMethod.choices],
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason or note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you decline: the consultant can make a better proposal."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "accept" and not data.get("payment_method"):
            self.add_error("payment_method", _("Choose how the household pays."))
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for declining."))
        return data


class SettingsForm(forms.Form):
    upfront_percent = forms.DecimalField(
        label=_("Share of the arrears to pay at once (%)"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        decimal_places=2,
        max_digits=5,
    )
    months = forms.IntegerField(label=_("Months for the rest"), min_value=1, max_value=120)
    version = forms.IntegerField(widget=forms.HiddenInput)
