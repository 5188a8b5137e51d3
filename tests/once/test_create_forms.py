"""One-time create forms: every create form carries a token; its second submission creates nothing and
leads to what the first created; the token is its submitter's; a form shown again keeps its token."""

import re
import threading
import time
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cooperation.documents.models import AccessRequest, Document, DocumentVersion
from cooperation.meetings.models import ActionItem, Meeting, Series
from protocol.activities import services as activity_services
from protocol.activities.models import Activity
from protocol.notifications.models import OutboxMessage
from protocol.once.forms import ONCE_FIELD, new_token
from protocol.once.models import SubmittedForm
from protocol.parties.roles import Role
from tests.documents import samples
from tests.factories import UserFactory
from tests.meetings.data import schedule
from tests.pages import messages_of

ALREADY = "This form was already submitted; here is what it created."
TOKEN_INPUT = re.compile(r'<input type="hidden" name="once_token" value="([^"]+)"')


@dataclass
class CreateForm:
    user: object
    url: str
    fields: callable  # the valid fields, built afresh for each POST (an upload is read once)
    invalid: dict  # fields that fail the form's validation
    model: type
    where: callable  # where a submission leads, given what it created
    notifies: bool


def _activity(r) -> CreateForm:
    r.getfixturevalue("sipo_coordinator")  # confirms the other party's activities: the one told
    cas_official, sipo_official = r.getfixturevalue("cas_official"), r.getfixturevalue("sipo_official")
    return CreateForm(
        user=cas_official,
        url=reverse("activities:create"),
        fields=lambda: {
            "area": "training",
            "kind": "training_session",
            "title": "Patent search training",
            "start_date": "2026-05-10",
            "lead_party": cas_official.party_id,
            "participants": [cas_official.pk, sipo_official.pk],
            "action": "log",
        },
        invalid={"title": ""},
        model=Activity,
        where=lambda activity: activity.get_absolute_url(),
        notifies=True,
    )


def _meeting(r) -> CreateForm:
    cas_official, sipo_official = r.getfixturevalue("cas_official"), r.getfixturevalue("sipo_official")
    return CreateForm(
        user=cas_official,
        url=reverse("meetings:create"),
        fields=lambda: {
            "title": "Liaison meeting on patent data",
            "kind": "liaison",
            "starts_at": "2031-05-12T10:00",
            "ends_at": "2031-05-12T11:30",
            "location": "Beijing",
            "attendees": [cas_official.pk, sipo_official.pk],
            "agenda-TOTAL_FORMS": "1",
            "agenda-INITIAL_FORMS": "0",
            "agenda-MIN_NUM_FORMS": "0",
            "agenda-MAX_NUM_FORMS": "20",
        },
        invalid={"title": ""},
        model=Meeting,
        where=lambda meeting: meeting.get_absolute_url(),
        notifies=True,
    )


def _document(r) -> CreateForm:
    r.getfixturevalue("sipo_docadmin")  # told of a document shared with SIPO
    return CreateForm(
        user=r.getfixturevalue("cas_docadmin"),
        url=reverse("documents:create"),
        fields=lambda: {
            "title": "合作协议",
            "title_other": "Cooperation agreement",
            "summary": "The agreement between the parties.",
            "doc_type": "policy",
            "area": "documents",
            "language": "zh",
            "confidentiality": "shared",
            "tags": "协议",
            "patent_numbers": "",
            "ipc_classes": "",
            "file": SimpleUploadedFile("合作协议.pdf", samples.chinese_pdf()),
        },
        invalid={"title": ""},
        model=Document,
        where=lambda document: document.get_absolute_url(),
        notifies=True,
    )


def _version(r) -> CreateForm:
    document = r.getfixturevalue("cas_shared")
    return CreateForm(
        user=r.getfixturevalue("cas_docadmin"),
        url=reverse("documents:version_create", args=[document.pk]),
        fields=lambda: {"file": SimpleUploadedFile("agreement-en.pdf", samples.english_pdf()), "change_note": "EN"},
        invalid={"file": ""},
        model=DocumentVersion,
        where=lambda version: document.get_absolute_url(),
        notifies=False,
    )


def _access_request(r) -> CreateForm:
    document = r.getfixturevalue("cas_on_request")
    return CreateForm(
        user=r.getfixturevalue("sipo_official"),
        url=reverse("documents:request_access", args=[document.pk]),
        fields=lambda: {"reason": "用于联合专利分析"},
        invalid={"reason": "x" * 2001},
        model=AccessRequest,
        where=lambda access_request: document.get_absolute_url(),
        notifies=True,
    )


def _action_item(r) -> CreateForm:
    cas_official, sipo_official = r.getfixturevalue("cas_official"), r.getfixturevalue("sipo_official")
    meeting = schedule(cas_official, [cas_official, sipo_official], chair=cas_official, minute_taker=sipo_official)
    return CreateForm(
        user=sipo_official,
        url=reverse("meetings:action_create", args=[meeting.pk]),
        fields=lambda: {
            "description": "Draft the joint report 联合报告",
            "owner": cas_official.pk,
            "due_date": (timezone.localdate() + timedelta(days=10)).isoformat(),
        },
        invalid={"description": ""},
        model=ActionItem,
        where=lambda item: reverse("meetings:minutes", args=[meeting.pk]),
        notifies=True,
    )


def _series(r) -> CreateForm:
    return CreateForm(
        user=r.getfixturevalue("sipo_coordinator"),
        url=reverse("meetings:series_create"),
        fields=lambda: {"name": "联合工作组 Joint Working Group", "description": "双方每季度召开一次。"},
        invalid={"name": ""},
        model=Series,
        where=lambda series: reverse("meetings:series_list"),
        notifies=False,
    )


CREATE_FORMS = {
    "activity": _activity,
    "meeting": _meeting,
    "document": _document,
    "version": _version,
    "access_request": _access_request,
    "action_item": _action_item,
    "series": _series,
}


@pytest.fixture(params=list(CREATE_FORMS))
def create_form(request, db) -> CreateForm:
    return CREATE_FORMS[request.param](request)


def token_of(response) -> str:
    tokens = TOKEN_INPUT.findall(response.content.decode())
    assert len(tokens) == 1, f"expected one token field, found {len(tokens)}"
    return tokens[0]


def newest(model):
    return model.objects.order_by("-pk").first()


def test_every_create_page_carries_a_fresh_token(client, create_form):
    client.force_login(create_form.user)
    first, second = token_of(client.get(create_form.url)), token_of(client.get(create_form.url))
    assert first != second and len(first) >= 32


def test_submitting_a_create_form_twice_creates_once_and_leads_to_the_first_record(client, create_form):
    client.force_login(create_form.user)
    token = new_token()
    before = create_form.model.objects.count()
    first = client.post(create_form.url, create_form.fields() | {ONCE_FIELD: token})
    record = newest(create_form.model)
    assert first.status_code == 302 and first["Location"] == create_form.where(record)
    assert create_form.model.objects.count() == before + 1
    sent = OutboxMessage.objects.count()
    assert (sent > 0) is create_form.notifies
    client.get(first["Location"])  # the user reads the page it led to, and its messages

    again = client.post(create_form.url, create_form.fields() | {ONCE_FIELD: token})
    assert again.status_code == 302 and again["Location"] == create_form.where(record)
    assert messages_of(again) == [ALREADY]
    assert create_form.model.objects.count() == before + 1
    assert OutboxMessage.objects.count() == sent
    submitted = SubmittedForm.objects.get()
    assert (submitted.token, submitted.user, submitted.record) == (token, create_form.user, record)


def test_a_form_shown_again_after_an_error_keeps_its_token_and_stores_nothing(client, create_form):
    client.force_login(create_form.user)
    token = new_token()
    before = create_form.model.objects.count()
    response = client.post(create_form.url, create_form.fields() | create_form.invalid | {ONCE_FIELD: token})
    assert response.status_code == 200 and token_of(response) == token
    assert create_form.model.objects.count() == before and not SubmittedForm.objects.exists()
    # The token was not spent: the corrected form creates.
    response = client.post(create_form.url, create_form.fields() | {ONCE_FIELD: token})
    assert response.status_code == 302 and create_form.model.objects.count() == before + 1


# The activity form stands for every create form below: the mechanism is the same one.


@pytest.fixture
def activity_form(request, db) -> CreateForm:
    return _activity(request)


@pytest.fixture
def cas_colleague(cas):
    return UserFactory(username="cas_colleague", full_name="Sun Li", party=cas, roles=[Role.OFFICIAL])


def test_another_users_token_creates_nothing_for_them_and_their_form_gets_a_fresh_one(
    client, activity_form, cas_colleague
):
    client.force_login(activity_form.user)
    token = new_token()
    client.post(activity_form.url, activity_form.fields() | {ONCE_FIELD: token})
    theirs = Activity.objects.get()

    client.force_login(cas_colleague)
    response = client.post(activity_form.url, activity_form.fields() | {ONCE_FIELD: token})
    assert response.status_code == 200
    assert "This form was sent from another account." in response.content.decode()
    assert list(Activity.objects.all()) == [theirs] and theirs.get_absolute_url() not in response.content.decode()
    fresh = token_of(response)
    assert fresh != token
    response = client.post(activity_form.url, activity_form.fields() | {ONCE_FIELD: fresh})
    assert response.status_code == 302 and Activity.objects.filter(author=cas_colleague).count() == 1


@pytest.mark.parametrize("token", [None, "", "short", "<script>" * 8])
def test_a_submission_without_a_valid_token_is_refused_with_a_fresh_one(client, activity_form, token):
    client.force_login(activity_form.user)
    data = activity_form.fields() | ({} if token is None else {ONCE_FIELD: token})
    response = client.post(activity_form.url, data)
    assert response.status_code == 200 and "This form had expired." in response.content.decode()
    assert not Activity.objects.exists() and not SubmittedForm.objects.exists()
    assert token_of(response) not in ("", token)


def test_a_refusal_by_the_service_spends_no_token(client, activity_form, cas_official):
    client.force_login(activity_form.user)
    token = new_token()
    # At least one participant must be of the other party: the service says so, and its transaction rolls back.
    response = client.post(
        activity_form.url, activity_form.fields() | {"participants": [cas_official.pk], ONCE_FIELD: token}
    )
    assert response.status_code == 200 and token_of(response) == token
    assert not Activity.objects.exists() and not SubmittedForm.objects.exists()


def test_a_token_whose_record_was_deleted_creates_nothing_and_says_so(client, activity_form):
    client.force_login(activity_form.user)
    token = new_token()
    client.post(activity_form.url, activity_form.fields() | {"action": "draft", ONCE_FIELD: token})
    draft = Activity.objects.get()
    assert client.post(reverse("activities:delete", args=[draft.pk])).status_code == 302
    response = client.post(activity_form.url, activity_form.fields() | {"action": "draft", ONCE_FIELD: token})
    assert response.status_code == 200 and "what it created has since been deleted" in response.content.decode()
    assert not Activity.objects.exists() and token_of(response) != token


def test_an_edit_form_carries_no_token(client, cas_official, cas_draft):
    client.force_login(cas_official)
    assert not TOKEN_INPUT.search(client.get(reverse("activities:edit", args=[cas_draft.pk])).content.decode())


# Two submissions of one token at the same moment: PostgreSQL only.


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_of_one_token_make_one_activity(monkeypatch, activity_form):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one writer at a time, so submissions never overlap")
    create = activity_services.activity_create

    def slow_create(**kwargs):
        # Hold the first transaction open, so the twin's claim of the token waits on it every time.
        activity = create(**kwargs)
        time.sleep(0.5)
        return activity

    monkeypatch.setattr(activity_services, "activity_create", slow_create)
    token = new_token()
    barrier = threading.Barrier(2)
    responses, errors = [], []

    def submit():
        try:
            client = Client()
            client.force_login(activity_form.user)
            barrier.wait(timeout=10)
            responses.append(client.post(activity_form.url, activity_form.fields() | {ONCE_FIELD: token}))
        except Exception as exc:  # reported below, where pytest shows it
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    activity = Activity.objects.get()
    assert [response.status_code for response in responses] == [302, 302]
    assert {response["Location"] for response in responses} == {activity.get_absolute_url()}
    assert sorted(len(messages_of(response)) for response in responses) == [1, 1]
    assert SubmittedForm.objects.get().record == activity
    assert OutboxMessage.objects.filter(kind="activity.logged").count() == OutboxMessage.objects.count() > 0
