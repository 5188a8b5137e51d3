import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from protocol.parties.selectors import parties_all
from protocol.years import YearFilter

from .models import Project, ProjectStatus, ProjectType


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_nothing")
    party = django_filters.ModelChoiceFilter(
        label=_("Organising party"),
        field_name="organising_party",
        queryset=parties_all(),
        empty_label=_("Both parties"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProjectStatus.choices, empty_label=_("Any status"))
    project_type = django_filters.ChoiceFilter(label=_("Type"), choices=ProjectType.choices, empty_label=_("Any type"))
    # Projects are planned ahead: next year's start is a year to filter by too.
    year = YearFilter(field_name="starts_on", with_next=True, label=_("Year started"))

    class Meta:
        model = Project
        fields = ["q", "party", "status", "project_type", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget = forms.TextInput(
            attrs={"type": "search", "placeholder": _("Title or description… 中文 or English")}
        )
        self.form.fields["q"].column = "col-lg-4"

    def filter_nothing(self, queryset, name, value):
        # The search ranks the filtered rows in the view (selectors.matching), after every filter.
        return queryset
