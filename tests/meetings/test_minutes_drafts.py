"""The draft rule applied to minutes: until a revision is submitted for review, only its author's party reads it
(the minute-taker's party); once submitted, the attendees and coordinators of both parties follow it; the other
staff read approved text only.

The meeting is a joint one organised by CAS: the CAS official chairs it and takes the minutes, the SIPO official is
invited; the coordinators of both parties are not invited but follow the review.
"""

import pytest
from django.urls import reverse

from cooperation.meetings import services
from cooperation.meetings.models import MinutesStatus
from protocol.notifications.models import OutboxMessage
from protocol.signoff.selectors import signoffs_of
from tests.meetings.data import approve_by_both, reloaded, schedule, url, write
from tests.pages import messages_of

pytestmark = pytest.mark.usefixtures("english")

DRAFT = "# Minutes\n\nThe draft says 草稿机密措辞 for now.\n"
SUBMITTED = "# Minutes\n\nThe submitted text says 已提交措辞.\n"
REDRAFT = "# Minutes\n\nThe new draft says 新草稿措辞.\n"

CAS_READERS = ["cas_official", "cas_coordinator"]
SIPO_READERS = ["sipo_official", "sipo_coordinator"]


@pytest.fixture
def meeting(cas_official, sipo_official):
    return schedule(cas_official, [cas_official, sipo_official], chair=cas_official, minute_taker=cas_official)


@pytest.fixture
def draft(meeting):
    """Revision 1 is the agenda the minutes started from, revision 2 the minute-taker's draft: neither submitted."""
    return write(meeting, DRAFT)


def pages_of(meeting, *numbers) -> dict[str, str]:
    return {
        **{f"revision {n}": url("minutes_revision", meeting, n) for n in numbers},
        "diff": url("minutes_diff", meeting) + f"?a={numbers[0]}&b={numbers[-1]}",
        "line diff": url("minutes_diff", meeting) + f"?a={numbers[0]}&b={numbers[-1]}&view=lines",
    }


@pytest.mark.parametrize("username", CAS_READERS)
def test_the_minute_takers_party_follows_the_draft(client, draft, meeting, personas, username):
    client.force_login(personas[username])
    page = client.get(url("minutes", meeting))
    assert "草稿机密措辞" in page.text
    assert [r.number for r in page.context["revisions"]] == [2, 1]
    for name, address in pages_of(meeting, 1, 2).items():
        assert client.get(address).status_code == 200, name


@pytest.mark.parametrize("username", SIPO_READERS)
def test_the_other_party_does_not_read_a_draft_before_it_is_submitted(client, draft, meeting, personas, username):
    client.force_login(personas[username])
    page = client.get(url("minutes", meeting))
    assert page.status_code == 200
    assert "草稿机密措辞" not in page.text and "The draft says" not in page.text
    assert page.context["revisions"] == [] and page.context["shown"] is None
    assert "The minute-taker's party is writing the minutes." in page.text
    for name, address in pages_of(meeting, 1, 2).items():
        assert client.get(address).status_code == 404, name
    assert client.get(url("minutes_pdf", meeting)).status_code == 404
    # The meeting's page says no more of the minutes than their status.
    assert "草稿机密措辞" not in client.get(meeting.get_absolute_url()).text


@pytest.mark.parametrize("username", CAS_READERS + SIPO_READERS)
def test_once_submitted_both_parties_follow_it(client, draft, meeting, cas_official, personas, username):
    services.minutes_submit(minutes=draft, by=cas_official)
    client.force_login(personas[username])
    page = client.get(url("minutes", meeting))
    assert "草稿机密措辞" in page.text
    assert page.context["shown"].number == 2
    assert client.get(url("minutes_revision", meeting, 2)).status_code == 200
    # The agenda the minutes started from was never submitted: it stays with the minute-taker's party.
    own_party = username in CAS_READERS
    assert [r.number for r in page.context["revisions"]] == ([2, 1] if own_party else [2])
    assert client.get(url("minutes_revision", meeting, 1)).status_code == (200 if own_party else 404)


def test_a_redraft_after_changes_were_requested_stays_with_the_minute_takers_party(
    client, meeting, cas_official, sipo_coordinator, cas_coordinator
):
    minutes = write(meeting, SUBMITTED, submit=True)  # revision 2
    services.minutes_request_changes(minutes=minutes, revision=2, by=sipo_coordinator, comment="Fix item 1")
    services.minutes_save(minutes=reloaded(minutes), by=cas_official, text=REDRAFT)  # revision 3, a draft

    client.force_login(sipo_coordinator)
    page = client.get(url("minutes", meeting))
    assert "已提交措辞" in page.text and "新草稿措辞" not in page.text
    assert page.context["shown"].number == 2
    assert [r.number for r in page.context["revisions"]] == [2]
    assert "A new revision is being written; this is the last one submitted for review." in page.text
    assert client.get(url("minutes_revision", meeting, 2)).status_code == 200
    for name, address in pages_of(meeting, 2, 3).items():
        assert client.get(address).status_code == (200 if name == "revision 2" else 404), name

    client.force_login(cas_coordinator)
    page = client.get(url("minutes", meeting))
    assert "新草稿措辞" in page.text and [r.number for r in page.context["revisions"]] == [3, 2, 1]


def test_an_amendment_in_draft_stays_with_the_minute_takers_party_the_approved_text_with_both(
    client, meeting, cas_official, cas_coordinator, sipo_coordinator
):
    approved = approve_by_both(write(meeting, SUBMITTED, submit=True), cas_coordinator, sipo_coordinator)
    services.minutes_amend(minutes=approved, by=cas_official, text=REDRAFT)  # revision 3, a draft

    client.force_login(sipo_coordinator)
    page = client.get(url("minutes", meeting))
    assert "已提交措辞" in page.text and "新草稿措辞" not in page.text
    assert page.context["shown"].number == 2
    assert "An amendment is being prepared" in page.text
    assert client.get(url("minutes_revision", meeting, 3)).status_code == 404
    assert client.get(url("minutes_pdf", meeting)).status_code == 200

    services.minutes_submit(minutes=reloaded(approved), by=cas_official)
    page = client.get(url("minutes", meeting))
    assert "新草稿措辞" in page.text and page.context["shown"].number == 3


def test_the_other_party_hears_nothing_of_a_draft_and_is_told_once_it_is_submitted(
    draft, cas_official, sipo_official, sipo_coordinator
):
    sipo = sipo_official.party
    assert not OutboxMessage.objects.filter(recipient__party=sipo).exists()
    services.minutes_submit(minutes=draft, by=cas_official)
    assert set(OutboxMessage.objects.filter(recipient__party=sipo).values_list("kind", flat=True)) == {
        "minutes.submitted"
    }


@pytest.mark.parametrize("username", SIPO_READERS + CAS_READERS)
def test_a_draft_is_not_found_by_search(client, draft, meeting, personas, username):
    client.force_login(personas[username])
    response = client.get(reverse("search"), {"q": "草稿机密措辞"})
    assert response.status_code == 200
    assert [hit.url for area in response.context["results"] for hit in area.hits] == []
    assert url("minutes", meeting) not in response.text


def test_a_minute_taker_of_the_other_party_starts_from_what_they_may_read_not_from_the_draft(
    client, draft, meeting, cas_official, sipo_official
):
    # The organiser hands the minutes to the SIPO official while CAS's draft (revision 2) is unsubmitted.
    services.meeting_update(
        meeting=meeting,
        by=cas_official,
        fields=services.MeetingFields(
            title=meeting.title,
            kind=meeting.kind,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            attendees=[cas_official, sipo_official],
            chair=cas_official,
            minute_taker=sipo_official,
        ),
    )
    client.force_login(sipo_official)
    page = client.get(url("minutes_edit", meeting))
    assert page.status_code == 200
    assert "草稿机密措辞" not in page.text
    assert page.context["form"].initial["text"] == ""


@pytest.mark.parametrize("username", ["cas_coordinator", "sipo_coordinator"])
def test_draft_minutes_have_no_review_page_not_even_for_a_coordinator(client, draft, meeting, personas, username):
    """Only minutes submitted for review are reviewed (permissions.can_review_minutes): before, the page offered the
    decision on a draft, to the other party's coordinator too, who may not read it."""
    client.force_login(personas[username])
    for method in ("get", "post"):
        response = getattr(client, method)(url("minutes_review", meeting), {"decision": "approve", "revision": 2})
        assert response.status_code == 303, method
        assert response["Location"] == reverse("meetings:minutes", args=[meeting.pk])
    shown = client.get(url("minutes_review", meeting), follow=True)
    assert "These minutes are not waiting for review." in messages_of(shown)
    assert ("草稿机密措辞" in shown.text) == (username == "cas_coordinator")  # sent to the minutes: the draft rule
    assert not signoffs_of(draft).exists()
    assert reloaded(draft).status == MinutesStatus.DRAFT


def test_approved_minutes_are_not_reviewed_again(
    client, draft, meeting, cas_official, cas_coordinator, sipo_coordinator
):
    services.minutes_submit(minutes=draft, by=cas_official)
    approve_by_both(draft, cas_coordinator, sipo_coordinator)
    client.force_login(cas_coordinator)
    response = client.post(url("minutes_review", meeting), {"decision": "changes", "revision": 2, "comment": "No."})
    assert response.status_code == 303
    assert reloaded(draft).status == MinutesStatus.APPROVED
