"""The library in the REST API: who sees which documents (the pages' selectors), the list page's filters and search
(the same ids), a document's versions, ETags, and a version's file through the page's access rule and download log."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.documents import services
from cooperation.documents.models import Confidentiality, Document, DownloadEvent
from protocol.api.models import Scope
from protocol.audit.models import Action, Entry
from tests.documents import samples
from tests.documents.test_views import copies_of, text_document

from .conftest import token_client

LIST = "/api/v1/documents/"
PAGE = reverse("documents:list")


def detail(document) -> str:
    return f"{LIST}{document.pk}/"


def download(document, number: int = 1) -> str:
    return f"{LIST}{document.pk}/versions/{number}/download/"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def body_of(response) -> bytes:
    # Read to the end as a WSGI server would (which closes the file).
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def library(cas_shared, cas_on_request, cas_internal, make_document, sipo_docadmin):
    sipo_shared = make_document(by=sipo_docadmin, title="国知局共享文献", doc_type="patent", language="en")
    return {"shared": cas_shared, "on_request": cas_on_request, "internal": cas_internal, "sipo": sipo_shared}


# Who sees what


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("cas_official", {"shared", "on_request", "internal", "sipo"}),
        ("cas_docadmin", {"shared", "on_request", "internal", "sipo"}),
        ("sipo_official", {"shared", "on_request", "sipo"}),
        ("sipo_coordinator", {"shared", "on_request", "sipo"}),
    ],
)
def test_the_list_holds_what_the_reader_may_see(api_as, personas, library, persona, expected):
    listed = set(ids(api_as(personas[persona]).get(LIST)))
    assert listed == {library[name].pk for name in expected}


def test_the_other_partys_internal_document_is_404_and_so_is_its_file(api_as, sipo_official, cas_internal):
    client = api_as(sipo_official)
    for path in (detail(cas_internal), download(cas_internal)):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
        assert cas_internal.title not in response.content.decode()
    assert not DownloadEvent.objects.exists()


@pytest.mark.parametrize("pk", ["abc", "0x1", "٣", str(2**63), "99999"])
def test_an_id_that_is_no_documents_is_404(api_as, cas_official, cas_shared, pk):
    assert api_as(cas_official).get(f"{LIST}{pk}/").status_code == 404


def test_without_a_token_nothing_is_answered(cas_shared):
    from rest_framework.test import APIClient

    response = APIClient().get(LIST)
    assert response.status_code == 401
    assert cas_shared.title not in response.content.decode()


# The detail


def test_a_document_shows_its_metadata_versions_and_what_the_reader_may_do(
    api_as, sipo_official, cas_docadmin, make_document, add_version
):
    cas_shared = text_document(make_document, title="共享的专利文献")
    add_version(cas_shared, content=b"second", name="v2.txt", change_note="修订")
    data = api_as(sipo_official).get(detail(cas_shared)).json()

    assert data["title"] == "共享的专利文献"
    assert data["owner_party"] == "CAS" and data["confidentiality"] == "shared"
    assert data["tags"] == ["专利导航"]
    assert data["patent_numbers"] == ["CN101234567A"] and data["ipc_classes"] == ["G06F16/33"]
    assert [v["number"] for v in data["versions"]] == [2, 1]
    assert data["versions"][0]["change_note"] == "修订"
    assert data["versions"][0]["uploaded_by"]["full_name"] == cas_docadmin.full_name
    assert data["current_version"]["number"] == 2
    assert data["download_url"].endswith(download(cas_shared, 2))
    assert data["versions"][1]["download_url"].endswith(download(cas_shared, 1))
    assert data["actions"] == {"download": True, "request_access": False, "manage": False}
    assert api_as(cas_docadmin).get(detail(cas_shared)).json()["actions"]["manage"] is True


def test_an_on_request_document_shows_no_file_links_until_access_is_granted(
    api_as, sipo_official, cas_docadmin, cas_on_request
):
    client = api_as(sipo_official)
    data = client.get(detail(cas_on_request)).json()
    assert data["download_url"] is None and data["versions"][0]["download_url"] is None
    assert data["actions"] == {"download": False, "request_access": True, "manage": False}

    request = services.access_request_create(document=cas_on_request, by=sipo_official, reason="A joint study.")
    services.access_request_decide(request=request, by=cas_docadmin, grant=True, comment="")
    data = client.get(detail(cas_on_request)).json()
    assert data["download_url"].endswith(download(cas_on_request))
    assert data["versions"][0]["download_url"].endswith(download(cas_on_request))
    assert data["actions"]["download"] is True and data["actions"]["request_access"] is False


def test_an_archived_document_is_still_read_by_its_id(api_as, sipo_official, cas_docadmin, cas_shared):
    services.document_archive(document=cas_shared, by=cas_docadmin, archived=True)
    client = api_as(sipo_official)
    assert cas_shared.pk not in ids(client.get(LIST))
    assert cas_shared.pk in ids(client.get(LIST, {"archived": "true"}))
    assert client.get(detail(cas_shared)).json()["archived_at"] is not None


def test_a_detail_answers_304_to_the_etag_it_gave_and_200_once_the_document_changed(
    api_as, sipo_official, cas_docadmin, cas_shared
):
    client = api_as(sipo_official)
    first = client.get(detail(cas_shared))
    tag = first["ETag"]
    again = client.get(detail(cas_shared), HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304 and again.content == b""

    services.document_archive(document=cas_shared, by=cas_docadmin, archived=True)
    changed = client.get(detail(cas_shared), HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200 and changed["ETag"] != tag


# The list page's filters and search


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"doc_type": "patent"},
        {"language": "en"},
        {"tag": "专利导航"},
        {"ipc": "G06F"},
        {"area": "documents", "archived": "on"},
        {"q": "专利"},
        {"q": "专利", "language": "zh"},
    ],
    ids=repr,
)
def test_the_list_gives_the_ids_the_list_page_gives_for_the_same_filters(
    api_as, client, sipo_official, cas_docadmin, library, params
):
    services.document_archive(document=library["shared"], by=cas_docadmin, archived=True)
    client.force_login(sipo_official)
    on_page = [document.pk for document in client.get(PAGE, params).context["page"].object_list]
    assert on_page, "a filter that matches nothing would prove nothing"
    assert ids(api_as(sipo_official).get(LIST, params)) == on_page


def test_the_owning_party_filter_takes_a_party_id(api_as, sipo_official, sipo, library):
    assert ids(api_as(sipo_official).get(LIST, {"owner_party": sipo.pk})) == [library["sipo"].pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"doc_type": "novel"}, "doc_type"), ({"owner_party": "999999"}, "owner_party"), ({"year": "1999"}, "year")],
)
def test_a_filter_value_that_is_no_choice_is_400_naming_the_filter(api_as, sipo_official, cas_shared, params, field):
    response = api_as(sipo_official).get(LIST, params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and list(error["fields"]) == [field]


def test_the_list_pages_by_cursor(api_as, sipo_official, cas_docadmin, make_document, settings):
    settings.PAGE_SIZE = 2
    made = [text_document(make_document, title=f"Note {n}") for n in range(3)]
    client = api_as(sipo_official)
    first = client.get(LIST).json()
    assert [row["id"] for row in first["results"]] == [made[2].pk, made[1].pk]
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert [row["id"] for row in second["results"]] == [made[0].pk] and second["next"] is None


def queries_for(client, path, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(queries)


def test_the_list_and_a_search_cost_the_same_for_1_and_50_documents(
    api_as, sipo_official, cas_docadmin, sipo_docadmin, make_document
):
    first = text_document(make_document, samples.CHINESE_BODY, tags=["专利导航", "年度"])
    client = api_as(sipo_official)
    costs = lambda: (queries_for(client, LIST), queries_for(client, LIST, {"q": "专利信息"}))  # noqa: E731
    costs()  # warm the per-process caches (content types, jieba)
    with_one = costs()

    copies_of(
        first, 49, owners=[cas_docadmin, sipo_docadmin], levels=[Confidentiality.SHARED, Confidentiality.ON_REQUEST]
    )
    assert len(client.get(LIST).json()["results"]) == 25
    assert len(client.get(LIST, {"q": "专利信息"}).json()["results"]) == 25

    assert costs() == with_one


# Downloads


def test_a_download_streams_the_file_and_is_logged_once(api_as, sipo_official, cas_shared):
    response = api_as(sipo_official).get(download(cas_shared))

    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E5%90%88%E4%BD%9C%E5%8D%8F%E8%AE%AE.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body_of(response) == samples.chinese_pdf()
    event = DownloadEvent.objects.get()
    assert (event.user, event.party, event.version) == (sipo_official, sipo_official.party, cas_shared.current_version)


def test_a_download_asked_for_as_the_files_own_type_is_served_too(api_as, sipo_official, cas_shared):
    response = api_as(sipo_official).get(download(cas_shared), HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200 and body_of(response) == samples.chinese_pdf()
    assert DownloadEvent.objects.count() == 1


def test_an_earlier_version_downloads_by_its_number(api_as, sipo_official, make_document, add_version):
    note = text_document(make_document, "第一版")
    add_version(note, content=b"the second text", name="v2.txt")
    client = api_as(sipo_official)
    assert body_of(client.get(download(note, 2))) == b"the second text"
    assert body_of(client.get(download(note, 1))) == "第一版".encode()
    assert sorted(DownloadEvent.objects.values_list("version__number", flat=True)) == [1, 2]


@pytest.mark.parametrize("number", [2, 0, 2**31, 10**30])
def test_a_version_that_does_not_exist_is_404_and_logs_nothing(api_as, sipo_official, cas_shared, number):
    response = api_as(sipo_official).get(download(cas_shared, number))
    assert response.status_code == 404 and response.json()["error"]["status"] == 404
    assert not DownloadEvent.objects.exists()


def test_an_on_request_file_is_404_until_granted_then_downloaded_logged_and_audited_as_on_the_page(
    api_as, client, sipo_official, cas_docadmin, cas_on_request
):
    api = api_as(sipo_official)
    assert api.get(download(cas_on_request)).status_code == 404
    assert not DownloadEvent.objects.exists()

    request = services.access_request_create(document=cas_on_request, by=sipo_official, reason="A joint study.")
    services.access_request_decide(request=request, by=cas_docadmin, grant=True, comment="")
    audited = Entry.objects.filter(action=Action.DOWNLOAD)
    response = api.get(download(cas_on_request))
    assert response.status_code == 200 and body_of(response) == samples.chinese_pdf()
    assert DownloadEvent.objects.filter(user=sipo_official).count() == 1
    assert audited.count() == 1

    # The page's download leaves the same traces: one more of each, no more.
    client.force_login(sipo_official)
    page = client.get(cas_on_request.current_version.get_download_url())
    assert body_of(page) == samples.chinese_pdf()
    assert DownloadEvent.objects.filter(user=sipo_official).count() == 2 and audited.count() == 2
    assert {(entry.actor_id, entry.additional_data["version"]) for entry in audited} == {(sipo_official.pk, 1)}


def test_a_read_only_token_downloads(sipo_official, cas_shared):
    response = token_client(sipo_official, scope=Scope.READ).get(download(cas_shared))
    assert response.status_code == 200 and body_of(response) == samples.chinese_pdf()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_library_takes_no_writes_and_a_read_only_token_is_refused_first(
    api_as, sipo_docadmin, cas_docadmin, method
):
    before = Document.objects.count()
    assert getattr(api_as(cas_docadmin), method)(LIST, {}, format="json").status_code == 405
    refused = getattr(token_client(sipo_docadmin, scope=Scope.READ), method)(LIST, {}, format="json")
    assert refused.status_code == 403 and "read-only" in refused.json()["error"]["message"]
    assert Document.objects.count() == before
