from datetime import UTC, date, datetime, timedelta
from importlib import import_module

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError

from protocol.activities import services
from protocol.activities.models import Activity, Status
from protocol.activities.permissions import can_submit
from protocol.notifications.models import Notification, OutboxMessage


def fields(**overrides):
    data = {
        "area": "research",
        "kind": "joint_analysis",
        "title": "AI patent landscape",
        "start_date": date(2026, 3, 1),
        "lead_party": overrides.pop("lead_party"),
        "participants": overrides.pop("participants"),
    }
    return services.ActivityFields(**(data | overrides))


@pytest.fixture
def joint_fields(cas, cas_official, sipo_official):
    return fields(lead_party=cas, participants=[cas_official, sipo_official])


def test_logging_notifies_the_other_partys_coordinators_only(
    cas_official, joint_fields, cas_coordinator, sipo_coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        activity = services.activity_create(author=cas_official, fields=joint_fields, log=True)

    assert activity.status == Status.LOGGED
    assert [n.recipient for n in Notification.objects.all()] == [sipo_coordinator]
    assert [m.to for m in mailoutbox] == [[sipo_coordinator.email]]
    assert "AI patent landscape" in mailoutbox[0].subject


def test_a_draft_notifies_nobody(cas_official, joint_fields, sipo_coordinator):
    activity = services.activity_create(author=cas_official, fields=joint_fields, log=False)
    assert activity.status == Status.DRAFT
    assert not OutboxMessage.objects.exists()


def test_an_activity_without_the_other_party_is_refused_and_nothing_stored(cas, cas_official, cas_coordinator):
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            author=cas_official, fields=fields(lead_party=cas, participants=[cas_official, cas_coordinator]), log=True
        )
    assert "participants" in error.value.message_dict
    assert not Activity.objects.exists()


def test_end_before_start_is_refused(cas, cas_official, sipo_official):
    bad = fields(
        lead_party=cas,
        participants=[cas_official, sipo_official],
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 1),
    )
    with pytest.raises(ValidationError) as error:
        services.activity_create(author=cas_official, fields=bad, log=False)
    assert list(error.value.message_dict) == ["end_date"]


def test_confirm_locks_records_history_and_tells_the_author(
    cas_logged, sipo_coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_confirm(activity=cas_logged, by=sipo_coordinator, comment="Thanks")

    cas_logged.refresh_from_db()
    assert cas_logged.status == Status.CONFIRMED and cas_logged.is_locked
    last = cas_logged.history.last()
    assert (last.status, last.by, last.comment) == (Status.CONFIRMED, sipo_coordinator, "Thanks")
    assert Notification.objects.get().recipient == cas_logged.author


def test_confirming_twice_fails_cleanly(cas_logged, sipo_coordinator):
    services.activity_confirm(activity=cas_logged, by=sipo_coordinator)
    with pytest.raises(services.ActivityStateError):
        services.activity_confirm(activity=cas_logged, by=sipo_coordinator)
    assert cas_logged.history.filter(status=Status.CONFIRMED).count() == 1


def test_a_coordinator_cannot_confirm_their_own_partys_activity(cas_logged, cas_coordinator):
    with pytest.raises(PermissionDenied):
        services.activity_confirm(activity=cas_logged, by=cas_coordinator)


def test_return_needs_a_comment_and_can_be_logged_again(cas_logged, sipo_coordinator, cas_official):
    with pytest.raises(ValidationError):
        services.activity_return(activity=cas_logged, by=sipo_coordinator, comment="  ")

    services.activity_return(activity=cas_logged, by=sipo_coordinator, comment="Add the outcomes")
    cas_logged.refresh_from_db()
    assert cas_logged.status == Status.RETURNED

    services.activity_log(activity=cas_logged, by=cas_official)
    assert [c.status for c in cas_logged.history.all()] == [Status.LOGGED, Status.RETURNED, Status.LOGGED]


def test_a_confirmed_activity_cannot_be_edited(cas_confirmed, cas_official, joint_fields):
    with pytest.raises(services.ActivityStateError):
        services.activity_update(activity=cas_confirmed, by=cas_official, fields=joint_fields, log=False)


def test_only_drafts_can_be_deleted(cas_draft, cas_logged, cas_official):
    with pytest.raises(services.ActivityStateError):
        services.activity_delete(activity=cas_logged, by=cas_official)
    services.activity_delete(activity=cas_draft, by=cas_official)
    assert list(Activity.objects.all()) == [cas_logged]


def test_logged_at_is_when_it_was_last_logged_and_survives_the_confirmation(
    cas_official, joint_fields, sipo_coordinator
):
    first, returned, again = (datetime(2026, 3, 2, 1, 0, tzinfo=UTC) + timedelta(days=d) for d in (0, 3, 5))
    with time_machine.travel(first, tick=False):
        activity = services.activity_create(author=cas_official, fields=joint_fields, log=True)
    assert Activity.objects.get(pk=activity.pk).logged_at == first
    with time_machine.travel(returned, tick=False):
        services.activity_return(activity=activity, by=sipo_coordinator, comment="Add the outcomes")
    assert Activity.objects.get(pk=activity.pk).logged_at == first
    with time_machine.travel(again, tick=False):
        services.activity_log(activity=activity, by=cas_official)
    assert Activity.objects.get(pk=activity.pk).logged_at == again
    with time_machine.travel(again + timedelta(days=1), tick=False):
        services.activity_confirm(activity=activity, by=sipo_coordinator)
    assert Activity.objects.get(pk=activity.pk).logged_at == again


def test_the_migration_fills_logged_at_from_the_history(cas_official, joint_fields, sipo_coordinator):
    backfill = import_module("protocol.activities.migrations.0011_logged_at").backfill_logged_at
    first, again = datetime(2026, 3, 2, 1, 0, tzinfo=UTC), datetime(2026, 3, 9, 1, 0, tzinfo=UTC)
    with time_machine.travel(first, tick=False):
        relogged = services.activity_create(author=cas_official, fields=joint_fields, log=True)
        services.activity_return(activity=relogged, by=sipo_coordinator, comment="Add the outcomes")
        draft = services.activity_create(author=cas_official, fields=joint_fields, log=False)
    with time_machine.travel(again, tick=False):
        services.activity_log(activity=relogged, by=cas_official)
    Activity.objects.update(logged_at=None)

    backfill(django_apps, None)

    assert dict(Activity.objects.values_list("pk", "logged_at")) == {relogged.pk: again, draft.pk: None}


def test_only_a_draft_or_a_returned_activity_is_submitted_and_only_by_who_may_edit_it(
    cas_official, sipo_official, cas_draft, cas_logged
):
    # make mutation: the status alone, or the editor alone, must not be enough.
    assert can_submit(cas_official, cas_draft)
    assert not can_submit(cas_official, cas_logged)  # its author may still edit it, not log it again
    assert not can_submit(sipo_official, cas_draft)
    cas_logged.status = Status.RETURNED
    assert can_submit(cas_official, cas_logged)


# What the ledger's selectors hand the pages (make mutation: the rows they join, their order, the year's bounds).


def test_the_ledger_reads_each_activitys_parties_and_author_in_its_one_query(
    cas_logged, sipo_official, django_assert_num_queries
):
    from protocol.activities import selectors

    with django_assert_num_queries(1):
        (row,) = selectors.activities_visible_to(sipo_official)
        assert (row.pk, row.party.code, row.lead_party.code, row.author.username) == (
            cas_logged.pk,
            "CAS",
            "CAS",
            "cas_official",
        )
        # The search columns are large and no page of the ledger reads them.
        assert {"search_text", "search_vector"} <= row.get_deferred_fields()


def test_an_activitys_page_has_its_participants_by_party_and_name_its_history_and_what_the_reader_may_see(
    cas_docadmin, cas_official, sipo_official, sipo_docadmin, sipo_coordinator, make_document, django_assert_num_queries
):
    from cooperation.documents.models import Confidentiality
    from protocol.activities import selectors

    shared = make_document(title="共享的专利文献", confidentiality=Confidentiality.SHARED)
    internal = make_document(title="内部资料", confidentiality=Confidentiality.INTERNAL)
    # Created before Li Ming: by party alone, Zhang Wei would come first.
    people = [sipo_official, cas_official, sipo_docadmin, cas_docadmin]
    activity = services.activity_create(
        author=cas_official,
        fields=fields(lead_party=cas_official.party, participants=people, documents=[shared, internal]),
        log=True,
    )
    services.activity_confirm(activity=activity, by=sipo_coordinator)
    for reader, documents in ((cas_official, {shared.pk, internal.pk}), (sipo_official, {shared.pk})):
        found = selectors.activity_detail(reader, activity.pk)
        with django_assert_num_queries(0):
            assert [(p.party.code, p.full_name) for p in found.participants.all()] == [
                ("CAS", "Li Ming"),
                ("CAS", "Zhang Wei"),
                ("SIPO", "Liu Yang"),
                ("SIPO", "Wang Fang"),
            ]
            history = sorted(
                (change.status, change.by.username, change.by.party.code) for change in found.history.all()
            )
            assert history == [
                ("confirmed", "sipo_coordinator", "SIPO"),
                ("draft", "cas_official", "CAS"),
                ("logged", "cas_official", "CAS"),
            ]
        assert {document.pk for document in found.visible_documents} == documents
        assert found.visible_source is None and not found.visible_source_kind


def test_an_activity_recorded_from_a_meeting_names_it_while_the_reader_may_see_it(english, cas_official, sipo_official):
    from cooperation.meetings import services as meetings
    from protocol.activities import selectors
    from tests.meetings.data import schedule

    meeting = schedule(cas_official, [cas_official, sipo_official])
    meetings.meeting_mark_held(meeting=meeting, by=cas_official)
    meeting.refresh_from_db()
    found = selectors.activity_detail(sipo_official, meeting.activity.pk)
    assert found.visible_source == meeting and str(found.visible_source_kind) == "meeting"
    # The meeting made internal to CAS since: named to CAS's staff only.
    type(meeting).objects.filter(pk=meeting.pk).update(internal=True)
    assert selectors.activity_detail(cas_official, meeting.activity.pk).visible_source == meeting
    found = selectors.activity_detail(sipo_official, meeting.activity.pk)
    assert found.visible_source is None and found.visible_source_kind is None
    draft = selectors.activity_detail(cas_official, cas_official_draft(cas_official, sipo_official).pk)
    assert draft.status == Status.DRAFT
    with pytest.raises(Activity.DoesNotExist):
        selectors.activity_detail(sipo_official, draft.pk)


def cas_official_draft(cas_official, sipo_official) -> Activity:
    joint = fields(lead_party=cas_official.party, participants=[cas_official, sipo_official])
    return services.activity_create(author=cas_official, fields=joint, log=False)


def test_the_yearly_figures_count_the_year_from_1_january_to_31_december_by_area_and_lead_party(
    cas, sipo, cas_official, sipo_official, cas_coordinator, outsider
):
    from protocol.activities.selectors import activity_counts_by_area_and_party
    from tests.factories import ActivityFactory

    both = [cas_official, sipo_official]
    for day in (date(2025, 12, 31), date(2026, 1, 1), date(2026, 12, 31), date(2027, 1, 1)):
        ActivityFactory(author=cas_official, start_date=day, participants=both)
    ActivityFactory(author=cas_official, start_date=date(2026, 6, 1), status=Status.DRAFT, participants=both)
    ActivityFactory(author=sipo_official, area="communication", start_date=date(2026, 6, 1), participants=both)
    ActivityFactory(author=sipo_official, area="communication", start_date=date(2026, 7, 1), status=Status.CONFIRMED)
    # An account of no party sees no figures (asked first: the figures are cached per party).
    assert activity_counts_by_area_and_party(outsider, year=2026) == {}
    expected = {("research", cas.pk): 2, ("communication", sipo.pk): 2}
    assert activity_counts_by_area_and_party(cas_coordinator, year=2026) == expected
    assert activity_counts_by_area_and_party(sipo_official, year=2026) == expected
    assert activity_counts_by_area_and_party(cas_coordinator, year=2027) == {("research", cas.pk): 1}
    assert activity_counts_by_area_and_party(outsider, year=2026) == {}
    # A write through the services moves the cached figures on.
    joint = fields(lead_party=cas, participants=both, start_date=date(2026, 5, 1))
    services.activity_create(author=cas_official, fields=joint, log=True)
    assert activity_counts_by_area_and_party(cas_coordinator, year=2026)[("research", cas.pk)] == 3


def test_without_a_document_library_an_activity_lists_no_documents(cas_logged, cas_official, monkeypatch):
    from protocol import library
    from protocol.activities import selectors

    monkeypatch.setattr(library, "_face", None)
    assert selectors.activity_detail(cas_official, cas_logged.pk).visible_documents == []


def test_a_coordinator_is_asked_to_confirm_the_other_partys_logged_activities_and_reminded_of_their_own(
    cas, sipo, cas_official, sipo_official, cas_coordinator, sipo_coordinator
):
    from django.utils import timezone

    from protocol.activities import selectors

    both = [cas_official, sipo_official]
    cas_logged = services.activity_create(
        author=cas_official, fields=fields(lead_party=cas, participants=both), log=True
    )
    sipo_logged = services.activity_create(
        author=sipo_official, fields=fields(lead_party=sipo, participants=both), log=True
    )
    services.activity_create(author=cas_official, fields=fields(lead_party=cas, participants=both), log=False)
    confirmed = services.activity_create(
        author=cas_official, fields=fields(lead_party=cas, participants=both), log=True
    )
    services.activity_confirm(activity=confirmed, by=sipo_coordinator)
    assert list(selectors.activities_awaiting_confirmation_by(sipo_coordinator)) == [cas_logged]
    assert list(selectors.activities_awaiting_confirmation_by(cas_coordinator)) == [sipo_logged]
    later = timezone.now() + timedelta(minutes=1)
    assert list(selectors.activities_unconfirmed_of_party(cas_coordinator, logged_before=later)) == [cas_logged]
    assert list(selectors.activities_unconfirmed_of_party(sipo_coordinator, logged_before=later)) == [sipo_logged]
    # Only a coordinator is reminded, and only of what was logged before the moment asked about.
    assert not selectors.activities_unconfirmed_of_party(cas_official, logged_before=later).exists()
    cas_logged.refresh_from_db()
    assert not selectors.activities_unconfirmed_of_party(cas_coordinator, logged_before=cas_logged.logged_at).exists()
