import re
import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ONCE_FIELD = "once_token"
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{32,64}", re.ASCII)


def new_token() -> str:
    return secrets.token_urlsafe(32)


class OnceTokenField(forms.CharField):
    """A hidden one-time token; each unbound form gets a fresh one, a bound form keeps what it was sent."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        # Not required here: a missing or malformed token is the form's error (see OnceFormMixin.clean),
        # because the error of a hidden field is shown nowhere.
        super().__init__(required=False, initial=new_token, **kwargs)


class OnceFormMixin:
    """A create form: it carries a one-time token, which protocol.once.submissions.create_or_existing
    spends. A ModelForm editing a saved record carries none: only creating is made once.

    A crispy Layout renders only the fields it lists: give such a helper `render_hidden_fields = True`.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is None or instance.pk is None:
            self.fields[ONCE_FIELD] = OnceTokenField()

    def clean(self):
        cleaned_data = super().clean()
        if ONCE_FIELD in self.fields and not TOKEN_PATTERN.fullmatch(self.cleaned_data.get(ONCE_FIELD) or ""):
            self.renew_once_token()
            raise ValidationError(_("This form had expired. Check it and submit it again."), code="once_expired")
        return cleaned_data

    def renew_once_token(self) -> None:
        """Show the form again with a fresh token, for a submission whose token cannot be spent."""
        self.data = self.data.copy()
        self.data[self.add_prefix(ONCE_FIELD)] = new_token()
