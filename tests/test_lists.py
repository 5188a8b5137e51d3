"""The list pages' one helper (protocol.lists): keyset pages by "newer / older", capped counts, and a search
paged by number through its ranked set, computed once."""

from datetime import date

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from protocol import lists
from protocol.activities.models import Activity
from tests.pages import follow, link, query

LIST = reverse("activities:list")


@pytest.fixture
def tied(make_activities, settings):
    """Eight activities on three dates, pages of three: every page boundary falls between rows of one date."""
    settings.PAGE_SIZE = 3
    for day, count in ((date(2025, 5, 1), 4), (date(2025, 4, 1), 3), (date(2025, 3, 1), 1)):
        make_activities(count, start_date=day)
    return list(Activity.objects.order_by("-start_date", "-pk"))


def shown(response) -> list:
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def walk(client, response, rel: str) -> list[list]:
    """Every page from `response` on, following `rel` until there is none."""
    pages = [shown(response)]
    while link(response, rel):
        response = follow(client, response, rel)
        pages.append(shown(response))
    return pages


def test_walking_older_then_newer_visits_each_row_once_in_order(client, cas_official, tied):
    client.force_login(cas_official)
    first = client.get(LIST)

    older = walk(client, first, "next")
    assert [len(page) for page in older] == [3, 3, 2]
    assert [row for page in older for row in page] == tied

    response = first
    while link(response, "next"):
        response = follow(client, response, "next")
    newer = walk(client, response, "prev")
    assert newer == older[::-1]


def test_the_first_page_has_no_newer_link_and_the_last_no_older_one(client, cas_official, tied):
    client.force_login(cas_official)
    first = client.get(LIST)
    assert link(first, "prev") is None and link(first, "next") is not None
    assert ">First page</a>" not in first.text

    second = follow(client, first, "next")
    assert link(second, "prev") is not None and link(second, "next") is not None
    assert ">First page</a>" in second.text

    last = follow(client, second, "next")
    assert shown(last) == tied[6:]
    assert link(last, "next") is None
    assert '<span class="page-link" aria-disabled="true">Older</span>' in last.text


def test_the_filters_stay_in_every_page_link(client, cas_official, make_activities, settings):
    settings.PAGE_SIZE = 2
    make_activities(5, area="training", start_date=date(2025, 6, 1))
    make_activities(3, area="research", start_date=date(2025, 6, 1))
    client.force_login(cas_official)

    first = client.get(LIST, {"area": "training", "year": "2025"})
    pages = walk(client, first, "next")
    assert [len(page) for page in pages] == [2, 2, 1]
    assert {row.area for page in pages for row in page} == {"training"}

    last = follow(client, follow(client, first, "next"), "next")
    newer = link(last, "prev")
    assert query(newer)["area"] == ["training"] and query(newer)["year"] == ["2025"]
    assert "5 activities" in first.text


def _cursor(response) -> str:
    return query(link(response, "next"))["page"][0]


def test_the_oldest_page_is_one_link_away_and_leads_back_newer(client, cas_official, tied):
    client.force_login(cas_official)
    first = client.get(LIST)
    oldest = follow(client, first, "last")
    assert shown(oldest) == tied[-3:]
    assert link(oldest, "next") is None and link(oldest, "last") is None
    assert [row for page in walk(client, oldest, "prev")[::-1] for row in page] == tied


def test_the_oldest_page_costs_the_queries_of_the_first(client, cas_official, tied):
    client.force_login(cas_official)
    with CaptureQueriesContext(connection) as first:
        client.get(LIST)
    with CaptureQueriesContext(connection) as oldest:
        client.get(LIST, {"page": lists.LAST})
    assert len(oldest) == len(first)


def test_the_last_search_page_is_one_link_away(client, cas_official, five_matches):
    client.force_login(cas_official)
    first = client.get(reverse("documents:list"), {"q": "专利信息"})
    assert "Page 3 of 3" in follow(client, first, "last").text


@pytest.mark.parametrize(
    "bad",
    [
        "2",
        "LAST",
        "nonsense:with:colons",
        # Well signed, but not a cursor of this list: a meeting's ordering, a key of the wrong shape or type.
        signing.dumps(["o", ["2025-01-01T00:00:00+00:00", 1]], salt="protocol.lists:starts_at,pk"),
        signing.dumps(["o", ["2025-05-01"]], salt="protocol.lists:-start_date,-pk"),
        signing.dumps(["o", ["not a date", 1]], salt="protocol.lists:-start_date,-pk"),
        signing.dumps(["x", ["2025-05-01", 1]], salt="protocol.lists:-start_date,-pk"),
        signing.dumps("o", salt="protocol.lists:-start_date,-pk"),
    ],
    # Fixed ids: a signature carries its time, and parallel workers (pytest-xdist) must collect the same names.
    ids=["number", "last-uppercase", "colons", "other-ordering", "short-key", "bad-date", "bad-direction", "no-key"],
)
def test_a_bad_cursor_shows_the_first_page(client, cas_official, tied, bad):
    client.force_login(cas_official)
    assert shown(client.get(LIST, {"page": bad})) == tied[:3]


def test_a_tampered_cursor_shows_the_first_page(client, cas_official, tied):
    client.force_login(cas_official)
    cursor = _cursor(client.get(LIST))
    assert shown(client.get(LIST, {"page": cursor})) == tied[3:6]
    tampered = cursor[:5] + ("A" if cursor[5] != "A" else "B") + cursor[6:]
    assert shown(client.get(LIST, {"page": tampered})) == tied[:3]


def test_a_cursor_past_every_remaining_row_shows_the_first_page(client, cas_official, tied):
    client.force_login(cas_official)
    last = follow(client, follow(client, client.get(LIST), "next"), "next")
    cursor = query(link(last, "prev"))["page"][0]
    Activity.objects.filter(pk__in=[row.pk for row in tied[:6]]).delete()
    assert shown(client.get(LIST, {"page": cursor})) == tied[6:]
    Activity.objects.filter(pk__in=[row.pk for row in tied[6:]]).delete()
    response = client.get(LIST, {"page": cursor})
    assert shown(response) == []
    assert "No joint activity has been logged yet." in response.text


def test_an_empty_list_shows_the_empty_state_and_no_pages(client, cas_official, db):
    client.force_login(cas_official)
    response = client.get(LIST)
    assert "No joint activity has been logged yet." in response.text
    assert 'aria-label="Pages"' not in response.text


def test_a_single_page_shows_no_page_links(client, cas_official, make_activities):
    make_activities(2)
    client.force_login(cas_official)
    response = client.get(LIST)
    assert len(shown(response)) == 2 and 'aria-label="Pages"' not in response.text


def test_an_older_page_costs_the_queries_of_the_first(client, cas_official, tied):
    client.force_login(cas_official)
    first = client.get(LIST)
    with CaptureQueriesContext(connection) as on_first:
        client.get(LIST)
    with CaptureQueriesContext(connection) as on_older:
        follow(client, first, "next")
    assert len(on_older) == len(on_first)


def test_the_count_stops_at_the_limit(client, cas_official, make_activities, monkeypatch):
    monkeypatch.setattr(lists, "COUNT_LIMIT", 5)
    make_activities(5)
    client.force_login(cas_official)
    assert "5 activities" in client.get(LIST).text
    make_activities(1)
    response = client.get(LIST)
    assert "More than 5 activities" in response.text and "6 activities" not in response.text


def test_the_filter_form_keeps_its_ids_and_labels(client, cas_official, db):
    client.force_login(cas_official)
    page = client.get(LIST, {"area": "training"}).text
    assert '<label for="id_q" class="form-label">Search</label>' in page
    assert 'id="id_q"' in page and 'class="form-control"' in page
    assert '<select name="area" class="form-select" id="id_area">' in page
    assert '<option value="training" selected>' in page


# The search: paged by number through the capped ranked set.


@pytest.fixture
def five_matches(make_document, settings):
    settings.PAGE_SIZE = 2
    for n in range(5):
        make_document(content=f"专利信息 第{n}份".encode(), name="note.txt", title=f"检索 {n}")
    for _ in range(2):
        make_document(content=b"nothing to see", name="note.txt", title="Other")


def _search_queries(queries) -> list[str]:
    # The search condition: `@@` on PostgreSQL, LIKE over the segmented text on SQLite.
    return [q["sql"] for q in queries if "@@" in q["sql"] or "LIKE" in q["sql"]]


def test_the_search_pages_through_its_ranked_set_in_rank_order(client, cas_official, five_matches):
    from cooperation.documents.selectors import documents_search

    client.force_login(cas_official)
    ranked = [d.pk for d in documents_search(cas_official, "专利信息")]
    assert len(ranked) == 5

    first = client.get(reverse("documents:list"), {"q": "专利信息"})
    assert "5 documents" in first.text and "Page 1 of 3" in first.text
    pages = walk(client, first, "next")
    assert [[d.pk for d in page] for page in pages] == [ranked[0:2], ranked[2:4], ranked[4:5]]
    last = follow(client, follow(client, first, "next"), "next")
    assert "Page 3 of 3" in last.text and link(last, "next") is None
    assert query(link(last, "prev"))["q"] == ["专利信息"]


def test_the_search_ranks_once_per_request(client, cas_official, five_matches):
    client.force_login(cas_official)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("documents:list"), {"q": "专利信息", "page": "2"})
    assert len(shown(response)) == 2
    assert len(_search_queries(queries)) == 1
    assert not [q for q in queries if "COUNT(" in q["sql"].upper() and "documents_document" in q["sql"]]


@pytest.mark.parametrize("page", ["0", "-1", "99", "x"])
def test_a_search_page_out_of_range_is_the_nearest_one(client, cas_official, five_matches, page):
    client.force_login(cas_official)
    response = client.get(reverse("documents:list"), {"q": "专利信息", "page": page})
    expected = "Page 3 of 3" if page == "99" else "Page 1 of 3"
    assert expected in response.text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking needs PostgreSQL's ts_rank")
def test_the_search_orders_by_relevance_not_date(client, cas_official, make_document):
    best = make_document(content="专利信息 专利信息 专利信息".encode(), name="note.txt", title="Best")
    make_document(content="专利 和 很多别的词 然后 信息".encode(), name="note.txt", title="Newer but worse")
    client.force_login(cas_official)
    response = client.get(reverse("documents:list"), {"q": "专利信息"})
    assert shown(response)[0].title == best.title
