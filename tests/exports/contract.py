"""What every list's export must do, as assertions each area's tests call with its own list and data."""

from django.db import transaction

from tests.permission_tables import PERSONAS

from .reading import download, export_queries, table

FORMATS = ("csv", "xlsx")


def is_the_page(client, path: str, *, header: str, key, query: dict | None = None, page: str = "page") -> list[list]:
    """The export holds the rows the page shows for `query` (all on one page here), in the page's order:
    `key(row)` of each page row is the export's value under `header` (`page`: the context's name of the
    list, when the page holds more than one). Returns the CSV's rows."""
    query = query or {}
    shown = [key(row) for row in client.get(path, query).context[page].object_list]
    exported = {}
    for fmt in FORMATS:
        rows = table(client, path, fmt, **query)
        index = rows[0].index(header)
        exported[fmt] = [row[index] for row in rows[1:]]
        assert exported[fmt] == shown, (fmt, exported[fmt], shown)
    return table(client, path, "csv", **query)


def costs_the_same(client, path: str, grow, *, query: dict | None = None) -> None:
    """An export's queries, before and after `grow()` adds rows to the list: the same in both formats."""
    query = query or {}
    before = {fmt: export_queries(client, path, fmt, **query) for fmt in FORMATS}
    grow()
    after = {fmt: export_queries(client, path, fmt, **query) for fmt in FORMATS}
    assert before == after, (before, after)


def answers_as_the_page(client, personas, path: str, query: dict | None = None) -> dict[str, int]:
    """Every persona's status for the export is their status for the page (200, 403, 404, a redirect)."""
    query = query or {}
    seen = {}
    for name in PERSONAS:
        client.force_login(personas[name])
        with transaction.atomic():
            page = client.get(path, query).status_code
            exports = {download(client, path, fmt, **query)[0].status_code for fmt in FORMATS}
            transaction.set_rollback(True)
        assert exports == {page}, (name, page, exports)
        seen[name] = page
    client.logout()
    return seen
