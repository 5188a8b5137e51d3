"""The training forms: a course, a session (times in the portal's zone, seats per party), a nomination and a
coordinator's decision on an enrolment. The services check and write; the forms only gather."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cooperation.documents.links import library
from protocol.forms import ServiceRulesMixin, TextLimitsMixin, merge_service_errors
from protocol.language import time_zone_name
from protocol.once.forms import OnceFormMixin
from protocol.parties.forms import StaffChoiceField, StaffMultipleChoiceField
from protocol.parties.selectors import parties_all

from .models import Course, TrainingSession
from .services import CourseFields, SessionFields, session_check

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
QUESTIONS_MAX = 20


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.render_hidden_fields = True
    helper.layout = Layout(*layout)
    return helper


class CourseForm(TextLimitsMixin, OnceFormMixin, forms.ModelForm):
    contact = StaffChoiceField(label=_("Contact"), required=False, empty_label=_("Nobody named"))
    questions = forms.CharField(
        label=_("Feedback questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One question per line; attendees rate each from 1 to 5 after a session."),
    )
    materials = library.field(
        label=_("Materials"),
        required=False,
        help_text=_("Search the library below and tick the documents of the course."),
    )
    text_limits = {"questions": 4000}

    class Meta:
        model = Course
        fields = ["title", "title_other", "description", "audience", "prerequisites", "internal"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "audience": forms.Textarea(attrs={"rows": 2}),
            "prerequisites": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "title_other": _("The title in English if the title is in Chinese, and the other way round."),
            "internal": _("Only your party sees the course and its sessions."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        course = self.instance
        party_id = course.organising_party_id if course.pk else user.party_id
        # The contact answers for the organising party: its own staff.
        self.fields["contact"].only_party(party_id)
        if course.pk:
            self.initial.setdefault("contact", course.contact)
            self.initial.setdefault("questions", "\n".join(course.feedback_questions))
            self.initial.setdefault("materials", getattr(course, "visible_materials", []))
        self.fields["title"].error_messages["required"] = _("Give the course a title.")
        self.fields["description"].error_messages["required"] = _("Say what the course teaches.")
        library.prepare(self, "materials", user=user)
        self.helper = _helper(
            "title",
            "title_other",
            "description",
            Div(Div("audience", css_class="col-md-6"), Div("prerequisites", css_class="col-md-6"), css_class="row"),
            "contact",
            "questions",
            "internal",
            Div(
                "materials",
                HTML(f'{{% include "{library.picker_template}" with picker_field="materials" %}}'),
                css_class="linked-documents",
                css_id="course-materials",
            ),
        )

    def clean_questions(self) -> list[str]:
        questions = [line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()]
        if len(questions) > QUESTIONS_MAX:
            raise ValidationError(_("At most %(max)d questions.") % {"max": QUESTIONS_MAX})
        if len(set(questions)) != len(questions):
            raise ValidationError(_("Each question once: two lines say the same."))
        return questions

    def to_fields(self) -> CourseFields:
        data = self.cleaned_data
        return CourseFields(
            title=data["title"],
            title_other=data["title_other"],
            description=data["description"],
            audience=data["audience"],
            prerequisites=data["prerequisites"],
            contact=data["contact"],
            feedback_questions=data["questions"],
            internal=bool(data["internal"]),
            materials=list(data["materials"] or []),
        )


def _datetime_field(label, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"],
    )


def seats_field_name(party) -> str:
    return f"seats_{party.code.lower()}"


class SessionForm(TextLimitsMixin, ServiceRulesMixin, OnceFormMixin, forms.ModelForm):
    # Declared, not model fields of the form: the model's constraints would otherwise fire as anonymous form
    # errors beside the service's messages on their fields.
    starts_at = _datetime_field(_("Starts"))
    ends_at = _datetime_field(_("Ends"))
    enrolment_opens_at = _datetime_field(_("Enrolment opens"))
    enrolment_closes_at = _datetime_field(_("Enrolment closes"))
    release_unused_at = _datetime_field(_("Release unused seats to the other party from"), required=False)
    trainers = StaffMultipleChoiceField(
        label=_("Trainers"), required=False, help_text=_("Staff of either party; search by name and tick each one.")
    )
    online_link = TrainingSession._meta.get_field("online_link").formfield(
        assume_scheme="https", help_text=_("Video-call address, if the session is (also) online.")
    )

    class Meta:
        model = TrainingSession
        fields = ["location", "online_link", "external_trainers", "needs_approval"]
        widgets = {"external_trainers": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        session = self.instance
        zone = time_zone_name()
        for name in ("starts_at", "ends_at", "enrolment_opens_at", "enrolment_closes_at", "release_unused_at"):
            self.fields[name].help_text = zone
        self.fields["release_unused_at"].help_text = _(
            "Optional. From then on, seats a party has not used go to the other party's waitlist (%(zone)s)."
        ) % {"zone": zone}
        reserved = {seats.party_id: seats.reserved for seats in session.seats.all()} if session.pk else {}
        self.seat_names = []
        for party in parties_all():
            name = seats_field_name(party)
            self.fields[name] = forms.IntegerField(
                label=_("Seats for %(party)s") % {"party": party.short_name},
                min_value=0,
                max_value=10_000,
                initial=reserved.get(party.pk, 0),
                error_messages={
                    "required": _("Give the number of seats (0 for none)."),
                    "min_value": _("The number of seats cannot be negative."),
                },
            )
            self.fields[name].party = party
            self.seat_names.append(name)
        if session.pk:
            for name in ("starts_at", "ends_at", "enrolment_opens_at", "enrolment_closes_at", "release_unused_at"):
                self.initial.setdefault(name, getattr(session, name))
            self.initial.setdefault("trainers", list(session.trainers.all()))
        self.fields["starts_at"].error_messages["required"] = _("Give the start.")
        self.fields["ends_at"].error_messages["required"] = _("Give the end.")
        self.fields["enrolment_opens_at"].error_messages["required"] = _("Say when enrolment opens.")
        self.fields["enrolment_closes_at"].error_messages["required"] = _("Say when enrolment closes.")
        self.helper = _helper(
            Div(Div("starts_at", css_class="col-md-6"), Div("ends_at", css_class="col-md-6"), css_class="row"),
            Div(Div("location", css_class="col-md-6"), Div("online_link", css_class="col-md-6"), css_class="row"),
            "trainers",
            "external_trainers",
            Div(*[Div(name, css_class="col-md-3") for name in self.seat_names], css_class="row seats-per-party"),
            Div(
                Div("enrolment_opens_at", css_class="col-md-6"),
                Div("enrolment_closes_at", css_class="col-md-6"),
                css_class="row",
            ),
            "release_unused_at",
            "needs_approval",
        )

    def service_rules(self, data: dict) -> None:
        # The service's seats message goes beside the first party's number, the rest beside their fields.
        try:
            session_check(fields=self._fields_of(data))
        except ValidationError as exc:
            merge_service_errors(self, exc, elsewhere={"seats": self._seats_errors})

    def _seats_errors(self, messages: list[str]) -> None:
        if not any(self.has_error(name) for name in self.seat_names):
            self.add_error(self.seat_names[0], messages)

    def to_fields(self) -> SessionFields:
        return self._fields_of(self.cleaned_data)

    def _fields_of(self, data: dict) -> SessionFields:
        seats = {self.fields[name].party.pk: data[name] for name in self.seat_names if data.get(name) is not None}
        return SessionFields(
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            enrolment_opens_at=data.get("enrolment_opens_at"),
            enrolment_closes_at=data.get("enrolment_closes_at"),
            # A number in error is left out of the check (it says what is wrong itself).
            seats=seats if len(seats) == len(self.seat_names) else None,
            location=data.get("location") or "",
            online_link=data.get("online_link") or "",
            trainers=list(data.get("trainers") or []),
            external_trainers=data.get("external_trainers") or "",
            release_unused_at=data.get("release_unused_at"),
            needs_approval=bool(data.get("needs_approval")),
        )


class NominateForm(TextLimitsMixin, OnceFormMixin, forms.Form):
    person = StaffChoiceField(
        label=pgettext_lazy("a person nominated", "Person"),
        help_text=_("Staff of your party; search by name."),
        error_messages={"required": _("Choose the person to enrol.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].only_party(user.party_id)
        self.helper = _helper("person")


class DecideForm(TextLimitsMixin, forms.Form):
    APPROVE, DECLINE = "approve", "decline"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve")), (DECLINE, pgettext_lazy("an enrolment", "Decline"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Approve or decline.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to decline: the enrolee reads it."),
    )
    text_limits = {"comment": 2000}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("decision", "comment")

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.DECLINE and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say why the enrolment is declined."))
        return data

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == self.APPROVE
