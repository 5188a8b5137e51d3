"""The years a filter offers: from the protocol's start, newest first. A fixed range, not a DISTINCT
over a large table, so a menu costs no query."""

from django.utils import timezone

FIRST_YEAR = 2020


def years_to_date():
    """For what has already happened (documents added)."""
    return [(year, str(year)) for year in range(timezone.localdate().year, FIRST_YEAR - 1, -1)]


def years_with_next():
    """For what is planned too (activities and meetings of next year)."""
    return [(year, str(year)) for year in range(timezone.localdate().year + 1, FIRST_YEAR - 1, -1)]
