"""Forms of the arrears pages."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .models import ImportKind
from .readers import XLSX_MAGIC
from .uploads import EXTENSIONS


def max_upload_bytes() -> int:
    return settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[("", _("Choose…")), *ImportKind.choices],
        help_text=_("Import the tenancies first: ledger entries need their contracts."),
    )
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("At most %(size)s. The first row names the columns.") % {
            "size": filesizeformat(max_upload_bytes())
        }

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        extension = PurePath(uploaded.name or "").suffix.lower()
        if extension not in EXTENSIONS:
            raise forms.ValidationError(_("Choose a CSV or XLSX file."))
        if uploaded.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if uploaded.size > max_upload_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(size)s.")
                % {"size": filesizeformat(max_upload_bytes())}
            )
        head = uploaded.read(4)
        uploaded.seek(0)
        if extension == ".xlsx" and head != XLSX_MAGIC:
            raise forms.ValidationError(_("This is not an XLSX file."))
        if extension == ".csv" and head == XLSX_MAGIC:
            raise forms.ValidationError(_("This is an XLSX file: give it the extension .xlsx."))
        self.extension = extension
        return uploaded
