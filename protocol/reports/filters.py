import django_filters
from django.utils.translation import gettext_lazy as _

from .models import AnnualReport, Highlight


class ReportFilter(django_filters.FilterSet):
    """A year's versions, as its page lists them."""

    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = AnnualReport
        fields = ["year"]


class HighlightFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = Highlight
        fields = ["year", "area"]
