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
