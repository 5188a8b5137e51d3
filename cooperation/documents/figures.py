"""Document sharing in figures, per party and year (the registry's hook, for the dashboard and the annual report):
- documents shared: those a party added in the year (Beijing time) that the other party may see or ask for;
- downloads by the other party: its staff's downloads in the year of documents owned by the first party,
  counted for the downloading party.
Two queries whatever the size of the library; only documents the reader may see count."""

from collections.abc import Collection

from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from protocol.areas import Area
from protocol.counts import cached_per_party
from protocol.registry import Figure
from protocol.years import years_span_aware

from .models import VISIBLE_TO_OTHER_PARTY, DownloadEvent
from .selectors import COUNTS, documents_visible_to


@cached_per_party(COUNTS)
def area_figures(user, *, years: Collection[int]) -> list[Figure]:
    start, end = years_span_aware(years)
    zone = timezone.get_current_timezone()
    visible = documents_visible_to(user)
    shared = (
        visible.filter(confidentiality__in=VISIBLE_TO_OTHER_PARTY, created_at__gte=start, created_at__lt=end)
        .annotate(year=ExtractYear("created_at", tzinfo=zone))
        .order_by()
        .values("owner_party", "year")
        .annotate(n=Count("pk"))
    )
    downloads = (
        DownloadEvent.objects.filter(version__document__in=visible.values("pk"), at__gte=start, at__lt=end)
        .exclude(party=F("version__document__owner_party"))
        .annotate(year=ExtractYear("at", tzinfo=zone))
        .order_by()
        .values("party", "year")
        .annotate(n=Count("pk"))
    )
    figures = [
        Figure(Area.DOCUMENTS, "documents_shared", _("Documents shared"), row["owner_party"], row["year"], row["n"])
        for row in shared
    ]
    figures += [
        Figure(Area.DOCUMENTS, "downloads_by_other_party", _("Downloads of the other party's documents"),
               row["party"], row["year"], row["n"])
        for row in downloads
    ]  # fmt: skip
    return [figure for figure in figures if figure.year in years]
