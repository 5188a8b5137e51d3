"""The research project list exported (each scope, filtered as the page is)."""

import pytest
from django.urls import reverse

from tests.exports.contract import answers_as_the_page, costs_the_same, is_the_page
from tests.exports.reading import CHINESE, ENGLISH, column, reads, table

LIST = reverse("research:list")


def test_the_export_leaves_out_the_other_partys_draft(client, sipo_official, proposed_project, make_project):
    make_project(title="草稿项目", title_other="")
    client.force_login(reads(sipo_official, ENGLISH))
    rows = is_the_page(client, LIST, header="Title", key=lambda p: p.titles.first)
    assert column(rows, "Title") == ["Patent navigation: quantum computing"]
    assert column(rows, "Lead party") == ["CAS"]


def test_its_own_party_exports_the_draft_and_each_scope_its_own(client, cas_official, draft_project):
    client.force_login(reads(cas_official, ENGLISH))
    assert len(is_the_page(client, LIST, header="Title", key=lambda p: p.titles.first)) == 2
    assert len(is_the_page(client, LIST, header="Title", key=lambda p: p.titles.first, query={"scope": "mine"})) == 2


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_headers_and_labels_in_either_language(client, sipo_official, proposed_project, fmt):
    client.force_login(reads(sipo_official, CHINESE))
    rows = table(client, LIST, fmt)
    assert column(rows, "牵头单位") == ["中科院"] and "技术领域" in rows[0]


def test_the_export_costs_the_same_for_1_and_4(client, cas_official, make_project):
    make_project()
    client.force_login(cas_official)
    costs_the_same(client, LIST, lambda: [make_project(title=f"项目{n}") for n in range(3)])


def test_who_may_export_is_who_may_see_the_list(client, personas, proposed_project):
    assert answers_as_the_page(client, personas, LIST)["sipo_official"] == 200


def test_a_search_exports_its_matches(client, cas_official, make_project):
    make_project()
    make_project(title="人工智能专利分析", title_other="AI patents")
    client.force_login(reads(cas_official, ENGLISH))
    rows = is_the_page(client, LIST, header="Title", key=lambda p: p.titles.first, query={"q": "人工智能"})
    assert column(rows, "Title") == ["AI patents"]
