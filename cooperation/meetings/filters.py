from datetime import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from protocol.parties.selectors import parties_all
from protocol.years import years_with_next

from .models import Meeting, Series


class MeetingFilter(django_filters.FilterSet):
    series = django_filters.ModelChoiceFilter(
        label=_("Series"), queryset=Series.objects.all(), empty_label=_("All series")
    )
    organising_party = django_filters.ModelChoiceFilter(
        label=_("Organising party"), queryset=parties_all(), empty_label=_("Both parties")
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), choices=years_with_next, empty_label=_("All years"), method="filter_year"
    )

    class Meta:
        model = Meeting
        fields = ["series", "organising_party", "year"]

    def filter_year(self, queryset, name, value):
        # The year as the user counts it (local time), as a range so the starts_at index serves it.
        year = int(value)
        start, end = (timezone.make_aware(datetime(y, 1, 1)) for y in (year, year + 1))
        return queryset.filter(starts_at__gte=start, starts_at__lt=end)
