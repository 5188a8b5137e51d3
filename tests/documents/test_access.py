"""Who sees what of a CAS document, at each confidentiality level, on every page that could reveal it."""

import re
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cooperation.documents import services
from cooperation.documents.models import AccessRequest, AccessStatus, Confidentiality, Document, DownloadEvent
from cooperation.documents.permissions import can_download
from protocol.areas import Area
from protocol.notifications.models import Notification
from tests.dashboard import panel_context, waiting_items
from tests.once import once

from . import samples

SHARED, ON_REQUEST, INTERNAL = Confidentiality.SHARED, Confidentiality.ON_REQUEST, Confidentiality.INTERNAL
# A word of the current version's body only: not in the title, summary or tags of the document below.
BODY_WORD = "专利信息"
TITLE = "二〇二五年合作成果汇编"


@dataclass(frozen=True)
class Access:
    knows: bool  # list, search, detail, dashboard count
    downloads: bool  # every version's download, preview and thumbnail


FULL = Access(knows=True, downloads=True)
DESCRIPTION_ONLY = Access(knows=True, downloads=False)
NOTHING = Access(knows=False, downloads=False)

# fmt: off
#  persona              shared            on_request         internal
TABLE = [
    ("cas_official",     FULL,             FULL,              FULL),
    ("cas_docadmin",     FULL,             FULL,              FULL),
    ("cas_coordinator",  FULL,             FULL,              FULL),
    ("sipo_official",    FULL,             DESCRIPTION_ONLY,  NOTHING),
    ("sipo_docadmin",    FULL,             DESCRIPTION_ONLY,  NOTHING),
    ("sipo_coordinator", FULL,             DESCRIPTION_ONLY,  NOTHING),
    ("outsider",         NOTHING,          NOTHING,           NOTHING),
]
# fmt: on
LEVELS = [SHARED, ON_REQUEST, INTERNAL]
CASES = [(persona, level, row[i]) for persona, *row in TABLE for i, level in enumerate(LEVELS)]

# Told of a new document the other party may see: its coordinators and document admins, nobody else.
TOLD_OF_NEW_DOCUMENTS = {"sipo_coordinator", "sipo_docadmin"}


@pytest.fixture
def make_two_version_document(make_document, add_version):
    """A CAS document whose v1 is an English PDF and whose current v2 is a Chinese PDF saying BODY_WORD."""

    def make(confidentiality, title=TITLE):
        document = make_document(
            title=title,
            summary="",
            tags=["年度"],
            confidentiality=confidentiality,
            content=samples.english_pdf(),
            name="agreement.pdf",
        )
        add_version(document, content=samples.chinese_pdf(), change_note="中文版")
        document.refresh_from_db()
        return document

    return make


def status(client, url, **params) -> int:
    response = client.get(url, params)
    if response.streaming:
        # Read to the end, as a WSGI server would: that closes the file. (Calling close() directly would
        # also fire request_finished, which closes the test's database connection on PostgreSQL.)
        b"".join(response.streaming_content)
    return response.status_code


def listed(client, document, **params) -> bool:
    response = client.get(reverse("documents:list"), params)
    assert response.status_code == 200
    in_page = document.pk in [d.pk for d in response.context["page"].object_list]
    # The page tells no more than the context: a title left out of the list is not in the HTML either.
    assert in_page == (document.title in response.text)
    return in_page


def dashboard_count(client) -> int:
    """The number of documents the dashboard says the user may consult, as shown on the page."""
    response = client.get(reverse("dashboard"))
    shown = re.search(r'class="card-text library-count">(\d+) documents? you may consult', response.text)
    assert int(shown[1]) == panel_context(response, "library")["library_count"]
    return int(shown[1])


def version_url(name, document, number) -> str:
    return reverse(f"documents:{name}", args=[document.pk, number])


def files_reachable(client, document) -> dict[str, int]:
    return {
        f"{name} v{number}": status(client, version_url(name, document, number))
        for number in (1, 2)
        for name in ("download", "preview", "thumbnail")
    }


@pytest.mark.parametrize(("persona", "level", "access"), CASES)
def test_each_persona_sees_exactly_what_the_confidentiality_level_allows(
    client, personas, make_two_version_document, persona, level, access
):
    document = make_two_version_document(level)  # made after every persona exists, so all could be told
    user = personas[persona]
    client.force_login(user)

    observed = {
        "listed": listed(client, document),
        "found by a word of its body": listed(client, document, q=BODY_WORD),
        "detail": status(client, document.get_absolute_url()),
        **files_reachable(client, document),
        "dashboard count": dashboard_count(client),
        "told it is new": Notification.objects.filter(
            recipient=user, kind="document.shared", url=document.get_absolute_url()
        ).exists(),
    }

    files = 200 if access.downloads else 404
    expected = {
        "listed": access.knows,
        "found by a word of its body": access.knows,
        "detail": 200 if access.knows else 404,
        **{f"{name} v{number}": files for number in (1, 2) for name in ("download", "preview", "thumbnail")},
        "dashboard count": 1 if access.knows else 0,
        "told it is new": persona in TOLD_OF_NEW_DOCUMENTS and level != INTERNAL,
    }
    assert observed == expected


def test_the_other_partys_download_page_offers_a_request_instead_of_the_file(
    client, sipo_official, make_two_version_document
):
    document = make_two_version_document(ON_REQUEST)
    client.force_login(sipo_official)

    page = client.get(document.get_absolute_url()).text

    assert reverse("documents:request_access", args=[document.pk]) in page
    assert version_url("download", document, 2) not in page
    assert version_url("preview", document, 2) not in page


@pytest.mark.parametrize("persona", ["sipo_official", "sipo_docadmin", "sipo_coordinator", "outsider"])
@pytest.mark.parametrize("name", ["edit", "version_create", "archive", "request_access", "download_log"])
def test_an_internal_document_is_404_on_every_page_for_those_outside_its_party(
    client, personas, cas_internal, persona, name
):
    client.force_login(personas[persona])
    url = reverse(f"documents:{name}", args=[cas_internal.pk])
    assert status(client, url) == 404
    assert client.post(url, {"reason": "x"}).status_code == 404


def grant(document, requester, decider):
    request = services.access_request_create(document=document, by=requester, reason="For the joint report.")
    return services.access_request_decide(request=request, by=decider, grant=True, comment="Granted.")


def test_a_granted_request_lets_exactly_that_user_download(
    client, sipo_official, sipo_official_2, sipo_coordinator, cas_docadmin, make_two_version_document
):
    document = make_two_version_document(ON_REQUEST)
    grant(document, sipo_official, cas_docadmin)

    client.force_login(sipo_official)
    assert set(files_reachable(client, document).values()) == {200}

    for other in (sipo_official_2, sipo_coordinator):
        client.force_login(other)
        assert set(files_reachable(client, document).values()) == {404}
        assert status(client, document.get_absolute_url()) == 200


def test_revoking_access_makes_the_files_404_again(client, sipo_official, cas_docadmin, make_two_version_document):
    document = make_two_version_document(ON_REQUEST)
    request = grant(document, sipo_official, cas_docadmin)
    client.force_login(sipo_official)
    assert status(client, version_url("download", document, 2)) == 200

    services.access_request_revoke(request=request, by=cas_docadmin, comment="Project over.")

    assert set(files_reachable(client, document).values()) == {404}
    assert status(client, document.get_absolute_url()) == 200
    assert "Your access was revoked." in client.get(document.get_absolute_url()).text


@pytest.mark.parametrize("decision", ["pending", "refused"])
def test_a_request_not_granted_gives_no_file(client, sipo_official, cas_docadmin, make_two_version_document, decision):
    document = make_two_version_document(ON_REQUEST)
    request = services.access_request_create(document=document, by=sipo_official, reason="Please.")
    if decision == "refused":
        services.access_request_decide(request=request, by=cas_docadmin, grant=False, comment="Not yet public.")
    client.force_login(sipo_official)

    assert set(files_reachable(client, document).values()) == {404}
    assert not DownloadEvent.objects.exists()


def test_a_grant_on_one_document_opens_no_other(client, sipo_official, cas_docadmin, make_two_version_document):
    granted = make_two_version_document(ON_REQUEST, title="已批准的报告")
    other = make_two_version_document(ON_REQUEST, title="另一份报告")
    grant(granted, sipo_official, cas_docadmin)
    client.force_login(sipo_official)

    assert status(client, version_url("download", granted, 1)) == 200
    assert status(client, version_url("download", other, 1)) == 404


def test_access_cannot_be_requested_for_a_shared_or_own_document(
    client, sipo_official, cas_official, cas_shared, cas_on_request
):
    client.force_login(sipo_official)
    assert client.post(reverse("documents:request_access", args=[cas_shared.pk]), once(reason="x")).status_code == 403
    client.force_login(cas_official)
    assert (
        client.post(reverse("documents:request_access", args=[cas_on_request.pk]), once(reason="x")).status_code == 403
    )
    assert not AccessRequest.objects.exists()


# Archived documents


@pytest.fixture
def archive(cas_docadmin):
    def archive(document):
        return services.document_archive(document=document, by=cas_docadmin, archived=True)

    return archive


@pytest.mark.parametrize("persona", ["cas_official", "sipo_official"])
def test_an_archived_document_leaves_the_default_list_but_not_the_archive(
    client, personas, cas_shared, archive, persona
):
    archive(cas_shared)
    client.force_login(personas[persona])

    assert not listed(client, cas_shared)
    assert not listed(client, cas_shared, q=BODY_WORD)
    assert listed(client, cas_shared, archived="on")
    assert listed(client, cas_shared, q=BODY_WORD, archived="on")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("cas_official", 200), ("sipo_official", 200), ("sipo_coordinator", 200), ("outsider", 404)],
)
def test_an_archived_shared_document_is_still_downloaded_by_those_who_may(
    client, personas, cas_shared, archive, persona, expected
):
    archive(cas_shared)
    client.force_login(personas[persona])

    assert status(client, cas_shared.get_absolute_url()) == expected
    assert status(client, cas_shared.current_version.get_download_url()) == expected


def test_an_archived_internal_document_stays_hidden_from_the_other_party(client, sipo_docadmin, cas_internal, archive):
    archive(cas_internal)
    client.force_login(sipo_docadmin)

    assert not listed(client, cas_internal, archived="on")
    assert status(client, cas_internal.get_absolute_url()) == 404
    assert status(client, cas_internal.current_version.get_download_url()) == 404


def test_a_grant_still_opens_an_archived_on_request_document(
    client, sipo_official, sipo_official_2, cas_docadmin, cas_on_request, archive
):
    grant(cas_on_request, sipo_official, cas_docadmin)
    archive(cas_on_request)

    client.force_login(sipo_official)
    assert status(client, cas_on_request.current_version.get_download_url()) == 200
    client.force_login(sipo_official_2)
    assert status(client, cas_on_request.current_version.get_download_url()) == 404


# What search results and the dashboard tell


def snippet_shown(client, document) -> str | None:
    response = client.get(reverse("documents:list"), {"q": BODY_WORD})
    return next((d.snippet for d in response.context["page"].object_list if d.pk == document.pk), None)


@pytest.mark.parametrize(
    ("persona", "level", "shows_the_body"),
    [
        ("cas_official", INTERNAL, True),
        ("sipo_official", SHARED, True),
        # Found by a word of its body, but the body itself is the part that is given on request.
        ("sipo_official", ON_REQUEST, False),
    ],
)
def test_a_search_snippet_quotes_the_body_only_to_those_who_may_download_it(
    client, personas, make_two_version_document, persona, level, shows_the_body
):
    document = make_two_version_document(level)
    client.force_login(personas[persona])

    snippet = snippet_shown(client, document)

    assert snippet is not None  # the document is found
    assert ("互惠互利" in snippet) is shows_the_body  # a phrase of the body, away from the word searched


def test_a_grant_opens_the_snippet_too(client, sipo_official, cas_docadmin, make_two_version_document):
    document = make_two_version_document(ON_REQUEST)
    grant(document, sipo_official, cas_docadmin)
    client.force_login(sipo_official)
    assert "互惠互利" in snippet_shown(client, document)


@pytest.mark.parametrize(
    ("persona", "sees_it"),
    [
        ("cas_docadmin", True),
        ("cas_official", False),
        ("cas_coordinator", False),
        ("sipo_docadmin", False),
        ("sipo_official", False),
        ("outsider", False),
    ],
)
def test_a_pending_request_waits_on_the_dashboard_of_the_owning_partys_document_admins_only(
    client, personas, cas_on_request, persona, sees_it
):
    services.access_request_create(document=cas_on_request, by=personas["sipo_official"], reason="For the joint study.")
    client.force_login(personas[persona])
    waiting = waiting_items(client.get(reverse("dashboard")))
    assert any(cas_on_request.title in item.title for item in waiting if item.area == Area.DOCUMENTS) is sees_it


@pytest.mark.parametrize("decider", ["cas_official", "cas_coordinator", "sipo_docadmin", "outsider"])
@pytest.mark.parametrize("grant", [True, False])
def test_the_decision_service_itself_refuses_anyone_but_the_owning_partys_document_admins(
    personas, sipo_official, make_two_version_document, decider, grant
):
    """The views guard this too; the service must hold on its own (another caller, a task, the API)."""
    document = make_two_version_document(ON_REQUEST)
    request = services.access_request_create(document=document, by=sipo_official, reason="For the joint report.")

    with pytest.raises(PermissionDenied):
        services.access_request_decide(request=request, by=personas[decider], grant=grant, comment="Decided.")

    request.refresh_from_db()
    assert request.status == AccessStatus.PENDING and request.decided_by is None


def test_an_account_of_no_party_downloads_nothing_not_even_what_both_parties_share(outsider, portal_admin):
    # make mutation: the party check first, whatever the document's level.
    shared = Document(confidentiality=Confidentiality.SHARED)
    assert not can_download(outsider, shared)
    assert not can_download(portal_admin, shared)


def test_a_document_on_request_read_without_the_selectors_answer_is_not_downloadable(sipo_official, cas):
    # `granted` comes from the selectors; a document read another way has not been granted to anybody.
    on_request = Document(confidentiality=Confidentiality.ON_REQUEST, owner_party=cas)
    assert not can_download(sipo_official, on_request)
