from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from cooperation.documents.links import library
from protocol.forms import ServiceRulesMixin, TextLimitsMixin
from protocol.once.forms import OnceFormMixin
from protocol.parties.forms import StaffChoiceField, StaffMultipleChoiceField

from .models import Meeting, Series
from .services import AgendaRow, MeetingFields, meeting_check

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
AGENDA_MAX_ROWS = 20


def _datetime_field(label):
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"],
        help_text=_("Your local time."),
    )


class MeetingForm(TextLimitsMixin, ServiceRulesMixin, OnceFormMixin, forms.ModelForm):
    # Start and end are declared, not model fields of the form: the model's "ends after it starts"
    # constraint would otherwise fire as an anonymous form error; the service reports it on "ends".
    starts_at = _datetime_field(_("Starts"))
    ends_at = _datetime_field(_("Ends"))
    chair = StaffChoiceField(label=_("Chair"), required=False, empty_label=_("Not decided yet"))
    minute_taker = StaffChoiceField(
        label=_("Minute-taker"),
        required=False,
        empty_label=_("Not decided yet"),
        help_text=_("Writes the minutes; must be one of the attendees, like the chair."),
    )
    attendees = StaffMultipleChoiceField(
        label=_("Attendees"),
        help_text=_("Staff of both parties; each is invited and asked to answer. Search by name and tick each one."),
        error_messages={"required": _("Invite at least one attendee.")},
    )
    online_link = Meeting._meta.get_field("online_link").formfield(
        assume_scheme="https", help_text=_("Video-call address, if the meeting is (also) online.")
    )
    record_past = forms.BooleanField(
        label=_("Yes, record this past meeting; no invitations are sent."),
        required=False,
    )
    materials = library.field(
        label=_("Materials"),
        required=False,
        help_text=_("Search the library below and tick the documents for this meeting."),
    )

    class Meta:
        model = Meeting
        fields = [
            "series",
            "title",
            "title_other",
            "kind",
            "location",
            "online_link",
            "chair",
            "minute_taker",
            "external_attendees",
            "internal",
        ]
        widgets = {"external_attendees": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "internal": _("Only your party sees it; then invite only your own party's staff."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.instance
        self.party_id = meeting.organising_party_id if meeting.pk else user.party_id
        if meeting.pk:
            self.initial.setdefault("starts_at", meeting.starts_at)
            self.initial.setdefault("ends_at", meeting.ends_at)
            self.initial.setdefault("attendees", [attendance.user for attendance in meeting.attendances.all()])
            self.initial.setdefault("materials", getattr(meeting, "visible_materials", []))
        self.fields["series"].queryset = Series.objects.all()
        self.fields["series"].empty_label = _("No series")
        self.fields["title"].error_messages["required"] = _("Give the meeting a title.")
        library.prepare(self, "materials", user=user)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.render_hidden_fields = True
        self.helper.layout = Layout(
            Div(Div("series", css_class="col-md-6"), Div("kind", css_class="col-md-6"), css_class="row"),
            "title",
            "title_other",
            Div(Div("starts_at", css_class="col-md-6"), Div("ends_at", css_class="col-md-6"), css_class="row"),
            Div(Div("location", css_class="col-md-6"), Div("online_link", css_class="col-md-6"), css_class="row"),
            "attendees",
            Div(Div("chair", css_class="col-md-6"), Div("minute_taker", css_class="col-md-6"), css_class="row"),
            "external_attendees",
            "internal",
            HTML('{% include "meetings/_agenda_formset.html" %}'),
            Div(
                "materials",
                HTML(f'{{% include "{library.picker_template}" with picker_field="materials" %}}'),
                css_class="linked-documents",
                css_id="meeting-materials",
            ),
        )

    def service_rules(self, data: dict) -> None:
        # The agenda is a formset of its own: its rows are checked when the service writes.
        record_past = None if self.instance.pk else bool(data.get("record_past"))
        meeting_check(fields=self._fields_of(data, agenda=[]), party_id=self.party_id, record_past=record_past)

    def _post_clean(self):
        super()._post_clean()
        # The box is offered only once it is needed: the start is in the past (or it was ticked already).
        if self.cleaned_data.get("record_past") or self.has_error("record_past"):
            self.helper.layout.insert(3, "record_past")

    def to_fields(self, *, agenda: list[AgendaRow]) -> MeetingFields:
        return self._fields_of(self.cleaned_data, agenda=agenda)

    def _fields_of(self, data: dict, *, agenda: list[AgendaRow]) -> MeetingFields:
        attendees = data.get("attendees")
        return MeetingFields(
            series=data.get("series"),
            title=data.get("title"),
            title_other=data.get("title_other"),
            kind=data.get("kind"),
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            location=data.get("location"),
            online_link=data.get("online_link"),
            chair=data.get("chair"),
            minute_taker=data.get("minute_taker"),
            attendees=None if attendees is None else list(attendees),
            external_attendees=data.get("external_attendees"),
            internal=data.get("internal"),
            materials=list(data.get("materials") or []),
            agenda=agenda,
        )


class AgendaItemForm(TextLimitsMixin, forms.Form):
    title = forms.CharField(label=_("Item"), max_length=200)
    presenter = forms.CharField(label=_("Presenter"), max_length=150, required=False)
    planned_minutes = forms.IntegerField(
        label=_("Planned minutes"),
        required=False,
        min_value=0,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"step": 5}),
        error_messages={
            "min_value": _("Planned minutes cannot be negative."),
            "max_value": _("An agenda item can be planned for at most a day (%(limit_value)s minutes)."),
        },
    )
    documents = library.field(label=_("Library documents"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = _("Give the agenda item a title (or tick “Remove”).")
        library.prepare(self, "documents", user=user)

    def to_row(self) -> AgendaRow:
        data = self.cleaned_data
        return AgendaRow(
            title=data["title"],
            presenter=data["presenter"],
            planned_minutes=data["planned_minutes"],
            documents=list(data["documents"]),
        )


class BaseAgendaFormSet(forms.BaseFormSet):
    default_error_messages = {"too_many_forms": _("An agenda can have at most %(num)d items.")}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Remove")

    def rows(self) -> list[AgendaRow]:
        """The agenda in row order; untouched blank rows and removed ones are left out."""
        return [
            form.to_row() for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]

    def add_service_errors(self, messages: list[str]) -> None:
        # A formset has no add_error(); its non-form errors are a list the template shows above the rows.
        self.non_form_errors().extend(messages)


AgendaFormSet = forms.formset_factory(
    AgendaItemForm,
    formset=BaseAgendaFormSet,
    extra=3,
    max_num=AGENDA_MAX_ROWS,
    validate_max=True,
    can_delete=True,
)


def agenda_formset(data=None, *, user, meeting: Meeting | None = None) -> BaseAgendaFormSet:
    initial = None
    if meeting is not None:
        initial = [
            {
                "title": item.title,
                "presenter": item.presenter,
                "planned_minutes": item.planned_minutes,
                "documents": getattr(item, "visible_documents", []),
            }
            for item in meeting.agenda.all()
        ]
    return AgendaFormSet(data, initial=initial, prefix="agenda", form_kwargs={"user": user})


class SeriesForm(OnceFormMixin, forms.ModelForm):
    """Creates a series (with a one-time token) or edits one (without: only creating is made once)."""

    class Meta:
        model = Series
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"name": _("e.g. Joint Working Group; meetings of the series follow one another.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Give the series a name.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.render_hidden_fields = True

    def validate_unique(self) -> None:
        # The service says when the name is taken, under its lock; checked here, a repeated submission of this
        # form would be refused for the name its first submission took, instead of leading to that series.
        pass

    def to_fields(self) -> dict:
        return {"name": self.cleaned_data["name"], "description": self.cleaned_data["description"]}
