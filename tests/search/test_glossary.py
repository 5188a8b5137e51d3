"""The bilingual glossary: a query part also matches its other-language terms, in every area's search."""

import pytest
from django.urls import reverse

from protocol.glossary import services
from protocol.glossary.models import Term
from protocol.search import also_searched, apply_search, query_parts
from tests.test_search import SearchProbe, make_probe, probe_table  # noqa: F401  (fixtures)


def found(query):
    return sorted(probe.title for probe in apply_search(SearchProbe.objects.all(), query))


@pytest.fixture
def bilingual(make_probe):  # noqa: F811
    make_probe("Patent examination guidelines", "How examiners read the claims of an application.")
    make_probe("专利申请指南", "如何提交专利申请。")
    make_probe("Trademark register", "Marks and their owners.")
    make_probe("商标审查", "审查商标的程序。")
    make_probe("Library news", "Nothing about the terms at all.")


# --- query parts --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_glossary_term_brings_its_other_language_terms():
    (part,) = query_parts("专利")
    assert part.typed == ("专利",)
    assert ("patent",) in part.alternatives and ("patents",) in part.alternatives


@pytest.mark.django_db
def test_each_term_of_a_query_is_its_own_part():
    parts = query_parts("专利 examination quantum")
    assert [part.typed for part in parts] == [("专利",), ("examination",), ("quantum",)]
    assert ("审查",) in parts[1].alternatives
    assert parts[2].alternatives == [("quantum",)]


@pytest.mark.django_db
def test_the_longest_glossary_run_makes_one_part():
    (part,) = query_parts("patent navigation")
    assert part.typed == ("patent", "navigation")
    assert ("专利", "导航") in part.alternatives
    (part,) = query_parts("专利导航")
    assert ("patent", "navigation") in part.alternatives


@pytest.mark.django_db
def test_also_searched_names_what_the_glossary_added():
    assert also_searched("专利") == ["patent", "patents"]
    assert also_searched("patent") == ["专利", "patents"]
    assert also_searched("专利 patent") == ["patents"]
    assert also_searched("quantum") == []
    assert also_searched("") == []


# --- matching -----------------------------------------------------------------------------------


def test_a_chinese_query_finds_an_english_only_text(bilingual):
    assert found("专利") == ["Patent examination guidelines", "专利申请指南"]


def test_an_english_query_finds_a_chinese_only_text(bilingual):
    assert found("trademark") == ["Trademark register", "商标审查"]


def test_every_part_must_match_in_some_language(bilingual):
    # AND of the parts: 专利 and 审查 are both needed; each may be found in either language.
    assert found("专利 审查") == ["Patent examination guidelines"]
    assert found("patent application") == ["Patent examination guidelines", "专利申请指南"]
    assert found("商标 examination") == ["商标审查"]
    assert found("专利 quantum") == []


def test_a_term_outside_the_glossary_is_matched_as_typed(bilingual):
    assert found("owners") == ["Trademark register"]


# --- the glossary itself ------------------------------------------------------------------------


def test_a_new_pair_is_searched_at_once(bilingual):
    assert found("名册") == []
    services.term_save(term=Term(zh="名册", en="register"))
    assert found("名册") == ["Trademark register"]


def test_a_removed_pair_is_searched_no_more(bilingual):
    services.terms_delete(terms=list(Term.objects.filter(zh="商标")))
    assert found("trademark") == ["Trademark register"]


def test_the_glossary_is_read_once_not_on_every_search(bilingual, django_assert_num_queries):
    found("专利")
    with django_assert_num_queries(1):  # the search itself
        found("专利")


@pytest.mark.django_db
def test_the_glossary_is_seeded_with_the_common_ip_terms():
    pairs = set(Term.objects.values_list("zh", "en"))
    assert {("专利", "patent"), ("商标", "trademark"), ("知识产权", "intellectual property")} <= pairs
    assert {("专利导航", "patent navigation"), ("侵权", "infringement"), ("审查", "examination")} <= pairs


ADD = reverse("admin:glossary_term_add")


def test_a_portal_admin_adds_a_pair_in_the_admin(client, portal_admin, bilingual):
    client.force_login(portal_admin)
    assert client.get(reverse("admin:glossary_term_changelist")).status_code == 200
    response = client.post(ADD, {"zh": " 名册 ", "en": "register"})
    assert response.status_code == 302
    assert Term.objects.filter(zh="名册", en="register").exists()
    assert found("名册") == ["Trademark register"]


@pytest.mark.parametrize("persona", ["cas_official", "cas_coordinator", "sipo_docadmin", "outsider"])
def test_nobody_but_staff_reaches_the_glossary_admin(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("admin:glossary_term_changelist")).status_code == 302
    assert client.post(ADD, {"zh": "名册", "en": "register"}).status_code == 302
    assert not Term.objects.filter(zh="名册").exists()


def test_permission_table_of_the_glossary_admin(client, personas, portal_admin):
    # The Django admin sends whoever is not staff to its sign-in page; only a portal admin keeps the glossary.
    term = Term.objects.get_or_create(zh="专利", en="patent")[0]
    pages = [reverse("admin:glossary_term_changelist"), ADD, reverse("admin:glossary_term_change", args=[term.pk]),
             reverse("admin:glossary_term_delete", args=[term.pk])]  # fmt: skip
    everyone = {**personas, "portal_admin": portal_admin}
    for path in pages:
        seen = {}
        for name, person in everyone.items():
            client.force_login(person)
            seen[name] = client.get(path).status_code
        assert seen == {name: 200 if name == "portal_admin" else 302 for name in everyone}, path


def test_staff_without_model_permissions_still_keep_the_glossary(client, cas_official):
    cas_official.is_staff = True
    cas_official.save()
    client.force_login(cas_official)
    assert client.post(ADD, {"zh": "名册", "en": "register"}).status_code == 302
    assert Term.objects.filter(zh="名册").exists()


@pytest.mark.django_db
def test_terms_that_come_down_to_the_same_words_are_one_set():
    # 审查员 is searched as 审查: its pair joins 审查/examination rather than replacing it.
    (part,) = query_parts("审查")
    assert ("examination",) in part.alternatives and ("examiner",) in part.alternatives
