"""Two-party sign-off: each required party approves the same exact content, once, by a coordinator.

The target is a ledger activity (any model row will do); the personas (tests/personas.py) play the parties.
"""

import hashlib
import threading
import time
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from protocol.activities.selectors import activities_visible_to
from protocol.errors import RecordMovedOn
from protocol.notifications.kinds import NotificationKind
from protocol.notifications.models import OutboxMessage
from protocol.notifications.reminders import due_enqueue
from protocol.signoff import selectors
from protocol.signoff import services as signoff
from protocol.signoff.models import Decision, SignOff
from protocol.signoff.permissions import can_sign_off
from protocol.signoff.reminders import remind_parties_waiting
from protocol.signoff.services import AlreadyApproved, StaleVersion, Version, canonical_sha256
from tests.factories import ActivityFactory

PLAN = {"title": "专利信息资源共享", "milestones": ["scope", "report"], "budget": 12000}


@pytest.fixture
def both(cas, sipo) -> set[int]:
    return {cas.pk, sipo.pk}


@pytest.fixture
def target(cas_official, sipo_official):
    return ActivityFactory(author=cas_official, status="logged", participants=[cas_official, sipo_official])


def version_of(content, label: str = "1") -> Version:
    return Version(sha256=canonical_sha256(content), label=label)


def approve(target, by, version, required, *, current=None):
    return signoff.signoff_approve(
        target=target, version=version, current=current or version, by=by, required_parties=required
    )


# The content's name.


def test_the_hash_of_a_dict_ignores_key_order_and_whitespace():
    reordered = {"budget": 12000, "milestones": ["scope", "report"], "title": "专利信息资源共享"}
    assert canonical_sha256(PLAN) == canonical_sha256(reordered)
    assert canonical_sha256(PLAN) == canonical_sha256(
        '{"budget":12000,"milestones":["scope","report"],"title":"专利信息资源共享"}'
    )
    assert canonical_sha256(PLAN) != canonical_sha256(PLAN | {"budget": 12001})


def test_a_dict_with_dates_has_a_hash_its_dates_written_as_text():
    # A research plan names its milestones' dates: they hash as their ISO text, not refused by json.
    assert canonical_sha256({"due": date(2026, 3, 1)}) == canonical_sha256({"due": "2026-03-01"})


def test_the_hash_of_a_text_is_the_sha256_of_its_utf8_bytes():
    assert canonical_sha256("纪要\n") == hashlib.sha256("纪要\n".encode()).hexdigest()
    assert canonical_sha256(b"raw") == hashlib.sha256(b"raw").hexdigest()


# Approving.


def test_complete_only_when_every_required_party_approved_the_same_version(
    target, both, cas, sipo, cas_coordinator, sipo_coordinator
):
    plan = version_of(PLAN)
    first = approve(target, cas_coordinator, plan, both)
    assert not first.complete and first.approved == {cas.pk} and first.waiting == {sipo.pk}
    assert selectors.parties_waiting(target, version=plan, required_parties=both) == {sipo.pk}

    second = approve(target, sipo_coordinator, plan, both)
    assert second.complete and second.approved == both and not second.waiting
    record = list(selectors.approvals_of(target, version=plan))
    assert [(s.party.code, s.by) for s in record] == [("CAS", cas_coordinator), ("SIPO", sipo_coordinator)]
    assert all(s.sha256 == plan.sha256 and s.version == "1" and s.at and s.comment == "" for s in record)
    assert first.version == second.version == plan


def test_approvals_of_different_content_never_add_up(target, both, cas_coordinator, sipo_coordinator):
    old, new = version_of(PLAN, "1"), version_of(PLAN | {"budget": 9000}, "2")
    approve(target, cas_coordinator, old, both)
    state = approve(target, sipo_coordinator, new, both)
    assert not state.complete and state.approved == {sipo_coordinator.party_id}


def test_the_same_hash_under_another_version_label_is_another_version(target, both, cas_coordinator, sipo_coordinator):
    # Revision 3 restoring revision 1's text is approved afresh: an approval names exactly one version.
    approve(target, cas_coordinator, version_of(PLAN, "1"), both)
    assert not approve(target, sipo_coordinator, version_of(PLAN, "3"), both).complete


def test_an_internal_record_needs_its_own_party_alone(target, cas, cas_coordinator):
    assert approve(target, cas_coordinator, version_of(PLAN), {cas.pk}).complete


def test_a_changed_content_makes_earlier_approvals_stale(target, both, cas_coordinator, sipo_coordinator):
    approved = version_of(PLAN, "1")
    approve(target, cas_coordinator, approved, both)
    approve(target, sipo_coordinator, approved, both)
    assert not selectors.approvals_are_stale(target, current=approved)

    amended = version_of(PLAN | {"milestones": ["scope"]}, "2")
    assert selectors.approvals_are_stale(target, current=amended)
    assert selectors.stale_approvals(target, current=amended).count() == 2
    assert selectors.parties_waiting(target, version=amended, required_parties=both) == both


def test_approving_a_stale_version_is_refused(target, both, cas_coordinator):
    read, current = version_of(PLAN, "1"), version_of(PLAN | {"budget": 1}, "2")
    with pytest.raises(StaleVersion) as refused:
        approve(target, cas_coordinator, read, both, current=current)
    assert isinstance(refused.value, RecordMovedOn)
    assert str(refused.value) == "该版本已被取代，请审核当前版本。"
    assert not SignOff.objects.exists()


def test_the_same_party_cannot_approve_one_version_twice(target, both, cas_coordinator, cas_coordinator_2):
    plan = version_of(PLAN)
    approve(target, cas_coordinator, plan, both)
    for coordinator in (cas_coordinator, cas_coordinator_2):
        with pytest.raises(AlreadyApproved) as refused:
            approve(target, coordinator, plan, both)
        assert isinstance(refused.value, RecordMovedOn)
        assert str(refused.value) == "本单位已批准该版本。"  # shown to the coordinator, in their language
    assert SignOff.objects.filter(decision=Decision.APPROVED).count() == 1


@pytest.mark.parametrize("username", ["cas_official", "sipo_official", "cas_docadmin", "sipo_docadmin", "outsider"])
def test_only_a_coordinator_signs_off_refused_by_the_service_itself(target, both, personas, username):
    with pytest.raises(PermissionDenied):
        approve(target, personas[username], version_of(PLAN), both)
    with pytest.raises(PermissionDenied):
        signoff.signoff_request_changes(
            target=target,
            version=version_of(PLAN),
            current=version_of(PLAN),
            by=personas[username],
            comment="no",
            required_parties=both,
        )
    assert not SignOff.objects.exists()


def test_a_coordinator_of_a_party_not_required_is_refused(target, cas, sipo_coordinator):
    with pytest.raises(PermissionDenied):
        approve(target, sipo_coordinator, version_of(PLAN), {cas.pk})


@pytest.mark.parametrize(
    ("username", "required", "may"),
    [
        ("cas_coordinator", {"CAS", "SIPO"}, True),
        ("sipo_coordinator", {"CAS", "SIPO"}, True),
        ("sipo_coordinator", {"CAS"}, False),
        ("cas_official", {"CAS", "SIPO"}, False),
        ("cas_docadmin", {"CAS"}, False),
        ("outsider", {"CAS", "SIPO"}, False),
    ],
)
def test_who_may_sign_off_for_their_party(personas, cas, sipo, username, required, may):
    codes = {"CAS": cas.pk, "SIPO": sipo.pk}
    assert can_sign_off(personas[username], {codes[code] for code in required}) is may


# Requesting changes.


def test_named_deciders_decide_for_their_parties_instead_of_the_coordinators(
    target, both, cas_official, sipo_official, cas_coordinator, sipo_coordinator
):
    """A research deliverable is accepted by its PIs: the record names them, and the coordinators have no say."""
    version = version_of(PLAN)
    deciders = {cas_official.pk, sipo_official.pk}
    with pytest.raises(PermissionDenied):
        signoff.signoff_approve(
            target=target, version=version, current=version, by=cas_coordinator, required_parties=both,
            deciders=deciders,
        )  # fmt: skip
    state = signoff.signoff_approve(
        target=target, version=version, current=version, by=cas_official, required_parties=both, deciders=deciders
    )
    assert not state.complete
    state = signoff.signoff_approve(
        target=target, version=version, current=version, by=sipo_official, required_parties=both, deciders=deciders
    )
    assert state.complete
    assert sorted(SignOff.objects.of(target).values_list("by__username", flat=True)) == [
        "cas_official",
        "sipo_official",
    ]
    assert not can_sign_off(sipo_coordinator, both, deciders=deciders)


def test_requesting_changes_needs_a_comment(target, both, sipo_coordinator):
    plan = version_of(PLAN)
    for comment in ("", "   \n"):
        with pytest.raises(ValidationError) as refused:
            signoff.signoff_request_changes(
                target=target, version=plan, current=plan, by=sipo_coordinator, comment=comment, required_parties=both
            )
        assert refused.value.message_dict == {"comment": ["请说明需要修改的内容。"]}  # the reader's language
    assert not SignOff.objects.exists()


def test_a_request_for_changes_is_recorded_and_is_no_approval(target, both, sipo, sipo_coordinator):
    plan = version_of(PLAN)
    decision = signoff.signoff_request_changes(
        target=target, version=plan, current=plan, by=sipo_coordinator, comment="补充预算", required_parties=both
    )
    assert (decision.decision, decision.comment, decision.party, decision.by) == (
        Decision.CHANGES_REQUESTED,
        "补充预算",
        sipo,
        sipo_coordinator,
    )
    assert list(selectors.signoffs_of(target, version=plan)) == [decision]
    assert sipo.pk in selectors.parties_waiting(target, version=plan, required_parties=both)


def test_requesting_changes_to_a_stale_version_is_refused(target, both, sipo_coordinator):
    with pytest.raises(StaleVersion):
        signoff.signoff_request_changes(
            target=target,
            version=version_of(PLAN, "1"),
            current=version_of(PLAN, "2"),
            by=sipo_coordinator,
            comment="too late",
            required_parties=both,
        )


def test_decisions_on_one_target_are_not_those_of_another(target, both, cas_official, cas_coordinator):
    other = ActivityFactory(author=cas_official, status="logged")
    approve(target, cas_coordinator, version_of(PLAN), both)
    assert not selectors.signoffs_of(other).exists()
    assert selectors.parties_waiting(other, version=version_of(PLAN), required_parties=both) == both


# The reminder helper.

WAITING = NotificationKind(key="test.signoff_waiting", subject="waiting %(title)s", visible_to=activities_visible_to)


def test_the_reminder_goes_to_the_coordinators_of_the_parties_still_waiting_once(
    target, both, cas_coordinator, sipo_coordinator
):
    plan = version_of(PLAN)
    approve(target, cas_coordinator, plan, both)

    def remind() -> int:
        due = remind_parties_waiting(
            target=target, version=plan, required_parties=both, kind=WAITING, params={"title": "x"}, dedupe_key="k1"
        )
        return due_enqueue(rows=[due])

    assert remind() == 1
    assert remind() == 0  # the key makes it once per recipient
    assert set(OutboxMessage.objects.values_list("recipient__username", flat=True)) == {"sipo_coordinator"}
    approve(target, sipo_coordinator, plan, both)
    due = remind_parties_waiting(
        target=target, version=plan, required_parties=both, kind=WAITING, params={}, dedupe_key="k2"
    )
    assert list(due.recipients) == []
    assert due_enqueue(rows=[due]) == 0


# Two approvals at the same moment: PostgreSQL only.


@pytest.mark.django_db(transaction=True)
def test_two_parties_approving_at_once_complete_the_sign_off_exactly_once(
    monkeypatch, cas_official, sipo_official, cas_coordinator, sipo_coordinator
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks and runs one writer at a time")
    target = ActivityFactory(author=cas_official, status="logged", participants=[cas_official, sipo_official])
    both = {cas_coordinator.party_id, sipo_coordinator.party_id}
    plan = version_of(PLAN)
    # Hold each transaction open after it wrote its approval and before it counts, so the two overlap:
    # without the lock on the target each would count only its own approval and neither would complete.
    counted = selectors.parties_approved

    def count_after_a_pause(*args, **kwargs):
        time.sleep(0.3)
        return counted(*args, **kwargs)

    monkeypatch.setattr(signoff, "parties_approved", count_after_a_pause)
    barrier = threading.Barrier(2)
    states, errors = [], []

    def run(coordinator):
        try:
            barrier.wait(timeout=10)
            states.append(approve(target, coordinator, plan, both))
        except Exception as exc:  # reported below, where pytest shows it
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(person,)) for person in (cas_coordinator, sipo_coordinator)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert sorted(state.complete for state in states) == [False, True]
    assert selectors.parties_approved(target, version=plan) == both
