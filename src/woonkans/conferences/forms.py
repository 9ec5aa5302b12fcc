"""Forms of the case conference. They collect values; the use cases check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from woonkans.accounts.models import User
from woonkans.organisations.models import Organisation, OrganisationKind, Role

from .models import AttendanceStatus, Outcome

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
SELECT = "utrecht-select utrecht-select--html-select"
TEXTAREA = "utrecht-textarea utrecht-textarea--html-textarea"

PARTNER_KINDS = (
    OrganisationKind.WONINGCORPORATIE,
    OrganisationKind.ZORGORGANISATIE,
    OrganisationKind.GEMEENTE,
    OrganisationKind.SCHULDHULPVERLENING,
)


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", SELECT)
            elif isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("class", TEXTAREA)
            elif isinstance(widget, forms.RadioSelect):
                pass
            else:
                widget.attrs.setdefault("class", TEXTBOX)


class ConferenceForm(_Form):
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Case conference"))
    on_date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Ends at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_link = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        assume_scheme="https",
        help_text=_("Give a place, an online link, or both."),
    )
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=User.objects.none())
    invited = forms.ModelMultipleChoiceField(
        label=_("Invited organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose more than one."),
    )
    repeat_weeks = forms.IntegerField(
        label=_("Repeat every so many weeks"),
        required=False,
        min_value=1,
        max_value=12,
        help_text=_("Leave empty for a single meeting. For example 2: every two weeks."),
    )

    def __init__(self, *args, organiser: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = User.objects.filter(
            memberships__organisation=organiser,
            memberships__role=Role.COORDINATOR,
            memberships__is_active=True,
        ).distinct()
        self.fields["chair"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["invited"].queryset = (
            Organisation.objects.filter(kind__in=PARTNER_KINDS, is_active=True)
            .exclude(pk=organiser.pk)
            .order_by("name")
        )

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("online_link"):
            self.add_error("place", _("Give a place or an online meeting link."))
        return data


class ConferenceEditForm(ConferenceForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["repeat_weeks"]


class AgendaAddForm(_Form):
    trajectory = forms.ChoiceField(label=_("Case"), required=False)
    topic = forms.CharField(
        label=_("Or a general topic"),
        max_length=200,
        required=False,
        help_text=_("For a point that is not about one household."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, trajectories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trajectory"].choices = [("", "—")] + [
            (str(t.pk), f"{t.household.name} ({t.household.reference}) – {t.get_state_display()}")
            for t in trajectories
        ]

    def clean(self):
        data = super().clean()
        if not data.get("trajectory") and not (data.get("topic") or "").strip():
            raise forms.ValidationError(_("Choose a case or give a topic."))
        return data


class AttendancePersonForm(_Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    person_name = forms.CharField(label=_("Name"), max_length=150)
    status = forms.ChoiceField(
        label=_("Attendance"),
        choices=[c for c in AttendanceStatus.choices if c[0] != AttendanceStatus.UNKNOWN],
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class DecisionForm(_Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why the partners decided this; shown in the minutes to the parties of this case."
        ),
    )

    def __init__(self, *args, outcomes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if outcomes is not None:
            self.fields["outcome"].choices = outcomes


class ActionPointForm(_Form):
    description = forms.CharField(label=_("Action"), max_length=500)
    item = forms.ChoiceField(label=_("About case"), required=False)
    responsible = forms.ModelChoiceField(
        label=_("Responsible organisation"), queryset=Organisation.objects.none(), required=False
    )
    due_on = forms.DateField(
        label=_("Due on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, items, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("General (no case)"))] + [
            (str(i.pk), str(i)) for i in items if i.is_case
        ]
        self.fields["responsible"].queryset = organisations
