"""What waits for someone, across the areas: the rows an area hands the dashboard, and the dashboard's one panel.

An area's `waiting(user)` / `overdue(user)` hook (protocol.registry) builds each kind of item on its own selector
with `waiting_rows`: the oldest few rows, each carrying how many there are in all, in one query however many
wait; `waiting_for(user)` / `overdue_for(user)` gather every area's, oldest first, with "and N more" links to the
areas' lists. The page therefore costs the same number of queries for one item as for fifty.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F, Func, IntegerField, Model, QuerySet, Subquery
from django.utils import timezone

from . import registry
from .areas import Area
from .registry import Waiting

# How many of each kind of item the panel shows; the rest are "N more" on the area's own list.
SHOWN = 5


def waiting_rows(
    rows: QuerySet,
    *,
    area: Area | None,
    what: str,
    since: str,
    title: Callable[[Model], str] = str,
    url: Callable[[Model], str] = lambda row: row.get_absolute_url(),
    list_url: str = "",
    due: str | None = None,
    shown: int = SHOWN,
) -> list[Waiting]:
    """The oldest `shown` of `rows` (by the field path `since`, then id) as Waiting items, each knowing the total.

    `rows` is the area's own selector of what waits (its rules stay there); `due` names a date field shown as the
    item's due date. One query: the total is a scalar subquery counting the same rows, run once (a window count
    would fetch and join every row that waits to show five: 1.1 s for 6,481 activities at ten years)."""
    total = rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    annotated = rows.annotate(
        waiting_since=F(since),
        waiting_total=Subquery(total, output_field=IntegerField()),
        **({"waiting_due": F(due)} if due else {}),
    )
    fetched = list(annotated.order_by("waiting_since", "pk")[:shown])
    return [
        Waiting(
            area=area,
            what=what,
            title=title(row),
            url=url(row),
            since=row.waiting_since,
            due=row.waiting_due if due else None,
            list_url=list_url,
            total=row.waiting_total,
        )
        for row in fetched
    ]


@dataclass(frozen=True)
class More:
    """Beyond the items shown of one kind: how many more, and where the area lists them all."""

    area: Area | None
    what: str
    count: int
    url: str


@dataclass(frozen=True)
class Gathered:
    items: list[Waiting]
    more: list[More]

    def __bool__(self) -> bool:
        return bool(self.items)


def waiting_for(user) -> Gathered:
    """Everything waiting for `user` in every registered app, oldest first."""
    items = (item for app in registry.registered() if app.waiting for item in app.waiting(user))
    return gather(items, key=lambda item: item.since)


def overdue_for(user) -> Gathered:
    """A coordinator's party's overdue items in every registered app, longest overdue first."""
    items = (item for app in registry.registered() if app.overdue for item in app.overdue(user))
    return gather(items, key=lambda item: item.due or _day(item.since))


def _day(moment: datetime | date) -> date:
    return timezone.localdate(moment) if isinstance(moment, datetime) else moment


def gather(items: Iterable[Waiting], *, key: Callable[[Waiting], object]) -> Gathered:
    items = list(items)
    shown: dict[tuple, int] = {}
    first: dict[tuple, Waiting] = {}
    for item in items:
        kind = (item.area, item.what)
        shown[kind] = shown.get(kind, 0) + 1
        first.setdefault(kind, item)
    more = [
        More(area=item.area, what=item.what, count=item.total - shown[kind], url=item.list_url)
        for kind, item in first.items()
        if item.total > shown[kind]
    ]
    return Gathered(items=sorted(items, key=key), more=more)
