from datetime import timedelta

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from protocol.forms import ServiceRulesMixin, TextLimitsMixin

from .models import Scope, Token
from .services import TokenFields, token_check

# What the page offers; the service refuses anything past API_TOKEN_MAX_DAYS whatever is sent.
LIFETIMES = [(7, _("7 days")), (30, _("30 days")), (90, _("90 days")), (365, _("one year"))]


class TokenForm(TextLimitsMixin, ServiceRulesMixin, forms.ModelForm):
    days = forms.TypedChoiceField(label=_("Expires after"), coerce=int, initial=90)

    class Meta:
        model = Token
        fields = ["name", "scope"]
        widgets = {"scope": forms.RadioSelect}
        help_texts = {"name": _("What will use it, e.g. “monthly report script”.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = [
            (days, label) for days, label in LIFETIMES if days <= settings.API_TOKEN_MAX_DAYS
        ]
        self.fields["scope"].choices = Scope.choices
        self.helper = FormHelper()
        self.helper.form_tag = False

    def service_rules(self, data: dict) -> None:
        if data.get("name") is not None and data.get("scope") and data.get("days"):
            token_check(fields=self._fields_of(data))

    def to_fields(self) -> TokenFields:
        return self._fields_of(self.cleaned_data)

    def _fields_of(self, data: dict) -> TokenFields:
        return TokenFields(
            name=data["name"], scope=data["scope"], expires_at=timezone.now() + timedelta(days=data["days"])
        )
