from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from protocol.areas import Area
from protocol.forms import ServiceRulesMixin, TextLimitsMixin
from protocol.once.forms import OnceFormMixin
from protocol.parties.forms import StaffChoiceField
from protocol.parties.models import Party

from . import permissions
from .models import Amendment, Liaison
from .services import AmendmentFields, LiaisonFields, amendment_check, liaison_check

WHOLE_AGREEMENT = [("", _("The agreement as a whole"))]
APPROVE = "approve"
REQUEST_CHANGES = "changes"
LOCK_LABEL = _(
    "I approve this version for my party. Once both parties have approved it, the amendment is in force and "
    "locked: a later change is another amendment that both parties approve again."
)


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.render_hidden_fields = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


def _row(*names: str) -> Div:
    return Div(*(Div(name, css_class="col-md") for name in names), css_class="row")


class AmendmentForm(TextLimitsMixin, ServiceRulesMixin, OnceFormMixin, forms.ModelForm):
    """Creates a draft amendment (with a one-time token) or changes its working text."""

    text_limits = {"text_zh": 50_000, "text_en": 50_000}

    area = forms.ChoiceField(label=_("Concerns"), choices=WHOLE_AGREEMENT + list(Area.choices), required=False)

    class Meta:
        model = Amendment
        fields = ["title_zh", "title_en", "area", "effective_on", "text_zh", "text_en"]
        widgets = {
            "effective_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text_zh": forms.Textarea(attrs={"rows": 8, "lang": "zh-Hans"}),
            "text_en": forms.Textarea(attrs={"rows": 8, "lang": "en"}),
            "title_zh": forms.TextInput(attrs={"lang": "zh-Hans"}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
        }
        help_texts = {
            "effective_on": _("From when the amended text applies, once both parties have approved it."),
            "text_zh": _("The amended text in Chinese. Both parties approve both texts together."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title_zh", "title_en", "text_zh", "text_en"):
            self.fields[name].error_messages["required"] = _(
                "Write it in both languages: both parties approve both texts."
            )
        self.fields["effective_on"].error_messages["required"] = _("Give the date from which the amendment applies.")
        self.helper = _helper(_row("title_zh", "title_en"), _row("area", "effective_on"), "text_zh", "text_en")

    def service_rules(self, data: dict) -> None:
        amendment_check(fields=self.to_fields(data))

    def to_fields(self, data: dict | None = None) -> AmendmentFields:
        data = self.cleaned_data if data is None else data
        return AmendmentFields(
            title_zh=data.get("title_zh"),
            title_en=data.get("title_en"),
            text_zh=data.get("text_zh"),
            text_en=data.get("text_en"),
            area=data.get("area") or "",
            effective_on=data.get("effective_on"),
        )


class ReviewForm(TextLimitsMixin, forms.Form):
    """A coordinator's decision on the version they read; the party is never posted, it is the reviewer's own."""

    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (REQUEST_CHANGES, _("Request changes"))], widget=forms.HiddenInput
    )
    comment = forms.CharField(
        label=_("What should change?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The proposing party's coordinators receive this comment; it is shown beside the amendment."),
    )
    # Approving may put the amendment in force for good: asked on the page, before the click that does it.
    lock = forms.BooleanField(label=LOCK_LABEL, required=False)

    def __init__(self, *args, approving: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("lock" if approving else "comment")

    def clean(self):
        data = super().clean()
        if data.get("decision") == REQUEST_CHANGES and not data.get("comment", "").strip():
            self.add_error("comment", _("Say what should change."))
        if data.get("decision") == APPROVE and not data.get("lock"):
            self.add_error("lock", _("Tick the box to approve: your approval can put the amendment in force."))
        return data


class LiaisonForm(TextLimitsMixin, ServiceRulesMixin, OnceFormMixin, forms.ModelForm):
    """A liaison of one party for one area (or the whole agreement): a portal user, or just a name."""

    party = forms.ModelChoiceField(label=_("Party"), queryset=Party.objects.order_by("code"), empty_label=None)
    area = forms.ChoiceField(label=_("Area"), choices=WHOLE_AGREEMENT + list(Area.choices), required=False)
    user = StaffChoiceField(
        label=_("Portal user"),
        required=False,
        help_text=_("Optional: search by name. Their name, unit and e-mail are taken unless you give others."),
    )

    class Meta:
        model = Liaison
        fields = ["party", "area", "user", "full_name", "unit", "role", "email", "phone"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})}
        help_texts = {"role": _("e.g. Deputy director, Department of International Cooperation")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = user
        self.fields["full_name"].required = False
        self.fields["full_name"].help_text = _("Required unless a portal user is chosen.")
        if not permissions.is_portal_admin(user):
            # A coordinator keeps their own party's liaisons: no other party is offered, nor its staff.
            self.fields["party"].queryset = Party.objects.filter(pk=user.party_id)
            self.fields["party"].initial = user.party_id
            self.fields["user"].only_party(user.party_id)
        self.helper = _helper(_row("party", "area"), "user", _row("full_name", "role"), "unit", _row("email", "phone"))

    def service_rules(self, data: dict) -> None:
        liaison_check(fields=self.to_fields(data), by=self.by)

    def to_fields(self, data: dict | None = None) -> LiaisonFields:
        data = self.cleaned_data if data is None else data
        return LiaisonFields(
            party=data.get("party"),
            area=data.get("area") or "",
            user=data.get("user"),
            full_name=data.get("full_name") or "",
            unit=data.get("unit") or "",
            role=data.get("role") or "",
            email=data.get("email") or "",
            phone=data.get("phone") or "",
        )
