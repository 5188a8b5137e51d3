from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from protocol.forms import ServiceRulesMixin, TextLimitsMixin
from protocol.once.forms import OnceFormMixin
from protocol.parties.forms import StaffChoiceField

from .models import ActionItem, Meeting
from .services import action_item_check

APPROVE = "approve"
REQUEST_CHANGES = "changes"
LOCK_LABEL = _(
    "I approve this revision for my party. Once both parties have approved it, the minutes are locked: "
    "a later change is an amendment that both parties approve again."
)


def _helper(*layout, form_tag: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = form_tag
    if layout:
        helper.layout = Layout(*layout)
    return helper


class MinutesForm(TextLimitsMixin, forms.Form):
    """The whole text, in Markdown; every save makes a new revision."""

    # A day's meeting written up in full; far beyond a description's limit.
    text_limits = {"text": 100_000}

    text = forms.CharField(
        label=pgettext_lazy("meeting record", "Minutes"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "class": "font-monospace", "spellcheck": "true"}),
        help_text=_(
            "Markdown: # heading, ## sub-heading, - list item, **bold**, [link](https://…). "
            "Scripts, images and embedded HTML are removed when the minutes are shown."
        ),
        error_messages={"required": _("The minutes cannot be empty.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_text(self) -> str:
        # Browsers post CRLF: store one form of the text, so its hash and the diffs do not depend on the browser.
        return self.cleaned_data["text"].replace("\r\n", "\n").replace("\r", "\n")


class ReviewForm(TextLimitsMixin, forms.Form):
    """A coordinator's decision on the revision they read. The party is never posted: it is the reviewer's own."""

    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (REQUEST_CHANGES, _("Request changes"))], widget=forms.HiddenInput
    )
    revision = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("What should change?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The minute-taker receives this comment; it is shown beside the minutes."),
    )
    # Approving may lock the minutes for good: asked on the form, before the click that does it.
    lock = forms.BooleanField(label=LOCK_LABEL, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        approving = self.is_bound and self.data.get(self.add_prefix("decision")) == APPROVE
        self.helper = _helper("lock" if approving else "comment")
        self.helper.render_hidden_fields = True

    def clean(self):
        data = super().clean()
        if data.get("decision") == REQUEST_CHANGES and not data.get("comment", "").strip():
            self.add_error("comment", _("Say what should change."))
        if data.get("decision") == APPROVE and not data.get("lock"):
            self.add_error("lock", _("Tick the box to approve: your approval can lock the minutes."))
        return data


class ActionItemForm(TextLimitsMixin, ServiceRulesMixin, OnceFormMixin, forms.ModelForm):
    owner = StaffChoiceField(label=_("Owner"), help_text=_("Staff of either party; search by name."))

    class Meta:
        model = ActionItem
        fields = ["description", "owner", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting.internal:
            # The other party cannot see an internal meeting, so nobody of theirs can own its actions.
            self.fields["owner"].only_party(meeting.organising_party_id)
        self.fields["description"].error_messages["required"] = _("Say what is to be done.")
        self.fields["due_date"].error_messages["required"] = _("Give a due date.")
        self.helper = _helper(
            "description",
            Div(Div("owner", css_class="col-md-7"), Div("due_date", css_class="col-md-5"), css_class="row"),
        )
        self.helper.render_hidden_fields = True

    def service_rules(self, data: dict) -> None:
        action_item_check(due_date=data["due_date"])


class ActionDoneForm(TextLimitsMixin, forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was done, or where to find the result."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class DiffForm(forms.Form):
    """Two revisions to compare, chosen among those the reader may see."""

    a = forms.TypedChoiceField(label=_("From revision"), coerce=int)
    b = forms.TypedChoiceField(label=_("To revision"), coerce=int)

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(number, _("Revision %(number)d") % {"number": number}) for number in numbers]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices
        # The template's GET form is a row; its button follows the two fields.
        self.helper = _helper(Div("a", css_class="col-auto"), Div("b", css_class="col-auto"))
        self.helper.disable_csrf = True
