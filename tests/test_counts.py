"""The dashboard's cached counts (protocol/counts.py): computed once per party, fresh after every write."""

import dataclasses
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.documents import services as documents
from protocol.activities import services as ledger
from protocol.counts import counted, counts_changed
from tests.dashboard import panel_context

MID_YEAR = "2027-06-15T10:00:00+08:00"


def chart_total(client) -> int:
    return panel_context(client.get(reverse("dashboard")), "chart")["chart"].total


def library_count(client) -> int:
    return panel_context(client.get(reverse("dashboard")), "library")["library_count"]


def test_a_count_is_computed_once_per_key_until_its_topic_changes(db, django_capture_on_commit_callbacks):
    computed = []

    def compute(value):
        computed.append(value)
        return value

    assert counted("things", ("cas",), lambda: compute(1)) == 1
    assert counted("things", ("cas",), lambda: compute(2)) == 1
    assert counted("things", ("sipo",), lambda: compute(3)) == 3
    assert counted("others", ("cas",), lambda: compute(4)) == 4
    with django_capture_on_commit_callbacks(execute=True):
        counts_changed("things")
    assert counted("things", ("cas",), lambda: compute(5)) == 5
    assert counted("others", ("cas",), lambda: compute(6)) == 4
    assert computed == [1, 3, 4, 5]


def test_a_count_of_zero_is_kept_too(db):
    computed = []
    for _ in range(2):
        counted("things", ("cas",), lambda: computed.append(0) or 0)
    assert computed == [0]


@time_machine.travel(MID_YEAR, tick=False)
def test_the_chart_follows_each_write_of_the_ledger(client, cas, cas_official, sipo_official, sipo_coordinator):
    client.force_login(sipo_coordinator)
    assert chart_total(client) == 0
    fields = ledger.ActivityFields(
        area="research",
        kind="joint_analysis",
        title="AI patent landscape",
        start_date=date(2027, 3, 1),
        lead_party=cas,
        participants=[cas_official, sipo_official],
    )
    draft = ledger.activity_create(author=cas_official, fields=fields, log=False)
    assert chart_total(client) == 0  # a draft is not counted
    ledger.activity_log(activity=draft, by=cas_official)
    assert chart_total(client) == 1
    ledger.activity_return(activity=draft, by=sipo_coordinator, comment="It took place in 2026")
    last_year = dataclasses.replace(fields, start_date=date(2026, 12, 1))
    ledger.activity_update(activity=draft, by=cas_official, fields=last_year, log=True)
    assert chart_total(client) == 0  # the chart is this year's


@time_machine.travel(MID_YEAR, tick=False)
def test_the_second_dashboard_view_reads_the_counts_from_the_cache(client, cas_official, cas_logged, cas_shared):
    client.force_login(cas_official)

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("dashboard"))
        return [query["sql"] for query in captured]

    cold, warm = queries(), queries()
    # The library's size, the ledger's chart and the training figures come from the cache the second time.
    assert len(warm) < len(cold)
    # What waits is read live, its total by a scalar count beside the few rows shown (protocol.waiting): not a
    # cached count, and not a query of its own.
    aggregates = [
        sql
        for sql in (query.replace("(SELECT COUNT(", "(SELECT ") for query in warm)
        if ("COUNT(" in sql or "SUM(" in sql) and "notifications_notification" not in sql
    ]
    assert aggregates == []


def test_the_library_count_follows_archiving_and_confidentiality(
    client, make_document, cas_docadmin, sipo_official, django_capture_on_commit_callbacks
):
    client.force_login(sipo_official)
    document = make_document(title="共享的专利文献", confidentiality="shared")
    assert library_count(client) == 1
    with django_capture_on_commit_callbacks(execute=True):
        documents.document_archive(document=document, by=cas_docadmin, archived=True)
    assert library_count(client) == 0
    with django_capture_on_commit_callbacks(execute=True):
        documents.document_archive(document=document, by=cas_docadmin, archived=False)
    assert library_count(client) == 1


@pytest.mark.parametrize("reader", ["cas_official", "sipo_official"])
def test_each_party_has_its_own_count(client, personas, make_document, reader):
    make_document(title="Internal to CAS", confidentiality="internal")
    client.force_login(personas[reader])
    assert library_count(client) == (1 if reader == "cas_official" else 0)
