"""The project forms: a project (its description, dates, contact, linked library documents and indicator rows)
and the value an indicator reached by the end of a period. The services check and write; the forms gather."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cooperation.documents.links import library
from protocol.forms import ServiceRulesMixin, TextLimitsMixin, merge_service_errors
from protocol.once.forms import OnceFormMixin
from protocol.parties.forms import StaffChoiceField

from .models import Indicator, Project
from .services import IndicatorRow, ProjectFields, project_check

DATE_FORMAT = "%Y-%m-%d"
INDICATORS_MAX = 30
# Blank rows offered below the indicators entered: enough for a new project, no JavaScript needed.
INDICATORS_EXTRA = 3


def _date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
        input_formats=[DATE_FORMAT],
        **kwargs,
    )


def _decimal_field(label, **kwargs) -> forms.DecimalField:
    field = Indicator._meta.get_field("target")
    return forms.DecimalField(label=label, max_digits=field.max_digits, decimal_places=field.decimal_places, **kwargs)


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.render_hidden_fields = True
    helper.layout = Layout(*layout)
    return helper


class ProjectForm(TextLimitsMixin, ServiceRulesMixin, OnceFormMixin, forms.ModelForm):
    # Declared, not model fields of the form: the model's "ends on or after its start" constraint would
    # otherwise fire as an anonymous form error beside the service's message on "end".
    starts_on = _date_field(_("Start"))
    ends_on = _date_field(_("End"))
    contact = StaffChoiceField(label=_("Contact"), required=False, empty_label=_("Nobody named"))
    documents = library.field(
        label=_("Library documents"),
        required=False,
        help_text=_("Search the library below and tick the documents the project works from."),
    )

    class Meta:
        model = Project
        fields = ["title", "title_other", "project_type", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "title_other": _("The title in English if the title is in Chinese, and the other way round."),
        }

    def __init__(self, *args, user, indicators: "IndicatorFormSet", **kwargs):
        super().__init__(*args, **kwargs)
        project = self.instance
        self.indicators = indicators
        self.party_id = project.organising_party_id if project.pk else user.party_id
        # The contact answers for the organising party: its own staff.
        self.fields["contact"].only_party(self.party_id)
        self.fields["contact"].error_messages["invalid_choice"] = _(
            "The contact is one of the organising party's staff."
        )
        if project.pk:
            self.initial.setdefault("starts_on", project.starts_on)
            self.initial.setdefault("ends_on", project.ends_on)
            self.initial.setdefault("contact", project.contact)
            self.initial.setdefault("documents", getattr(project, "visible_documents", []))
        self.fields["title"].error_messages["required"] = _("Give the project a title.")
        self.fields["description"].error_messages["required"] = _("Say what the project sets out to do.")
        self.fields["starts_on"].error_messages["required"] = _("Give the start date.")
        self.fields["ends_on"].error_messages["required"] = _("Give the end date.")
        library.prepare(self, "documents", user=user)
        self.helper = _helper(
            "title",
            "title_other",
            "project_type",
            "description",
            Div(Div("starts_on", css_class="col-md-6"), Div("ends_on", css_class="col-md-6"), css_class="row"),
            "contact",
            HTML('{% include "projects/_indicator_rows.html" with rows=form.indicators %}'),
            Div(
                "documents",
                HTML(f'{{% include "{library.picker_template}" with picker_field="documents" %}}'),
                css_class="linked-documents",
                css_id="project-documents",
            ),
        )

    def service_rules(self, data: dict) -> None:
        # The indicator rows are a formset of their own, checked here with the form so that one submit shows
        # every problem; the service's messages about them go above the rows.
        try:
            project_check(fields=self._fields_of(data), party_id=self.party_id)
        except ValidationError as exc:
            merge_service_errors(self, exc, elsewhere=self.elsewhere())

    def elsewhere(self) -> dict:
        """Where a service's messages about the rows go (protocol.forms.merge_service_errors)."""
        return {"indicators": self.indicators.add_service_errors}

    def to_fields(self) -> ProjectFields:
        return self._fields_of(self.cleaned_data)

    def _fields_of(self, data: dict) -> ProjectFields:
        return ProjectFields(
            title=data.get("title") or "",
            title_other=data.get("title_other") or "",
            project_type=data.get("project_type") or "",
            description=data.get("description") or "",
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
            contact=data.get("contact"),
            documents=list(data.get("documents") or []),
            indicators=self.indicators.rows(),
        )


class IndicatorRowForm(TextLimitsMixin, forms.Form):
    # The indicator this row edits: kept, so that the values reported against it stay.
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Indicator"), max_length=200, help_text=_("e.g. Patent families analysed."))
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    # Not required, and no initial value: a blank extra row must stay unchanged to be skipped.
    baseline = _decimal_field(_("Baseline"), required=False, help_text=_("Empty means 0."))
    target = _decimal_field(_("Target"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Give the indicator a name (or tick “Remove”).")
        self.fields["target"].error_messages["required"] = _("Give the target.")
        self.fields["name"].column = "col-md-4"
        self.fields["unit"].column = "col-md-2"
        self.fields["baseline"].column = "col-md-2"
        self.fields["target"].column = "col-md-2"

    def to_row(self) -> IndicatorRow:
        data = self.cleaned_data
        return IndicatorRow(
            id=data["id"],
            name=data["name"],
            unit=data["unit"],
            baseline=Decimal(0) if data["baseline"] is None else data["baseline"],
            target=data["target"],
        )


class BaseIndicatorFormSet(forms.BaseFormSet):
    """The project's indicators; `legend`, `help_text` and `row_name` are what `projects/_indicator_rows.html` shows."""

    default_error_messages = {"too_many_forms": _("At most %(num)d rows; remove some first.")}
    legend = _("Indicators")
    help_text = _(
        "What the project aims at, each with its baseline and target: e.g. patent families analysed, from 0 to "
        "5,000. Leave a row blank to skip it."
    )
    row_name = _("Indicator")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")
            form.fields["DELETE"].column = "col-md-2 align-self-center"

    def kept_forms(self) -> list[forms.Form]:
        """The rows entered and valid, in order; untouched blank rows and removed ones are left out."""
        return [
            form
            for form in self.forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]

    def rows(self) -> list[IndicatorRow]:
        return [form.to_row() for form in self.kept_forms()]

    def add_service_errors(self, messages: list[str]) -> None:
        # A formset has no add_error(); its non-form errors are the list shown above its rows.
        errors = self.non_form_errors()
        errors.extend(message for message in messages if message not in errors)


IndicatorFormSet = forms.formset_factory(
    IndicatorRowForm,
    formset=BaseIndicatorFormSet,
    extra=INDICATORS_EXTRA,
    max_num=INDICATORS_MAX,
    validate_max=True,
    can_delete=True,
    can_delete_extra=False,
)


def indicator_rows(data=None, *, project: Project | None = None) -> BaseIndicatorFormSet:
    """The indicator rows of a new project, or of `project` as it stands (each existing row keeps its id)."""
    initial = None
    if project is not None:
        initial = [
            {"id": row.pk, "name": row.name, "unit": row.unit, "baseline": row.baseline, "target": row.target}
            for row in project.indicators.all()
        ]
    return IndicatorFormSet(data, initial=initial, prefix="indicators")


class IndicatorReportForm(TextLimitsMixin, forms.Form):
    period_end = _date_field(_("Period ending"), help_text=_("The last day of the period the value is for."))
    value = _decimal_field(_("Value"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the value rests on, if it needs saying."),
    )
    text_limits = {"note": 4000}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_end"].error_messages["required"] = _("Give the last day of the period.")
        self.fields["value"].error_messages["required"] = _("Give the value reached.")
        self.helper = _helper(
            Div(Div("period_end", css_class="col-md-6"), Div("value", css_class="col-md-6"), css_class="row"),
            "note",
        )
