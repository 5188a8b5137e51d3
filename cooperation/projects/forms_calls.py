"""The forms of calls for participation, applications, reviews and decisions. Times are entered in the portal's
zone (Beijing time); the services check and write, the forms only gather."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cooperation.documents.links import library
from protocol.forms import ServiceRulesMixin, TextLimitsMixin, limit_text_field
from protocol.language import time_zone_name
from protocol.once.forms import OnceFormMixin
from protocol.parties.forms import StaffMultipleChoiceField

from .models import Application, ApplicationStatus, Call, Decision, Sought
from .services import (
    HIGHEST_SCORE,
    LOWEST_SCORE,
    ApplicationFields,
    CallFields,
    application_check,
    call_check,
    decision_check,
)

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
CRITERIA_MAX = 20
NOTE_LIMIT = 2000
SCORES = [(n, str(n)) for n in range(LOWEST_SCORE, HIGHEST_SCORE + 1)]


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.render_hidden_fields = True
    helper.layout = Layout(*layout)
    return helper


def _datetime_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"],
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CallForm(TextLimitsMixin, ServiceRulesMixin, OnceFormMixin, forms.ModelForm):
    # Declared, not model fields of the form: the model's constraint and validators would otherwise fire as
    # anonymous errors beside the service's messages on their fields.
    sought = forms.MultipleChoiceField(
        label=_("What is sought"), choices=Sought.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    places = forms.IntegerField(
        label=_("Places"), error_messages={"required": _("Say how many places the call offers.")}
    )
    opens_at = _datetime_field(_("Opens"))
    closes_at = _datetime_field(_("Deadline"))
    reviewers = StaffMultipleChoiceField(
        label=_("Reviewers"),
        required=False,
        help_text=_("Staff of your party who score the applications; search by name and tick each one."),
    )
    criteria = forms.CharField(
        label=_("Criteria"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line; reviewers score each from 1 to 5. They cannot change once reviews have begun."),
        error_messages={"required": _("Name at least one criterion the reviewers score.")},
    )
    text_limits = {"departments": 4000, "criteria": 4000}

    class Meta:
        model = Call
        fields = ["title", "description", "departments"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "departments": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        call = self.instance
        self.party_id = project.organising_party_id
        # Reviewers answer for the organising party: its own staff.
        self.fields["reviewers"].only_party(self.party_id)
        zone = time_zone_name()
        self.fields["opens_at"].help_text = zone
        self.fields["closes_at"].help_text = zone
        if call.pk:
            self.initial.setdefault("sought", list(call.sought))
            self.initial.setdefault("places", call.places)
            self.initial.setdefault("opens_at", call.opens_at)
            self.initial.setdefault("closes_at", call.closes_at)
            self.initial.setdefault("reviewers", list(call.reviewers.all()))
            self.initial.setdefault("criteria", "\n".join(criterion.name for criterion in call.criteria.all()))
        self.fields["title"].error_messages["required"] = _("Give the call a title.")
        self.fields["description"].error_messages["required"] = _("Say what the call is for.")
        self.fields["opens_at"].error_messages["required"] = _("Say when the call opens.")
        self.fields["closes_at"].error_messages["required"] = _("Give the deadline.")
        self.helper = _helper(
            "title",
            "description",
            "sought",
            "places",
            Div(Div("opens_at", css_class="col-md-6"), Div("closes_at", css_class="col-md-6"), css_class="row"),
            "departments",
            "reviewers",
            "criteria",
        )

    def clean_criteria(self) -> list[str]:
        criteria = _lines(self.cleaned_data["criteria"])
        if len(criteria) > CRITERIA_MAX:
            raise ValidationError(_("At most %(max)d criteria.") % {"max": CRITERIA_MAX})
        return criteria

    def service_rules(self, data: dict) -> None:
        call_check(fields=self._fields_of(data), party_id=self.party_id)

    def to_fields(self) -> CallFields:
        return self._fields_of(self.cleaned_data)

    def _fields_of(self, data: dict) -> CallFields:
        return CallFields(
            title=data.get("title") or "",
            description=data.get("description") or "",
            places=data.get("places"),
            opens_at=data.get("opens_at"),
            closes_at=data.get("closes_at"),
            sought=list(data.get("sought") or []),
            departments=data.get("departments") or "",
            reviewers=list(data.get("reviewers") or []),
            criteria=list(data.get("criteria") or []),
        )


class ApplicationForm(TextLimitsMixin, ServiceRulesMixin, OnceFormMixin, forms.ModelForm):
    team = StaffMultipleChoiceField(
        label=_("Team"), required=False, help_text=_("Colleagues of your party who would take part with you.")
    )
    attachments = library.field(
        label=_("Attachments"),
        required=False,
        help_text=_(
            "Search the library below and tick the documents to attach. A document internal to your party "
            "stays invisible to the organising party."
        ),
    )

    class Meta:
        model = Application
        fields = ["motivation", "contribution"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 5}), "contribution": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "motivation": _("Why you apply, and what you bring. Needed to submit."),
            "contribution": _("What you would contribute: expert days, data, analysis. Needed to submit."),
        }

    def __init__(self, *args, user, submit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        application = self.instance
        self.submit = submit
        self.party_id = application.party_id if application.pk else user.party_id
        self.fields["team"].only_party(self.party_id)
        if application.pk:
            self.initial.setdefault("team", list(application.team.all()))
            self.initial.setdefault("attachments", getattr(application, "visible_attachments", []))
        library.prepare(self, "attachments", user=user)
        self.helper = _helper(
            "motivation",
            "contribution",
            "team",
            Div(
                "attachments",
                HTML(f'{{% include "{library.picker_template}" with picker_field="attachments" %}}'),
                css_class="linked-documents",
                css_id="application-attachments",
            ),
        )

    def service_rules(self, data: dict) -> None:
        submitted = self.instance.pk is not None and self.instance.status == ApplicationStatus.SUBMITTED
        application_check(fields=self._fields_of(data), submit=self.submit or submitted, party_id=self.party_id)

    def to_fields(self) -> ApplicationFields:
        return self._fields_of(self.cleaned_data)

    def _fields_of(self, data: dict) -> ApplicationFields:
        return ApplicationFields(
            motivation=data.get("motivation") or "",
            contribution=data.get("contribution") or "",
            team=list(data.get("team") or []),
            attachments=list(data.get("attachments") or []),
        )


def score_field_name(criterion) -> str:
    return f"score_{criterion.pk}"


def note_field_name(criterion) -> str:
    return f"note_{criterion.pk}"


class ReviewForm(TextLimitsMixin, forms.Form):
    """Per criterion a score from 1 to 5 (radio buttons) and a comment; then an overall comment."""

    comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The organising party's coordinators and the other reviewers read it; the applicant never does."),
    )
    text_limits = {"comment": 4000}

    def __init__(self, *args, criteria, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        stored = {score.criterion_id: score for score in review.scores.all()} if review is not None else {}
        rows = []
        for criterion in self.criteria:
            score_name, note_name = score_field_name(criterion), note_field_name(criterion)
            self.fields[score_name] = forms.TypedChoiceField(
                label=criterion.name,
                choices=SCORES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-inline"}),
                help_text=_("1: poor · 5: excellent"),
                error_messages={"invalid_choice": _("Scores are from 1 to 5.")},
            )
            self.fields[note_name] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            # Added after TextLimitsMixin looked at the form's fields: limited here.
            limit_text_field(self.fields[note_name], NOTE_LIMIT)
            if criterion.pk in stored:
                self.initial.setdefault(score_name, stored[criterion.pk].score)
                self.initial.setdefault(note_name, stored[criterion.pk].comment)
            rows.append(Div(score_name, note_name, css_class="review-criterion border-bottom mb-3"))
        if review is not None:
            self.initial.setdefault("comment", review.comment)
        self.helper = _helper(*rows, "comment")

    def scores(self) -> dict[int, tuple[int | None, str]]:
        data = self.cleaned_data
        return {
            criterion.pk: (data.get(score_field_name(criterion)), data.get(note_field_name(criterion)) or "")
            for criterion in self.criteria
        }


class DecideForm(TextLimitsMixin, ServiceRulesMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose accept, waitlist or decline.")},
    )
    comment = forms.CharField(
        label=_("Comment to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to decline: the applicant reads it."),
    )
    text_limits = {"comment": 2000}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("decision", "comment")

    def service_rules(self, data: dict) -> None:
        if data.get("decision"):
            decision_check(decision=data["decision"], comment=data.get("comment") or "")
