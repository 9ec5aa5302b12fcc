from __future__ import annotations

import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Username and password.

    Django's form calls ``authenticate(request, ...)`` with the request, which django-axes
    needs to count failed attempts and lock out.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        # One message for every failure: it must not tell whether the account exists.
        "invalid_login": _(
            "The username or password is not correct. Check both and try again; capitals matter."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.authentication_attempted = False
        textbox = "utrecht-textbox utrecht-textbox--html-input"
        self.fields["username"].widget.attrs.update(
            {
                "autocomplete": "username",
                "autocapitalize": "none",
                "spellcheck": "false",
                "class": textbox,
            }
        )
        self.fields["password"].widget.attrs.update(
            {"autocomplete": "current-password", "class": textbox}
        )

    def clean(self):
        # Both fields filled in: the parent's clean() really tries to authenticate.
        self.authentication_attempted = bool(
            self.cleaned_data.get("username") and self.cleaned_data.get("password")
        )
        return super().clean()


class CodeForm(forms.Form):
    """The six-digit code from an authenticator app. Spaces are allowed ("123 456")."""

    code = forms.CharField(
        label=_("Six-digit code"),
        help_text=_(
            "The code your authenticator app shows for Woonkans. It changes every 30 seconds."
        ),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "aria-describedby": "id_code_help",
                "class": "utrecht-textbox utrecht-textbox--html-input",
                "size": 8,
            }
        ),
    )

    def clean_code(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("Enter the six digits of the code."), code="format")
        return code
