"""The forms of the actions on a research project's page. Each carries what its one service needs; the
service's own rules come back through `merge_service_errors`."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperation.documents.links import library
from protocol.forms import TextLimitsMixin
from protocol.once.forms import OnceFormMixin

from .models import StatusReport

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DELIVERABLE_LOCK_LABEL = _(
    "I accept this version of the file for my party. Once both parties accept this version the deliverable is locked."
)


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.render_hidden_fields = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


class ConfirmForm(TextLimitsMixin, forms.Form):
    """A confirmation with nothing to enter (propose, complete): it carries the service's refusal to the page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class PlanChangesForm(TextLimitsMixin, forms.Form):
    """A coordinator's request for changes to the version they read (its number is in the URL)."""

    comment = forms.CharField(
        label=_("What should change?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Those who run the project receive this comment; it stays in the project's history."),
        error_messages={"required": _("Say what should change.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class EndForm(TextLimitsMixin, forms.Form):
    """Withdraw (before approval) or cancel (after it): a reason, and a box saying it cannot be undone."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the project's page to both parties."),
        error_messages={"required": _("Say why the project ends here.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand that the project ends here and cannot be resumed."),
        error_messages={"required": _("Tick the box to end the project.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class StatusReportForm(TextLimitsMixin, OnceFormMixin, forms.ModelForm):
    class Meta:
        model = StatusReport
        fields = ["as_of", "status", "text"]
        widgets = {
            "as_of": DATE_INPUT,
            "status": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "as_of": _("The day the report describes: today or earlier."),
            "text": _("What was done since the last report, what comes next, and what stands in the way."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("as_of", timezone.localdate())
        self.fields["status"].choices = [c for c in self.fields["status"].choices if c[0]]
        self.fields["as_of"].error_messages["required"] = _("Give the day the report describes.")
        self.fields["status"].error_messages["required"] = _("Choose on track, at risk or off track.")
        self.fields["text"].error_messages["required"] = _("Say how the project stands.")
        self.helper = _helper(
            Div(Div("as_of", css_class="col-md-4"), Div("status", css_class="col-md-8"), css_class="row"), "text"
        )


class MilestoneDoneForm(TextLimitsMixin, forms.Form):
    done_on = forms.DateField(
        label=_("Done on"),
        widget=DATE_INPUT,
        help_text=_("Today or earlier."),
        error_messages={"required": _("Give the day the milestone was done.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was achieved, or where to find it; it becomes the outcome of the ledger activity."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("done_on", timezone.localdate())
        self.helper = _helper()


class DeliverableSubmitForm(TextLimitsMixin, forms.Form):
    """One library document, chosen with the library's field and picker; its current file is what is pinned."""

    document = library.field(
        label=_("Library document"),
        help_text=_(
            "Search the library below and tick exactly one document. Only documents of the research area can be "
            "deliverables; the current version of its file is pinned and submitted."
        ),
        error_messages={"required": _("Choose the library document to submit.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        library.prepare(self, "document", user=user)
        self.helper = _helper(
            Div(
                "document",
                HTML(f'{{% include "{library.picker_template}" with picker_field="document" %}}'),
                css_class="linked-documents",
                css_id="deliverable-document",
            )
        )

    def clean_document(self):
        documents = list(self.cleaned_data["document"])
        if len(documents) != 1:
            raise forms.ValidationError(_("Tick exactly one document: a deliverable is one file."))
        return documents[0]


class DeliverableAcceptForm(TextLimitsMixin, forms.Form):
    """A PI's acceptance of the file they read, named by its label ("12v3"): a newer file makes it stale."""

    version = forms.CharField(widget=forms.HiddenInput)
    # Acceptance by both parties locks the deliverable: asked on the form, before the click that does it.
    lock = forms.BooleanField(
        label=DELIVERABLE_LOCK_LABEL,
        error_messages={"required": _("Tick the box to accept: both parties' acceptance locks the deliverable.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class DeliverableFixesForm(TextLimitsMixin, forms.Form):
    version = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("What should be fixed?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Whoever submitted the file receives this comment; it stays in the project's history."),
        error_messages={"required": _("Say what should be fixed.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
