"""The library's predicates and its visibility selector themselves (make mutation: the pages' access table in
test_access.py answers with a status per page, which leaves some of their conditions unguarded). Each case
differs from an allowed one by one condition only, so that dropping or inverting it changes an answer."""

import pytest

from cooperation.documents import selectors, services
from cooperation.documents.models import Confidentiality, Document
from cooperation.documents.permissions import can_download, can_manage, can_request_access, can_upload
from tests.documents import samples

SHARED, ON_REQUEST, INTERNAL = Confidentiality.SHARED, Confidentiality.ON_REQUEST, Confidentiality.INTERNAL


def read(user, document) -> Document:
    """The document as the library's pages read it, with `granted` and `asked` for `user`."""
    return selectors.documents_visible_to(user).get(pk=document.pk)


@pytest.mark.parametrize(
    ("username", "uploads", "manages"),
    [
        ("cas_official", False, False),
        ("cas_docadmin", True, True),
        ("cas_coordinator", False, False),
        ("sipo_official", False, False),
        ("sipo_docadmin", True, False),  # a document admin, of the other party
        ("sipo_coordinator", False, False),
        ("outsider", False, False),
    ],
)
def test_the_owning_partys_document_admins_alone_manage_a_document(cas_shared, personas, username, uploads, manages):
    person = personas[username]
    assert can_upload(person) is uploads
    assert can_manage(person, cas_shared) is manages


def test_the_other_party_asks_for_an_on_request_document_once_and_downloads_it_once_granted(
    cas_on_request, personas, cas_docadmin
):
    sipo_official, cas_official = personas["sipo_official"], personas["cas_official"]
    document = read(sipo_official, cas_on_request)
    assert (document.granted, document.asked) == (False, False)
    assert can_request_access(sipo_official, document)
    assert not can_download(sipo_official, document)
    assert not can_request_access(cas_official, read(cas_official, cas_on_request))  # its own party's
    assert can_download(cas_official, read(cas_official, cas_on_request))

    request = services.access_request_create(document=cas_on_request, by=sipo_official, reason="For the joint study.")
    document = read(sipo_official, cas_on_request)
    assert (document.granted, document.asked) == (False, True)
    assert not can_request_access(sipo_official, document)
    assert not can_download(sipo_official, document)
    # Another reader of the same party has asked nothing.
    other = read(personas["sipo_coordinator"], cas_on_request)
    assert (other.granted, other.asked) == (False, False)

    services.access_request_decide(request=request, by=cas_docadmin, grant=True, comment="Granted.")
    document = read(sipo_official, cas_on_request)
    assert (document.granted, document.asked) == (True, True)
    assert can_download(sipo_official, document)
    assert not can_request_access(sipo_official, document)
    other = read(personas["sipo_coordinator"], cas_on_request)
    assert (other.granted, other.asked) == (False, False)
    assert not can_download(personas["sipo_coordinator"], other)

    services.access_request_revoke(request=request, by=cas_docadmin, comment="Project over.")
    document = read(sipo_official, cas_on_request)
    assert (document.granted, document.asked) == (False, False)
    assert not can_download(sipo_official, document)


def test_a_request_for_one_document_grants_nothing_of_another(make_document, personas, cas_docadmin):
    sipo_official = personas["sipo_official"]
    asked, other = (make_document(title=title, confidentiality=ON_REQUEST) for title in ("依申请一", "依申请二"))
    request = services.access_request_create(document=asked, by=sipo_official, reason="For the joint study.")
    services.access_request_decide(request=request, by=cas_docadmin, grant=True, comment="Granted.")
    rows = {row.pk: (row.granted, row.asked) for row in selectors.documents_visible_to(sipo_official)}
    assert rows == {asked.pk: (True, True), other.pk: (False, False)}


def test_a_refused_request_may_be_made_again(cas_on_request, personas, cas_docadmin):
    sipo_official = personas["sipo_official"]
    request = services.access_request_create(document=cas_on_request, by=sipo_official, reason="Please.")
    services.access_request_decide(request=request, by=cas_docadmin, grant=False, comment="Not yet.")
    document = read(sipo_official, cas_on_request)
    assert (document.granted, document.asked) == (False, False)
    assert can_request_access(sipo_official, document)


def test_without_the_selectors_annotations_nothing_is_granted_and_nothing_was_asked(cas_on_request, personas):
    # A document read without documents_visible_to: the predicates default to no grant and no open request.
    plain = Document.objects.get(pk=cas_on_request.pk)
    assert not can_download(personas["sipo_official"], plain)
    assert can_request_access(personas["sipo_official"], plain)
    assert can_download(personas["cas_official"], plain)


@pytest.mark.parametrize(
    ("confidentiality", "downloads", "requests"),
    [(SHARED, True, False), (ON_REQUEST, False, True), (INTERNAL, False, False)],
)
def test_what_the_other_party_may_download_or_ask_for_at_each_level(
    cas_on_request, personas, confidentiality, downloads, requests
):
    person = personas["sipo_official"]
    document = read(person, cas_on_request)
    document.confidentiality = confidentiality
    assert can_download(person, document) is downloads
    assert can_request_access(person, document) is requests
    # A grant counts for an on-request document only (one made internal since keeps nothing of it).
    document.granted = True
    assert can_download(person, document) is (confidentiality != INTERNAL)
    # Its own party downloads it at every level and asks for nothing.
    own = read(personas["cas_official"], cas_on_request)
    own.confidentiality = confidentiality
    assert can_download(personas["cas_official"], own)
    assert not can_request_access(personas["cas_official"], own)
    # Of no party: nothing.
    document.granted = False
    assert not can_download(personas["outsider"], document)
    assert not can_request_access(personas["outsider"], document)


def test_the_visible_documents_join_their_party_and_current_version_and_leave_the_search_columns_unread(
    cas_on_request, personas, django_assert_num_queries
):
    with django_assert_num_queries(1):
        (row,) = selectors.documents_visible_to(personas["sipo_official"])
        assert (row.owner_party.code, row.current_version.number) == ("CAS", 1)
    assert {"search_text", "search_vector"} <= row.get_deferred_fields()
    assert "extracted_text" in row.current_version.get_deferred_fields()
    assert selectors.document_detail(personas["cas_official"], cas_on_request.pk) == cas_on_request


def test_each_party_sees_its_own_documents_at_every_level_and_the_other_partys_shared_and_on_request_ones(
    cas_shared, cas_on_request, cas_internal, personas
):
    everything = {cas_shared.pk, cas_on_request.pk, cas_internal.pk}
    for username in ("cas_official", "cas_docadmin", "cas_coordinator"):
        assert set(selectors.documents_visible_to(personas[username]).values_list("pk", flat=True)) == everything
    for username in ("sipo_official", "sipo_docadmin", "sipo_coordinator"):
        rows = selectors.documents_visible_to(personas[username])
        assert set(rows.values_list("pk", flat=True)) == {cas_shared.pk, cas_on_request.pk}, username
    assert not selectors.documents_visible_to(personas["outsider"]).exists()
    # No reader (the annual report's): what both parties see, nothing granted or asked.
    rows = {row.pk: (row.granted, row.asked) for row in selectors.documents_visible_to(None)}
    assert rows == {cas_shared.pk: (False, False), cas_on_request.pk: (False, False)}
    assert selectors.document_detail(personas["cas_official"], cas_internal.pk) == cas_internal
    with pytest.raises(Document.DoesNotExist):
        selectors.document_detail(personas["sipo_official"], cas_internal.pk)


def test_a_documents_detail_comes_with_its_tags_and_versions_and_their_uploaders_and_not_their_text(
    cas_internal, add_version, personas, django_assert_num_queries
):
    add_version(cas_internal, content=samples.english_pdf(), change_note="English")
    # The document, its tags, its versions with their uploaders and parties: three queries, none after.
    with django_assert_num_queries(3):
        document = selectors.document_detail(personas["cas_official"], cas_internal.pk)
    with django_assert_num_queries(0):
        tags = [tag.name for tag in document.tags.all()]
        versions = sorted((v.number, v.uploaded_by.username, v.uploaded_by.party.code) for v in document.versions.all())
        deferred = [v.get_deferred_fields() for v in document.versions.all()]
    assert tags == ["专利导航"]
    assert versions == [(1, "cas_docadmin", "CAS"), (2, "cas_docadmin", "CAS")]
    assert all("extracted_text" in fields for fields in deferred)
