"""Joint research in figures, per lead party and year (the registry's hook, for the dashboard and the annual
report):
- projects active: approved projects whose dates reach into the year;
- projects completed: completed projects ending in the year;
- deliverables accepted: accepted by both parties in the year (Beijing time).
Two queries whatever the number of projects; only projects the reader may see count."""

from collections.abc import Collection
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from protocol.areas import Area
from protocol.counts import cached_per_party
from protocol.registry import Figure
from protocol.years import years_span, years_span_aware

from .models import Deliverable, DeliverableStatus, ProjectStatus
from .selectors import projects_visible_to
from .services import COUNTS

UNDER_WAY = (ProjectStatus.APPROVED, ProjectStatus.ACTIVE, ProjectStatus.COMPLETED)


@cached_per_party(COUNTS)
def area_figures(user, *, years: Collection[int]) -> list[Figure]:
    start, end = years_span(years)
    visible = projects_visible_to(user)
    # One row per lead party, one count per year and figure: a fixed query whatever the number of years.
    counts = {}
    for year in years:
        first, last = date(year, 1, 1), date(year, 12, 31)
        counts[f"active_{year}"] = Count(
            "pk", filter=Q(status__in=UNDER_WAY, start_date__lte=last, end_date__gte=first)
        )
        counts[f"completed_{year}"] = Count(
            "pk", filter=Q(status=ProjectStatus.COMPLETED, end_date__gte=first, end_date__lte=last)
        )
    projects = (
        visible.filter(start_date__lt=end, end_date__gte=start).order_by().values("lead_party").annotate(**counts)
    )
    figures = []
    for row in projects:
        for year in years:
            figures.append(Figure(Area.RESEARCH, "projects_active", _("Projects active"), row["lead_party"], year,
                                  row[f"active_{year}"]))  # fmt: skip
            figures.append(Figure(Area.RESEARCH, "projects_completed", _("Projects completed"), row["lead_party"],
                                  year, row[f"completed_{year}"]))  # fmt: skip
    start_at, end_at = years_span_aware(years)
    accepted = (
        Deliverable.objects.filter(
            project__in=visible.values("pk"),
            status=DeliverableStatus.ACCEPTED,
            accepted_at__gte=start_at,
            accepted_at__lt=end_at,
        )
        .annotate(year=ExtractYear("accepted_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("project__lead_party", "year")
        .annotate(n=Count("pk"))
    )
    figures += [
        Figure(Area.RESEARCH, "deliverables_accepted", _("Deliverables accepted"), row["project__lead_party"],
               row["year"], row["n"])
        for row in accepted
        if row["year"] in years
    ]  # fmt: skip
    return figures
