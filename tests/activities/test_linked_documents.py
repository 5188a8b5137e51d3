"""Activities link library documents; the link never reveals a document its reader may not see."""

from django.urls import reverse

from cooperation.documents.links import library
from protocol.activities.models import Activity
from tests.dashboard import panel_context, waiting_items
from tests.once import once


def test_an_activity_links_documents_and_both_parties_see_the_shared_one(
    client, cas_official, sipo_official, activity_post, make_document
):
    shared = make_document(title="Shared patent report", confidentiality="shared")
    internal = make_document(title="CAS internal notes", confidentiality="internal")
    client.force_login(cas_official)
    client.post(reverse("activities:create"), once(activity_post) | {"documents": [shared.pk, internal.pk]})
    activity = Activity.objects.get()
    assert set(library.linked(activity)) == {shared, internal}

    assert "CAS internal notes" in client.get(activity.get_absolute_url()).text
    client.force_login(sipo_official)
    page = client.get(activity.get_absolute_url()).text
    assert "Shared patent report" in page
    assert "CAS internal notes" not in page


def test_the_other_partys_internal_document_cannot_be_linked(
    client, sipo_official, cas_official, activity_post, make_document, sipo
):
    internal = make_document(title="CAS internal notes", confidentiality="internal")
    client.force_login(sipo_official)
    response = client.post(
        reverse("activities:create"),
        once(activity_post) | {"lead_party": sipo.pk, "documents": [internal.pk]},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in " ".join(response.context["form"].errors["documents"])
    assert not Activity.objects.exists()


def test_the_picker_offers_only_what_the_user_may_see(client, sipo_official, make_document):
    make_document(title="专利信息 shared", confidentiality="shared")
    make_document(title="专利信息 internal", confidentiality="internal")
    client.force_login(sipo_official)
    response = client.get(reverse("documents:pick"), {"document_query": "专利信息"}, HTTP_HX_REQUEST="true")
    assert [d.title for d in response.context["documents"]] == ["专利信息 shared"]
    assert 'name="documents"' in response.text


def test_editing_keeps_the_linked_documents_ticked(client, cas_official, activity_post, make_document):
    shared = make_document(title="Shared patent report", confidentiality="shared")
    client.force_login(cas_official)
    client.post(reverse("activities:create"), once(activity_post) | {"documents": [shared.pk], "action": "draft"})
    activity = Activity.objects.get()
    page = client.get(reverse("activities:edit", args=[activity.pk])).text
    assert f'value="{shared.pk}"' in page and "checked" in page


def test_the_dashboard_counts_the_library_and_lists_access_requests(client, cas_docadmin, sipo_official, make_document):
    from cooperation.documents import services

    on_request = make_document(title="Analysis on request", confidentiality="on_request")
    make_document(title="Internal", confidentiality="internal")
    services.access_request_create(document=on_request, by=sipo_official, reason="For the joint study")
    client.force_login(sipo_official)
    assert panel_context(client.get(reverse("dashboard")), "library")["library_count"] == 1
    client.force_login(cas_docadmin)
    response = client.get(reverse("dashboard"))
    assert panel_context(response, "library")["library_count"] == 2
    assert [item.url for item in waiting_items(response)] == [on_request.get_absolute_url()]


def test_editing_keeps_links_the_editor_can_no_longer_see(
    client, cas_official, sipo_docadmin, activity_post, make_document
):
    from cooperation.documents import services as document_services
    from tests.library import fields

    sipo_report = make_document(by=sipo_docadmin, title="SIPO report", confidentiality="shared")
    client.force_login(cas_official)
    client.post(reverse("activities:create"), once(activity_post) | {"documents": [sipo_report.pk], "action": "draft"})
    activity = Activity.objects.get()
    document_services.document_update(
        document=sipo_report, by=sipo_docadmin, fields=fields(title="SIPO report", confidentiality="internal")
    )

    client.post(reverse("activities:edit", args=[activity.pk]), activity_post | {"action": "draft", "title": "Edited"})

    activity.refresh_from_db()
    assert activity.title == "Edited"
    assert list(library.linked(activity)) == [sipo_report]
    assert "SIPO report" not in client.get(activity.get_absolute_url()).text


def test_deleting_a_draft_leaves_no_link_behind(client, cas_official, activity_post, make_document):
    from cooperation.documents.models import LibraryLink

    shared = make_document(title="Shared patent report", confidentiality="shared")
    client.force_login(cas_official)
    client.post(reverse("activities:create"), once(activity_post | {"documents": [shared.pk], "action": "draft"}))
    activity = Activity.objects.get()
    assert LibraryLink.objects.count() == 1
    client.post(reverse("activities:delete", args=[activity.pk]))
    assert not Activity.objects.exists()
    assert not LibraryLink.objects.exists()
