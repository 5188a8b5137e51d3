"""The daily digest: one e-mail a day per user, grouped by area, newest first, in the reader's
language; never empty, and never telling what its reader may no longer see."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cooperation.documents import services as document_services
from cooperation.documents.models import Confidentiality
from protocol.notifications import identity, outbox
from protocol.notifications.digests import DIGEST
from protocol.notifications.kinds import configurable_kinds
from protocol.notifications.models import Channel, Digest, Notification, OutboxMessage, OutboxStatus
from protocol.notifications.services import digests_build
from protocol.notifications.tasks import build_digests_task
from protocol.parties.models import Language
from tests.library import fields

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY_0700 = datetime(2026, 3, 2, 7, 0, tzinfo=SHANGHAI)
MONDAY_0800 = datetime(2026, 3, 2, 8, 0, tzinfo=SHANGHAI)


@pytest.fixture
def share(make_document):
    """A CAS document shared at `at`: SIPO's coordinator takes these by digest (the default)."""

    def share_at(at: datetime, *, title: str, area: str = "documents"):
        with time_machine.travel(at, tick=False):
            return make_document(title=title, area=area, confidentiality=Confidentiality.SHARED)

    return share_at


@pytest.fixture
def build(django_capture_on_commit_callbacks):
    """Build the digests at `at` and deliver them, as beat and the worker would."""

    def build_at(at: datetime) -> int:
        with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
            return build_digests_task.delay().get()

    return build_at


def digests_sent_to(user) -> list:
    return list(OutboxMessage.objects.filter(kind=DIGEST.key, recipient=user, status=OutboxStatus.SENT))


def test_a_coordinators_new_document_notices_wait_in_the_inbox_for_the_digest(share, sipo_coordinator, mailoutbox):
    share(MONDAY_0700, title="Patent landscape")

    notice = Notification.objects.get(recipient=sipo_coordinator)
    assert (notice.channel, notice.digest) == (Channel.DIGEST, None)
    assert sipo_coordinator.email not in [email.to[0] for email in mailoutbox]


def test_the_digest_groups_by_area_newest_first_with_a_link_to_each_item(build, share, sipo_coordinator, mailoutbox):
    older = share(MONDAY_0700 - timedelta(hours=20), title="Older research report", area="research")
    training = share(MONDAY_0700 - timedelta(hours=10), title="Training syllabus", area="training")
    newer = share(MONDAY_0700 - timedelta(hours=1), title="Newer research report", area="research")
    mailoutbox.clear()

    assert build(MONDAY_0800) == 1

    [email] = mailoutbox
    assert email.to == [sipo_coordinator.email]
    assert email.subject == "[CAS–SIPO Cooperation] Your daily digest: 3 notifications"
    assert email.message()["Auto-Submitted"] == "auto-generated"
    assert email.message()["List-Unsubscribe"] == "<http://testserver/notifications/preferences/>"
    text = email.body
    # Areas in the protocol's order (research before training); newest first within an area.
    positions = [
        text.index(label)
        for label in (
            "Joint research",
            "Newer research report",
            "Older research report",
            "Training",
            "Training syllabus",
        )
    ]
    assert positions == sorted(positions)
    for document in (older, training, newer):
        assert f"http://testserver{document.get_absolute_url()}" in text
    html = email.alternatives[0].content
    assert f'<a href="http://testserver{newer.get_absolute_url()}">' in html
    assert "<h2" in html and "Joint research" in html
    assert "http://testserver/notifications/preferences/" in text
    assert "http://testserver/notifications/preferences/" in html
    assert (
        email.extra_headers["Message-ID"]
        == f"<{identity.unique_id('outbox', digests_sent_to(sipo_coordinator)[0].pk)}>"
    )
    assert set(Notification.objects.filter(recipient=sipo_coordinator).values_list("digest__day", flat=True)) == {
        MONDAY_0800.date()
    }


def test_the_digest_is_written_in_the_readers_language(build, share, sipo_coordinator, mailoutbox):
    sipo_coordinator.preferred_language = Language.CHINESE
    sipo_coordinator.save()
    share(MONDAY_0700, title="专利导航报告", area="research")
    mailoutbox.clear()

    build(MONDAY_0800)

    [email] = mailoutbox
    assert email.subject.startswith("[中国科学院–国家知识产权局合作] ") and "每日摘要" in email.subject
    assert "联合研究" in email.body and "专利导航报告" in email.body
    assert 'lang="zh-hans"' in email.alternatives[0].content


def test_no_digest_is_made_or_sent_when_nothing_waits(build, share, sipo_coordinator, sipo_docadmin, mailoutbox):
    share(MONDAY_0700, title="Patent landscape")  # the document admin is e-mailed at once, not by digest
    mailoutbox.clear()
    Notification.objects.filter(recipient=sipo_coordinator).delete()

    assert build(MONDAY_0800) == 0

    assert not Digest.objects.exists()
    assert mailoutbox == []


def test_one_digest_a_day_what_arrives_later_waits_for_tomorrows(build, share, sipo_coordinator, mailoutbox):
    share(MONDAY_0700, title="First report")
    assert build(MONDAY_0800) == 1
    share(MONDAY_0800 + timedelta(hours=2), title="Second report")
    mailoutbox.clear()

    assert build(MONDAY_0800 + timedelta(hours=3)) == 0  # beat run twice the same day (or an admin's extra run)
    assert mailoutbox == []

    assert build(MONDAY_0800 + timedelta(days=1)) == 1
    [email] = mailoutbox
    assert "Second report" in email.body and "First report" not in email.body
    assert len(digests_sent_to(sipo_coordinator)) == 2


def test_read_notices_are_left_out_and_a_digest_with_nothing_left_is_not_sent(
    build, share, sipo_coordinator, mailoutbox
):
    share(MONDAY_0700, title="Already read")
    share(MONDAY_0700, title="Still unread")
    Notification.objects.filter(recipient=sipo_coordinator, params__title="Already read").update(read_at=MONDAY_0700)
    mailoutbox.clear()

    build(MONDAY_0800)
    [email] = mailoutbox
    assert "Still unread" in email.body and "Already read" not in email.body

    share(MONDAY_0700 + timedelta(days=1), title="Read before the digest")
    Notification.objects.filter(digest__isnull=True).update(read_at=MONDAY_0800)
    mailoutbox.clear()
    assert build(MONDAY_0800 + timedelta(days=1)) == 1  # the digest is made, then found empty when sent
    assert mailoutbox == []
    assert OutboxMessage.objects.filter(kind=DIGEST.key).order_by("pk").last().status == OutboxStatus.WITHHELD


def test_what_the_reader_may_no_longer_see_is_left_out_at_send_time(
    build, share, cas_docadmin, sipo_coordinator, mailoutbox
):
    secret = share(MONDAY_0700, title="Turned internal later")
    share(MONDAY_0700, title="Still shared")
    with time_machine.travel(MONDAY_0800, tick=False):
        digests_build()  # queued; not delivered, as if the worker had not taken it yet
    digest_row = OutboxMessage.objects.get(kind=DIGEST.key, status=OutboxStatus.PENDING)
    # Between queueing and delivery, CAS makes the first document internal.
    document_services.document_update(
        document=secret, by=cas_docadmin, fields=fields(title=secret.title, confidentiality=Confidentiality.INTERNAL)
    )
    mailoutbox.clear()

    with time_machine.travel(MONDAY_0800 + timedelta(minutes=1), tick=False):
        assert outbox.deliver(message_id=digest_row.pk) is True

    [email] = mailoutbox
    assert "Still shared" in email.body
    assert "Turned internal later" not in email.body
    assert "Turned internal later" not in email.alternatives[0].content


def test_the_digest_itself_is_not_a_choice_on_the_preferences_page():
    assert DIGEST.key not in {kind.key for kind in configurable_kinds()}
    assert not DIGEST.in_app
