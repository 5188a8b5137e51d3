"""Project support's exports: the applications to a call with every reviewer's scores (XLSX, the organiser's),
a project's contributions (CSV and XLSX, whoever sees the project), in the reader's language."""

import csv
import io
from decimal import Decimal
from urllib.parse import quote

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from cooperation.projects import services
from cooperation.projects.services import ContributionFields
from protocol.audit.models import Action, Entry
from protocol.parties.models import Language
from tests.factories import UserFactory

CONTRIBUTIONS_EN = [
    "Date", "Kind", "Quantity", "Contributor", "Party", "Description", "Evidence", "Status", "Confirmed on"
]  # fmt: skip


def reads(person, language):
    person.preferred_language = language
    person.save(update_fields=["preferred_language"])
    return person


def body(response) -> bytes:
    """The file, whether sent at once or streamed (the lists' exports are)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(body(response))).active


def values(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


# The applications.


@pytest.fixture
def reviewed(call, cas_official, cas_applicant, sipo_official, sipo_reviewer, sipo_coordinator, apply, score):
    """cas_official scored 4, 5 and 3, 4 and accepted; cas_applicant scored by sipo_official only (2, 3)."""
    first, second = apply(call, cas_official), apply(call, cas_applicant)
    score(first, sipo_official, (4, 5))
    score(first, sipo_reviewer, (3, 4))
    score(second, sipo_official, (2, 3))
    score(second, sipo_reviewer, (5, 5), submit=False)  # a draft: not exported
    services.application_decide(application=first, by=sipo_coordinator, decision="accepted", comment="")
    return call


def applications_url(call):
    return reverse("projects:applications_xlsx", args=[call.pk])


def test_the_organiser_exports_every_reviewers_scores_the_average_and_the_decision(
    client, reviewed, sipo_coordinator, english
):
    client.force_login(sipo_coordinator)
    response = client.get(applications_url(reviewed))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"filename*=UTF-8''{quote(reviewed.title)}" in response["Content-Disposition"]
    assert f'filename="call-{reviewed.pk}-applications.xlsx"' in response["Content-Disposition"]
    rows = values(workbook(response))
    assert rows[0] == [
        "Applicant", "Party", "Department", "Submitted",
        "Sun Hao: Expertise", "Sun Hao: Availability", "Wang Fang: Expertise", "Wang Fang: Availability",
        "Average score", "Decision", "Decision comment",
    ]  # fmt: skip
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Li Ming"][1] == "CAS"
    assert by_name["Li Ming"][4:10] == [3, 4, 4, 5, 4.0, "Accepted"]
    assert by_name["Zhou Min"][4:10] == [None, None, 2, 3, 2.5, "Submitted"]  # Sun Hao's review is a draft
    assert by_name["Li Ming"][3].date() == timezone.localdate()


def test_the_applications_export_enters_the_audit_trail(client, reviewed, sipo_coordinator):
    client.force_login(sipo_coordinator)
    client.get(applications_url(reviewed), REMOTE_ADDR="192.0.2.4")
    (entry,) = Entry.objects.filter(action=Action.EXPORT)
    assert (entry.actor, entry.remote_addr, entry.object_id) == (sipo_coordinator, "192.0.2.4", reviewed.pk)
    assert entry.additional_data["format"] == "xlsx"


def test_the_applicant_side_may_not_export_and_nothing_is_recorded(client, reviewed, cas_coordinator):
    client.force_login(cas_coordinator)
    assert client.get(applications_url(reviewed)).status_code == 403
    assert not Entry.objects.filter(action=Action.EXPORT).exists()


def test_a_reviewer_of_the_organiser_exports_too(client, reviewed, sipo_official, english):
    client.force_login(sipo_official)
    assert len(values(workbook(client.get(applications_url(reviewed))))) == 3


def test_the_headers_are_in_the_readers_language(client, reviewed, sipo_coordinator):
    client.force_login(reads(sipo_coordinator, Language.CHINESE))
    rows = values(workbook(client.get(applications_url(reviewed))))
    assert rows[0][1] == "单位" and "Expertise" in rows[0][4]  # the criteria as the organiser named them
    assert {row[1] for row in rows[1:]} == {"中科院"}


def test_the_applicant_side_may_not_export(client, reviewed, cas_official, cas_coordinator, sipo_docadmin):
    for person in (cas_official, cas_coordinator, sipo_docadmin):
        client.force_login(person)
        assert client.get(applications_url(reviewed)).status_code == 403, person.username


def test_a_call_of_an_unpublished_project_is_not_found_for_the_other_party(
    client, draft_project, sipo_coordinator, call_fields, cas_coordinator
):
    call = services.call_create(project=draft_project, by=sipo_coordinator, fields=call_fields())
    client.force_login(cas_coordinator)
    assert client.get(applications_url(call)).status_code == 404


def test_the_applications_export_costs_the_same_for_1_and_3(
    client, call, sipo_coordinator, sipo_official, apply, score, cas_official, cas_applicant, cas
):
    score(apply(call, cas_official), sipo_official)
    client.force_login(sipo_coordinator)
    client.get(applications_url(call))
    with CaptureQueriesContext(connection) as one:
        client.get(applications_url(call))
    for person in (cas_applicant, UserFactory(party=cas, roles=["official"])):
        score(apply(call, person), sipo_official)
    with CaptureQueriesContext(connection) as three:
        assert len(values(workbook(client.get(applications_url(call))))) == 4
    assert len(three) == len(one)


# The contributions.


@pytest.fixture
def contributions(project, contribution, participant, cas_official, sipo_coordinator, cas_shared, cas_internal):
    """The fixture's three expert days, confirmed; a data set with evidence, one document internal to CAS."""
    version = services.contribution_version(contribution)
    services.contribution_confirm(contribution=contribution, by=sipo_coordinator, sha256=version.sha256)
    services.contribution_record(
        project=project,
        by=cas_official,
        fields=ContributionFields(
            kind="data_set",
            on=project.starts_on,
            description="电池专利数据集",
            quantity=Decimal("1.5"),
            evidence=[cas_shared, cas_internal],
        ),
    )
    return project


def csv_rows(response):
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with its byte-order mark
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_contributions_as_csv(client, contributions, sipo_official, english):
    client.force_login(sipo_official)
    response = client.get(reverse("projects:contributions_csv", args=[contributions.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    day = timezone.localdate()
    assert (
        f'filename="patent-navigation-new-energy-vehicles-contributions-{day.isoformat()}.csv"'
        in (response["Content-Disposition"])
    )
    rows = csv_rows(response)
    assert rows[0] == CONTRIBUTIONS_EN
    today = date_format(day, "DATE_FORMAT")  # in the reader's format
    assert rows[1] == [today, "Expert days", "3.0", "Li Ming", "CAS", "专家咨询三天", "", "Confirmed", today]
    assert rows[2][:6] == [
        date_format(contributions.starts_on, "DATE_FORMAT"), "Data set", "1.5", "Li Ming", "CAS", "电池专利数据集"
    ]  # fmt: skip
    assert rows[2][6:] == ["共享的专利文献", "Waiting for confirmation", ""]  # CAS's internal document left out


def test_the_contributor_sees_their_own_partys_evidence(client, contributions, cas_official, english):
    client.force_login(cas_official)
    rows = csv_rows(client.get(reverse("projects:contributions_csv", args=[contributions.pk])))
    assert sorted(rows[2][6].splitlines()) == sorted(["共享的专利文献", "内部资料"])


def test_the_contributions_as_xlsx(client, contributions, sipo_official, english):
    client.force_login(sipo_official)
    response = client.get(reverse("projects:contributions_xlsx", args=[contributions.pk]))
    assert response.status_code == 200
    sheet = workbook(response)
    assert sheet.title == "Contributions"
    rows = values(sheet)
    assert rows[0] == CONTRIBUTIONS_EN
    first = rows[1]
    assert first[0].date() == timezone.localdate()
    assert first[1:6] == ["Expert days", 3, "Li Ming", "CAS", "专家咨询三天"]
    assert first[8].date() == timezone.localdate()
    assert rows[2][2] == 1.5 and rows[2][8] is None
    assert sheet.freeze_panes == "A2"
    assert sheet["A2"].number_format == "d mmm yyyy"


def test_the_contributions_headers_in_chinese(client, contributions, sipo_official):
    client.force_login(reads(sipo_official, Language.CHINESE))
    response = client.get(reverse("projects:contributions_xlsx", args=[contributions.pk]))
    rows = values(workbook(response))
    assert (rows[0][0], rows[0][4], rows[0][7]) == ("日期", "单位", "状态")
    assert rows[1][4] == "中科院"
    assert quote("专利导航：新能源汽车") in response["Content-Disposition"]


def test_an_empty_project_exports_only_the_header(client, project, sipo_official, english):
    client.force_login(sipo_official)
    assert csv_rows(client.get(reverse("projects:contributions_csv", args=[project.pk]))) == [CONTRIBUTIONS_EN]
