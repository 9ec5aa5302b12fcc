"""Forms of the trajectory pages. They collect values; the use cases check the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from woonkans.organisations.models import Organisation, OrganisationKind

from .models import (
    MAX_INVOLVEMENT_RETENTION_DAYS,
    LegalStageAtReferral,
    LifeDomain,
    MediationOutcome,
    State,
)

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
TEXTAREA = "utrecht-textarea utrecht-textarea--html-textarea"
SELECT = "utrecht-select utrecht-select--html-select"


def _date(label, *, required=True, help_text="", initial=None):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        initial=initial,
        widget=forms.DateInput(attrs={"type": "date", "class": TEXTBOX}, format="%Y-%m-%d"),
    )


def _money(label, *, required=True, help_text="", min_value=None):
    return forms.DecimalField(
        label=label,
        required=required,
        help_text=help_text,
        max_digits=12,
        decimal_places=2,
        min_value=min_value,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": TEXTBOX}),
    )


def _textarea(label, *, required=True, help_text="", rows=4):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": rows}),
    )


YES_NO = (("yes", _("Yes")), ("no", _("No")))


class ReferralForm(forms.Form):
    tenancy = forms.ModelChoiceField(
        label=_("Tenancy"),
        queryset=None,
        empty_label=None,
        widget=forms.Select(attrs={"class": SELECT}),
    )
    referred_on = _date(_("Date of the referral"))
    reason = _textarea(_("Reason for the referral"))
    arrears_at_referral = _money(
        _("Rent arrears"), help_text=_("Filled in from the rent ledger of today; check it.")
    )
    legal_stage = forms.ChoiceField(
        label=_("Legal stage"),
        choices=LegalStageAtReferral.choices,
        widget=forms.RadioSelect,
    )
    verdict_date = _date(
        _("Date of the verdict"), required=False, help_text=_("Only when a verdict was given.")
    )
    household_situation = _textarea(_("Household situation"), required=False)
    children_count = forms.IntegerField(
        label=_("Number of children"),
        min_value=0,
        max_value=30,
        widget=forms.NumberInput(attrs={"class": TEXTBOX}),
    )
    care_provider = forms.ModelChoiceField(
        label=_("Care provider"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.ZORGORGANISATIE, is_active=True),
        widget=forms.Select(attrs={"class": SELECT}),
    )
    social_team = forms.ModelChoiceField(
        label=_("Social team / CJG"),
        required=False,
        queryset=Organisation.objects.filter(kind=OrganisationKind.GEMEENTE, is_active=True),
        widget=forms.Select(attrs={"class": SELECT}),
    )

    def __init__(self, *args, tenancies, criteria, ask_social_team=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tenancy"].queryset = tenancies
        if not ask_social_team:
            del self.fields["social_team"]
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.question,
                choices=YES_NO,
                widget=forms.RadioSelect,
            )

    def clean(self):
        data = super().clean()
        if data.get("legal_stage") == LegalStageAtReferral.VERDICT and not data.get("verdict_date"):
            self.add_error("verdict_date", _("Give the date of the verdict."))
        return data

    def answers(self) -> dict[int, bool]:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] == "yes" for c in self.criteria}

    def values(self) -> dict:
        data = self.cleaned_data
        keys = (
            "tenancy",
            "referred_on",
            "reason",
            "legal_stage",
            "verdict_date",
            "household_situation",
            "children_count",
            "care_provider",
        )
        values = {key: data.get(key) for key in keys}
        values["arrears"] = data["arrears_at_referral"]
        values["social_team"] = data.get("social_team")
        values["answers"] = self.answers()
        return values


class TransitionForm(forms.Form):
    on_date = _date(_("Date"))
    reason = _textarea(_("Reason"), required=False, rows=3)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, reason_required=False, ask_next_evaluation=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required
        self.fields["on_date"].initial = timezone.localdate()
        if ask_next_evaluation:
            self.fields["next_evaluation_on"] = _date(
                _("Next evaluation"),
                required=False,
                help_text=_("Empty: one year after the extension."),
            )


class TerminationForm(forms.Form):
    terminated_on = _date(_("Date of termination"))
    reasons = _textarea(
        _("Reasons"),
        help_text=_("One reason per line. They appear in the notice letter to all parties."),
    )
    eviction_costs = _money(
        _("Eviction costs"),
        min_value=0,
        help_text=_("Costs of the eviction, shared with the arrears that arose."),
    )
    immediate = forms.BooleanField(
        label=_("With immediate effect"),
        required=False,
        widget=forms.CheckboxInput(
            attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class MemberForm(forms.Form):
    user = forms.ChoiceField(label=_("Person"), widget=forms.Select(attrs={"class": SELECT}))
    function = forms.ChoiceField(label=_("Function"), widget=forms.Select(attrs={"class": SELECT}))
    started_on = _date(_("From"))

    def __init__(self, *args, people, functions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = people
        self.fields["function"].choices = functions
        self.fields["started_on"].initial = timezone.localdate()


class HandoverForm(forms.Form):
    new_user = forms.ChoiceField(
        label=_("Hand over to"), widget=forms.Select(attrs={"class": SELECT})
    )
    on_date = _date(_("Date of the hand-over"))
    reason = forms.CharField(
        label=_("Reason"), max_length=255, widget=forms.TextInput(attrs={"class": TEXTBOX})
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_user"].choices = people
        self.fields["on_date"].initial = timezone.localdate()


class GuidanceNoteForm(forms.Form):
    written_on = _date(_("Date"))
    text = _textarea(_("Note"), rows=5)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["written_on"].initial = timezone.localdate()


class PlanForm(forms.Form):
    agreed_actions = _textarea(_("Agreed actions"), required=False, rows=5)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in LifeDomain.choices:
            self.fields[f"goal_{value}"] = _textarea(
                _("Goal: %(domain)s") % {"domain": label}, required=False, rows=2
            )
        # Goals first, then the actions.
        self.order_fields([f"goal_{v}" for v in LifeDomain.values] + ["agreed_actions"])

    def goals(self) -> dict[str, str]:
        return {v: self.cleaned_data.get(f"goal_{v}", "") for v in LifeDomain.values}


class MediationForm(forms.Form):
    occurred_on = _date(_("Date"))
    description = _textarea(_("What the conflict is about"))
    attributable_to = forms.CharField(
        label=_("Attributable to"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": TEXTBOX}),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=MediationOutcome.choices, widget=forms.RadioSelect
    )
    new_support_worker = forms.ChoiceField(
        label=_("New support worker"),
        required=False,
        help_text=_("Only when another support worker is assigned."),
        widget=forms.Select(attrs={"class": SELECT}),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_support_worker"].choices = [("", "—"), *people]
        self.fields["occurred_on"].initial = timezone.localdate()


class JointDecisionForm(forms.Form):
    decided_on = _date(_("Date of the decision"))
    reason = _textarea(_("Reason"), rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()


class ListFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All running")), ("all", _("All")), *State.choices],
        widget=forms.Select(attrs={"class": SELECT}),
    )


class SettingsForm(forms.Form):
    damage_share_care_provider = forms.DecimalField(
        label=_("Share of the damage for the care provider (%)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": TEXTBOX}),
        help_text=_("After termination for non-cooperation; the corporation bears the rest."),
    )
    arrangement_kept_months = forms.IntegerField(
        label=_("Months a payment arrangement must be kept"),
        min_value=1,
        max_value=60,
        widget=forms.NumberInput(attrs={"class": TEXTBOX}),
    )
    involvement_retention_days = forms.IntegerField(
        label=_("Days partners keep access after the end"),
        min_value=0,
        max_value=MAX_INVOLVEMENT_RETENTION_DAYS,
        widget=forms.NumberInput(attrs={"class": TEXTBOX}),
        help_text=_(
            "After a trajectory ends, the care provider and the social team keep seeing the "
            "household this many days (final report, notice period, shared damage). Your "
            "corporation keeps seeing it as the landlord."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CriterionForm(forms.Form):
    question = forms.CharField(
        label=_("Question"), max_length=255, widget=forms.TextInput(attrs={"class": TEXTBOX})
    )
    excludes_when = forms.ChoiceField(
        label=_("Which answer excludes the household?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    position = forms.IntegerField(
        label=_("Order"), min_value=0, initial=0, widget=forms.NumberInput(attrs={"class": TEXTBOX})
    )
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(
            attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}
        ),
    )
