from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import arrangements as arr
from .models import (
    ArrangementEndReason,
    ArrangementStatus,
    ArrearsReason,
    Channel,
    CollectionPolicy,
    CollectionStep,
    ContactKind,
    ContactOutcome,
    OtherProblem,
    PartOfDay,
    PaymentMethod,
    StepRole,
)
from .presets import PRESETS

YES_NO = [("true", _("Yes")), ("false", _("No"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class WorklistFilterForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All channels")), *Channel.choices]
    )
    role = forms.ChoiceField(
        label=_("For"), required=False, choices=[("", _("Everyone")), *StepRole.choices]
    )
    datum = forms.DateField(label=_("Due on or before"), required=False, widget=DateInput())


class ContactAttemptForm(forms.Form):
    tenancy = forms.ModelChoiceField(
        label=_("Tenancy"), queryset=None, required=False, empty_label=_("Not about a tenancy")
    )
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=ContactKind.choices)
    reached = forms.TypedChoiceField(
        label=_("Was the tenant reached?"),
        choices=YES_NO,
        coerce=lambda v: v == "true",
        widget=forms.RadioSelect,
    )
    attempted_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    part_of_day = forms.ChoiceField(
        label=_("Part of day"),
        required=False,
        choices=[("", _("From the time")), *PartOfDay.choices],
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ContactOutcome.choices)
    note = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    arrears_reason = forms.MultipleChoiceField(
        label=_("Why is the rent not paid?"),
        help_text=_("Ask further: what happened? Tick everything that applies."),
        required=False,
        choices=ArrearsReason.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    arrears_reason_note = forms.CharField(
        label=_("Reason for the arrears, in the tenant's words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    other_problems = forms.MultipleChoiceField(
        label=_("Other problems noticed"),
        help_text=_("Ask further: is there anything else going on?"),
        required=False,
        choices=OtherProblem.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    other_problems_note = forms.CharField(
        label=_("Other problems, in words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    pointed_to_debt_help = forms.BooleanField(
        label=_("Pointed the tenant to (free) debt help"), required=False
    )
    complete_item = forms.BooleanField(
        label=_("This completes the task on the worklist"), required=False, initial=True
    )

    def __init__(self, *args, tenancies, from_item: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tenancy"].queryset = tenancies
        self.fields["attempted_at"].help_text = _("Not in the future.")
        if tenancies.count() == 1:
            self.fields["tenancy"].initial = tenancies.first()
        if not from_item:
            del self.fields["complete_item"]
        self.fields["attempted_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")

    def clean_attempted_at(self):
        value = self.cleaned_data["attempted_at"]
        if value > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("A contact attempt cannot be in the future."))
        return value


class ArrangementForm(forms.Form):
    tenancy = forms.ModelChoiceField(label=_("Tenancy"), queryset=None, empty_label=None)
    total_amount = forms.DecimalField(
        label=_("Total amount (€)"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )
    term_amount = forms.DecimalField(
        label=_("Amount per month (€)"),
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Fit it to what the tenant can pay. The last term is the remainder."),
    )
    agreed_on = forms.DateField(label=_("Date agreed"), widget=DateInput())
    start_date = forms.DateField(
        label=_("Start date"),
        required=False,
        widget=DateInput(),
        help_text=_("Payments from this date count. Empty: the date agreed."),
    )
    first_due_date = forms.DateField(label=_("First term due on"), widget=DateInput())
    payment_method = forms.ChoiceField(label=_("Payment method"), choices=PaymentMethod.choices)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (ArrangementStatus.AAN, ArrangementStatus.AAN.label),
            (ArrangementStatus.ACT, ArrangementStatus.ACT.label),
        ],
        initial=ArrangementStatus.ACT,
    )
    note = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, tenancies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tenancy"].queryset = tenancies

    def clean(self):
        data = super().clean()
        total, term = data.get("total_amount"), data.get("term_amount")
        if total and term:
            if term > total:
                self.add_error(
                    "term_amount", _("The amount per month cannot be more than the total.")
                )
            elif total / term > arr.MAX_TERMS:
                self.add_error(
                    "term_amount",
                    _("That would take more than %(n)s months.") % {"n": arr.MAX_TERMS},
                )
        start = data.get("start_date") or data.get("agreed_on")
        first = data.get("first_due_date")
        if start and first and first < start:
            self.add_error(
                "first_due_date", _("The first term cannot be due before the start date.")
            )
        return data


class ArrangementStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ArrangementStatus.choices)
    end_reason = forms.ChoiceField(
        label=_("End reason"),
        required=False,
        choices=ArrangementEndReason.choices,
        help_text=_("Only when the arrangement ends."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = arr.ALLOWED_TRANSITIONS.get(current, frozenset())
        self.fields["status"].choices = [
            (value, label) for value, label in ArrangementStatus.choices if value in allowed
        ]


class StepForm(forms.ModelForm):
    class Meta:
        model = CollectionStep
        fields = [
            "name",
            "description",
            "is_active",
            "trigger",
            "trigger_days",
            "min_amount",
            "min_open_terms",
            "channel",
            "actor_role",
            "stop_at_legal_stage",
            "repeat_times",
            "repeat_every_days",
            "stop_when_reached",
            "send_automatically",
            "letter_template",
            "message_text",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "message_text": forms.Textarea(attrs={"rows": 4}),
        }


class PolicyForm(forms.ModelForm):
    class Meta:
        model = CollectionPolicy
        fields = [
            "is_active",
            "pause_while_arrangement_kept",
            "arrangement_grace_days",
            "liberation_day_every_year",
        ]


class PresetForm(forms.Form):
    preset = forms.ChoiceField(
        label=_("Preset"), choices=[(p.key, p.label) for p in PRESETS.values()]
    )


class RunForm(forms.Form):
    run_date = forms.DateField(label=_("Run date"), widget=DateInput())
