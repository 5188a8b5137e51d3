"""The forms of attendance, countersigning, certificates, verification, feedback and the figures' filter.
Each carries what its one service needs; the service's own rules come back through `merge_service_errors`."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from protocol.forms import TextLimitsMixin
from protocol.once.forms import OnceFormMixin
from protocol.years import years_with_next

from .models import Attendance

RATINGS = [(n, str(n)) for n in range(1, 6)]
# The largest attendance file read: 10,000 rows of a name and a word fit well within it.
CSV_LIMIT = 2 * 1024 * 1024


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.render_hidden_fields = True
    return helper


def mark_field_name(enrolment_id: int) -> str:
    return f"mark_{enrolment_id}"


class AttendanceForm(TextLimitsMixin, forms.Form):
    """One group of radio buttons per enrolled person; a person left unmarked stays as they were."""

    def __init__(self, *args, enrolled, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolled = list(enrolled)
        for enrolment in self.enrolled:
            self.fields[mark_field_name(enrolment.pk)] = forms.ChoiceField(
                label=enrolment.user.full_name,
                choices=Attendance.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=enrolment.attendance or None,
            )

    def rows(self):
        """(enrolment, its bound field) in the page's order."""
        return [(enrolment, self[mark_field_name(enrolment.pk)]) for enrolment in self.enrolled]

    def marks(self) -> dict[int, str]:
        return {
            enrolment.pk: value
            for enrolment in self.enrolled
            if (value := self.cleaned_data.get(mark_field_name(enrolment.pk)))
        }


class AttendanceImportForm(TextLimitsMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns “username” (or “email”) and “attendance”: present, partly or absent (出席, 部分出席, 缺席). "
            "UTF-8. Nothing is imported while any row is wrong."
        ),
        error_messages={"required": _("Choose the CSV file to import.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"
        self.helper = _helper()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > CSV_LIMIT:
            raise forms.ValidationError(_("The file is larger than 2 MB: split it."))
        return upload


class CountersignForm(TextLimitsMixin, forms.Form):
    """The hash of the attendance the coordinator read, and the box saying what locks."""

    version = forms.CharField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("I countersign the attendance of my party's staff as shown. Once signed the attendance is locked."),
        error_messages={"required": _("Tick the box to countersign.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class RevokeForm(TextLimitsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the certificate; the public verification page shows only that it is revoked."),
        error_messages={"required": _("Say why the certificate is revoked.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class VerifyForm(TextLimitsMixin, forms.Form):
    text_limits = {"code": 64}

    code = forms.CharField(
        label=_("Verification code"),
        help_text=_("As printed on the certificate, under its QR code."),
        error_messages={"required": _("Type the code printed on the certificate.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs |= {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "off"}
        self.helper = _helper()


def question_field_name(index: int) -> str:
    return f"question_{index}"


class FeedbackForm(TextLimitsMixin, OnceFormMixin, forms.Form):
    """A rating from 1 to 5 for each of the course's questions, and a comment."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Trainers read it without your name."),
    )

    def __init__(self, *args, questions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for index, question in enumerate(self.questions):
            self.fields[question_field_name(index)] = forms.TypedChoiceField(
                label=question,
                choices=RATINGS,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-inline"}),
                help_text=_("1: poor · 5: excellent"),
                error_messages={"required": _("Rate this from 1 to 5.")},
            )
        # The comment last, after the questions.
        self.order_fields([*(question_field_name(i) for i in range(len(self.questions))), "comment"])
        self.helper = _helper()

    def ratings(self) -> dict[str, int]:
        return {question: self.cleaned_data[question_field_name(i)] for i, question in enumerate(self.questions)}


class FiguresFilterForm(TextLimitsMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *years_with_next()]
