"""A project's contributions: the list, recording one and correcting one, through the pages."""

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
from cooperation.projects.models import Contribution, ContributionStatus
from cooperation.projects.notifications import CONTRIBUTION_RECORDED
from cooperation.projects.services import ContributionFields
from protocol.notifications.models import OutboxMessage
from tests.pages import assert_stacks_on_a_phone, list_tables

pytestmark = pytest.mark.usefixtures("english")


def list_url(project):
    return reverse("projects:contributions", args=[project.pk])


def create_url(project):
    return reverse("projects:contribution_create", args=[project.pk])


def rows(response):
    return [
        " ".join(row.text_content().split())
        for row in lxml.html.fromstring(response.content.decode()).xpath(
            "//table[contains(@class, 'contributions')]/tbody/tr"
        )
    ]


def post_data(project, **overrides):
    data = {
        "kind": "analysis",
        "on": timezone.localdate().isoformat(),
        "quantity": "2",
        "description": "电池专利分析报告",
    }
    return data | overrides


def form_data(client, url):
    """The fresh form's one-time token with the fields posted."""
    page = lxml.html.fromstring(client.get(url).content.decode())
    return {"once_token": page.xpath("//input[@name='once_token']/@value")[0]}


@pytest.fixture
def make_contributions(project, participant, cas_official):
    def make(count: int):
        today = timezone.localdate()
        return [
            services.contribution_record(
                project=project,
                by=cas_official,
                fields=ContributionFields(
                    kind="expert_days", on=today - timedelta(days=n % 20), description=f"第{n}天", quantity=Decimal(1)
                ),
            )
            for n in range(count)
        ]

    return make


# The list.


def test_the_list_shows_each_contribution_with_its_contributor_party_and_status(
    client, contribution, sipo_official, cas_official
):
    client.force_login(sipo_official)
    response = client.get(list_url(contribution.project))
    (row,) = rows(response)
    assert "Expert days" in row and "3" in row and "专家咨询三天" in row
    assert cas_official.full_name in row
    assert "CAS" in row and "Waiting for confirmation" in row
    assert "Record a contribution" not in response.text  # sipo_official is no participant
    (table,) = list_tables(response)
    assert_stacks_on_a_phone(table)


def test_a_participant_is_offered_to_record_and_to_edit_their_own(client, contribution, cas_official):
    client.force_login(cas_official)
    response = client.get(list_url(contribution.project))
    assert "Record a contribution" in response.text
    assert reverse("projects:contribution_edit", args=[contribution.pk]) in response.text
    assert reverse("projects:contribution_confirm", args=[contribution.pk]) not in response.text


def test_the_organisers_coordinator_is_offered_to_confirm(client, contribution, sipo_coordinator):
    client.force_login(sipo_coordinator)
    response = client.get(list_url(contribution.project))
    assert reverse("projects:contribution_confirm", args=[contribution.pk]) in response.text
    assert reverse("projects:contribution_edit", args=[contribution.pk]) not in response.text


def test_a_confirmed_contribution_links_to_its_ledger_activity(client, contribution, sipo_coordinator, sipo_official):
    version = services.contribution_version(contribution)
    services.contribution_confirm(contribution=contribution, by=sipo_coordinator, sha256=version.sha256)
    contribution.refresh_from_db()
    client.force_login(sipo_official)
    (row,) = rows(client.get(list_url(contribution.project)))
    assert "Confirmed" in row and "In the ledger" in row
    assert contribution.activity.get_absolute_url() in client.get(list_url(contribution.project)).text


def test_evidence_is_listed_only_where_the_reader_may_see_it(
    client, project, participant, cas_official, sipo_official, cas_shared, cas_internal
):
    services.contribution_record(
        project=project,
        by=cas_official,
        fields=ContributionFields(
            kind="document", on=timezone.localdate(), description="文献", evidence=[cas_shared, cas_internal]
        ),
    )
    client.force_login(cas_official)
    (row,) = rows(client.get(list_url(project)))
    assert "共享的专利文献" in row and "内部资料" in row
    client.force_login(sipo_official)
    (row,) = rows(client.get(list_url(project)))
    assert "共享的专利文献" in row and "内部资料" not in row


def test_an_empty_list_says_so(client, project, participant, cas_official):
    client.force_login(cas_official)
    response = client.get(list_url(project))
    assert "No contribution has been recorded yet." in response.text
    assert "Record the first one" in response.text


def test_the_list_costs_the_same_for_1_and_50_contributions(
    client, project, make_contributions, sipo_coordinator, cas_shared
):
    first = make_contributions(1)[0]
    first.evidence.set([cas_shared])
    client.force_login(sipo_coordinator)
    client.get(list_url(project))  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        assert len(rows(client.get(list_url(project)))) == 1
    for contribution in make_contributions(49):
        contribution.evidence.set([cas_shared])
    version = services.contribution_version(first)
    services.contribution_confirm(contribution=first, by=sipo_coordinator, sha256=version.sha256)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(list_url(project))
    assert len(rows(response)) == 25  # a page
    assert "50 contributions" in response.text
    assert len(fifty) == len(one)


def test_the_older_page_holds_the_rest(client, project, make_contributions, sipo_official):
    make_contributions(30)
    client.force_login(sipo_official)
    first = client.get(list_url(project))
    older = lxml.html.fromstring(first.content.decode()).xpath("//a[@rel='next']/@href")[0]
    assert len(rows(client.get(list_url(project) + older))) == 5


# Recording one.


def test_a_participant_records_a_contribution(client, project, participant, cas_official, cas_shared, sipo_coordinator):
    client.force_login(cas_official)
    data = form_data(client, create_url(project)) | post_data(project, evidence=[cas_shared.pk])
    response = client.post(create_url(project), data)
    assert response.status_code == 302
    assert response["Location"] == list_url(project)
    contribution = Contribution.objects.get()
    assert (contribution.kind, contribution.quantity, contribution.status) == (
        "analysis",
        Decimal(2),
        ContributionStatus.RECORDED,
    )
    assert list(contribution.evidence.all()) == [cas_shared]
    assert contribution.activity is None
    assert OutboxMessage.objects.filter(kind=CONTRIBUTION_RECORDED.key, recipient=sipo_coordinator).exists()
    assert "Contribution recorded" in client.get(list_url(project)).text


def test_the_form_states_its_text_limits_and_offers_the_library_search(client, project, participant, cas_official):
    client.force_login(cas_official)
    page = client.get(create_url(project)).text
    assert "maxlength" not in page and 'data-limit="20000"' in page
    assert 'hx-get="/documents/pick/?field=evidence"' in page
    assert f'value="{timezone.localdate().isoformat()}"' in page  # today, within the project's period


def test_a_repeated_submission_records_it_once(client, project, participant, cas_official):
    client.force_login(cas_official)
    data = form_data(client, create_url(project)) | post_data(project)
    assert client.post(create_url(project), data).status_code == 302
    assert client.post(create_url(project), data).status_code == 302
    assert Contribution.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("on", "before", "Give a date within the project's period"),
        ("on", "after", "Give a date within the project's period"),
        ("quantity", "0", "Give a quantity above zero."),
        ("quantity", "-1", "Give a quantity above zero."),
        ("description", "", "Say what was contributed."),
        ("kind", "", "Choose the kind of contribution."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_stored(
    client, project, participant, cas_official, field, value, message
):
    if value == "before":
        value = (project.starts_on - timedelta(days=1)).isoformat()
    elif value == "after":
        value = (project.ends_on + timedelta(days=1)).isoformat()
    client.force_login(cas_official)
    data = form_data(client, create_url(project)) | post_data(project, **{field: value})
    response = client.post(create_url(project), data)
    assert response.status_code == 200
    assert message in html.unescape(response.text)
    assert "nothing has been saved yet" in response.text
    assert not Contribution.objects.exists()


def test_the_period_message_names_the_projects_dates(client, project, participant, cas_official):
    client.force_login(cas_official)
    late = (project.ends_on + timedelta(days=1)).isoformat()
    data = form_data(client, create_url(project)) | post_data(project, on=late)
    page = client.post(create_url(project), data).text
    assert str(project.starts_on.year) in page and str(project.ends_on.day) in page


# Correcting one.


def edit_url(contribution):
    return reverse("projects:contribution_edit", args=[contribution.pk])


def test_the_contributor_corrects_a_returned_contribution_and_it_goes_back_for_confirmation(
    client, contribution, cas_official, sipo_coordinator
):
    version = services.contribution_version(contribution)
    services.contribution_return(
        contribution=contribution, by=sipo_coordinator, sha256=version.sha256, comment="写明天数"
    )
    client.force_login(cas_official)
    assert "asked for changes" in client.get(edit_url(contribution)).text
    response = client.post(
        edit_url(contribution),
        post_data(contribution.project, kind="expert_days", quantity="4", description="专家咨询四天"),
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert (contribution.status, contribution.quantity, contribution.description) == (
        ContributionStatus.RECORDED,
        Decimal(4),
        "专家咨询四天",
    )


def test_an_edit_out_of_the_period_changes_nothing(client, contribution, cas_official):
    client.force_login(cas_official)
    late = (contribution.project.ends_on + timedelta(days=1)).isoformat()
    response = client.post(edit_url(contribution), post_data(contribution.project, on=late))
    assert response.status_code == 200
    assert "Give a date within the project's period" in html.unescape(response.text)
    contribution.refresh_from_db()
    assert contribution.on == timezone.localdate() and contribution.description == "专家咨询三天"


def test_a_confirmed_contribution_can_no_longer_be_edited(client, contribution, cas_official, sipo_coordinator):
    version = services.contribution_version(contribution)
    services.contribution_confirm(contribution=contribution, by=sipo_coordinator, sha256=version.sha256)
    client.force_login(cas_official)
    response = client.get(edit_url(contribution))
    assert response.status_code == 303
    response = client.post(edit_url(contribution), post_data(contribution.project), follow=True)
    assert "This contribution can no longer change." in response.text
    contribution.refresh_from_db()
    assert contribution.description == "专家咨询三天"
