"""Reads of the sign-off record: the approval record of a version (in party order, in one query) and the
approvals a change of content made stale (another hash or another label: either is another version)."""

from datetime import UTC, datetime

import time_machine

from protocol.activities.models import Activity, StatusChange
from protocol.signoff import selectors
from protocol.signoff import services as signoff
from protocol.signoff.services import Version, canonical_sha256
from tests.factories import ActivityFactory

PLAN = {"title": "专利信息资源共享", "budget": 12000}


def version_of(content, label: str = "1") -> Version:
    return Version(sha256=canonical_sha256(content), label=label)


def approve(target, by, version, required):
    return signoff.signoff_approve(target=target, version=version, current=version, by=by, required_parties=required)


def test_the_approval_record_lists_the_parties_in_code_order_with_who_in_one_query(
    cas_official, sipo_official, cas, sipo, cas_coordinator, sipo_coordinator, django_assert_num_queries
):
    target = ActivityFactory(author=cas_official, status="logged", participants=[cas_official, sipo_official])
    both, plan = {cas.pk, sipo.pk}, version_of(PLAN)
    # SIPO approves first: the record still reads CAS, then SIPO.
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False):
        approve(target, sipo_coordinator, plan, both)
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=UTC), tick=False):
        approve(target, cas_coordinator, plan, both)
    approve(ActivityFactory(author=cas_official, status="logged"), cas_coordinator, plan, both)  # another record

    with django_assert_num_queries(1):  # the approvals with their party and person
        rows = [(row.party.code, row.by.full_name) for row in selectors.approvals_of(target, version=plan)]
    assert rows == [("CAS", cas_coordinator.full_name), ("SIPO", sipo_coordinator.full_name)]


def test_an_approval_of_the_same_text_under_another_label_or_of_another_text_is_stale(
    cas_official, sipo_official, cas, sipo, cas_coordinator, sipo_coordinator, django_assert_num_queries
):
    target = ActivityFactory(author=cas_official, status="logged", participants=[cas_official, sipo_official])
    both = {cas.pk, sipo.pk}
    first, relabelled = version_of(PLAN, "1"), version_of(PLAN, "2")
    approve(target, cas_coordinator, first, both)
    approve(target, sipo_coordinator, relabelled, both)

    # Current: the same label as the first approval, another text. Both approvals are stale.
    current = version_of(PLAN | {"budget": 1}, "1")
    with django_assert_num_queries(1):
        stale = [(row.party.code, row.by.full_name) for row in selectors.stale_approvals(target, current=current)]
    assert sorted(stale) == [("CAS", cas_coordinator.full_name), ("SIPO", sipo_coordinator.full_name)]
    assert selectors.approvals_are_stale(target, current=current)
    # Current: the relabelled version. Only the first approval is stale.
    assert [row.party.code for row in selectors.stale_approvals(target, current=relabelled)] == ["CAS"]
    assert not selectors.approvals_are_stale(ActivityFactory(author=cas_official, status="logged"), current=first)


def test_every_decision_on_a_record_comes_with_its_party_and_the_decider_of_their_party_in_one_query(
    cas_official, sipo_official, cas, sipo, cas_coordinator, sipo_coordinator, django_assert_num_queries
):
    target = ActivityFactory(author=cas_official, status="logged", participants=[cas_official, sipo_official])
    both, plan = {cas.pk, sipo.pk}, version_of(PLAN)
    approve(target, cas_coordinator, plan, both)
    signoff.signoff_request_changes(
        target=target, version=plan, current=plan, by=sipo_coordinator, comment="补充预算", required_parties=both
    )
    with django_assert_num_queries(1):
        rows = [(row.party.code, row.by.party.code, row.decision) for row in selectors.signoffs_of(target)]
    assert rows == [("CAS", "CAS", "approved"), ("SIPO", "SIPO", "changes")]


def test_a_partys_approvals_of_one_model_leave_out_other_models_of_its_app_other_parties_and_requests(
    cas_official, sipo_official, cas, sipo, cas_coordinator, sipo_coordinator
):
    both, plan = {cas.pk, sipo.pk}, version_of(PLAN)
    approved = ActivityFactory(author=cas_official, status="logged", participants=[cas_official, sipo_official])
    approve(approved, cas_coordinator, plan, both)
    approve(approved, sipo_coordinator, plan, both)
    questioned = ActivityFactory(author=cas_official, status="logged")
    signoff.signoff_request_changes(
        target=questioned, version=plan, current=plan, by=cas_coordinator, comment="Dates?", required_parties=both
    )
    change = StatusChange.objects.get(activity=approved)  # another model of the same app, approved by CAS
    approve(change, cas_coordinator, plan, both)

    def read(party, model) -> set:
        rows = selectors.approvals_by_party(party.pk, model=model)
        return set(rows.values_list("content_type__model", "object_id", "party__code", "decision"))

    assert read(cas, Activity) == {("activity", approved.pk, "CAS", "approved")}
    assert read(sipo, Activity) == {("activity", approved.pk, "SIPO", "approved")}
    assert read(cas, StatusChange) == {("statuschange", change.pk, "CAS", "approved")}
