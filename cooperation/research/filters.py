import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from protocol.parties.selectors import parties_all
from protocol.years import YearFilter

from .models import ProjectStatus, ResearchProject


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_nothing")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProjectStatus.choices, empty_label=_("Any status"))
    lead_party = django_filters.ModelChoiceFilter(
        label=_("Lead party"), queryset=parties_all(), empty_label=_("Both parties")
    )
    # Projects are planned ahead: next year's start is a year to filter by too.
    year = YearFilter(field_name="start_date", with_next=True, label=_("Year started"))
    technology_field = django_filters.CharFilter(
        label=_("Technology field"), field_name="technology_field", lookup_expr="icontains"
    )

    class Meta:
        model = ResearchProject
        fields = ["q", "status", "lead_party", "year", "technology_field"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget = forms.TextInput(
            attrs={"type": "search", "placeholder": _("Title, topic, objectives… 中文 or English")}
        )
        self.form.fields["q"].column = "col-lg-4"

    def filter_nothing(self, queryset, name, value):
        # The search ranks the filtered rows in the view (selectors.projects_matching), after every filter.
        return queryset
