"""The trail in the Django admin can be read, never written: no add, change or delete, superusers included.
Admin actions are recorded, the outbox's retry among them."""

import pytest
from django.contrib import admin
from django.urls import reverse

from protocol.activities.notifications import ACTIVITY_LOGGED
from protocol.audit import services
from protocol.audit.admin_actions import AuditedActions
from protocol.audit.models import Action, Entry
from protocol.notifications import outbox
from protocol.notifications.models import OutboxMessage

CHANGELIST = reverse("admin:audit_entry_changelist")


@pytest.fixture
def entry(cas_official):
    return services.event_record(action=Action.SIGN_IN, target=cas_official, actor=cas_official, address="192.0.2.5")


def test_a_superuser_reads_the_trail_in_the_admin(client, portal_admin, entry):
    client.force_login(portal_admin)
    page = client.get(CHANGELIST)
    assert page.status_code == 200 and "192.0.2.5" in page.content.decode()
    detail = client.get(reverse("admin:audit_entry_change", args=[entry.pk]))
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()


def test_a_superuser_can_neither_add_nor_change_nor_delete_an_entry(client, portal_admin, entry):
    client.force_login(portal_admin)
    assert client.get(reverse("admin:audit_entry_add")).status_code == 403
    assert client.post(reverse("admin:audit_entry_add"), {"action": 0, "object_repr": "forged"}).status_code == 403
    change = reverse("admin:audit_entry_change", args=[entry.pk])
    assert client.post(change, {"object_repr": "rewritten", "remote_addr": "10.0.0.1"}).status_code == 403
    assert client.post(reverse("admin:audit_entry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    bulk = client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    assert bulk.status_code == 200  # "no action selected": there is none to choose
    entry.refresh_from_db()
    assert (entry.object_repr, entry.remote_addr) == (str(entry.actor), "192.0.2.5")
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_no_permission_to_write_is_granted_whoever_asks(rf, portal_admin, entry):
    model_admin = admin.site._registry[Entry]
    request = rf.get("/")
    request.user = portal_admin
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    assert "delete_selected" not in model_admin.get_actions(request)


def test_the_outbox_retry_is_recorded(client, portal_admin, sipo_coordinator, cas_logged):
    [pk] = outbox.enqueue(kind=ACTIVITY_LOGGED, recipients=[sipo_coordinator], target=cas_logged, params={})
    client.force_login(portal_admin)
    changelist = reverse("admin:notifications_outboxmessage_changelist")
    response = client.post(changelist, {"action": "retry_failed", "_selected_action": [pk]}, REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 302
    (recorded,) = Entry.objects.filter(action=Action.ADMIN_ACTION)
    assert (recorded.actor, recorded.remote_addr, recorded.content_type.model_class()) == (
        portal_admin,
        "192.0.2.9",
        OutboxMessage,
    )
    assert recorded.additional_data == {"action": "retry_failed", "count": 1, "ids": [str(pk)]}


def test_every_admin_with_actions_of_its_own_records_them():
    unaudited = [
        type(model_admin).__name__
        for model_admin in admin.site._registry.values()
        if type(model_admin).__module__.startswith(("protocol.", "cooperation."))
        and model_admin.actions
        and not isinstance(model_admin, AuditedActions)
    ]
    assert unaudited == []
