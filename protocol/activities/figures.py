"""The ledger's own figure for the registry's hook: joint activities confirmed by both parties, per area, lead
party and year of their start. One query, on the ledger's start-date index."""

from collections.abc import Collection

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from protocol.areas import Area
from protocol.counts import cached_per_party
from protocol.registry import Figure
from protocol.years import years_span

from .models import Status
from .selectors import COUNTS, activities_visible_to

CONFIRMED_KEY = "activities_confirmed"
CONFIRMED_LABEL = _("Joint activities confirmed")


@cached_per_party(COUNTS)
def ledger_figures(user, *, years: Collection[int]) -> list[Figure]:
    start, end = years_span(years)
    rows = (
        activities_visible_to(user)
        .filter(status=Status.CONFIRMED, start_date__gte=start, start_date__lt=end)
        .annotate(year=ExtractYear("start_date"))
        .order_by()
        .values("area", "lead_party", "year")
        .annotate(n=Count("pk"))
    )
    return [
        Figure(Area(row["area"]), CONFIRMED_KEY, CONFIRMED_LABEL, row["lead_party"], row["year"], row["n"])
        for row in rows
        if row["year"] in years
    ]
