"""The data migration that moved minutes reviews onto protocol.signoff keeps every decision, both ways."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cooperation.meetings.models import Minutes
from protocol.signoff.models import Decision, SignOff
from protocol.signoff.selectors import approvals_of, signoffs_of

BEFORE = [("meetings", "0002_minutes_and_action_items")]


def latest():
    """The meetings app's newest migration: where the test leaves the schema, and where today's models apply."""
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes("meetings")


AT = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_reviews_are_copied_to_sign_off_records_and_back(
    cas_official, sipo_official, cas_coordinator, sipo_coordinator
):
    old = migrate(BEFORE)
    try:
        Meeting = old.get_model("meetings", "Meeting")
        MinutesOld = old.get_model("meetings", "Minutes")
        Revision = old.get_model("meetings", "MinutesRevision")
        Review = old.get_model("meetings", "MinutesReview")
        meeting = Meeting.objects.create(
            title="第五次联合工作组会议",
            organising_party_id=cas_official.party_id,
            starts_at=AT,
            ends_at=AT + timedelta(hours=2),
            created_by_id=cas_official.pk,
        )
        minutes = MinutesOld.objects.create(meeting=meeting, status="approved")
        first = Revision.objects.create(
            minutes=minutes, number=1, text="a", sha256="1" * 64, author_id=sipo_official.pk
        )
        second = Revision.objects.create(
            minutes=minutes, number=2, text="b", sha256="2" * 64, author_id=sipo_official.pk
        )
        decisions = [
            (first, sipo_coordinator, "changes", "请补充数据", AT),
            (second, cas_coordinator, "approved", "", AT + timedelta(hours=1)),
            (second, sipo_coordinator, "approved", "", AT + timedelta(hours=2)),
        ]
        for revision, coordinator, decision, comment, at in decisions:
            review = Review.objects.create(
                revision=revision, party_id=coordinator.party_id, coordinator_id=coordinator.pk, decision=decision,
                comment=comment,
            )  # fmt: skip
            Review.objects.filter(pk=review.pk).update(at=at)  # auto_now_add: the time is set afterwards

        migrate(latest())  # through 0004_remove_minutesreview, and on to where today's models apply
        target = Minutes.objects.get(pk=minutes.pk)
        copied = [(s.version, s.sha256, s.party_id, s.by_id, s.decision, s.comment, s.at) for s in signoffs_of(target)]
        assert copied == [
            (
                "1",
                "1" * 64,
                sipo_coordinator.party_id,
                sipo_coordinator.pk,
                Decision.CHANGES_REQUESTED,
                "请补充数据",
                AT,
            ),
            ("2", "2" * 64, cas_coordinator.party_id, cas_coordinator.pk, Decision.APPROVED, "", decisions[1][4]),
            ("2", "2" * 64, sipo_coordinator.party_id, sipo_coordinator.pk, Decision.APPROVED, "", decisions[2][4]),
        ]
        revision = target.revisions.get(number=2)
        assert [s.party.code for s in approvals_of(target, version=revision.version)] == ["CAS", "SIPO"]

        back = migrate(BEFORE)
        restored = back.get_model("meetings", "MinutesReview").objects.order_by("at")
        assert [(r.revision.number, r.coordinator_id, r.decision, r.comment, r.at) for r in restored] == [
            (number, person.pk, decision, comment, at)
            for (revision, person, decision, comment, at), number in zip(decisions, (1, 2, 2), strict=True)
        ]
        assert not SignOff.objects.exists()
    finally:
        migrate(latest())
