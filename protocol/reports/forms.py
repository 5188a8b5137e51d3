from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from protocol.activities.models import Activity, Status
from protocol.areas import Area
from protocol.forms import TextLimitsMixin
from protocol.once.forms import OnceFormMixin

APPROVE, REQUEST_CHANGES = "approve", "changes"


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.render_hidden_fields = True
    return helper


class GenerateForm(OnceFormMixin, forms.Form):
    """Asked before the click that makes a new version: it needs both approvals again."""

    confirm = forms.BooleanField(
        label=_("I understand that this makes a new version, which needs the approval of both parties."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ReviewForm(TextLimitsMixin, forms.Form):
    """A coordinator's decision on the version they read, for their own party."""

    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (REQUEST_CHANGES, _("Request changes"))], widget=forms.HiddenInput
    )
    comment = forms.CharField(label=_("What should change?"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lock = forms.BooleanField(
        label=_("I have read this version. Once both parties approve it, it is locked as the year's record."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        approving = (self.data.get("decision") if self.is_bound else self.initial.get("decision")) == APPROVE
        # Only the field that goes with the decision is shown.
        del self.fields["comment" if approving else "lock"]

    def clean(self):
        data = super().clean()
        if data.get("decision") == REQUEST_CHANGES and not data.get("comment", "").strip():
            self.add_error("comment", _("Say what should change."))
        if data.get("decision") == APPROVE and not data.get("lock"):
            self.add_error("lock", _("Tick the box to approve."))
        return data


class HighlightForm(TextLimitsMixin, OnceFormMixin, forms.Form):
    area = forms.ChoiceField(label=_("Area of cooperation"), choices=Area.choices)
    activity = forms.IntegerField(
        label=_("Activity number"),
        required=False,
        min_value=1,
        help_text=_("Optional: the number of a confirmed activity of the year, as in its address /activities/123/."),
    )
    text_zh = forms.CharField(label=_("Highlight in Chinese"), required=False, max_length=500)
    text_en = forms.CharField(label=_("Highlight in English"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_activity(self):
        number = self.cleaned_data.get("activity")
        if number is None:
            return None
        # Only confirmed activities are shared with both parties' reports: a draft's number finds nothing.
        activity = Activity.objects.filter(pk=number, status=Status.CONFIRMED).first()
        if activity is None:
            raise forms.ValidationError(_("No activity confirmed by both parties has this number."))
        return activity
