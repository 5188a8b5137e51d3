import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from protocol.parties.selectors import parties_all
from protocol.years import YearFilter

from .models import Course, TrainingSession


class SessionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Topic"), method="filter_nothing")
    party = django_filters.ModelChoiceFilter(
        label=_("Organising party"),
        field_name="course__organising_party",
        queryset=parties_all(),
        empty_label=_("Both parties"),
    )
    # Sessions are planned ahead: next year's are a year to filter by too.
    year = YearFilter(field_name="starts_at", with_next=True)

    class Meta:
        model = TrainingSession
        fields = ["q", "party", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget = forms.TextInput(
            attrs={"type": "search", "placeholder": _("Course title or description… 中文 or English")}
        )
        self.form.fields["q"].column = "col-lg-4"

    def filter_nothing(self, queryset, name, value):
        # The search ranks the filtered rows in the view (selectors.matching), after every filter.
        return queryset


class CourseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Topic"), method="filter_nothing")
    party = django_filters.ModelChoiceFilter(
        label=_("Organising party"),
        field_name="organising_party",
        queryset=parties_all(),
        empty_label=_("Both parties"),
    )

    class Meta:
        model = Course
        fields = ["q", "party"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget = forms.TextInput(
            attrs={"type": "search", "placeholder": _("Course title or description… 中文 or English")}
        )
        self.form.fields["q"].column = "col-lg-4"

    def filter_nothing(self, queryset, name, value):
        return queryset
