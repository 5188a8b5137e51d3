from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from protocol import library
from protocol.forms import ServiceRulesMixin, TextLimitsMixin
from protocol.once.forms import OnceFormMixin
from protocol.parties.forms import StaffMultipleChoiceField
from protocol.parties.selectors import parties_all

from .models import Activity
from .services import EDITABLE_FIELDS, ActivityFields, activity_check


class ActivityForm(TextLimitsMixin, ServiceRulesMixin, OnceFormMixin, forms.ModelForm):
    participants = StaffMultipleChoiceField(
        label=_("Participants"),
        help_text=_("Staff of both parties; at least one from the other party. Search by name and tick each one."),
    )

    class Meta:
        model = Activity
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "external_participants": forms.Textarea(attrs={"rows": 2}),
            "outcomes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Whose rules apply: the party that records the activity (the author's, or the record's once saved).
        self.party = self.instance.party if self.instance.pk else user.party
        self.library = library.face()
        if self.library:
            # Only what the author may see can be linked; the list shows just the ticked ones, the
            # library search (htmx) adds more.
            self.fields["documents"] = self.library.field(
                label=_("Library documents"),
                required=False,
                help_text=_("Search the library below and tick the documents this activity used or produced."),
            )
            if self.instance.pk:
                self.initial.setdefault("documents", list(self.library.linked(self.instance)))
            self.library.prepare(self, "documents", user=user)
        self.fields["lead_party"].queryset = parties_all()
        self.fields["title"].error_messages["max_length"] = _(
            "The title can be at most %(limit_value)d characters long (it has %(show_value)d)."
        )
        self.fields["title"].error_messages["required"] = _("Give the activity a title.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.render_hidden_fields = True
        self.helper.layout = Layout(
            Div(Div("area", css_class="col-md-6"), Div("kind", css_class="col-md-6"), css_class="row"),
            "title",
            "title_other",
            "description",
            Div(
                Div("start_date", css_class="col-md-4"),
                Div("end_date", css_class="col-md-4"),
                Div("lead_party", css_class="col-md-4"),
                css_class="row",
            ),
            "location",
            "participants",
            "external_participants",
            "outcomes",
        )
        if self.library:
            self.helper.layout.append(
                Div(
                    "documents",
                    HTML(f'{{% include "{self.library.picker_template}" %}}'),
                    css_class="linked-documents",
                    css_id="linked-documents",
                )
            )

    def service_rules(self, data: dict) -> None:
        activity_check(fields=self._fields_of(data), party=self.party)

    def to_fields(self) -> ActivityFields:
        return self._fields_of(self.cleaned_data)

    def _fields_of(self, cleaned: dict) -> ActivityFields:
        data = {name: cleaned.get(name) for name in self.Meta.fields}
        participants = data["participants"]
        data["participants"] = None if participants is None else list(participants)
        data["documents"] = list(cleaned.get("documents") or [])
        return ActivityFields(**data)


class CommentForm(TextLimitsMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, required: bool = False, lock: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = required
        if required:
            self.fields["comment"].error_messages["required"] = _(
                "Say what should change before returning the activity."
            )
        if lock:
            # Confirming locks the record for good: asked on the form, before the click that does it.
            self.fields["lock"] = forms.BooleanField(
                label=_("Confirm and lock: once confirmed, the activity can no longer be edited or returned."),
                error_messages={"required": _("Tick the box to confirm the activity and lock it.")},
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
