"""Search that finds Chinese words inside sentences, English words, and patent numbers however written."""

import subprocess
import sys

import pytest
from django.apps.registry import Apps
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models

from protocol.search import (
    MAX_QUERY_TERMS,
    PostgresOnlyGinIndex,
    apply_search,
    highlight,
    normalise_patent_number,
    query_terms,
    refresh_search_vector,
    segment,
)

ZH_BODY = "为落实合作协议，双方将……加强专利信息资源共享……，并由国家知识产权局提供检索系统的访问权限。"
EN_BODY = "Both parties will share patent information and search reports between their libraries."
PATENT_SPELLINGS = ["CN 101234567 A", "cn101234567a", "CN101234567A", "ＣＮ１０１２３４５６７Ａ", "CN 101234567A"]

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking and GIN exist on PostgreSQL only")


# --- segmentation -------------------------------------------------------------------------------


def test_a_chinese_compound_is_indexed_whole_and_in_parts():
    assert segment("资源共享").split() == ["资源", "共享", "资源共享"]


def test_punctuation_goes_and_latin_words_are_lower_cased():
    assert segment("……加强专利信息，Patent-Information! 2020年") == "加强 专利 信息 patent information 2020 年"


@pytest.mark.parametrize(
    ("written", "token", "without_kind"),
    [
        *[(spelling, "cn101234567a", "cn101234567") for spelling in PATENT_SPELLINGS],
        ("US 2020/0123456 A1", "us20200123456a1", "us20200123456"),
        ("WO2021123456A1", "wo2021123456a1", "wo2021123456"),
        ("WO 2021/123456 A1", "wo2021123456a1", "wo2021123456"),
        ("EP 1 234 567 B1", "ep1234567b1", "ep1234567"),
        ("JP 2020-123456 A", "jp2020123456a", "jp2020123456"),
        ("US 10,123,456 B2", "us10123456b2", "us10123456"),
    ],
)
def test_a_patent_number_is_also_indexed_as_one_token(written, token, without_kind):
    tokens = segment(f"参见{written}公开的方法。").split()
    assert token in tokens and without_kind in tokens


def test_a_year_after_a_patent_number_is_not_part_of_it():
    assert "cn101234567" in segment("CN 101234567 2020年").split()


@pytest.mark.parametrize(
    ("raw", "display"),
    [
        ("CN 101234567 A", "CN101234567A"),
        ("cn101234567a", "CN101234567A"),
        ("US 2020/0123456 A1", "US20200123456A1"),
        ("EP 1 234 567 B1", "EP1234567B1"),
        ("CN101234567", "CN101234567"),
        ("patent", None),
        ("CN 123", None),
        ("CN101234567A and more", None),
        ("", None),
    ],
)
def test_normalise_patent_number(raw, display):
    assert normalise_patent_number(raw) == display


def test_importing_the_module_does_not_load_jieba():
    code = "import sys, protocol.search; assert 'jieba' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# --- query terms --------------------------------------------------------------------------------


def test_a_chinese_query_keeps_the_words_jieba_finds():
    assert query_terms("专利信息") == ["专利", "信息"]  # 专利信息 is not in jieba's dictionary


def test_a_compound_in_the_query_gives_way_to_its_parts():
    # 国家知识产权局 is one dictionary word: a document saying it holds 知识, 产权, 产权局 but not 知识产权局.
    document = set(segment("国家知识产权局").split())
    assert "知识产权局" not in document
    assert query_terms("知识产权局") == ["知识", "产权"]
    assert set(query_terms("知识产权局")) <= document
    assert query_terms("资源共享") == ["资源", "共享"]


def test_english_query_terms_are_lower_cased_words_once_each():
    assert query_terms("Patent information, patent!") == ["patent", "information"]


@pytest.mark.parametrize("spelling", PATENT_SPELLINGS)
def test_a_patent_number_in_the_query_becomes_its_token(spelling):
    assert query_terms(f"{spelling} 专利") == ["cn101234567a", "专利"]


def test_a_query_has_at_most_a_bounded_number_of_terms():
    assert len(query_terms(" ".join(f"word{n}" for n in range(50)))) == MAX_QUERY_TERMS


@pytest.mark.parametrize("blank", ["", "   ", "!!! … ，。", "' & | ! :* ( ) <->"])
def test_a_query_without_words_has_no_terms(blank):
    assert query_terms(blank) == []


# --- highlight ----------------------------------------------------------------------------------


def test_highlight_marks_a_chinese_word_inside_a_sentence():
    snippet = highlight(ZH_BODY, "专利信息", width=30)
    assert snippet == "…双方将……加强<mark>专利信息</mark>资源共享……，并由国家知识产权局提供检…"


def test_highlight_marks_whole_english_words_whatever_their_case():
    snippet = highlight(EN_BODY, "PATENT information")
    assert "<mark>patent</mark> <mark>information</mark>" in snippet
    assert highlight("Patently patentable.", "patent") == "Patently patentable."


def test_highlight_marks_a_patent_number_as_written():
    assert "<mark>CN 101234567 A</mark>" in highlight("参见 CN 101234567 A 公开的方法", "cn101234567a")
    assert "<mark>CN101234567A</mark>" in highlight("参见CN101234567A公开的方法", "CN 101234567")
    assert "<mark>ＣＮ１０１２３４５６７Ａ</mark>，" in highlight(
        "参见ＣＮ１０１２３４５６７Ａ，公开的方法", "CN101234567A"
    )


def test_highlight_escapes_everything_but_its_marks():
    snippet = highlight("<script>alert('专利')</script> <b>patent</b> & co", "专利 patent b")
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert "alert(&#x27;<mark>专利</mark>&#x27;)" in snippet
    assert "&lt;<mark>b</mark>&gt;<mark>patent</mark>&lt;/<mark>b</mark>&gt;" in snippet
    assert "&amp; co" in snippet


def test_highlight_cuts_a_long_text_around_the_first_match():
    text = "前言" * 200 + "加强专利信息资源共享" + " filler words" * 100
    snippet = highlight(text, "专利信息", width=60)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>专利信息</mark>" in snippet
    assert len(snippet) <= 60 + len("……<mark></mark>")


def test_highlight_without_a_match_shows_the_start_of_the_text_escaped():
    text = "<i>Annual</i> report on standards " * 20
    snippet = highlight(text, "量子", width=40)
    assert snippet.startswith("&lt;i&gt;Annual&lt;/i&gt; report") and snippet.endswith("…")
    assert "<mark>" not in snippet
    assert highlight("", "专利") == ""


# --- apply_search over a real table -------------------------------------------------------------

# Its own app registry keeps this test-only model out of the project's migrations.
probe_apps = Apps()


class SearchProbe(models.Model):
    title = models.CharField(max_length=200)
    search_text = models.TextField(default="")
    search_vector = SearchVectorField(null=True)

    class Meta:
        apps = probe_apps
        app_label = "search_probe"
        db_table = "search_probe"

    def __str__(self):
        return self.title


GIN = PostgresOnlyGinIndex(table="search_probe", column="search_vector", name="search_probe_vector_gin")


@pytest.fixture(scope="module")
def probe_table(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.create_model(SearchProbe)
        GIN.database_forwards("search_probe", editor, None, None)
    yield
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        GIN.database_backwards("search_probe", editor, None, None)
        editor.delete_model(SearchProbe)


@pytest.fixture
def make_probe(probe_table, db):
    def make(title, body=""):
        probe = SearchProbe.objects.create(title=title, search_text=segment(f"{title} {body}"))
        refresh_search_vector(SearchProbe.objects.filter(pk=probe.pk))
        return probe

    return make


@pytest.fixture
def library(make_probe):
    return {
        "zh": make_probe("专利信息资源共享合作", ZH_BODY),
        "en": make_probe("Patent information sharing", EN_BODY),
        "patent": make_probe("一种图像处理方法", "参见 CN 101234567 A 公开的方法。"),
        "standard": make_probe("Annual report on standards", "No overlap with the others at all."),
    }


def found(query):
    return [probe.title for probe in apply_search(SearchProbe.objects.all(), query)]


@pytest.mark.parametrize("query", ["专利信息", "资源共享", "知识产权局", "加强专利信息资源共享"])
def test_a_chinese_query_finds_the_chinese_body(library, query):
    assert found(query) == [library["zh"].title]


def test_an_english_query_finds_the_english_document_only(library):
    assert found("patent information") == [library["en"].title]
    assert found("Patent Information sharing search reports") == [library["en"].title]


@pytest.mark.parametrize("query", [*PATENT_SPELLINGS, "CN101234567", "101234567"])
def test_a_patent_number_is_found_however_it_is_written(library, query):
    assert found(query) == [library["patent"].title]


def test_a_term_in_no_document_finds_nothing(library):
    assert found("量子计算") == []
    assert found("patent quantum") == []


def test_an_injection_looking_query_neither_errors_nor_matches_everything(library):
    assert len(found("a' | b & !c :* (")) < SearchProbe.objects.count()
    assert found("zebra' | patent & !c :* (") == []
    assert found("'patent' & information") == [library["en"].title]
    assert found("专利') OR 1=1 --") == []


def test_a_blank_query_returns_the_queryset_unchanged(library):
    everything = SearchProbe.objects.order_by("title")
    assert apply_search(everything, "  ") is everything
    assert apply_search(everything, "…！") is everything


def test_results_carry_a_search_rank(library):
    (result,) = apply_search(SearchProbe.objects.all(), "专利信息")
    assert isinstance(result.search_rank, float)


@on_postgresql
def test_the_document_with_more_matches_ranks_first(make_probe):
    # The better match is the older row, so the newest-first tie-break alone would put it last.
    often = make_probe("Patent information guide", "Patent information, patent information and more of it.")
    once = make_probe("Library news", "Patent information is shared monthly.")
    make_probe("Unrelated", "Nothing to see.")
    assert list(apply_search(SearchProbe.objects.all(), "patent information")) == [often, once]
    zh_often = make_probe("专利信息指南", "专利信息、专利信息和更多专利信息。")
    zh_once = make_probe("简报", "专利信息每月共享一次。")
    assert list(apply_search(SearchProbe.objects.all(), "专利信息")) == [zh_often, zh_once]


@on_postgresql
def test_the_search_can_use_the_gin_index(library):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = apply_search(SearchProbe.objects.all(), "专利信息").explain()
    assert "search_probe_vector_gin" in plan


def test_the_gin_index_is_created_on_postgresql_only(probe_table, db):
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "search_probe")
    assert ("search_probe_vector_gin" in indexes) == (connection.vendor == "postgresql")


def test_only_the_newest_matches_are_ranked(make_probe):
    _older, newer, newest = (make_probe(f"专利信息 {n}") for n in ("older", "newer", "newest"))
    make_probe("unrelated text")
    ranked = apply_search(SearchProbe.objects.all(), "专利信息", rank_limit=2)
    assert {probe.pk for probe in ranked} == {newer.pk, newest.pk}
