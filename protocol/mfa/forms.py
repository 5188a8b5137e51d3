from django import forms
from django.utils.translation import gettext_lazy as _


class AppCodeForm(forms.Form):
    """The six digits an authenticator app shows, to confirm it is set up."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "spellcheck": "false"}
        ),
    )


class VerifyForm(forms.Form):
    """The code of this sign-in: from the app, or a recovery code."""

    code = forms.CharField(
        label=_("Code from the app, or a recovery code"),
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )
