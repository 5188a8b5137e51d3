"""The years a filter offers: from the protocol's start, newest first. A fixed range, not a DISTINCT
over a large table, so a menu costs no query."""

from datetime import date, datetime

import django_filters
from django.core.validators import EMPTY_VALUES
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2020


def years_span(years) -> tuple[date, date]:
    """The first day of the earliest of `years` and the first day after the latest: a range an index serves."""
    return date(min(years), 1, 1), date(max(years) + 1, 1, 1)


def years_span_aware(years) -> tuple[datetime, datetime]:
    """The same span as moments, the years counted in Beijing time."""
    return tuple(timezone.make_aware(datetime(day.year, 1, 1)) for day in years_span(years))


def years_to_date():
    """For what has already happened (documents added)."""
    return [(year, str(year)) for year in range(timezone.localdate().year, FIRST_YEAR - 1, -1)]


def years_with_next():
    """For what is planned too (activities and meetings of next year)."""
    return [(year, str(year)) for year in range(timezone.localdate().year + 1, FIRST_YEAR - 1, -1)]


class YearFilter(django_filters.ChoiceFilter):
    """One year of a date or date-time field, as the reader counts years (Beijing time), filtered as a range so
    the field's index serves it. `with_next` offers next year too, for what is planned."""

    def __init__(self, *, field_name: str, with_next: bool = False, **kwargs):
        kwargs.setdefault("label", _("Year"))
        kwargs.setdefault("empty_label", _("All years"))
        super().__init__(field_name=field_name, choices=years_with_next if with_next else years_to_date, **kwargs)

    def filter(self, rows, value):
        if value in EMPTY_VALUES:
            return rows
        year = int(value)
        field = rows.model._meta.get_field(self.field_name)
        if isinstance(field, models.DateTimeField):
            start, end = (timezone.make_aware(datetime(y, 1, 1)) for y in (year, year + 1))
        else:
            start, end = date(year, 1, 1), date(year + 1, 1, 1)
        return rows.filter(**{f"{self.field_name}__gte": start, f"{self.field_name}__lt": end})
