import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from protocol.areas import Area
from protocol.parties.selectors import parties_all
from protocol.years import YearFilter

from .models import Activity, Status


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_nothing")
    area = django_filters.ChoiceFilter(label=_("Area"), choices=Area.choices, empty_label=_("All areas"))
    lead_party = django_filters.ModelChoiceFilter(
        label=_("Lead party"), queryset=parties_all(), empty_label=_("Both parties")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices, empty_label=_("Any status"))
    year = YearFilter(field_name="start_date", with_next=True)

    class Meta:
        model = Activity
        fields = ["q", "area", "lead_party", "status", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget = forms.TextInput(
            attrs={"type": "search", "placeholder": _("Title or description")}
        )

    def filter_nothing(self, queryset, name, value):
        # The search ranks the filtered rows in the view (protocol.search, through the glossary), after every filter.
        return queryset
