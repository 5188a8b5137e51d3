"""The forms of contributions: a participant records (or corrects) what they contributed; the organiser's
coordinator confirms it as shown or asks for changes. The services check and write; the forms only gather."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperation.documents.links import library
from protocol.forms import ServiceRulesMixin, TextLimitsMixin
from protocol.once.forms import OnceFormMixin
from protocol.years import years_with_next

from .models import Contribution
from .services import ContributionFields, contribution_check

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.render_hidden_fields = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


class ContributionForm(TextLimitsMixin, ServiceRulesMixin, OnceFormMixin, forms.ModelForm):
    """Kind, date, quantity, description and evidence from the library; the project's period is the service's
    rule, reported on the same submit as the form's own. Recording one carries a one-time token (OnceFormMixin
    adds it to a new contribution only)."""

    evidence = library.field(
        label=_("Evidence"),
        required=False,
        help_text=_("Search the library below and tick the documents that show the contribution."),
    )
    # Not the model's field: its validator (zero or more) would speak before the service's rule (above zero).
    quantity = forms.DecimalField(
        label=_("Quantity"),
        max_digits=10,
        decimal_places=1,
        initial=1,
        help_text=_("Days for expert days; otherwise the number of data sets, documents, analyses or events."),
    )

    class Meta:
        model = Contribution
        fields = ["kind", "on", "description"]
        widgets = {"on": DATE_INPUT, "description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "on": _("The day of the contribution, within the project's period."),
            "description": _("What was contributed: the organiser's coordinator confirms exactly this."),
        }

    def __init__(self, *args, project, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        contribution = self.instance
        if contribution.pk:
            self.initial.setdefault("quantity", contribution.quantity)
            self.initial.setdefault("evidence", getattr(contribution, "visible_evidence", []))
        else:
            today = timezone.localdate()
            if project.starts_on <= today <= project.ends_on:
                self.initial.setdefault("on", today)
        self.fields["kind"].error_messages["required"] = _("Choose the kind of contribution.")
        self.fields["on"].error_messages["required"] = _("Give the day of the contribution.")
        self.fields["quantity"].error_messages["required"] = _("Give the quantity.")
        self.fields["description"].error_messages["required"] = _("Say what was contributed.")
        library.prepare(self, "evidence", user=user)
        self.helper = _helper(
            Div(
                Div("kind", css_class="col-md-5"),
                Div("on", css_class="col-md-4"),
                Div("quantity", css_class="col-md-3"),
                css_class="row",
            ),
            "description",
            Div(
                "evidence",
                HTML(f'{{% include "{library.picker_template}" with picker_field="evidence" %}}'),
                css_class="linked-documents",
                css_id="contribution-evidence",
            ),
        )

    def service_rules(self, data: dict) -> None:
        contribution_check(project=self.project, fields=self._fields_of(data))

    def to_fields(self) -> ContributionFields:
        return self._fields_of(self.cleaned_data)

    def _fields_of(self, data: dict) -> ContributionFields:
        return ContributionFields(
            kind=data.get("kind") or "",
            on=data.get("on"),
            description=data.get("description") or "",
            quantity=data.get("quantity"),
            evidence=list(data.get("evidence") or []),
        )


class ContributionDecisionForm(TextLimitsMixin, forms.Form):
    """The organiser's coordinator on the content they read (its SHA-256): confirm it, or ask for changes."""

    CONFIRM, RETURN = "confirm", "return"
    sha256 = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("What should change?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to ask for changes: the contributor receives this comment."),
    )
    text_limits = {"comment": 2000}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("sha256", "comment")

    def clean(self):
        data = super().clean()
        action = self.data.get("action")
        if action not in (self.CONFIRM, self.RETURN):
            raise forms.ValidationError(_("Confirm the contribution or ask for changes."))
        if action == self.RETURN and not (data.get("comment") or "").strip() and not self.has_error("comment"):
            self.add_error("comment", _("Say what should change: the contributor reads it."))
        data["action"] = action
        return data


class FiguresFilterForm(TextLimitsMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *years_with_next()]
