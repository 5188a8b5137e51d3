"""Amendments: a coordinator proposes, a coordinator of each party approves the same version (its SHA-256), and
the amendment is in force and locked; changes asked for come back as a new version, approved again."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from protocol.agreement import services
from protocol.agreement.models import Amendment, AmendmentStatus, AmendmentVersion
from protocol.agreement.selectors import amendments_visible_to
from protocol.notifications.kinds import get_kind
from protocol.notifications.models import OutboxMessage
from protocol.signoff.content import canonical_sha256
from protocol.signoff.models import Decision, SignOff

from .conftest import amendment_fields

pytestmark = pytest.mark.usefixtures("english")


def test_a_draft_is_its_partys_alone_until_proposed(draft, cas_official, sipo_coordinator, sipo_official, outsider):
    assert list(amendments_visible_to(cas_official)) == [draft]
    for person in (sipo_coordinator, sipo_official, outsider):
        assert not amendments_visible_to(person).exists()
    services.amendment_propose(amendment=draft, by=draft.created_by)
    assert list(amendments_visible_to(sipo_official)) == [draft]


def test_proposing_freezes_the_text_as_version_1_named_by_its_sha256(proposed, sipo_coordinator):
    version = proposed.current_version
    assert version.number == 1 and proposed.status == AmendmentStatus.IN_REVIEW
    assert version.content["text_zh"] == "双方联络人每年至少会晤两次。"
    assert version.sha256 == canonical_sha256(version.content)
    # The other party's coordinators are asked; the proposer is not asked to approve what they just proposed.
    asked = OutboxMessage.objects.filter(kind="agreement.amendment_approval_needed")
    assert list(asked.values_list("recipient__username", flat=True)) == ["sipo_coordinator"]


def test_both_parties_approving_the_same_version_puts_it_in_force_and_locks_it(
    proposed, cas_coordinator, sipo_coordinator
):
    amendment = services.amendment_approve(amendment=proposed, version=1, by=sipo_coordinator)
    assert amendment.status == AmendmentStatus.IN_REVIEW and not amendment.is_locked
    amendment = services.amendment_approve(amendment=amendment, version=1, by=cas_coordinator)
    assert amendment.status == AmendmentStatus.IN_FORCE and amendment.is_locked
    assert amendment.approved_version.number == 1 and amendment.approved_version.approved_at is not None
    approvals = SignOff.objects.of(amendment).approvals()
    assert sorted(approvals.values_list("party__code", flat=True)) == ["CAS", "SIPO"]
    assert set(approvals.values_list("sha256", flat=True)) == {amendment.approved_version.sha256}
    told = OutboxMessage.objects.filter(kind="agreement.amendment_in_force")
    assert set(told.values_list("recipient__username", flat=True)) == {"cas_coordinator", "sipo_coordinator"}

    with pytest.raises(services.AmendmentError, match="in force"):
        services.amendment_update(amendment=amendment, by=cas_coordinator, fields=amendment_fields(text_en="Other"))
    with pytest.raises(services.AmendmentError):
        services.amendment_propose(amendment=amendment, by=cas_coordinator)
    amendment.refresh_from_db()
    assert amendment.text_en == "The liaisons of both parties meet at least twice a year."


def test_one_party_cannot_approve_twice(proposed, sipo_coordinator, sipo_coordinator_2):
    services.amendment_approve(amendment=proposed, version=1, by=sipo_coordinator)
    with pytest.raises(services.AmendmentError, match="already approved"):
        services.amendment_approve(amendment=proposed, version=1, by=sipo_coordinator_2)
    assert SignOff.objects.of(proposed).approvals().count() == 1


def test_changes_requested_send_it_back_and_the_revised_text_needs_both_approvals_again(
    proposed, cas_coordinator, sipo_coordinator
):
    services.amendment_approve(amendment=proposed, version=1, by=cas_coordinator)
    amendment = services.amendment_request_changes(
        amendment=proposed, version=1, by=sipo_coordinator, comment="Say “at least” in Chinese too."
    )
    assert amendment.status == AmendmentStatus.EDITING
    sent_back = OutboxMessage.objects.get(kind="agreement.amendment_changes_requested")
    assert sent_back.recipient == cas_coordinator and sent_back.params["comment"] == "Say “at least” in Chinese too."

    services.amendment_update(
        amendment=amendment, by=cas_coordinator, fields=amendment_fields(text_zh="双方联络人每年至少会晤两次（含）。")
    )
    amendment = services.amendment_propose(amendment=amendment, by=cas_coordinator)
    assert amendment.current_version.number == 2
    assert amendment.current_version.sha256 != AmendmentVersion.objects.get(amendment=amendment, number=1).sha256
    # CAS's approval of version 1 does not count for version 2.
    amendment = services.amendment_approve(amendment=amendment, version=2, by=sipo_coordinator)
    assert amendment.status == AmendmentStatus.IN_REVIEW
    amendment = services.amendment_approve(amendment=amendment, version=2, by=cas_coordinator)
    assert amendment.status == AmendmentStatus.IN_FORCE and amendment.approved_version.number == 2
    # The earlier version is kept as it was proposed.
    first = AmendmentVersion.objects.get(amendment=amendment, number=1)
    assert first.content["text_zh"] == "双方联络人每年至少会晤两次。"


def test_approving_a_superseded_version_is_refused(proposed, cas_coordinator, sipo_coordinator):
    services.amendment_update(amendment=proposed, by=cas_coordinator, fields=amendment_fields(text_en="Three times."))
    services.amendment_propose(amendment=proposed, by=cas_coordinator)
    with pytest.raises(services.AmendmentError, match="superseded"):
        services.amendment_approve(amendment=proposed, version=1, by=sipo_coordinator)
    assert not SignOff.objects.of(proposed).exists()


def test_changing_the_text_under_review_takes_it_out_of_review(proposed, cas_coordinator, sipo_coordinator):
    services.amendment_update(amendment=proposed, by=cas_coordinator, fields=amendment_fields(text_en="Three times."))
    proposed.refresh_from_db()
    assert proposed.status == AmendmentStatus.EDITING
    with pytest.raises(services.AmendmentError, match="not waiting"):
        services.amendment_approve(amendment=proposed, version=1, by=sipo_coordinator)


def test_requesting_changes_needs_a_comment(proposed, sipo_coordinator):
    with pytest.raises(ValidationError):
        services.amendment_request_changes(amendment=proposed, version=1, by=sipo_coordinator, comment="  ")
    assert not SignOff.objects.filter(decision=Decision.CHANGES_REQUESTED).exists()


@pytest.mark.parametrize("username", ["cas_official", "sipo_official", "cas_docadmin", "outsider"])
def test_only_coordinators_propose_and_approve(agreement, proposed, personas, username):
    person = personas[username]
    with pytest.raises(PermissionDenied):
        services.amendment_create(by=person, fields=amendment_fields())
    with pytest.raises(PermissionDenied):
        services.amendment_approve(amendment=proposed, version=1, by=person)
    assert Amendment.objects.count() == 1


def test_the_other_partys_coordinator_cannot_change_the_text(proposed, sipo_coordinator):
    with pytest.raises(PermissionDenied):
        services.amendment_update(amendment=proposed, by=sipo_coordinator, fields=amendment_fields(text_en="Mine."))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text_zh": "   "}, "text_zh"),
        ({"title_en": ""}, "title_en"),
        ({"area": "elsewhere"}, "area"),
        ({"effective_on": date(2030, 1, 1)}, "effective_on"),
        ({"effective_on": date(2020, 1, 1)}, "effective_on"),
    ],
)
def test_bad_amendments_are_refused_and_nothing_is_stored(agreement, cas_coordinator, change, field):
    with pytest.raises(ValidationError) as refused:
        services.amendment_create(by=cas_coordinator, fields=amendment_fields(**change))
    assert field in refused.value.message_dict
    assert not Amendment.objects.exists()


def test_the_request_to_approve_reads_in_each_readers_language(proposed):
    row = OutboxMessage.objects.get(kind="agreement.amendment_approval_needed")
    kind = get_kind(row.kind)
    with translation.override("zh-hans"):
        assert "联络会议每年两次" in kind.render_subject(row.params)
    with translation.override("en"):
        subject = kind.render_subject(row.params)
    assert subject == "Approve the amendment “Liaison meetings twice a year” for your party (version 1)"
