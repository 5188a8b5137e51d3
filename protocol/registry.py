"""The area registry: what each app tells the core about itself, so that `protocol/` imports no area.

An area app registers one `AreaApp` in its AppConfig.ready(); the ledger registers itself the same way
(with no area). The dashboard, the demo seed, the ledger's links back to its source records, the navigation
and the personal calendar feed iterate the registry: a new area appears in all of them by registering, with no
core change.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from .areas import Area

# Where a dashboard panel goes: across the top (what waits for the reader), the wide column or the side one.
Slot = Literal["alerts", "main", "side"]


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Mapping = field(default_factory=dict)
    slot: Slot = "side"


@dataclass(frozen=True)
class AreaApp:
    label: str  # the Django app label
    area: Area | None = None  # None for the ledger, which spans the areas
    order: int = 100  # position on the dashboard and in the navigation
    # The reader's dashboard panels; a panel with nothing to say is simply not returned.
    panels: Callable[..., Iterable[Panel]] | None = None
    # Records of this app that enter the ledger: model label → its `*_visible_to(user)` selector.
    ledger_sources: Mapping[str, Callable[..., QuerySet]] = field(default_factory=dict)
    # The navbar entry: (URL name, label) or None.
    nav: tuple[str, str] | None = None
    # Loads demo data for `make run`, given the demo personas by username; returns how many rows it made.
    demo: Callable[..., int] | None = None
    # What this area puts in a person's calendar: `calendar(user, *, domain, start=None, end=None)` →
    # protocol.calendar events (domain: identity.domain(), read once per feed for every area's UIDs); given
    # `start` / `end` (aware datetimes), only the events overlapping that window, read from the database as such.
    calendar: Callable[..., Iterable] | None = None
    # Issue 15, the protocol's record. Each hook is optional; `protocol/` iterates those an app gives.
    # What waits for `user` in this area: `waiting(user)` → `Waiting` items (the dashboard's one panel).
    waiting: Callable[..., Iterable["Waiting"]] | None = None
    # A coordinator's party's overdue items in this area: `overdue(user)` → `Waiting` items (empty for others).
    overdue: Callable[..., Iterable["Waiting"]] | None = None
    # This area's own figures per party and year: `figures(user, *, years)` → `Figure`s (user None: what both
    # parties see, for the annual report).
    figures: Callable[..., Iterable["Figure"]] | None = None
    # One global search: `search(user, *, query, limit)` → at most `limit` `SearchHit`s, best first (`ranked`),
    # the area's visibility applied; a fixed number of queries however many match.
    search: Callable[..., Iterable["SearchHit"]] | None = None
    # The URL name of the area's own list that searches `?q=`: the global search's "more in <area>" link.
    search_list: str | None = None
    # Issue 17, the REST API: `api()` → this app's `ApiRoute`s, mounted on the one router under /api/v1/ (called
    # when the URLs load, so that an app's api.py, and DRF with it, is imported only then).
    api: Callable[[], Iterable["ApiRoute"]] | None = None


@dataclass(frozen=True)
class ApiRoute:
    """One resource of the REST API: `/api/v1/<prefix>/`, served by a DRF viewset."""

    prefix: str
    viewset: type
    basename: str


@dataclass(frozen=True)
class Waiting:
    """One thing waiting for someone: what to do, on which record, since when (its age is shown)."""

    area: Area | None
    what: str  # the action, e.g. "Confirm the activity"
    title: str
    url: str
    since: datetime | date  # when it started waiting (a date for what is overdue since a due date)
    due: date | None = None  # for items with a due date (action items, milestones)
    # Where the area lists every item of this kind, and how many there are in all: the dashboard shows the
    # oldest few and links "and N more" (protocol.waiting.waiting_rows fills both in the same query).
    list_url: str = ""
    total: int = 1


@dataclass(frozen=True)
class Figure:
    """One of an area's figures for one party and year, e.g. "seats taken: 120"."""

    area: Area
    key: str  # stable, for tables and exports
    label: str
    party_id: int
    year: int
    value: int | float


@dataclass(frozen=True)
class SearchHit:
    """One result of the global search."""

    area: Area | None
    kind: str  # what the record is, e.g. "Meeting"
    title: str
    url: str
    when: datetime | date | None = None
    snippet: str = ""
    rank: float = 0.0


def ranked(hits: Iterable[SearchHit], *, limit: int) -> list[SearchHit]:
    """The best `limit` hits of an area searching several kinds of record: by rank, newest first within a rank."""

    def newest_first(hit: SearchHit) -> int:
        when = hit.when
        if when is None:
            return 0
        return -(when.date().toordinal() if isinstance(when, datetime) else when.toordinal())

    return sorted(hits, key=lambda hit: (-hit.rank, newest_first(hit)))[:limit]


_apps: dict[str, AreaApp] = {}


def register(app: AreaApp) -> None:
    _apps[app.label] = app


def registered() -> list[AreaApp]:
    return sorted(_apps.values(), key=lambda app: (app.order, app.label))


def api_routes() -> list[ApiRoute]:
    return [route for app in registered() if app.api for route in app.api()]


def dashboard_panels(user) -> list[Panel]:
    return [panel for app in registered() if app.panels for panel in app.panels(user)]


def source_visible_to(user, *, record_type_id: int | None, record_id: int | None) -> Model | None:
    """The record a ledger entry came from, if its area still lets the reader see it."""
    if record_type_id is None or record_id is None:
        return None
    model = ContentType.objects.get_for_id(record_type_id).model_class()
    if model is None:
        return None
    for app in registered():
        if selector := app.ledger_sources.get(model._meta.label):
            return selector(user).filter(pk=record_id).first()
    return None
