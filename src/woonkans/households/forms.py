from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Person


class PersonForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "date_of_birth", "relation", "phone", "email"]
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"phone": _("For example 06 12345678.")}
