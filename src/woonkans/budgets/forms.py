from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import rules
from .models import (
    BudgetManagement,
    ContactChannel,
    CreditorKind,
    Debt,
    DebtStatus,
    FixedCharge,
    HandoverKind,
    IncomeSource,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _money_widgets(form: forms.Form, *names: str) -> None:
    for name in names:
        if name in form.fields:
            form.fields[name].widget.attrs.update({"inputmode": "decimal", "step": "0.01"})


class BudgetForm(forms.ModelForm):
    class Meta:
        model = BudgetManagement
        fields = [
            "started_on",
            "living_money_amount",
            "living_money_frequency",
            "reserve_target",
            "reserve_balance",
            "notes",
        ]
        widgets = {"started_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["started_on"]
        else:
            self.fields["started_on"].initial = timezone.localdate()
        _money_widgets(self, "living_money_amount", "reserve_target", "reserve_balance")


class BudgetEditForm(VersionMixin, BudgetForm):
    pass


class BudgetEndForm(VersionMixin):
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput())


class IncomeForm(forms.ModelForm):
    class Meta:
        model = IncomeSource
        fields = ["kind", "description", "amount", "payment_day"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _money_widgets(self, "amount")


class IncomeEditForm(VersionMixin, IncomeForm):
    pass


class ChargeForm(forms.ModelForm):
    class Meta:
        model = FixedCharge
        fields = ["kind", "payee", "amount", "due_day"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _money_widgets(self, "amount")


class ChargeEditForm(VersionMixin, ChargeForm):
    pass


class RemoveForm(VersionMixin):
    pass


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("Date"), widget=DateInput())
    charge = forms.ModelChoiceField(
        label=_("Fixed charge"),
        queryset=FixedCharge.objects.none(),
        required=False,
        empty_label=_("Not for a fixed charge"),
    )
    payee = forms.CharField(
        label=_("Payee"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the payee of the fixed charge."),
    )
    amount = forms.DecimalField(label=_("Amount"), max_digits=12, decimal_places=2, min_value=0.01)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["charge"].queryset = budget.charges.all()
        self.fields["paid_on"].initial = timezone.localdate()
        _money_widgets(self, "amount")

    def clean(self):
        data = super().clean()
        if not data.get("payee") and data.get("charge") is not None:
            data["payee"] = data["charge"].payee
        if not data.get("payee") and "payee" not in self.errors:
            self.add_error("payee", _("Enter the payee or choose a fixed charge."))
        return data


DEBT_FIELDS = (
    "creditor_name",
    "kind",
    "reference",
    "amount",
    "status",
    "monthly_repayment",
    "priority",
    "priority_override_reason",
    "notes",
)


class DebtForm(forms.Form):
    creditor_name = forms.CharField(label=_("Creditor"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of creditor"), choices=CreditorKind.choices)
    reference = forms.CharField(label=_("Creditor's reference"), max_length=100, required=False)
    amount = forms.DecimalField(label=_("Amount"), max_digits=12, decimal_places=2, min_value=0)
    status = forms.ChoiceField(label=_("Status"))
    monthly_repayment = forms.DecimalField(
        label=_("Repayment per month"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        initial=rules.ZERO,
        help_text=_("What the household pays off per month in an arrangement."),
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Usual for this kind of creditor"))] + [(i, str(i)) for i in range(1, 10)],
        help_text=_(
            "Rent, energy, water and health insurance come first (1): they prevent eviction, "
            "disconnection and the premium withheld at source."
        ),
    )
    priority_override_reason = forms.CharField(
        label=_("Reason for a different priority"), max_length=500, required=False
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, debt: Debt | None = None, **kwargs):
        if debt is not None:
            initial = {f: getattr(debt, f) for f in DEBT_FIELDS}
            if not debt.priority_override_reason:
                initial["priority"] = None
            initial["version"] = debt.version
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        allowed = [DebtStatus.OPEN, DebtStatus.IN_REGELING, DebtStatus.AFGELOST]
        if debt is not None and debt.status == DebtStatus.OVERGEDRAGEN:
            allowed.append(DebtStatus.OVERGEDRAGEN)
        self.fields["status"].choices = [(s.value, s.label) for s in allowed]
        _money_widgets(self, "amount", "monthly_repayment")

    def clean(self):
        data = super().clean()
        priority = data.get("priority")
        kind = data.get("kind")
        if (
            priority is not None
            and kind
            and priority != rules.priority_for_kind(kind)
            and not (data.get("priority_override_reason") or "").strip()
        ):
            self.add_error(
                "priority_override_reason",
                _("Give a reason when the priority differs from the usual one for this kind."),
            )
        return data

    def values(self) -> dict:
        return {k: self.cleaned_data[k] for k in DEBT_FIELDS}


class DebtEditForm(VersionMixin, DebtForm):
    pass


class CreditorContactForm(forms.Form):
    contacted_on = forms.DateField(label=_("Date"), widget=DateInput())
    channel = forms.ChoiceField(label=_("Channel"), choices=ContactChannel.choices)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacted_on"].initial = timezone.localdate()


class HandoverForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Hand over to"), choices=HandoverKind.choices, widget=forms.RadioSelect
    )
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    handed_over_on = forms.DateField(label=_("Date"), widget=DateInput())
    debts = forms.ModelMultipleChoiceField(
        label=_("Debts handed over"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, organisations, debts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].help_text = _(
            "A debt-help organisation, or a bewindvoerder (an external party)."
        )
        self.fields["debts"].queryset = debts
        self.fields["handed_over_on"].initial = timezone.localdate()


class SummaryCreateForm(forms.Form):
    corporation = forms.ModelChoiceField(label=_("Corporation"), queryset=None)
    period = forms.ChoiceField(label=_("Quarter"))

    def __init__(self, *args, corporations, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["corporation"].queryset = corporations
        if corporations.count() == 1:
            self.fields["corporation"].initial = corporations.first()
        choices = []
        year, quarter = rules.quarter_of(today)
        for _i in range(5):
            choices.append((f"{year}-{quarter}", f"{year} Q{quarter}"))
            year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
        self.fields["period"].choices = choices
        self.fields["period"].initial = "{}-{}".format(*rules.previous_quarter(today))

    def year_quarter(self) -> tuple[int, int]:
        year, quarter = self.cleaned_data["period"].split("-")
        return int(year), int(quarter)


class SummaryRemarksForm(VersionMixin):
    remarks = forms.CharField(
        label=_("Remarks of the consultant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Progress, cooperation with the household, and what is agreed next."),
    )


class SummarySendForm(VersionMixin):
    pass
