"""List pages: filter → page → which empty state ("nothing yet" or "nothing matches"). Every list uses this.

A list ordered by a date is paged by keyset ("newer / older"): `?page=` carries a signed cursor naming
the ordering key of the row the page starts after (or before), and the page is found through the
index on that ordering, so the oldest page costs what the first one does. No list counts its rows on
every request: `list_page` counts at most `COUNT_LIMIT` of them. A list ordered by relevance (a
search) is small by construction (the ranked set is capped) and keeps page numbers over it.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from protocol import exports as exporting

# "1000+ activities" beyond this: a count over at most this many rows costs the same at any table size
# (the index scan stops there), and past it the exact number tells nobody anything the filters don't.
# An estimate from pg_class would be free, but only for the unfiltered table, and the visibility rule
# (the other party's drafts) already makes it wrong for every reader.
COUNT_LIMIT = 1000

OLDER = "o"  # the rows after the cursor row, in the list's order
NEWER = "n"  # the rows before it
# `?page=last`: the end of the list (the oldest rows), read from the same index backwards, so that the
# oldest page costs what the first one does and nobody has to walk thousands of pages to reach it.
LAST = "last"


@dataclass
class ListPage:
    """One page of a list, whichever way it was found; `_pagination.html` reads only this.

    `newer` / `older` are the `?page=` values of the neighbouring pages (`newer` None: the first page).
    `count` is the number of rows (at most COUNT_LIMIT; `count_capped` says there are more), None when the
    list does not show it. `number` / `num_pages` only for lists paged by number (relevance)."""

    object_list: list
    has_newer: bool = False
    has_older: bool = False
    newer: str | None = None
    older: str | None = None
    count: int | None = None
    count_capped: bool = False
    number: int | None = None
    num_pages: int | None = None
    # Upcoming meetings run forward in time: their neighbours are "earlier" and "later".
    ascending: bool = False
    # The export links `_pagination.html` shows (the list declared an Export), and the download itself when
    # the request asked for one (`?export=csv|xlsx`): the view returns it instead of the page.
    exports: list = dataclasses.field(default_factory=list)
    download: Any = None

    @property
    def has_other_pages(self) -> bool:
        return self.has_newer or self.has_older


def list_page(
    request,
    filterset,
    *,
    rows: QuerySet | None = None,
    ranked: QuerySet | None = None,
    export: exporting.Export | None = None,
    count: bool = True,
) -> dict:
    """The context every list template reads: `filterset`, `page`, and `is_filtered` (an empty page then
    means "nothing matches these filters", not "nothing yet"). `rows` replaces `filterset.qs` when the view
    narrows it further; `ranked` is a relevance-ordered search over `rows` (or `filterset.qs`), paged by
    number over its capped set of ids. With `export`, the page links to its CSV and XLSX, and on
    `?export=` `page.download` is every row of the filtered (or searched) list, which the view returns.
    `count=False`: no count at all (a list whose every filter still leaves more rows than anyone reads)."""
    rows = filterset.qs if rows is None else rows
    if export is not None and exporting.requested_format(request):
        page = export_page(request, ranked if ranked is not None else rows, export)
    elif ranked is not None:
        page = ranked_page_of(request, ranked, rows=rows)
    else:
        page = page_of(request, rows, count=count)
    page.exports = exporting.links() if export is not None else []
    filter_form(filterset.form)
    return {
        "filterset": filterset,
        "page": page,
        "is_filtered": any(request.GET.get(name) for name in filterset.filters),
    }


# Keyset pages.


def export_page(request, rows: QuerySet, export: exporting.Export) -> ListPage:
    """No rows to show: the download of all of `rows` in the format `?export=` asks for."""
    return ListPage([], download=export.response(request, rows, fmt=exporting.requested_format(request)))


def page_of(request, rows: QuerySet, *, count: bool = False, export: exporting.Export | None = None) -> ListPage:
    """The page `?page=` names, by keyset on `rows`' ordering (the model's when the queryset has none);
    the first page for no cursor, a tampered or foreign one, or one past the end. With `count`, also the
    number of rows up to COUNT_LIMIT (one more query, the same at any size). With `export`, as list_page."""
    if export is not None:
        page = (
            export_page(request, rows, export)
            if exporting.requested_format(request)
            else page_of(request, rows, count=count)
        )
        page.exports = exporting.links()
        return page
    ordering = _total_ordering(rows)
    fields = [_model_field(rows, name) for name, _ in ordering]
    raw = request.GET.get("page")
    cursor = _read_cursor(raw, ordering, fields)
    page = None
    if raw == LAST:
        page = _last_page(rows, ordering)
    elif cursor is not None:
        page = _page_from(rows, ordering, *cursor)
    if page is None:  # no cursor, or it led nowhere (every row it pointed past has gone)
        page = _first_page(rows, ordering)
    page.ascending = not ordering[0][1]
    if count:
        page.count = rows.order_by()[: COUNT_LIMIT + 1].count()
        page.count_capped = page.count > COUNT_LIMIT
        page.count = min(page.count, COUNT_LIMIT)
    return page


def _first_page(rows: QuerySet, ordering) -> ListPage:
    fetched = list(rows.order_by(*_order_by(ordering))[: settings.PAGE_SIZE + 1])
    shown = fetched[: settings.PAGE_SIZE]
    older = len(fetched) > settings.PAGE_SIZE
    return ListPage(shown, has_older=older, older=_cursor(OLDER, shown[-1], ordering) if older else None)


def _last_page(rows: QuerySet, ordering) -> ListPage | None:
    reverse = [(name, not descending) for name, descending in ordering]
    fetched = list(rows.order_by(*_order_by(reverse))[: settings.PAGE_SIZE + 1])
    shown = fetched[: settings.PAGE_SIZE][::-1]
    if len(fetched) <= settings.PAGE_SIZE:
        return None  # one page in all: the first page says so
    return ListPage(shown, has_newer=True, newer=_cursor(NEWER, shown[0], ordering))


def _page_from(rows: QuerySet, ordering, direction: str, key: list) -> ListPage | None:
    """The PAGE_SIZE rows after (OLDER) or before (NEWER) `key`; None when there are none."""
    if direction == OLDER:
        fetched = list(rows.filter(_beyond(ordering, key)).order_by(*_order_by(ordering))[: settings.PAGE_SIZE + 1])
        shown = fetched[: settings.PAGE_SIZE]
        more = len(fetched) > settings.PAGE_SIZE
        has_newer, has_older = True, more
    else:
        reverse = [(name, not descending) for name, descending in ordering]
        fetched = list(rows.filter(_beyond(reverse, key)).order_by(*_order_by(reverse))[: settings.PAGE_SIZE + 1])
        shown = fetched[: settings.PAGE_SIZE][::-1]
        more = len(fetched) > settings.PAGE_SIZE
        has_newer, has_older = more, True
    if not shown:
        return None
    return ListPage(
        shown,
        has_newer=has_newer,
        has_older=has_older,
        # Back to the top the plain way: "?page" absent is the first page, whatever was added since.
        newer=_cursor(NEWER, shown[0], ordering) if has_newer else None,
        older=_cursor(OLDER, shown[-1], ordering) if has_older else None,
    )


def _total_ordering(rows: QuerySet) -> list[tuple[str, bool]]:
    """[(field name, descending)], ending on the primary key so that no two rows tie."""
    names = list(rows.query.order_by or rows.model._meta.ordering)
    ordering = []
    for name in names:
        if not isinstance(name, str) or name.lstrip("-") == "?":
            raise ValueError(f"A keyset list orders by field names, not {name!r}; page it by number instead.")
        descending = name.startswith("-")
        name = name.lstrip("-")
        ordering.append(("pk" if name in ("pk", rows.model._meta.pk.name) else name, descending))
    if not ordering or ordering[-1][0] != "pk":
        ordering.append(("pk", ordering[-1][1] if ordering else True))
    return ordering


def _order_by(ordering) -> list[str]:
    return [f"-{name}" if descending else name for name, descending in ordering]


def _beyond(ordering, key: list) -> Q:
    """Rows strictly after `key` in `ordering`: (a, b, c) > (x, y, z), spelled out per column, plus a range
    on the first column alone so that the database walks its index from `x` rather than from the start."""
    terms = []
    for i, (name, descending) in enumerate(ordering):
        equal = {ordering[j][0]: key[j] for j in range(i)}
        terms.append(Q(**equal, **{f"{name}__{'lt' if descending else 'gt'}": key[i]}))
    first, descending = ordering[0]
    return Q(**{f"{first}__{'lte' if descending else 'gte'}": key[0]}) & functools.reduce(operator.or_, terms)


# The cursor: the ordering key of one row, signed so that a page can only start where a page ended.
# The salt names the ordering: a cursor of another list's order (a meetings tab switched) means nothing.


def _salt(ordering) -> str:
    return "protocol.lists:" + ",".join(_order_by(ordering))


def _cursor(direction: str, row, ordering) -> str:
    key = [_key_value(row, name) for name, _ in ordering]
    return signing.dumps([direction, key], salt=_salt(ordering), compress=True)


def _key_value(row, name: str) -> Any:
    value = getattr(row, name)
    # JSON holds dates and times as ISO text, read back by the field's own to_python.
    return value.isoformat() if hasattr(value, "isoformat") else value


def _read_cursor(raw: str | None, ordering, fields) -> tuple[str, list] | None:
    if not raw:
        return None
    try:
        direction, key = signing.loads(raw, salt=_salt(ordering))
        if direction not in (OLDER, NEWER) or len(key) != len(ordering):
            return None
        return direction, [field.to_python(value) for field, value in zip(fields, key, strict=True)]
    except (signing.BadSignature, ValidationError, ValueError, TypeError):
        return None


def _model_field(rows: QuerySet, name: str):
    """The field (or annotation's output field) a cursor value is read back with: a column of the list's
    own table, so that the index on it can serve the page."""
    if name in rows.query.annotations:
        return rows.query.annotations[name].output_field
    return rows.model._meta.pk if name == "pk" else rows.model._meta.get_field(name)


# Pages by number, over a ranked set computed once.


def ranked_page_of(request, ranked: QuerySet, *, rows: QuerySet) -> ListPage:
    """Page `?page=` of `ranked` (relevance first, capped by the search): its ids in one query, then the
    page's rows from `rows` by id. The ranking query never runs twice, and there is no separate count."""
    ids = list(ranked.values_list("pk", flat=True))
    num_pages = max(1, -(-len(ids) // settings.PAGE_SIZE))
    raw = request.GET.get("page")
    try:
        number = num_pages if raw == LAST else min(max(1, int(raw or 1)), num_pages)
    except ValueError:
        number = 1
    page_ids = ids[(number - 1) * settings.PAGE_SIZE : number * settings.PAGE_SIZE]
    by_id = {row.pk: row for row in rows.filter(pk__in=page_ids)} if page_ids else {}
    return ListPage(
        [by_id[pk] for pk in page_ids if pk in by_id],
        has_newer=number > 1,
        has_older=number < num_pages,
        newer=str(number - 1) if number > 2 else None,
        older=str(number + 1) if number < num_pages else None,
        count=len(ids),
        number=number,
        num_pages=num_pages,
    )


# Filter forms, styled once in Python: rendering them field by field through crispy's templates was most
# of a list page's Python time. `_filters.html` then writes the markup crispy wrote.


def filter_form(form: forms.Form) -> forms.Form:
    """`form` with Bootstrap 5 classes on its widgets (and `is-invalid` on fields with errors)."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if form.is_bound and name in form.errors:
            css += " is-invalid"
        widget.attrs["class"] = css
    return form
