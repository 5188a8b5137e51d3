"""The library's list exported: the documents the reader may know of, filtered as the page is."""

import pytest
from django.urls import reverse

from tests.exports.contract import answers_as_the_page, costs_the_same, is_the_page
from tests.exports.reading import CHINESE, ENGLISH, column, reads, table

LIST = reverse("documents:list")


def test_the_export_is_the_filtered_list_without_the_other_partys_internal_documents(
    client, sipo_official, cas_shared, cas_on_request, cas_internal, make_document
):
    make_document(title="培训教材", area="training")
    client.force_login(reads(sipo_official, ENGLISH))
    rows = is_the_page(client, LIST, header="Title", key=lambda d: d.titles.first)
    assert cas_internal.title not in column(rows, "Title") and cas_shared.title in column(rows, "Title")
    rows = is_the_page(client, LIST, header="Title", key=lambda d: d.titles.first, query={"area": "training"})
    assert column(rows, "Title") == ["培训教材"]


def test_its_own_party_exports_the_internal_document(client, cas_official, cas_internal):
    client.force_login(reads(cas_official, ENGLISH))
    assert column(table(client, LIST, "csv"), "Title") == [cas_internal.title]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_headers_and_labels_read_in_either_language(client, sipo_official, cas_shared, fmt):
    client.force_login(reads(sipo_official, CHINESE))
    rows = table(client, LIST, fmt)
    assert column(rows, "所属单位") == ["中科院"] and column(rows, "标签") == ["专利导航"]
    client.force_login(reads(sipo_official, ENGLISH))
    assert column(table(client, LIST, fmt), "Owning party") == ["CAS"]


def test_an_export_costs_the_same_for_1_and_4_documents(client, sipo_official, make_document):
    make_document(title="一")
    client.force_login(sipo_official)
    costs_the_same(client, LIST, lambda: [make_document(title=f"文献{n}", tags=[f"标签{n}"]) for n in range(3)])


def test_who_may_export_is_who_may_see_the_list(client, personas, cas_shared):
    seen = answers_as_the_page(client, personas, LIST)
    assert seen["cas_official"] == 200 and seen["outsider"] in (200, 404)
