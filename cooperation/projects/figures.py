"""Project support in figures: per party and year, and per project. What the dashboard and the annual report read.

Per party and year:
- contributions confirmed: those its staff made, by the year of the contribution's date, in all and by kind;
- places: those its calls offered (by the year the call closes, Beijing time), and how many of them were
  filled (applications accepted);
- indicator progress: the average share of the way from baseline to target covered by the indicators of
  its projects, by the year the project starts.
Per project: the same, over the project's whole life, with each indicator's progress.

A fixed number of queries whatever the number of projects; only the projects the reader may see count."""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Subquery, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from protocol.areas import Area
from protocol.counts import cached_per_party
from protocol.parties.models import Party
from protocol.registry import Figure
from protocol.years import years_span, years_span_aware

from .models import (
    Application,
    ApplicationStatus,
    Call,
    Contribution,
    ContributionKind,
    ContributionStatus,
    Indicator,
    IndicatorValue,
    Project,
)
from .selectors import Progress, projects_visible_to
from .services import COUNTS


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class Counts:
    """What both tables show: contributions confirmed, places, indicator progress."""

    contributions: int = 0
    by_kind: list[KindCount] = field(default_factory=list)
    places_offered: int = 0
    places_filled: int = 0
    progress: list[int] = field(default_factory=list)  # each indicator's percent

    @property
    def fill_rate(self) -> float | None:
        return self.places_filled / self.places_offered if self.places_offered else None

    @property
    def average_progress(self) -> int | None:
        return round(sum(self.progress) / len(self.progress)) if self.progress else None


@dataclass(frozen=True)
class PartyFigures(Counts):
    party: Party | None = None
    year: int = 0


@dataclass(frozen=True)
class ProjectFigures(Counts):
    project: Project | None = None
    indicators: list[Progress] = field(default_factory=list)


def figures(user, *, year: int | None = None, years: Collection[int] = ()) -> list[PartyFigures]:
    """One row per party and year with anything to count, newest year first, then by party (six queries); only
    `year`, or the span of `years`, when given."""
    visible = projects_visible_to(user).values("pk")
    zone = timezone.get_current_timezone()
    contributions = _confirmed(visible)
    calls = Call.objects.filter(project__in=visible)
    indicators = Indicator.objects.filter(project__in=visible)
    if year is not None:
        contributions = contributions.filter(on__year=year)
        calls = calls.filter(closes_at__year=year)
        indicators = indicators.filter(project__starts_on__year=year)
    if years:
        (start, end), (start_at, end_at) = years_span(years), years_span_aware(years)
        contributions = contributions.filter(on__gte=start, on__lt=end)
        calls = calls.filter(closes_at__gte=start_at, closes_at__lt=end_at)
        indicators = indicators.filter(project__starts_on__gte=start, project__starts_on__lt=end)

    kinds: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for row in contributions.annotate(year=ExtractYear("on")).values("party", "year", "kind").annotate(n=Count("pk")):
        kinds[(row["party"], row["year"])][row["kind"]] = row["n"]
    offered = {
        (row["project__organising_party"], row["year"]): row["n"]
        for row in calls.annotate(year=ExtractYear("closes_at", tzinfo=zone))
        .values("project__organising_party", "year")
        .annotate(n=Sum("places"))
    }
    filled = {
        (row["call__project__organising_party"], row["year"]): row["n"]
        for row in Application.objects.filter(call__in=calls.values("pk"), status=ApplicationStatus.ACCEPTED)
        .annotate(year=ExtractYear("call__closes_at", tzinfo=zone))
        .values("call__project__organising_party", "year")
        .annotate(n=Count("pk"))
    }
    progress: dict[tuple[int, int], list[int]] = defaultdict(list)
    started = ExtractYear("project__starts_on")
    for indicator in _with_latest(indicators).annotate(party=F("project__organising_party"), year=started):
        progress[(indicator.party, indicator.year)].append(_progress(indicator).percent)

    parties = {party.pk: party for party in Party.objects.all()}
    keys = sorted(set(kinds) | set(offered) | set(filled) | set(progress), key=lambda k: (-k[1], parties[k[0]].code))
    return [
        PartyFigures(
            party=parties[party],
            year=when,
            contributions=sum(kinds[(party, when)].values()) if (party, when) in kinds else 0,
            by_kind=_by_kind(kinds.get((party, when), {})),
            places_offered=offered.get((party, when)) or 0,
            places_filled=filled.get((party, when), 0),
            progress=progress.get((party, when), []),
        )
        for party, when in keys
    ]


def project_figures(user, *, year: int | None = None) -> list[ProjectFigures]:
    """One row per visible project (those running in `year`, when given), newest start first (six queries)."""
    projects = projects_visible_to(user)
    if year is not None:
        projects = projects.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    projects = list(projects.order_by("-starts_on", "-pk"))
    ids = [project.pk for project in projects]

    kinds: dict[int, dict[str, int]] = defaultdict(dict)
    for row in _confirmed(ids).values("project", "kind").annotate(n=Count("pk")):
        kinds[row["project"]][row["kind"]] = row["n"]
    offered = {
        row["project"]: row["n"]
        for row in Call.objects.filter(project__in=ids).values("project").annotate(n=Sum("places"))
    }
    filled = {
        row["call__project"]: row["n"]
        for row in Application.objects.filter(call__project__in=ids, status=ApplicationStatus.ACCEPTED)
        .values("call__project")
        .annotate(n=Count("pk"))
    }
    indicators: dict[int, list[Progress]] = defaultdict(list)
    for indicator in _with_latest(Indicator.objects.filter(project__in=ids)).order_by("project", "position", "pk"):
        indicators[indicator.project_id].append(_progress(indicator))
    return [
        ProjectFigures(
            project=project,
            contributions=sum(kinds[project.pk].values()) if project.pk in kinds else 0,
            by_kind=_by_kind(kinds.get(project.pk, {})),
            places_offered=offered.get(project.pk) or 0,
            places_filled=filled.get(project.pk, 0),
            progress=[row.percent for row in indicators.get(project.pk, [])],
            indicators=indicators.get(project.pk, []),
        )
        for project in projects
    ]


def _confirmed(projects):
    return Contribution.objects.filter(project__in=projects, status=ContributionStatus.CONFIRMED)


def _with_latest(indicators):
    """Each indicator with `latest_value`: the value of its latest reported period (None before any)."""
    latest = IndicatorValue.objects.filter(indicator=OuterRef("pk")).order_by("-period_end", "-pk")
    return indicators.annotate(latest_value=Subquery(latest.values("value")[:1]))


def _progress(indicator: Indicator) -> Progress:
    value = indicator.latest_value
    return Progress(indicator=indicator, latest=None if value is None else IndicatorValue(value=value))


def _by_kind(counts: dict[str, int]) -> list[KindCount]:
    """In the order of the kinds, only those with a contribution."""
    return [KindCount(kind, label, counts[kind]) for kind, label in ContributionKind.choices if counts.get(kind)]


@cached_per_party(COUNTS)
def area_figures(user, *, years: Collection[int]) -> list[Figure]:
    """The registry's hook: contributions confirmed, places offered and places filled, per party and year."""
    rows = [row for row in figures(user, years=years) if row.year in years]
    return [
        Figure(Area.PROJECTS, key, label, row.party.pk, row.year, getattr(row, key))
        for row in rows
        for key, label in (
            ("contributions", _("Contributions confirmed")),
            ("places_offered", _("Places offered")),
            ("places_filled", _("Places filled")),
        )
    ]
