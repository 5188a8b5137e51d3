"""Every page of the annual report, for every persona: staff of a party read the locked records, coordinators
read every version, generate and decide; the outsider finds nothing (404), others are refused (403)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from protocol.reports import selectors, services
from protocol.reports.models import AnnualReport, Highlight
from protocol.signoff.models import SignOff
from tests.permission_tables import answers, table

from .conftest import YEAR

pytestmark = pytest.mark.usefixtures("english")

COORDINATORS = {"cas_coordinator": 200, "sipo_coordinator": 200}


@pytest.fixture
def locked(ready, cas_coordinator, sipo_coordinator):
    services.report_approve(report=ready, by=cas_coordinator)
    return services.report_approve(report=ready, by=sipo_coordinator)


def url(name, report, *args):
    return reverse(f"reports:{name}", args=[report.year, report.version, *args])


def test_the_list_and_a_years_page_are_for_staff_of_a_party(client, personas):
    assert answers(client, personas, "get", reverse("reports:list")) == table(default=200)
    assert answers(client, personas, "get", reverse("reports:year", args=[YEAR])) == table(default=200)


def test_a_draft_version_is_for_the_coordinators_only(client, personas, ready):
    for path in (url("detail", ready), url("progress", ready), url("download", ready, "pdf-zh")):
        assert answers(client, personas, "get", path) == table(default=404, **COORDINATORS), path


def test_a_locked_record_is_read_by_every_member_of_staff(client, personas, locked):
    for path in (url("detail", locked), url("download", locked, "pdf-en"), url("download", locked, "xlsx")):
        assert answers(client, personas, "get", path) == table(default=200), path


def test_generating_and_reviewing_are_for_coordinators(client, personas, ready):
    assert answers(client, personas, "get", reverse("reports:generate", args=[YEAR])) == table(**COORDINATORS)
    review = url("review", ready) + "?decision=approve"
    assert answers(client, personas, "get", review) == table(default=404, **COORDINATORS)


def test_reviewing_a_locked_record_is_refused(client, personas, locked):
    assert answers(client, personas, "get", url("review", locked)) == table()


def test_choosing_highlights_is_for_coordinators(client, personas):
    data = {"area": "training", "text_en": "A course"}
    assert answers(client, personas, "post", reverse("reports:highlight_add", args=[YEAR]), data) == table(
        cas_coordinator=400,
        sipo_coordinator=400,  # no one-time token: the form says it expired, nothing stored
    )
    assert not Highlight.objects.exists()


def test_an_unknown_year_or_edition_is_not_found(client, cas_coordinator, ready):
    client.force_login(cas_coordinator)
    assert client.get(reverse("reports:year", args=[1999])).status_code == 404
    assert client.post(reverse("reports:generate", args=[YEAR + 1]), {"confirm": "on"}).status_code == 404
    assert client.get(url("download", ready, "docx")).status_code == 404
    assert client.get(reverse("reports:detail", args=[YEAR, 9])).status_code == 404
    assert AnnualReport.objects.count() == 1


def test_generating_asks_first_and_stores_nothing_unconfirmed(client, cas_coordinator, year_activities, quick_files):
    client.force_login(cas_coordinator)
    page = client.get(reverse("reports:generate", args=[YEAR]))
    token = page.context["form"]["once_token"].value()
    response = client.post(reverse("reports:generate", args=[YEAR]), {"once_token": token})
    assert response.status_code == 200 and not AnnualReport.objects.exists()


def test_generating_builds_the_version_and_the_page_polls_until_ready(
    client, cas_coordinator, year_activities, quick_files, django_capture_on_commit_callbacks
):
    client.force_login(cas_coordinator)
    token = client.get(reverse("reports:generate", args=[YEAR])).context["form"]["once_token"].value()
    report = services.report_request(year=YEAR, by=cas_coordinator)  # queued: the task has not run
    progress = client.get(url("progress", report))
    assert 'hx-trigger="every 2s"' in progress.text
    AnnualReport.objects.filter(pk=report.pk).delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:generate", args=[YEAR]), {"once_token": token, "confirm": "on"})
    report = AnnualReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.progress == 100
    done = client.get(url("progress", report), headers={"HX-Request": "true"})
    assert "every 2s" not in done.text and done["HX-Refresh"] == "true"


def test_the_generate_page_says_a_locked_record_is_not_replaced_silently(client, cas_coordinator, locked):
    client.force_login(cas_coordinator)
    page = client.get(reverse("reports:generate", args=[YEAR]))
    assert "Version 1 is this year's record" in page.text and "replaces it only once" in page.text


def test_approving_goes_through_a_confirmation(client, cas_coordinator, ready):
    client.force_login(cas_coordinator)
    page = client.get(url("review", ready) + "?decision=approve")
    assert ready.sha256 in page.text
    assert client.post(url("review", ready), {"decision": "approve"}).status_code == 200
    assert not SignOff.objects.exists()
    response = client.post(url("review", ready), {"decision": "approve", "lock": "on"})
    assert response.status_code == 302 and SignOff.objects.get().decision == "approved"


def test_requesting_changes_needs_a_comment(client, sipo_coordinator, ready):
    client.force_login(sipo_coordinator)
    assert client.post(url("review", ready), {"decision": "changes", "comment": " "}).status_code == 200
    assert not SignOff.objects.exists()
    client.post(url("review", ready), {"decision": "changes", "comment": "Add the workshop."})
    assert SignOff.objects.get().comment == "Add the workshop."


def test_downloads_are_named_after_the_year_and_version(client, cas_official, locked):
    client.force_login(cas_official)
    response = client.get(url("download", locked, "pdf-zh"))
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert 'filename="implementation-report-2026-v1-zh.pdf"' in disposition and "filename*=UTF-8''" in disposition
    assert b"".join(response.streaming_content) == b"%PDF zh 2026"
    xlsx = client.get(url("download", locked, "xlsx"))
    assert 'filename="implementation-report-2026-v1.xlsx"' in xlsx["Content-Disposition"]


def test_the_year_page_shows_only_locked_versions_to_officials(client, cas_official, ready, make_ready):
    client.force_login(cas_official)
    page = client.get(reverse("reports:year", args=[YEAR]))
    assert page.context["versions"] == [] and page.context["highlights"] == []


def test_a_highlight_is_added_with_a_confirmed_activity_only(client, cas_coordinator, year_activities):
    client.force_login(cas_coordinator)
    path = reverse("reports:year", args=[YEAR])
    token = client.get(path).context["highlight_form"]["once_token"].value()
    add = reverse("reports:highlight_add", args=[YEAR])
    draft = year_activities["draft"]
    response = client.post(add, {"once_token": token, "area": "research", "activity": draft.pk})
    assert response.status_code == 400 and not Highlight.objects.exists()
    response = client.post(add, {"once_token": token, "area": "training", "text_zh": "亮点"})
    assert response.status_code == 302 and Highlight.objects.get().text_zh == "亮点"


def test_a_stalled_build_stops_the_polling_and_says_to_generate_again(client, cas_coordinator, year_activities):
    client.force_login(cas_coordinator)
    report = services.report_request(year=YEAR, by=cas_coordinator)  # queued: the task never runs
    assert "every 2s" in client.get(url("progress", report)).text
    with time_machine.travel(timezone.now() + selectors.STALLED_AFTER + timedelta(minutes=1)):
        polled = client.get(url("progress", report), headers={"HX-Request": "true"})
        page = client.get(url("detail", report))
    assert "every 2s" not in polled.text and polled["HX-Refresh"] == "true"
    assert "was interrupted. Generate the report again." in page.text


def test_posting_a_generation_is_for_coordinators(client, personas, ready):
    # Without the form's one-time token a coordinator is shown the form again: nothing is stored for anyone.
    generate = reverse("reports:generate", args=[YEAR])
    assert answers(client, personas, "post", generate, {"confirm": "on"}) == table(**COORDINATORS)
    assert AnnualReport.objects.count() == 1


def test_posting_a_decision_is_for_coordinators(client, personas, ready):
    # A draft version is invisible to everyone else (404); each decision is rolled back after its request.
    decided = table(default=404, cas_coordinator=302, sipo_coordinator=302)
    for decision in ({"decision": "approve", "lock": "on"}, {"decision": "changes", "comment": "Add the workshop."}):
        assert answers(client, personas, "post", url("review", ready), decision) == decided, decision
    assert not SignOff.objects.exists()


def test_removing_a_highlight_is_for_coordinators(client, personas, cas_coordinator):
    highlight = services.highlight_add(year=YEAR, area="training", by=cas_coordinator, text_zh="亮点")
    remove = reverse("reports:highlight_remove", args=[highlight.pk])
    assert answers(client, personas, "post", remove) == table(default=404, **dict.fromkeys(COORDINATORS, 302))
    assert Highlight.objects.filter(pk=highlight.pk).exists()
    assert client.get(remove).status_code == 405
