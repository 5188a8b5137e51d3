"""The agreement's pages: who may see and do what, the confirmation before approving, bad input, and dates in
the reader's language."""

import pytest
from django.urls import reverse

from protocol.agreement import services
from protocol.agreement.models import Amendment, AmendmentStatus
from protocol.signoff.models import SignOff
from tests.once import once
from tests.pages import assert_stacks_on_a_phone, list_tables
from tests.permission_tables import answers, table

from .conftest import amendment_fields

pytestmark = pytest.mark.usefixtures("english")

AMENDMENT_POST = {
    "title_zh": "培训名额",
    "title_en": "Training seats",
    "area": "training",
    "effective_on": "2026-09-01",
    "text_zh": "每期培训班为对方保留五分之一的名额。",
    "text_en": "Each session keeps a fifth of its seats for the other party.",
}


def test_the_protocol_page_is_the_agreements_record_for_anyone(client, agreement):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("about"))
    assert page.status_code == 200
    text = page.text
    assert "Chinese Academy of Sciences" in text and "中国科学院" in text and "国家知识产权局" in text
    assert "23 Apr 2024" in text and "22 Apr 2027" in text and "1 Dec 2026" in text
    assert "Sharing the resource of document information" in text
    assert "Sign in as staff of a party to read the amendments" in text


def test_permission_table_of_the_protocol_page(client, personas, agreement):
    # The agreement's record is public: every persona reads it, and so does someone not signed in.
    assert answers(client, personas, "get", reverse("about")) == table(default=200, outsider=200)
    client.logout()
    assert client.get(reverse("about")).status_code == 200


def test_a_chinese_reader_reads_the_dates_as_chinese_dates(client, agreement, proposed, sipo_official):
    sipo_official.preferred_language = "zh-hans"
    sipo_official.save()
    client.force_login(sipo_official)
    text = client.get(reverse("about")).text
    assert "2026年12月1日" in text and "2027年4月22日" in text and "2024年4月23日" in text
    assert "共享文献信息资源" in text
    assert "2026年6月1日" in client.get(proposed.get_absolute_url()).text


def test_the_protocol_page_lists_what_each_reader_may_see(client, in_force, cas_official, sipo_official):
    other = services.amendment_create(by=in_force.created_by, fields=amendment_fields(title_en="CAS's own draft"))
    client.force_login(sipo_official)
    text = client.get(reverse("about")).text
    assert "Liaison meetings twice a year" in text and "CAS&#x27;s own draft" not in text
    client.force_login(cas_official)
    assert "CAS&#x27;s own draft" in client.get(reverse("about")).text
    assert other.status == AmendmentStatus.DRAFT


def test_who_may_open_the_proposal_form(client, personas, agreement):
    expected = table(cas_coordinator=200, sipo_coordinator=200, outsider=403)
    assert answers(client, personas, "get", reverse("agreement:amendment_create")) == expected


def test_who_reads_a_draft_amendment(client, personas, draft):
    expected = table(default=404, cas_official=200, cas_docadmin=200, cas_coordinator=200)
    assert answers(client, personas, "get", draft.get_absolute_url()) == expected


def test_who_reads_a_proposed_amendment_and_its_versions(client, personas, proposed):
    expected = table(default=200)
    assert answers(client, personas, "get", proposed.get_absolute_url()) == expected
    version = reverse("agreement:amendment_version", args=[proposed.pk, 1])
    assert answers(client, personas, "get", version) == expected
    missing = reverse("agreement:amendment_version", args=[proposed.pk, 9])
    assert answers(client, personas, "get", missing) == table(default=404)


def test_who_may_edit_an_amendment(client, personas, draft, proposed):
    edit = reverse("agreement:amendment_edit", args=[proposed.pk])
    assert answers(client, personas, "get", edit) == table(cas_coordinator=200)


def test_who_may_propose_a_draft(client, personas, draft):
    propose = reverse("agreement:amendment_propose", args=[draft.pk])
    expected = table(default=404, cas_official=403, cas_docadmin=403, cas_coordinator=302)
    assert answers(client, personas, "post", propose) == expected


def test_who_may_decide_on_a_version(client, personas, proposed):
    review = reverse("agreement:amendment_review", args=[proposed.pk, 1])
    assert answers(client, personas, "get", review) == table(cas_coordinator=200, sipo_coordinator=200)
    approve = {"decision": "approve", "lock": "on"}
    assert answers(client, personas, "post", review, approve) == table(cas_coordinator=302, sipo_coordinator=302)


def test_the_confirmation_page_shows_the_exact_text_and_its_hash_before_approving(
    client, proposed, cas_coordinator, sipo_coordinator
):
    client.force_login(sipo_coordinator)
    page = client.get(proposed.get_absolute_url())
    review = reverse("agreement:amendment_review", args=[proposed.pk, 1])
    assert f"{review}?decision=approve" in page.text
    confirm = client.get(review, {"decision": "approve"})
    assert proposed.current_version.sha256 in confirm.text and "双方联络人每年至少会晤两次。" in confirm.text
    assert 'name="lock"' in confirm.text

    refused = client.post(review, {"decision": "approve"})
    assert refused.status_code == 200 and "Tick the box to approve" in refused.text
    assert not SignOff.objects.exists()

    assert client.post(review, {"decision": "approve", "lock": "on"}).status_code == 302
    client.force_login(cas_coordinator)
    response = client.post(review, {"decision": "approve", "lock": "on"}, follow=True)
    assert "in force and locked" in response.text
    proposed.refresh_from_db()
    assert proposed.is_locked
    # Locked: the edit page leads back to the amendment, which says why.
    edit = client.get(reverse("agreement:amendment_edit", args=[proposed.pk]), follow=True)
    assert "can no longer be changed" in edit.text


def test_changes_requested_with_a_comment_and_without(client, proposed, sipo_coordinator):
    client.force_login(sipo_coordinator)
    review = reverse("agreement:amendment_review", args=[proposed.pk, 1])
    assert 'name="comment"' in client.get(review, {"decision": "changes"}).text
    empty = client.post(review, {"decision": "changes", "comment": " "})
    assert empty.status_code == 200 and "Say what should change." in empty.text
    assert not SignOff.objects.exists()
    assert client.post(review, {"decision": "changes", "comment": "Name the months."}).status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == AmendmentStatus.EDITING
    assert "Name the months." in client.get(proposed.get_absolute_url()).text


def test_approving_a_superseded_version_is_refused_with_a_message(client, proposed, cas_coordinator, sipo_coordinator):
    services.amendment_update(amendment=proposed, by=cas_coordinator, fields=amendment_fields(text_en="Thrice."))
    services.amendment_propose(amendment=proposed, by=cas_coordinator)
    client.force_login(sipo_coordinator)
    review = reverse("agreement:amendment_review", args=[proposed.pk, 1])
    response = client.post(review, {"decision": "approve", "lock": "on"})
    assert response.status_code == 303 and response["Location"] == proposed.get_absolute_url()
    assert "superseded" in client.get(response["Location"]).text
    assert not SignOff.objects.exists()


def test_a_coordinator_proposes_an_amendment_from_the_form_once(client, agreement, cas_coordinator):
    client.force_login(cas_coordinator)
    data = once(AMENDMENT_POST)
    first = client.post(reverse("agreement:amendment_create"), data)
    amendment = Amendment.objects.get()
    assert first.status_code == 302 and first["Location"] == amendment.get_absolute_url()
    assert amendment.status == AmendmentStatus.DRAFT and amendment.party == cas_coordinator.party
    again = client.post(reverse("agreement:amendment_create"), data)
    assert again["Location"] == amendment.get_absolute_url() and Amendment.objects.count() == 1

    assert client.post(reverse("agreement:amendment_propose", args=[amendment.pk])).status_code == 302
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.IN_REVIEW and amendment.current_version.number == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text_en": ""}, "Write it in both languages"),
        ({"effective_on": "2031-01-01"}, "The agreement&#x27;s term ends before this date."),
        ({"effective_on": "someday"}, "Enter a valid date."),
        ({"area": "elsewhere"}, "Select a valid choice."),
    ],
)
def test_a_bad_proposal_says_what_is_wrong_and_stores_nothing(client, agreement, cas_coordinator, change, message):
    client.force_login(cas_coordinator)
    response = client.post(reverse("agreement:amendment_create"), once(AMENDMENT_POST | change))
    assert response.status_code == 200 and message in response.text
    assert "nothing has been saved yet" in response.text
    assert not Amendment.objects.exists()


def test_the_version_page_shows_each_version_as_it_was_proposed(client, proposed, cas_coordinator, sipo_official):
    services.amendment_update(amendment=proposed, by=cas_coordinator, fields=amendment_fields(text_en="Thrice."))
    services.amendment_propose(amendment=proposed, by=cas_coordinator)
    client.force_login(sipo_official)
    first = client.get(reverse("agreement:amendment_version", args=[proposed.pk, 1])).text
    assert "at least twice a year" in first and "Thrice." not in first
    current = client.get(proposed.get_absolute_url()).text
    assert "Thrice." in current and proposed.versions.get(number=2).sha256 in current


def test_the_amendments_stack_into_cards_on_a_phone(client, in_force, sipo_official):
    client.force_login(sipo_official)
    [table] = list_tables(client.get(reverse("about")))
    assert_stacks_on_a_phone(table)
