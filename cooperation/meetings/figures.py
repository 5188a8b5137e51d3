"""The communication mechanism in figures, per organising party and year of the meeting (Beijing time), for
the registry's hook (the dashboard and the annual report):
- meetings held;
- minutes approved by both parties;
- action items done.
One query whatever the number of meetings; only meetings the reader may see count."""

from collections.abc import Collection

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from protocol.areas import Area
from protocol.counts import cached_per_party
from protocol.registry import Figure
from protocol.years import years_span_aware

from .models import ActionItemStatus, MeetingStatus, MinutesStatus
from .selectors import COUNTS, meetings_visible_to

FIGURES = (
    ("meetings_held", _("Meetings held")),
    ("minutes_approved", _("Minutes approved")),
    ("action_items_done", _("Action items done")),
)


@cached_per_party(COUNTS)
def area_figures(user, *, years: Collection[int]) -> list[Figure]:
    start, end = years_span_aware(years)
    zone = timezone.get_current_timezone()
    held = meetings_visible_to(user).filter(status=MeetingStatus.HELD, starts_at__gte=start, starts_at__lt=end)
    rows = (
        held.annotate(year=ExtractYear("starts_at", tzinfo=zone))
        .order_by()
        .values("organising_party", "year")
        .annotate(
            meetings_held=Count("pk", distinct=True),
            minutes_approved=Count("minutes", filter=Q(minutes__status=MinutesStatus.APPROVED), distinct=True),
            action_items_done=Count("action_items", filter=Q(action_items__status=ActionItemStatus.DONE),
                                    distinct=True),
        )
    )  # fmt: skip
    return [
        Figure(Area.COMMUNICATION, key, label, row["organising_party"], row["year"], row[key])
        for row in rows
        if row["year"] in years
        for key, label in FIGURES
    ]
