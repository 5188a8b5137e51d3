"""What enters the trail: writes made through pages (who, from where, before and after), sign-ins and their
failures, downloads of what is not shared, exports, admin actions, certificate look-ups."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from protocol.activities.models import Activity
from protocol.audit.models import Action, Entry
from protocol.parties.roles import Role
from tests.factories import PASSWORD, activity_form_data
from tests.once import once

ADDRESS = "192.0.2.10"
# What a client may write in a header: never taken for its address.
FORGED = {"HTTP_X_FORWARDED_FOR": "203.0.113.99", "HTTP_X_FORWARDED_PORT": "4444"}


@pytest.fixture
def activity_post(cas, cas_official, sipo_official):
    return activity_form_data(lead_party=cas, participants=[cas_official, sipo_official])


def entries(action, model=None):
    rows = Entry.objects.filter(action=action).order_by("id")
    if model is not None:
        rows = rows.filter(content_type__model=model._meta.model_name, content_type__app_label=model._meta.app_label)
    return list(rows)


def test_a_write_through_a_page_names_who_from_where_and_before_and_after(client, cas_official, activity_post):
    client.force_login(cas_official)
    client.post(reverse("activities:create"), once(activity_post), REMOTE_ADDR=ADDRESS, **FORGED)
    activity = Activity.objects.get()
    (created,) = entries(Action.CREATE, Activity)
    assert (created.actor, created.remote_addr, created.remote_port) == (cas_official, ADDRESS, None)
    assert created.object_id == activity.pk and created.object_repr == str(activity)
    assert created.changes["title"] == ["None", "专利检索实务培训"]
    assert "search_text" not in created.changes and "search_vector" not in created.changes

    edit = activity_post | {"title": "专利检索高级培训"}
    response = client.post(reverse("activities:edit", args=[activity.pk]), edit, REMOTE_ADDR=ADDRESS, **FORGED)
    assert response.status_code == 302
    (changed,) = [e for e in entries(Action.UPDATE, Activity) if "title" in e.changes]
    assert changed.actor == cas_official and changed.remote_addr == ADDRESS
    assert changed.changes["title"] == ["专利检索实务培训", "专利检索高级培训"]


def test_a_correlation_header_of_the_clients_is_not_stored(client, cas_official, activity_post):
    client.force_login(cas_official)
    client.post(reverse("activities:create"), once(activity_post), HTTP_X_CORRELATION_ID="x" * 300)
    (created,) = entries(Action.CREATE, Activity)
    assert created.cid is None


def test_a_refused_write_records_nothing(client, cas_official, activity_post):
    client.force_login(cas_official)
    Entry.objects.all().delete()
    client.post(reverse("activities:create"), once(activity_post | {"title": ""}), REMOTE_ADDR=ADDRESS)
    assert not Entry.objects.exclude(action=Action.SIGN_IN).exists()


def test_a_sign_in_and_a_sign_out_are_recorded_with_the_address(client, cas_official):
    client.post(reverse("login"), {"username": "cas_official", "password": PASSWORD}, REMOTE_ADDR=ADDRESS, **FORGED)
    client.post(reverse("logout"), REMOTE_ADDR=ADDRESS)
    (signed_in,) = entries(Action.SIGN_IN)
    (signed_out,) = entries(Action.SIGN_OUT)
    for entry in (signed_in, signed_out):
        assert (entry.actor, entry.remote_addr, entry.object_id) == (cas_official, ADDRESS, cas_official.pk)
    # Django's own write at sign-in (the last sign-in time) is not a change anyone made.
    assert not [e for e in entries(Action.UPDATE) if "last_login" in (e.changes or {})]


def test_a_failed_sign_in_names_the_account_tried_and_the_address(client, cas_official):
    client.post(reverse("login"), {"username": "cas_official", "password": "guess"}, REMOTE_ADDR=ADDRESS, **FORGED)
    client.post(reverse("login"), {"username": "nobody", "password": "guess"}, REMOTE_ADDR=ADDRESS)
    tried, unknown = entries(Action.SIGN_IN_FAILED)
    assert (tried.actor, tried.remote_addr, tried.object_id) == (None, ADDRESS, cas_official.pk)
    assert tried.additional_data == {"username": "cas_official", "locked_out": False}
    assert (unknown.object_repr, unknown.content_type, unknown.object_pk) == ("nobody", None, "")
    assert "guess" not in str(tried.additional_data) + str(unknown.additional_data)


def test_sign_ins_refused_by_the_lockout_are_recorded_as_such(client, cas_official, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(reverse("login"), {"username": "cas_official", "password": "guess"}, REMOTE_ADDR=ADDRESS)
    failures = entries(Action.SIGN_IN_FAILED)
    assert len(failures) == settings.AXES_FAILURE_LIMIT + 1
    assert failures[-1].additional_data["locked_out"] is True


def test_a_download_or_preview_of_a_document_not_shared_is_recorded(client, cas_docadmin, cas_internal, cas_shared):
    client.force_login(cas_docadmin)
    for document in (cas_internal, cas_shared):
        assert client.get(reverse("documents:download", args=[document.pk, 1]), REMOTE_ADDR=ADDRESS).status_code == 200
        preview = client.get(reverse("documents:preview", args=[document.pk, 1]) + "?page=1", REMOTE_ADDR=ADDRESS)
        assert preview.status_code == 200
    (download,) = entries(Action.DOWNLOAD)
    (preview,) = entries(Action.PREVIEW)
    for entry in (download, preview):
        assert (entry.actor, entry.remote_addr, entry.object_id) == (cas_docadmin, ADDRESS, cas_internal.pk)
        assert entry.additional_data["confidentiality"] == "internal" and entry.additional_data["version"] == 1
    assert preview.additional_data["page"] == 1


def test_a_refused_download_is_recorded_as_refused_not_as_a_download(client, sipo_official, cas_internal):
    client.force_login(sipo_official)
    assert client.get(reverse("documents:download", args=[cas_internal.pk, 1])).status_code == 404
    assert not entries(Action.DOWNLOAD)
    (refused,) = entries(Action.ACCESS_REFUSED)
    assert refused.actor == sipo_official and refused.additional_data["route"] == "documents:download"


def test_an_export_names_the_list_its_format_and_filters(client, cas_official, cas_logged):
    client.force_login(cas_official)
    response = client.get(reverse("activities:list"), {"status": "logged", "export": "csv"}, REMOTE_ADDR=ADDRESS)
    b"".join(response.streaming_content)
    (export,) = entries(Action.EXPORT, Activity)
    assert (export.actor, export.remote_addr) == (cas_official, ADDRESS)
    assert export.additional_data == {"format": "csv", "query": "status=logged", "path": reverse("activities:list")}


def test_a_certificate_look_up_is_recorded_found_or_not(client, db):
    client.get(reverse("training:verify", args=["NO-SUCH-CODE"]), REMOTE_ADDR=ADDRESS, **FORGED)
    (looked_up,) = entries(Action.CERTIFICATE_VERIFIED)
    assert (looked_up.actor, looked_up.remote_addr, looked_up.object_repr) == (None, ADDRESS, "NO-SUCH-CODE")
    assert looked_up.additional_data == {"code": "NO-SUCH-CODE", "found": False}


def test_roles_given_in_the_admin_are_recorded(client, portal_admin, cas_official):
    client.force_login(portal_admin)
    coordinator = Group.objects.get(name=Role.COORDINATOR)
    page = client.get(reverse("admin:parties_user_change", args=[cas_official.pk]))
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data |= {"groups": [*data.get("groups", []), coordinator.pk], "user_permissions": []}
    data = {key: value for key, value in data.items() if key not in ("password", "last_login", "date_joined")}
    data |= {"date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"}
    response = client.post(reverse("admin:parties_user_change", args=[cas_official.pk]), data, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302, response.context["adminform"].form.errors
    (given,) = [e for e in entries(Action.UPDATE) if "groups" in (e.changes or {}) and e.actor == portal_admin]
    assert (given.actor, given.remote_addr, given.object_id) == (portal_admin, ADDRESS, cas_official.pk)
    assert given.changes["groups"] == {"type": "m2m", "operation": "add", "objects": ["coordinator"]}


def test_a_password_change_is_recorded_without_the_hash(cas_official):
    old_hash = cas_official.password
    Entry.objects.all().delete()
    cas_official.set_password("another-long-password")
    cas_official.save()
    (changed,) = [e for e in entries(Action.UPDATE) if "password" in (e.changes or {})]
    assert changed.changes["password"] == ["******", "******"]
    assert old_hash[10:] not in str(changed.changes) and cas_official.password[10:] not in str(changed.changes)
