from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NormTable, NormValue

BOUND_FIELDS = ("lower_bound", "upper_bound")


class _NormValueFieldsMixin:
    """Drops the bound fields for tables without bands."""

    def _drop_bounds_unless(self, table: NormTable) -> None:
        # Accept (and show) the decimal comma in Dutch, the point in English.
        for name in ("value", *BOUND_FIELDS):
            field = self.fields[name]
            field.localize = True
            field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
            field.widget.is_localized = True
        if not table.uses_bounds:
            for name in BOUND_FIELDS:
                self.fields.pop(name, None)
        else:
            self.fields["lower_bound"].required = True


class NormValueAddForm(_NormValueFieldsMixin, forms.ModelForm):
    class Meta:
        model = NormValue
        fields = [
            "valid_from",
            "key",
            "value",
            "lower_bound",
            "upper_bound",
            "source",
            "verified",
            "verification_note",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "source": forms.Textarea(attrs={"rows": 3}),
            "verification_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, table: NormTable, known_keys: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self._drop_bounds_unless(table)
        if table.key_description:
            self.fields["key"].help_text = table.key_description
        if known_keys:
            self.fields["key"].help_text = _("%(meaning)s. Keys in use: %(keys)s.") % {
                "meaning": table.key_description or _("Key"),
                "keys": ", ".join(k or "–" for k in known_keys),
            }

    def validate_unique(self):
        # The use case checks uniqueness (the table is not a form field).
        pass


class NormValueCorrectForm(_NormValueFieldsMixin, forms.ModelForm):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=200,
        help_text=_("Recorded in the audit log, e.g. 'typo' or 'checked against Stcrt.'."),
    )

    class Meta:
        model = NormValue
        fields = [
            "value",
            "lower_bound",
            "upper_bound",
            "source",
            "verified",
            "verification_note",
        ]
        widgets = {
            "source": forms.Textarea(attrs={"rows": 3}),
            "verification_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, table: NormTable, **kwargs):
        super().__init__(*args, **kwargs)
        self._drop_bounds_unless(table)

    def _post_clean(self):
        # Do not copy the form data onto the instance: the use case applies the changes.
        pass
