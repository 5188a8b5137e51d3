import django_filters
from django.utils.translation import gettext_lazy as _

from protocol.parties.selectors import parties_all
from protocol.years import YearFilter

from .models import Meeting, Series


class MeetingFilter(django_filters.FilterSet):
    series = django_filters.ModelChoiceFilter(
        label=_("Series"), queryset=Series.objects.all(), empty_label=_("All series")
    )
    organising_party = django_filters.ModelChoiceFilter(
        label=_("Organising party"), queryset=parties_all(), empty_label=_("Both parties")
    )
    year = YearFilter(field_name="starts_at", with_next=True)

    class Meta:
        model = Meeting
        fields = ["series", "organising_party", "year"]
