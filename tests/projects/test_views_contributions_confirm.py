"""The organiser's coordinator confirms a contribution as shown (it enters the ledger confirmed) or asks for
changes; the list of contributions waiting for them."""

import html
from datetime import timedelta
from decimal import Decimal

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cooperation.projects import services
from cooperation.projects.models import ContributionStatus
from cooperation.projects.notifications import CONTRIBUTION_RETURNED
from cooperation.projects.services import ContributionFields
from protocol.activities.models import Activity, Status
from protocol.activities.notifications import ACTIVITY_LOGGED
from protocol.notifications.models import OutboxMessage
from protocol.signoff.models import SignOff
from tests.pages import assert_stacks_on_a_phone, list_tables

pytestmark = pytest.mark.usefixtures("english")

TO_CONFIRM = reverse("projects:to_confirm")


def confirm_url(contribution):
    return reverse("projects:contribution_confirm", args=[contribution.pk])


def shown_sha(client, contribution) -> str:
    page = lxml.html.fromstring(client.get(confirm_url(contribution)).content.decode())
    return page.xpath("//input[@name='sha256']/@value")[0]


def test_the_page_shows_exactly_the_content_and_names_it_by_its_sha256(
    client, project, participant, cas_official, sipo_coordinator, cas_shared, cas_internal
):
    contribution = services.contribution_record(
        project=project,
        by=cas_official,
        fields=ContributionFields(
            kind="data_set",
            on=timezone.localdate(),
            description="电池专利数据集",
            quantity=Decimal("2.5"),
            evidence=[cas_shared, cas_internal],
        ),
    )
    client.force_login(sipo_coordinator)
    response = client.get(confirm_url(contribution))
    page = " ".join(lxml.html.fromstring(response.content.decode()).text_content().split())
    assert "Data set" in page and "2.5" in page and "电池专利数据集" in page
    assert "共享的专利文献" in page and "内部资料" not in page
    assert "And 1 document your party cannot see." in page
    assert "enters it in the activity ledger as confirmed" in page
    assert shown_sha(client, contribution) == services.contribution_version(contribution).sha256


def test_confirming_puts_it_in_the_ledger_as_confirmed_with_no_second_request(
    client, contribution, sipo_coordinator, cas_official
):
    client.force_login(sipo_coordinator)
    response = client.post(confirm_url(contribution), {"sha256": shown_sha(client, contribution), "action": "confirm"})
    assert response.status_code == 302 and response["Location"] == TO_CONFIRM
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.CONFIRMED
    assert contribution.confirmed_by == sipo_coordinator
    activity = Activity.objects.get()
    assert contribution.activity == activity
    assert (activity.status, activity.area) == (Status.CONFIRMED, "projects")
    assert not OutboxMessage.objects.filter(kind=ACTIVITY_LOGGED.key).exists()
    assert "it is in the activity ledger as confirmed" in client.get(TO_CONFIRM).text
    # Nothing left to confirm: the page now says the contribution has moved on.
    assert client.get(confirm_url(contribution)).status_code == 303


def test_asking_for_changes_needs_a_comment_and_stores_nothing_without_one(client, contribution, sipo_coordinator):
    client.force_login(sipo_coordinator)
    sha = shown_sha(client, contribution)
    response = client.post(confirm_url(contribution), {"sha256": sha, "action": "return", "comment": "  "})
    assert response.status_code == 200
    assert "Say what should change: the contributor reads it." in response.text
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.RECORDED
    assert not SignOff.objects.exists()
    assert not OutboxMessage.objects.filter(kind=CONTRIBUTION_RETURNED.key).exists()


def test_asking_for_changes_returns_it_to_the_contributor_with_the_comment(
    client, contribution, sipo_coordinator, cas_official
):
    client.force_login(sipo_coordinator)
    sha = shown_sha(client, contribution)
    response = client.post(confirm_url(contribution), {"sha256": sha, "action": "return", "comment": "请附上报告"})
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.RETURNED
    assert contribution.activity is None
    message = OutboxMessage.objects.get(kind=CONTRIBUTION_RETURNED.key)
    assert message.recipient == cas_official and message.params["comment"] == "请附上报告"


def test_a_post_with_no_button_is_refused(client, contribution, sipo_coordinator):
    client.force_login(sipo_coordinator)
    response = client.post(confirm_url(contribution), {"sha256": shown_sha(client, contribution)})
    assert response.status_code == 200
    assert "Confirm the contribution or ask for changes." in response.text
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.RECORDED


@pytest.mark.parametrize("action", ["confirm", "return"])
def test_content_changed_since_the_page_was_read_is_refused_as_stale(
    client, contribution, sipo_coordinator, cas_official, action
):
    client.force_login(sipo_coordinator)
    sha = shown_sha(client, contribution)
    services.contribution_update(
        contribution=contribution,
        by=cas_official,
        fields=ContributionFields(
            kind="expert_days", on=contribution.on, description="专家咨询五天", quantity=Decimal(5)
        ),
    )
    response = client.post(
        confirm_url(contribution),
        {"sha256": sha, "action": action, "comment": "请修改"},
        HTTP_REFERER=confirm_url(contribution),
    )
    assert response.status_code == 303
    assert response["Location"] == confirm_url(contribution)
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.RECORDED and contribution.activity is None
    assert not SignOff.objects.exists() and not Activity.objects.exists()
    page = html.unescape(client.get(response["Location"]).text)
    assert "This version has been superseded; review the current one." in page
    assert "专家咨询五天" in page


def test_a_tampered_sha256_is_refused(client, contribution, sipo_coordinator):
    client.force_login(sipo_coordinator)
    response = client.post(confirm_url(contribution), {"sha256": "0" * 64, "action": "confirm"})
    assert response.status_code == 303
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.RECORDED


# The contributions to confirm.


def rows(response):
    return [
        " ".join(row.text_content().split())
        for row in lxml.html.fromstring(response.content.decode()).xpath(
            "//table[contains(@class, 'to-confirm')]/tbody/tr"
        )
    ]


def test_the_list_shows_what_waits_for_the_coordinators_party(client, contribution, sipo_coordinator, cas_coordinator):
    client.force_login(sipo_coordinator)
    response = client.get(TO_CONFIRM)
    (row,) = rows(response)
    assert contribution.participant.user.full_name in row and "Expert days" in row
    assert confirm_url(contribution) in response.text
    (table,) = list_tables(response)
    assert_stacks_on_a_phone(table)
    client.force_login(cas_coordinator)  # not their party's project
    response = client.get(TO_CONFIRM)
    assert rows(response) == []
    assert "No contribution is waiting for your confirmation." in response.text


def test_a_confirmed_contribution_leaves_the_list(client, contribution, sipo_coordinator):
    version = services.contribution_version(contribution)
    services.contribution_confirm(contribution=contribution, by=sipo_coordinator, sha256=version.sha256)
    client.force_login(sipo_coordinator)
    assert "No contribution is waiting for your confirmation." in client.get(TO_CONFIRM).text


def test_the_list_costs_the_same_for_1_and_50(client, project, participant, cas_official, sipo_coordinator):
    def record(count):
        for n in range(count):
            services.contribution_record(
                project=project,
                by=cas_official,
                fields=ContributionFields(
                    kind="analysis", on=timezone.localdate() - timedelta(days=n % 10), description=f"分析{n}"
                ),
            )

    record(1)
    client.force_login(sipo_coordinator)
    client.get(TO_CONFIRM)
    with CaptureQueriesContext(connection) as one:
        assert len(rows(client.get(TO_CONFIRM))) == 1
    record(49)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(TO_CONFIRM)
    assert len(rows(response)) == 25
    assert "50 contributions" in response.text
    assert len(fifty) == len(one)
