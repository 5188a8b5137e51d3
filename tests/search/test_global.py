"""The global search: one query across every area, each area's visibility applied."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.documents.models import Confidentiality
from protocol import search
from protocol.global_search import PER_AREA
from protocol.search import MAX_QUERY_CHARS
from tests.permission_tables import PERSONAS, answers, table

SEARCH = reverse("search")
# The registry's order: the ledger first, then the five areas.
AREAS = ["Activities", "Documents", "Research", "Training", "Meetings", "Project support"]


def titles(response) -> list[str]:
    return [hit.title for area in response.context["results"] for hit in area.hits]


def searched(client, query, **headers):
    return client.get(SEARCH, {"q": query}, **headers)


@pytest.mark.usefixtures("english")
class TestAcrossTheAreas:
    def test_a_query_finds_the_shared_records_of_every_area_grouped_by_area(self, client, world, sipo_official):
        client.force_login(sipo_official)
        response = searched(client, "石墨烯")
        assert [area.label for area in response.context["results"]] == AREAS
        found = titles(response)
        for name in ("documents", "activities", "meetings", "research", "training", "projects"):
            assert world.shared[name].title in found, name
        assert "征集石墨烯专家" in found  # a call
        assert any(title.startswith("石墨烯专利培训 · ") for title in found)  # a session
        kinds = {hit.kind for area in response.context["results"] for hit in area.hits}
        assert {"Minutes", "Meeting", "Course", "Training session", "Call for participation", "IP project"} <= kinds

    @pytest.mark.parametrize("area", ["documents", "activities", "meetings", "research", "training", "projects"])
    def test_the_other_partys_internal_or_draft_record_never_appears(self, client, world, area, request):
        owner = world.owner[area]
        other = request.getfixturevalue("sipo_official" if owner == "cas" else "cas_official")
        client.force_login(other)
        response = searched(client, "石墨烯")
        kept = world.kept[area].title
        assert kept not in titles(response)
        assert kept not in response.text
        assert world.shared[area].title in titles(response)

    @pytest.mark.parametrize("area", ["documents", "activities", "meetings", "research", "training", "projects"])
    def test_the_owning_party_finds_its_own_kept_record(self, client, world, area, request):
        owner = request.getfixturevalue(f"{world.owner[area]}_coordinator")
        client.force_login(owner)
        assert world.kept[area].title in titles(searched(client, "石墨烯"))

    def test_an_outsider_finds_nothing(self, client, world, outsider):
        client.force_login(outsider)
        response = searched(client, "石墨烯")
        assert response.context["results"] == []
        assert "Nothing you may see matches “石墨烯”." in response.text

    def test_signing_in_is_needed(self, client, world):
        response = searched(client, "石墨烯")
        assert response.status_code == 302 and reverse("login") in response["Location"]

    def test_each_hit_links_to_its_record(self, client, world, sipo_official):
        client.force_login(sipo_official)
        response = searched(client, "石墨烯")
        urls = {hit.url for area in response.context["results"] for hit in area.hits}
        assert world.shared["documents"].get_absolute_url() in urls
        assert world.shared["minutes"].get_absolute_url() in urls
        assert world.shared["call"].get_absolute_url() in urls
        for url in urls:
            assert client.get(url).status_code == 200, url


@pytest.fixture
def english_document(make_document):
    return make_document(
        title="Graphene patent landscape", summary="Where graphene patents are filed.", language="en", tags=[]
    )


@pytest.fixture
def chinese_document(make_document):
    return make_document(title="石墨烯专利地图", summary="石墨烯专利的分布。", language="zh", tags=[])


@pytest.mark.usefixtures("english")
class TestAcrossLanguages:
    def test_a_chinese_term_finds_an_english_only_document(self, client, english_document, sipo_official):
        client.force_login(sipo_official)
        response = searched(client, "专利")
        assert titles(response) == ["Graphene patent landscape"]
        assert "Also searched: patent; patents" in response.text
        (hit,) = response.context["results"][0].hits
        assert "<mark>patents</mark>" in hit.snippet

    def test_an_english_term_finds_a_chinese_only_document(self, client, chinese_document, sipo_official):
        client.force_login(sipo_official)
        response = searched(client, "patent")
        assert titles(response) == ["石墨烯专利地图"]
        assert "Also searched: 专利; patents" in response.text

    def test_every_word_of_the_query_must_match(self, client, english_document, chinese_document, sipo_official):
        client.force_login(sipo_official)
        assert sorted(titles(searched(client, "石墨烯 patent"))) == ["石墨烯专利地图"]
        assert sorted(titles(searched(client, "graphene 专利"))) == ["Graphene patent landscape"]
        assert titles(searched(client, "专利 quantum")) == []

    def test_no_also_searched_line_without_a_glossary_term(self, client, chinese_document, sipo_official):
        client.force_login(sipo_official)
        response = searched(client, "石墨烯")
        assert "Also searched" not in response.text

    def test_the_area_list_searches_through_the_glossary_too(self, client, english_document, sipo_official):
        client.force_login(sipo_official)
        response = client.get(reverse("documents:list"), {"q": "专利"})
        assert [document.title for document in response.context["page"].object_list] == ["Graphene patent landscape"]


@pytest.mark.usefixtures("english")
class TestQueries:
    @pytest.mark.parametrize("query", ["", "   "])
    def test_an_empty_query_asks_for_a_word(self, client, cas_official, query):
        client.force_login(cas_official)
        response = searched(client, query)
        assert response.status_code == 200
        assert "Type a word or two to search for." in response.text
        assert response.context["results"] == []

    def test_a_query_without_a_word_says_so(self, client, cas_official):
        client.force_login(cas_official)
        assert "There is no word to search for in this query." in searched(client, "！？…").text

    def test_a_too_long_query_says_how_long_it_may_be(self, client, cas_official, world):
        client.force_login(cas_official)
        response = searched(client, "石墨烯" * MAX_QUERY_CHARS)
        assert f"This search is too long: search for at most {MAX_QUERY_CHARS} characters." in response.text
        assert response.context["results"] == []

    def test_the_navbar_has_the_search_box_for_signed_in_users(self, client, cas_official):
        assert "data-nav-search" not in client.get(reverse("login")).text
        client.force_login(cas_official)
        page = client.get(reverse("dashboard")).text
        assert 'action="/search/"' in page and "data-nav-search" in page
        assert 'value="石墨烯"' in searched(client, "石墨烯").text

    def test_the_query_count_is_the_same_for_few_and_many_hits(
        self, client, world, make_activity, sipo_official, django_assert_num_queries
    ):
        client.force_login(sipo_official)
        searched(client, "石墨烯")  # the session and the glossary read once
        with CaptureQueriesContext(connection) as few:
            searched(client, "石墨烯")
        for number in range(PER_AREA + 2):
            make_activity(f"石墨烯研讨会 {number}")
        with django_assert_num_queries(len(few)):
            response = searched(client, "石墨烯")
        (ledger,) = [area for area in response.context["results"] if area.label == "Activities"]
        assert len(ledger.hits) == PER_AREA
        assert ledger.more_url == f"{reverse('activities:list')}?q=%E7%9F%B3%E5%A2%A8%E7%83%AF"
        assert "More in Activities" in response.text


@pytest.mark.parametrize(
    ("language", "words"), [("zh-hans", ["文献库", "项目支持", "搜索"]), ("en", ["Documents", "Project support"])]
)
def test_the_page_speaks_the_readers_language(client, world, sipo_official, language, words):
    sipo_official.preferred_language = language
    sipo_official.save(update_fields=["preferred_language"])
    client.force_login(sipo_official)
    response = searched(client, "石墨烯")
    assert response.status_code == 200 and f'<html lang="{language}">' in response.text
    assert "石墨烯专利地图" in response.text
    for word in words:
        assert f">{word}<" in response.text


def test_internal_documents_stay_out_even_when_they_match_best(client, make_document, sipo_official):
    make_document(title="专利 专利 专利", summary="专利", tags=[], confidentiality=Confidentiality.INTERNAL)
    client.force_login(sipo_official)
    assert titles(searched(client, "专利")) == []


def test_permission_table(client, request, world):
    # Every persona may search (200, the outsider too, finding nothing): what each finds is the areas' rule.
    personas = {name: request.getfixturevalue(name) for name in PERSONAS}
    assert answers(client, personas, "get", f"{SEARCH}?q=石墨烯") == table(default=200, outsider=200)
    client.logout()
    assert client.get(SEARCH, {"q": "石墨烯"}).status_code == 302


@pytest.mark.usefixtures("english")
def test_each_area_ranks_only_its_newest_matches_on_the_global_page(client, world, cas_coordinator, monkeypatch):
    client.force_login(cas_coordinator)
    monkeypatch.setattr(search, "GLOBAL_RANK_LIMIT", 1)
    found = titles(searched(client, "石墨烯"))
    # The kept records were made after the shared ones: only the newest match of each kind is ranked.
    for area in ("documents", "activities", "research"):
        assert world.kept[area].title in found, area
        assert world.shared[area].title not in found, area
    # The area's own list still ranks every match.
    listed = client.get(reverse("documents:list"), {"q": "石墨烯"})
    assert world.shared["documents"].title in listed.text
