"""Who the library tells, about what, and only once: through the outbox, in-app and by e-mail."""

import pytest
from django.urls import reverse

from cooperation.documents import services
from cooperation.documents.models import Confidentiality
from protocol.notifications import outbox
from protocol.notifications.models import Channel, Notification, OutboxMessage, OutboxStatus
from protocol.parties.roles import Role
from tests.factories import UserFactory
from tests.library import fields, upload
from tests.once import once

SHARED, ON_REQUEST, INTERNAL = Confidentiality.SHARED, Confidentiality.ON_REQUEST, Confidentiality.INTERNAL


def told(kind) -> set[str]:
    """Usernames with an in-app notification of this kind."""
    return set(Notification.objects.filter(kind=f"document.{kind}").values_list("recipient__username", flat=True))


@pytest.fixture
def cas_docadmin_2(cas):
    return UserFactory(username="cas_docadmin_2", full_name="Huang Min", party=cas, roles=[Role.DOCUMENT_ADMIN])


@pytest.fixture
def sipo_coordinator_and_docadmin(sipo):
    """One person holding both roles: told once, not twice."""
    return UserFactory(
        username="sipo_both", full_name="Zhou Jie", party=sipo, roles=[Role.COORDINATOR, Role.DOCUMENT_ADMIN]
    )


@pytest.mark.parametrize("level", [SHARED, ON_REQUEST])
def test_a_new_document_the_other_party_may_see_is_announced_to_its_coordinators_and_document_admins(
    english, personas, make_document, level, mailoutbox
):
    document = make_document(title="新的共享文献", confidentiality=level)

    assert told("shared") == {"sipo_coordinator", "sipo_docadmin"}
    notification = Notification.objects.get(recipient=personas["sipo_docadmin"])
    assert notification.url == document.get_absolute_url()
    assert "新的共享文献" in notification.message and "CAS" in notification.message
    # By default document admins are e-mailed at once; coordinators read it in their daily digest.
    assert [email.to for email in mailoutbox] == [["sipo_docadmin@example.org"]]
    assert Notification.objects.get(recipient=personas["sipo_coordinator"]).channel == Channel.DIGEST


def test_an_internal_document_is_announced_to_nobody(personas, make_document, mailoutbox):
    make_document(title="内部资料", confidentiality=INTERNAL)
    assert not OutboxMessage.objects.exists()
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_a_person_with_both_roles_is_told_once(personas, sipo_coordinator_and_docadmin, make_document, mailoutbox):
    make_document(confidentiality=SHARED)
    assert Notification.objects.filter(recipient=sipo_coordinator_and_docadmin).count() == 1
    assert [email.to for email in mailoutbox].count(["sipo_both@example.org"]) == 1


def test_an_internal_document_made_visible_is_announced_then_and_only_then(
    client, personas, make_document, django_capture_on_commit_callbacks
):
    document = make_document(title="内部资料", confidentiality=INTERNAL, content="说明".encode(), name="a.txt")
    edit = reverse("documents:edit", args=[document.pk])
    data = {"title": "内部资料", "doc_type": "policy", "area": "documents", "language": "zh"}
    client.force_login(personas["cas_docadmin"])

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit, data | {"confidentiality": ON_REQUEST}).status_code == 302
    assert told("shared") == {"sipo_coordinator", "sipo_docadmin"}

    # Already visible: moving between the visible levels, or editing the title, tells no one again.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit, data | {"confidentiality": SHARED})
        client.post(edit, data | {"confidentiality": SHARED, "title": "改名"})
    assert Notification.objects.count() == 2


def test_an_announcement_not_yet_delivered_is_withheld_if_the_document_turns_internal(
    personas, cas_docadmin, mailoutbox
):
    # Created without running the after-commit callbacks: the outbox rows wait for the sweep.
    document = services.document_create(by=cas_docadmin, fields=fields(confidentiality=SHARED), upload=upload())
    services.document_update(document=document, by=cas_docadmin, fields=fields(confidentiality=INTERNAL))
    assert OutboxMessage.objects.count() == 2

    outbox.sweep()

    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.WITHHELD}
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_an_access_request_is_sent_to_the_owning_partys_document_admins(
    client, personas, cas_docadmin_2, cas_on_request, django_capture_on_commit_callbacks, mailoutbox
):
    Notification.objects.all().delete()
    mailoutbox.clear()
    client.force_login(personas["sipo_official"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:request_access", args=[cas_on_request.pk]), once(reason="联合分析需要"))

    assert told("access_requested") == {"cas_docadmin", "cas_docadmin_2"}
    notification = Notification.objects.get(recipient=cas_docadmin_2)
    assert "Wang Fang" in notification.message and cas_on_request.title in notification.message
    assert notification.url == cas_on_request.get_absolute_url()
    assert sorted(email.to[0] for email in mailoutbox) == ["cas_docadmin@example.org", "cas_docadmin_2@example.org"]
    assert "联合分析需要" in mailoutbox[0].body


@pytest.mark.parametrize(("action", "kind"), [("grant", "access_granted"), ("refuse", "access_refused")])
def test_a_decision_is_sent_to_the_requester_only(
    client, personas, cas_on_request, django_capture_on_commit_callbacks, mailoutbox, action, kind
):
    requester = personas["sipo_official"]
    request = services.access_request_create(document=cas_on_request, by=requester, reason="For the joint study.")
    Notification.objects.all().delete()
    mailoutbox.clear()
    client.force_login(personas["cas_docadmin"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:decide", args=[request.pk]), {"action": action, "comment": "请注明出处"})

    assert list(Notification.objects.values_list("recipient__username", "kind")) == [
        ("sipo_official", f"document.{kind}")
    ]
    assert [email.to for email in mailoutbox] == [["sipo_official@example.org"]]
    assert "请注明出处" in mailoutbox[0].body


def test_a_refusal_without_a_comment_is_not_a_decision_and_tells_nobody(
    client, personas, cas_on_request, django_capture_on_commit_callbacks, mailoutbox
):
    request = services.access_request_create(
        document=cas_on_request, by=personas["sipo_official"], reason="For the joint study."
    )
    Notification.objects.all().delete()
    client.force_login(personas["cas_docadmin"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:decide", args=[request.pk]), {"action": "refuse", "comment": ""})

    assert not Notification.objects.exists()


def test_every_e_mail_is_sent_once_however_often_delivery_runs(personas, make_document, mailoutbox):
    make_document(confidentiality=SHARED)
    assert len(mailoutbox) == 1  # the document admin; the coordinator's copy waits for the digest

    for message in OutboxMessage.objects.all():
        assert outbox.deliver(message_id=message.pk) is False
    assert outbox.sweep() == 0

    assert len(mailoutbox) == 1
    assert Notification.objects.count() == 2
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}


def test_a_notified_person_can_open_what_they_were_told_about(client, personas, make_document):
    make_document(confidentiality=ON_REQUEST)
    for username in ("sipo_coordinator", "sipo_docadmin"):
        client.force_login(personas[username])
        notification = Notification.objects.get(recipient=personas[username])
        assert client.get(notification.url).status_code == 200


def test_a_document_made_internal_leaves_the_other_partys_inboxes(
    client, cas_docadmin, sipo_coordinator, make_document
):
    document = make_document(title="Secret plan X", confidentiality="shared")
    assert Notification.objects.filter(recipient=sipo_coordinator).count() == 1

    services.document_update(
        document=document, by=cas_docadmin, fields=fields(title="Secret plan X", confidentiality="internal")
    )

    assert not Notification.objects.filter(recipient=sipo_coordinator).exists()
    client.force_login(sipo_coordinator)
    page = client.get(reverse("notifications:inbox"))
    assert "Secret plan X" not in page.text and page.context["unread_notification_count"] == 0
