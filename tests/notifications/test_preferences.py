"""Notification preferences: the page, what it stores, and delivery honouring it for every kind,
read when the row is delivered, with areas muted or followed."""

from datetime import timedelta

import lxml.html
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from cooperation.documents.models import Confidentiality
from cooperation.documents.selectors import documents_visible_to
from cooperation.meetings import services as meeting_services
from cooperation.meetings.models import MeetingKind
from cooperation.meetings.notifications import MINUTES_SUBMITTED
from cooperation.meetings.selectors import meetings_visible_to
from cooperation.projects import services as support_services
from cooperation.projects.models import ProjectStatus, ProjectType
from cooperation.projects.selectors import applications_visible_to
from cooperation.projects.selectors import projects_visible_to as support_projects_visible_to
from cooperation.research import services as research_services
from cooperation.research.models import TeamRole
from cooperation.research.selectors import projects_visible_to
from cooperation.training import services as training_services
from cooperation.training.selectors import sessions_visible_to
from protocol.activities.notifications import ACTIVITY_CONFIRMED, ACTIVITY_LOGGED
from protocol.activities.selectors import activities_visible_to
from protocol.agreement import services as agreement_services
from protocol.agreement.models import Agreement
from protocol.agreement.selectors import agreements_visible_to, amendments_visible_to
from protocol.areas import Area
from protocol.notifications import outbox
from protocol.notifications.kinds import configurable_kinds
from protocol.notifications.models import (
    AreaMode,
    AreaSubscription,
    Channel,
    Notification,
    NotificationPreference,
    OutboxMessage,
    OutboxStatus,
)
from protocol.notifications.services import digests_build, notification_preferences_save
from protocol.parties.models import Language
from protocol.reports.models import AnnualReport
from protocol.reports.selectors import reports_visible_to
from tests.factories import ActivityFactory
from tests.pages import messages_of

PREFERENCES = reverse("notifications:preferences")
PREFERENCES_LINK = "http://testserver/notifications/preferences/"
LEDGER = "Joint activities (every area)"
# Every placeholder any kind's subject or body uses: the e-mail renders in full whatever the kind.
PARAMS = {
    "actor": "Li Ming",
    "title": "Joint analysis",
    "comment": "请补充",
    "reason": "联合分析需要",
    "party": "CAS",
    "level": Confidentiality.SHARED,
    "when": "2 March 2026, 10:00",
    "revision": 2,
    "action": "Draft the report",
    "due": "2026-03-09",
    "owner": "Wang Fang",
    "days": 5,
    "applicant": "Li Ming",
    "call": "征集专利分析专家",
    "project": "专利导航：新能源汽车",
    "average": "4.50",
    "person": "Li Ming",
    "kind": "Expert days",
}


# -- reading the page ----------------------------------------------------------------------------


def kind_groups(html: str) -> dict[str, dict[str, dict]]:
    """{group heading: {kind label: {"checked": value, "default": value}}} as the page shows them."""
    tree = lxml.html.fromstring(html)
    groups = {}
    for section in tree.xpath("//section[starts-with(@aria-labelledby, 'group-')]"):
        heading = section.xpath("string(.//h2)").strip()
        rows = {}
        for fieldset in section.xpath(".//fieldset[@data-kind]"):
            label = fieldset.xpath("string(legend)").strip()
            checked = fieldset.xpath(".//input[@type='radio'][@checked]/@value")
            defaults = [
                radio.get("value")
                for radio in fieldset.xpath(".//input[@type='radio']")
                if fieldset.xpath(f"string(.//label[@for='{radio.get('id')}']/span)").strip()
            ]
            rows[label] = {"checked": checked, "default": defaults, "field": fieldset.get("data-kind")}
        groups[heading] = rows
    return groups


def area_modes_shown(html: str) -> dict[str, list[str]]:
    tree = lxml.html.fromstring(html)
    return {
        fieldset.get("data-area"): fieldset.xpath(".//input[@type='radio'][@checked]/@value")
        for fieldset in tree.xpath("//fieldset[@data-area]")
    }


def defaults_posted(user) -> dict[str, str]:
    """The whole form as the page offers it to `user`: each kind's default, every area as set per kind."""
    data = {f"kind-{kind.key}": kind.default_for(user.role_names).value for kind in configurable_kinds()}
    return data | {f"area-{area}": AreaMode.DEFAULT.value for area in Area.values}


def stored(user) -> dict[str, str]:
    return dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))


# -- the page ------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(PREFERENCES)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={PREFERENCES}"


def test_every_configurable_kind_is_offered_once_under_its_areas_heading(client, cas_official):
    client.force_login(cas_official)

    groups = kind_groups(client.get(PREFERENCES).content.decode())

    assert list(groups) == [
        LEDGER, "Document sharing", "Joint research", "Training", "Communication mechanism", "Project support"
    ]  # fmt: skip
    assert "Applications to review" in groups["Project support"]
    assert "Minutes to review" in groups["Communication mechanism"]
    assert "Research plans to approve" in groups["Joint research"]
    assert "New documents shared with your party" in groups["Document sharing"]
    assert "Activities for you to confirm" in groups[LEDGER]
    shown = [row["field"] for rows in groups.values() for row in rows.values()]
    assert sorted(shown) == sorted(f"kind-{kind.key}" for kind in configurable_kinds())
    labels = {str(kind.label) for kind in configurable_kinds()}
    assert {label for rows in groups.values() for label in rows} == labels
    assert len(labels) == len(configurable_kinds()), "two kinds share a label"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("cas_coordinator", Channel.IMMEDIATE),
        ("sipo_coordinator", Channel.IMMEDIATE),
        ("cas_official", Channel.DIGEST),
        ("sipo_docadmin", Channel.DIGEST),
    ],
)
def test_the_default_is_checked_and_marked_per_role(client, personas, persona, expected):
    client.force_login(personas[persona])

    minutes = kind_groups(client.get(PREFERENCES).content.decode())["Communication mechanism"]["Minutes to review"]

    assert minutes == {"checked": [expected], "default": [expected], "field": "kind-minutes.submitted"}


def test_a_document_admin_gets_new_documents_at_once_an_official_in_the_digest(client, cas_docadmin, cas_official):
    label = "New documents shared with your party"
    client.force_login(cas_docadmin)
    assert kind_groups(client.get(PREFERENCES).text)["Document sharing"][label]["default"] == [Channel.IMMEDIATE]
    client.force_login(cas_official)
    assert kind_groups(client.get(PREFERENCES).text)["Document sharing"][label]["default"] == [Channel.DIGEST]


def test_every_row_marks_exactly_one_default_and_checks_it_until_the_user_chooses(client, personas):
    for person in personas.values():
        client.force_login(person)
        groups = kind_groups(client.get(PREFERENCES).text)
        for rows in groups.values():
            for label, row in rows.items():
                assert len(row["default"]) == 1, (person.username, label)
                assert row["checked"] == row["default"], (person.username, label)
        modes = area_modes_shown(client.get(PREFERENCES).text)
        assert modes == {f"area-{area}": [AreaMode.DEFAULT] for area in Area.values}, person.username


def test_the_page_is_in_the_readers_language(client, sipo_coordinator):
    sipo_coordinator.preferred_language = Language.CHINESE
    sipo_coordinator.save(update_fields=["preferred_language"])
    client.force_login(sipo_coordinator)

    response = client.get(PREFERENCES)

    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans">' in response.text
    with translation.override("zh-hans"):
        communication = str(Area.COMMUNICATION.label)
        minutes_label = str(MINUTES_SUBMITTED.label)
        at_once = str(Channel.IMMEDIATE.label)
        areas = (Area.DOCUMENTS, Area.RESEARCH, Area.TRAINING, Area.COMMUNICATION, Area.PROJECTS)
        expected_headings = [str(Area(area).label) for area in areas]
        areas_heading = translation.gettext("Areas of cooperation")
    assert communication == "交流机制"
    groups = kind_groups(response.text)
    assert list(groups)[1:] == expected_headings
    assert groups[communication][minutes_label]["default"] == [Channel.IMMEDIATE]
    assert at_once in response.text
    assert areas_heading in response.text and "Areas of cooperation" not in response.text


def test_the_page_has_no_english_left_for_a_chinese_reader(client, sipo_coordinator):
    sipo_coordinator.preferred_language = Language.CHINESE
    sipo_coordinator.save(update_fields=["preferred_language"])
    client.force_login(sipo_coordinator)

    page = client.get(PREFERENCES).text

    with translation.override("en"):  # the request left Chinese active in this thread
        english = [str(kind.label) for kind in configurable_kinds()] + [str(label) for label in Channel.labels]
        english += [str(label) for label in AreaMode.labels] + ["Notification settings", "Save settings", str(LEDGER)]
    assert [text for text in english if text in page] == []


def test_the_saved_message_is_in_the_readers_language(client, sipo_coordinator):
    sipo_coordinator.preferred_language = Language.CHINESE
    sipo_coordinator.save(update_fields=["preferred_language"])
    client.force_login(sipo_coordinator)

    response = client.post(PREFERENCES, defaults_posted(sipo_coordinator), follow=True)

    assert response["Content-Language"] == "zh-hans"
    with translation.override("zh-hans"):
        assert messages_of(response) == [translation.gettext("Your notification settings are saved.")]


# -- saving --------------------------------------------------------------------------------------


def test_saving_stores_only_what_differs_from_the_roles_default(client, cas_coordinator):
    client.force_login(cas_coordinator)
    data = defaults_posted(cas_coordinator) | {
        "kind-minutes.submitted": Channel.DIGEST,  # a coordinator's default is at once
        "kind-activity.confirmed": Channel.IMMEDIATE,  # everyone's default is the digest
        "kind-meeting.invited": Channel.IMMEDIATE,  # the default: not stored
        "kind-document.shared": Channel.PORTAL,
    }

    response = client.post(PREFERENCES, data, follow=True)

    assert response.redirect_chain == [(PREFERENCES, 302)]
    assert messages_of(response) == ["Your notification settings are saved."]
    assert stored(cas_coordinator) == {
        "minutes.submitted": Channel.DIGEST,
        "activity.confirmed": Channel.IMMEDIATE,
        "document.shared": Channel.PORTAL,
    }
    groups = kind_groups(response.text)
    assert groups["Communication mechanism"]["Minutes to review"] == {
        "checked": [Channel.DIGEST],
        "default": [Channel.IMMEDIATE],
        "field": "kind-minutes.submitted",
    }
    assert groups["Document sharing"]["New documents shared with your party"]["checked"] == [Channel.PORTAL]
    assert groups[LEDGER]["Your activities confirmed by the other party"]["checked"] == [Channel.IMMEDIATE]
    assert groups["Communication mechanism"]["Meeting invitations"]["checked"] == [Channel.IMMEDIATE]


def test_saving_the_defaults_again_removes_earlier_choices(client, cas_coordinator):
    notification_preferences_save(
        user=cas_coordinator, channels={"minutes.submitted": Channel.PORTAL}, areas={Area.TRAINING: AreaMode.MUTE}
    )
    client.force_login(cas_coordinator)

    assert client.post(PREFERENCES, defaults_posted(cas_coordinator)).status_code == 302

    assert stored(cas_coordinator) == {}
    assert not AreaSubscription.objects.filter(user=cas_coordinator).exists()


def test_choices_are_ones_own(client, cas_coordinator, sipo_coordinator):
    notification_preferences_save(user=sipo_coordinator, channels={"minutes.submitted": Channel.PORTAL}, areas={})
    client.force_login(cas_coordinator)

    client.post(PREFERENCES, defaults_posted(cas_coordinator) | {"kind-minutes.submitted": Channel.DIGEST})

    assert stored(cas_coordinator) == {"minutes.submitted": Channel.DIGEST}
    assert stored(sipo_coordinator) == {"minutes.submitted": Channel.PORTAL}


def test_following_and_muting_areas_is_saved_and_shown(client, sipo_official):
    client.force_login(sipo_official)
    data = defaults_posted(sipo_official) | {"area-research": AreaMode.FOLLOW, "area-training": AreaMode.MUTE}

    response = client.post(PREFERENCES, data, follow=True)

    assert dict(AreaSubscription.objects.filter(user=sipo_official).values_list("area", "mode")) == {
        "research": AreaMode.FOLLOW,
        "training": AreaMode.MUTE,
    }
    shown = area_modes_shown(response.text)
    assert shown["area-research"] == [AreaMode.FOLLOW]
    assert shown["area-training"] == [AreaMode.MUTE]
    assert shown["area-documents"] == [AreaMode.DEFAULT]
    assert stored(sipo_official) == {}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind-minutes.submitted": "sms"}, "kind-minutes.submitted"),
        ({"kind-minutes.submitted": ""}, "kind-minutes.submitted"),
        ({"area-research": "shout"}, "area-research"),
        (None, "kind-meeting.invited"),  # the field left out
    ],
    ids=["unknown-channel", "empty-channel", "unknown-area-mode", "missing-field"],
)
def test_bad_input_stores_nothing_and_says_what_is_wrong(client, cas_coordinator, change, field):
    notification_preferences_save(
        user=cas_coordinator, channels={"activity.logged": Channel.PORTAL}, areas={Area.TRAINING: AreaMode.MUTE}
    )
    client.force_login(cas_coordinator)
    data = defaults_posted(cas_coordinator) | {"kind-document.shared": Channel.PORTAL} | (change or {})
    if change is None:
        del data[field]

    response = client.post(PREFERENCES, data)

    assert response.status_code == 200
    assert messages_of(response) == ["Nothing was saved: choose one option in each marked row."]
    assert list(response.context["form"].errors) == [field]
    tree = lxml.html.fromstring(response.text)
    [row] = tree.xpath(f"//fieldset[@data-kind='{field}' or @data-area='{field}']")
    assert row.xpath("string(.//div[contains(@class, 'invalid-feedback')])").strip()
    assert tree.xpath("//fieldset[.//div[contains(@class, 'invalid-feedback')]]") == [row]
    if field.startswith("kind-"):
        assert tree.xpath("//fieldset[contains(@class, 'is-invalid')]") == [row]
    # The earlier choices stand; none of this attempt's was stored.
    assert stored(cas_coordinator) == {"activity.logged": Channel.PORTAL}
    assert dict(AreaSubscription.objects.filter(user=cas_coordinator).values_list("area", "mode")) == {
        "training": AreaMode.MUTE
    }


def test_bad_input_keeps_what_the_user_chose_on_the_form(client, cas_coordinator):
    client.force_login(cas_coordinator)
    data = defaults_posted(cas_coordinator) | {"kind-document.shared": Channel.PORTAL, "kind-minutes.submitted": "x"}

    response = client.post(PREFERENCES, data)

    groups = kind_groups(response.text)
    assert groups["Document sharing"]["New documents shared with your party"]["checked"] == [Channel.PORTAL]
    assert groups["Communication mechanism"]["Minutes to review"]["checked"] == []


def test_a_kind_that_is_not_offered_is_not_stored(client, cas_coordinator):
    client.force_login(cas_coordinator)
    data = defaults_posted(cas_coordinator) | {"kind-notifications.digest": Channel.PORTAL, "kind-bogus": "portal"}

    assert client.post(PREFERENCES, data).status_code == 302

    assert stored(cas_coordinator) == {}


# -- delivery honours the choice, for every kind and channel -------------------------------------


def support_project(cas_coordinator):
    """A CAS project of project support, published and open for participation."""
    today = timezone.localdate()
    fields = support_services.ProjectFields(
        title="专利导航：新能源汽车", project_type=ProjectType.PATENT_NAVIGATION, description="Navigation.",
        starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=300),
    )  # fmt: skip
    project = support_services.project_create(by=cas_coordinator, fields=fields)
    project = support_services.project_publish(project=project, by=cas_coordinator)
    return support_services.project_advance(project=project, by=cas_coordinator, to=ProjectStatus.OPEN)


def support_application(cas_coordinator, sipo_official):
    """sipo_official's application to a call of a CAS project: the applicant reads it."""
    now = timezone.now().replace(microsecond=0)
    fields = support_services.CallFields(
        title="征集专利分析专家", description="Experts.", places=2, opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=10), criteria=["Expertise"],
    )  # fmt: skip
    call = support_services.call_create(project=support_project(cas_coordinator), by=cas_coordinator, fields=fields)
    return support_services.application_start(
        call=call, by=sipo_official, fields=support_services.ApplicationFields("Motivation.", "Ten days."), submit=True
    )


@pytest.fixture
def target_for(cas_official, sipo_official, cas_coordinator, make_document, mailoutbox):
    """Something of the kind's sort that the SIPO official may see; nothing delivered or queued yet."""

    def make(kind, **overrides):
        if kind.visible_to is activities_visible_to:
            target = ActivityFactory(
                author=cas_official, status="logged", participants=[cas_official, sipo_official], **overrides
            )
        elif kind.visible_to is documents_visible_to:
            target = make_document(confidentiality=Confidentiality.SHARED, **overrides)
        elif kind.visible_to is meetings_visible_to:
            starts_at = timezone.now().replace(microsecond=0) + timedelta(days=7)
            fields = meeting_services.MeetingFields(
                title="Joint Working Group",
                kind=MeetingKind.WORKING_GROUP,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=1),
                attendees=[cas_official, sipo_official],
                **overrides,
            )
            target = meeting_services.meeting_schedule(by=cas_official, fields=fields)
        elif kind.visible_to is projects_visible_to:
            today = timezone.localdate()
            pis = [research_services.Member(user=person, role=TeamRole.PRINCIPAL_INVESTIGATOR) for person in
                   (cas_official, sipo_official)]  # fmt: skip
            fields = research_services.ProjectFields(
                title="专利导航：量子计算",
                objectives="Map the patent landscape.",
                start_date=today,
                end_date=today + timedelta(days=300),
                team=pis,
                milestones=[research_services.MilestoneRow("Data set", today + timedelta(days=100), cas_official)],
            )
            draft = research_services.project_create(by=cas_official, fields=fields)
            target = research_services.project_propose(project=draft, by=cas_official)
        elif kind.visible_to is sessions_visible_to:
            course = training_services.course_create(
                by=cas_official, fields=training_services.CourseFields(title="专利检索与分析", description="Search.")
            )
            starts = timezone.now().replace(microsecond=0) + timedelta(days=7)
            fields = training_services.SessionFields(
                starts_at=starts, ends_at=starts + timedelta(hours=2), enrolment_opens_at=timezone.now(),
                enrolment_closes_at=starts - timedelta(days=1), seats={cas_official.party_id: 2},
            )  # fmt: skip
            target = training_services.session_create(course=course, by=cas_official, fields=fields)
        elif kind.visible_to is applications_visible_to:
            target = support_application(cas_coordinator, sipo_official)
        elif kind.visible_to is support_projects_visible_to:
            target = support_project(cas_coordinator)
        elif kind.visible_to is amendments_visible_to:
            fields = agreement_services.AmendmentFields(
                title_zh="修订", title_en="Amendment", text_zh="文本。", text_en="Text.", area="",
                effective_on=timezone.localdate(),
            )  # fmt: skip
            draft = agreement_services.amendment_create(by=cas_coordinator, fields=fields)
            target = agreement_services.amendment_propose(amendment=draft, by=cas_coordinator)
        elif kind.visible_to is agreements_visible_to:
            target = Agreement.objects.get()
        elif kind.visible_to is reports_visible_to:
            # A locked record, which every member of staff reads.
            target = AnnualReport.objects.create(
                year=2026, version=1, requested_by=cas_coordinator, status="ready", locked_at=timezone.now()
            )
        else:
            raise AssertionError(f"no target for {kind.key}: add one here")
        assert kind.visible_to(sipo_official).filter(pk=target.pk).exists()
        # Whatever making it announced is not what these tests look at.
        OutboxMessage.objects.all().delete()
        mailoutbox.clear()
        return target

    return make


def enqueue(kind, recipient, target, capture):
    with capture(execute=True):
        outbox.enqueue(kind=kind, recipients=[recipient], target=target, params=PARAMS)


@pytest.mark.parametrize("channel", list(Channel), ids=lambda channel: channel.value)
@pytest.mark.parametrize("kind", configurable_kinds(), ids=lambda kind: kind.key)
def test_every_kind_is_delivered_as_the_recipient_chose(
    kind, channel, sipo_official, target_for, mailoutbox, django_capture_on_commit_callbacks
):
    target = target_for(kind)
    notification_preferences_save(user=sipo_official, channels={kind.key: channel}, areas={})

    enqueue(kind, sipo_official, target, django_capture_on_commit_callbacks)

    row = OutboxMessage.objects.get()
    assert (row.status, row.channel) == (OutboxStatus.SENT, channel)
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind, notification.channel) == (sipo_official, kind.key, channel)
    assert notification.digest is None
    assert notification.url == target.get_absolute_url()
    if channel == Channel.IMMEDIATE:
        [email] = mailoutbox
        assert email.to == [sipo_official.email]
        # Every e-mail says where its reader can choose what they receive.
        [(html, _mimetype)] = email.alternatives
        assert PREFERENCES_LINK in email.body
        assert PREFERENCES_LINK in html
    else:
        assert mailoutbox == []


def test_the_choice_is_read_when_the_row_is_delivered_not_when_it_was_queued(
    sipo_coordinator, cas_official, sipo_official, mailoutbox
):
    activity = ActivityFactory(author=cas_official, status="logged", participants=[cas_official, sipo_official])
    assert ACTIVITY_LOGGED.default_for(sipo_coordinator.role_names) == Channel.IMMEDIATE
    # Queued while the coordinator takes these at once; the after-commit publish never runs here.
    outbox.enqueue(kind=ACTIVITY_LOGGED, recipients=[sipo_coordinator], target=activity, params=PARAMS)
    notification_preferences_save(user=sipo_coordinator, channels={ACTIVITY_LOGGED.key: Channel.PORTAL}, areas={})

    assert outbox.sweep() == 1

    assert mailoutbox == []
    assert Notification.objects.get(recipient=sipo_coordinator).channel == Channel.PORTAL
    assert OutboxMessage.objects.get().channel == Channel.PORTAL


def test_a_retry_after_a_failed_e_mail_follows_a_switch_to_the_digest(
    sipo_coordinator, cas_official, sipo_official, smtp, mailoutbox, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(author=cas_official, status="logged", participants=[cas_official, sipo_official])
    smtp.down = True
    enqueue(ACTIVITY_LOGGED, sipo_coordinator, activity, django_capture_on_commit_callbacks)
    assert OutboxMessage.objects.get().status == OutboxStatus.PENDING  # to be retried
    smtp.down = False
    notification_preferences_save(user=sipo_coordinator, channels={ACTIVITY_LOGGED.key: Channel.DIGEST}, areas={})

    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert outbox.sweep() == 1

    assert mailoutbox == []
    assert OutboxMessage.objects.get().channel == Channel.DIGEST
    # Waiting for the next digest, or it would never be e-mailed at all.
    assert Notification.objects.get().channel == Channel.DIGEST
    assert digests_build() == 1


# -- areas -----------------------------------------------------------------------------------------


def test_a_muted_area_keeps_even_an_immediate_kind_in_the_portal_but_only_for_that_area(
    sipo_official, target_for, mailoutbox, django_capture_on_commit_callbacks
):
    research = target_for(ACTIVITY_CONFIRMED, area=Area.RESEARCH, title="Research activity")
    training = target_for(ACTIVITY_CONFIRMED, area=Area.TRAINING, title="Training activity")
    # Chosen explicitly (the kind's default is the digest); muting research wins over the choice.
    notification_preferences_save(
        user=sipo_official, channels={ACTIVITY_CONFIRMED.key: Channel.IMMEDIATE}, areas={Area.RESEARCH: AreaMode.MUTE}
    )

    enqueue(ACTIVITY_CONFIRMED, sipo_official, research, django_capture_on_commit_callbacks)
    enqueue(ACTIVITY_CONFIRMED, sipo_official, training, django_capture_on_commit_callbacks)

    channels = dict(Notification.objects.values_list("area", "channel"))
    assert channels == {Area.RESEARCH: Channel.PORTAL, Area.TRAINING: Channel.IMMEDIATE}
    [email] = mailoutbox
    assert "Joint analysis" in email.subject and email.to == [sipo_official.email]
    assert OutboxMessage.objects.get(target_id=training.pk).channel == Channel.IMMEDIATE


def test_a_muted_area_applies_to_a_kind_the_user_never_set(
    sipo_coordinator, cas_official, sipo_official, mailoutbox, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(author=cas_official, status="logged", participants=[cas_official, sipo_official])
    notification_preferences_save(user=sipo_coordinator, channels={}, areas={activity.area: AreaMode.MUTE})

    enqueue(ACTIVITY_LOGGED, sipo_coordinator, activity, django_capture_on_commit_callbacks)

    assert Notification.objects.get(recipient=sipo_coordinator).channel == Channel.PORTAL
    assert mailoutbox == []


def test_a_document_notice_belongs_to_the_documents_own_area(
    sipo_docadmin, make_document, mailoutbox, django_capture_on_commit_callbacks
):
    """Muting research mutes a research document's announcement, not a document-sharing one."""
    notification_preferences_save(user=sipo_docadmin, channels={}, areas={Area.RESEARCH: AreaMode.MUTE})

    make_document(title="Research report", area=Area.RESEARCH, confidentiality=Confidentiality.SHARED)
    make_document(title="Patent statistics", area=Area.DOCUMENTS, confidentiality=Confidentiality.SHARED)

    told = dict(Notification.objects.filter(recipient=sipo_docadmin).values_list("area", "channel"))
    assert told == {Area.RESEARCH: Channel.PORTAL, Area.DOCUMENTS: Channel.IMMEDIATE}
    assert [email.to for email in mailoutbox] == [[sipo_docadmin.email]]
    assert "Patent statistics" in mailoutbox[0].subject


def test_an_official_who_follows_an_area_hears_of_new_documents_shared_in_it(personas, make_document, mailoutbox):
    sipo_official, cas_official = personas["sipo_official"], personas["cas_official"]
    notification_preferences_save(user=sipo_official, channels={}, areas={Area.RESEARCH: AreaMode.FOLLOW})
    # Following one's own party's area tells nothing of one's own party's documents.
    notification_preferences_save(user=cas_official, channels={}, areas={Area.RESEARCH: AreaMode.FOLLOW})

    research = make_document(title="Research report", area=Area.RESEARCH, confidentiality=Confidentiality.SHARED)
    make_document(title="Training plan", area=Area.TRAINING, confidentiality=Confidentiality.SHARED)

    [notification] = Notification.objects.filter(recipient=sipo_official)
    assert (notification.kind, notification.area) == ("document.shared", Area.RESEARCH)
    assert notification.url == research.get_absolute_url()
    assert "Research report" in notification.message
    # An official's default for new documents is the digest: in the inbox now, by e-mail tomorrow.
    assert notification.channel == Channel.DIGEST and notification.digest is None
    assert sipo_official.email not in {address for email in mailoutbox for address in email.to}
    assert not Notification.objects.filter(recipient=cas_official).exists()
    # Coordinators and document admins are told of both, as before; no one twice.
    for username in ("sipo_coordinator", "sipo_docadmin"):
        assert Notification.objects.filter(recipient=personas[username]).count() == 2


def test_a_follower_is_not_told_of_a_document_their_party_may_not_see(personas, make_document):
    notification_preferences_save(user=personas["sipo_official"], channels={}, areas={Area.RESEARCH: AreaMode.FOLLOW})

    make_document(title="内部资料", area=Area.RESEARCH, confidentiality=Confidentiality.INTERNAL)

    assert not Notification.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_muting_an_area_is_not_following_it(personas, make_document):
    notification_preferences_save(user=personas["sipo_official"], channels={}, areas={Area.RESEARCH: AreaMode.MUTE})

    make_document(title="Research report", area=Area.RESEARCH, confidentiality=Confidentiality.SHARED)

    assert not Notification.objects.filter(recipient=personas["sipo_official"]).exists()
