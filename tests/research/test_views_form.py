"""The research project form: creating a draft with its team, milestones and deliverables; bad input; the
one-time token; who may edit the plan, and editing after both parties approved it (an amendment)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from cooperation.documents.models import Confidentiality
from cooperation.research import services
from cooperation.research.models import Deliverable, Milestone, PlanState, ProjectStatus, ResearchProject, TeamMember
from protocol.notifications.models import OutboxMessage
from protocol.parties.models import Language
from tests.once import once
from tests.pages import messages_of
from tests.research.conftest import TITLE, dates

CREATE = reverse("research:create")
EDITORS = ["cas_official", "sipo_official", "cas_coordinator"]  # the creator and PI, the other PI, a lead coordinator


def edit_url(project) -> str:
    return reverse("research:edit", args=[project.pk])


def rows(prefix: str, items, *, initial: int = 0) -> dict:
    """A formset's rows as the page posts them."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(items)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "30",
    }
    for index, item in enumerate(items):
        data |= {f"{prefix}-{index}-{name}": value for name, value in item.items() if value is not None}
    return data


def form_data(*, pis: dict, team=(), milestones=(), deliverables=(), **overrides) -> dict:
    """The fields of the form (no token: `once(...)` adds one for creating)."""
    start, end = dates()
    data = {
        "title": TITLE,
        "title_other": "Patent navigation: quantum computing",
        "topic": "量子计算专利态势",
        "technology_field": "Quantum computing",
        "ipc_classes": "g06n H04L",
        "objectives": "Map the patent landscape of quantum computing in China.",
        "expected_outputs": "A landscape report.",
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
    }
    data |= {f"pi_{code}": person.pk for code, person in pis.items()}
    data |= rows("team", [{"user": person.pk, "role": role} for person, role in team])
    data |= rows(
        "milestones",
        [{"title": title, "due_date": due.isoformat(), "owner": owner.pk} for title, due, owner in milestones],
    )
    data |= rows("deliverables", [{"title": title, "due_date": due.isoformat()} for title, due in deliverables])
    return data | overrides


@pytest.fixture
def joint_post(cas_official, sipo_official, cas_docadmin, sipo_docadmin):
    """A joint project as a CAS official enters it: both PIs, two members, three milestones, one deliverable."""
    start, end = dates()
    return form_data(
        pis={"cas": cas_official, "sipo": sipo_official},
        team=[(cas_docadmin, "analyst"), (sipo_docadmin, "researcher")],
        milestones=[
            ("Search strategy agreed", start + timedelta(days=40), cas_official),
            ("Data set complete", start + timedelta(days=150), sipo_docadmin),
            ("Draft report", start + timedelta(days=300), cas_official),
        ],
        deliverables=[("Patent landscape report, final", end)],
    )


def edit_data(project, *, milestones=None, **overrides) -> dict:
    """The edit form as its page posts it back: the project's values, each existing row with its id."""
    pis = {m.party.code.lower(): m.user for m in project.team.select_related("party", "user") if m.role == "pi"}
    data = form_data(pis=pis)
    data |= {
        name: getattr(project, name)
        for name in ("title", "title_other", "topic", "technology_field", "ipc_classes", "objectives",
                     "expected_outputs")
    }  # fmt: skip
    data |= {"start_date": project.start_date.isoformat(), "end_date": project.end_date.isoformat()}
    if project.internal:
        data["internal"] = "on"
    members = [{"user": m.user_id, "role": m.role} for m in project.team.exclude(role="pi")]
    data |= rows("team", members, initial=len(members))
    if milestones is None:
        milestones = [
            {"id": m.pk, "title": m.title, "due_date": m.due_date.isoformat(), "owner": m.owner_id}
            for m in project.milestones.order_by("due_date", "pk")
        ]
    data |= rows("milestones", milestones, initial=project.milestones.count())
    deliverables = [
        {"id": d.pk, "title": d.title, "due_date": d.due_date.isoformat()} for d in project.deliverables.all()
    ]
    data |= rows("deliverables", deliverables, initial=len(deliverables))
    return data | overrides


def nothing_stored() -> bool:
    return not (
        ResearchProject.objects.exists()
        or TeamMember.objects.exists()
        or Milestone.objects.exists()
        or Deliverable.objects.exists()
        or OutboxMessage.objects.filter(kind__startswith="research.").exists()
    )


@pytest.fixture
def changes_requested(proposed_project, sipo_coordinator):
    """Proposed (the other party sees it), sent back for changes: its plan is being edited again."""
    return services.project_request_plan_changes(
        project=proposed_project, version=1, by=sipo_coordinator, comment="Add a milestone for the data set."
    )


# Creating


@pytest.mark.parametrize(
    ("username", "status"),
    [("cas_official", 200), ("sipo_coordinator", 200), ("cas_docadmin", 403), ("outsider", 403)],
)
def test_who_may_open_the_new_project_form(client, personas, username, status):
    client.force_login(personas[username])
    assert client.get(CREATE).status_code == status


def test_a_docadmin_creates_nothing_even_by_posting(client, cas_docadmin, joint_post):
    client.force_login(cas_docadmin)
    assert client.post(CREATE, once(joint_post)).status_code == 403
    assert nothing_stored()


def test_creating_through_the_page_makes_a_draft_with_its_team_milestones_and_deliverable(
    client, cas_official, joint_post
):
    client.force_login(cas_official)
    response = client.post(CREATE, once(joint_post))
    project = ResearchProject.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert messages_of(response) == ["Draft saved. Only your party sees it until it is proposed."]
    assert (project.status, project.plan_state, project.lead_party.code) == (
        ProjectStatus.DRAFT,
        PlanState.EDITING,
        "CAS",
    )
    assert (project.title, project.title_other, project.ipc_classes) == (
        TITLE,
        "Patent navigation: quantum computing",
        "G06N H04L",
    )
    assert sorted(project.team.values_list("user__username", "role", "party__code")) == [
        ("cas_docadmin", "analyst", "CAS"),
        ("cas_official", "pi", "CAS"),
        ("sipo_docadmin", "researcher", "SIPO"),
        ("sipo_official", "pi", "SIPO"),
    ]
    start, end = dates()
    assert list(project.milestones.values_list("title", "due_date", "owner__username")) == [
        ("Search strategy agreed", start + timedelta(days=40), "cas_official"),
        ("Data set complete", start + timedelta(days=150), "sipo_docadmin"),
        ("Draft report", start + timedelta(days=300), "cas_official"),
    ]
    assert list(project.deliverables.values_list("title", "due_date")) == [("Patent landscape report, final", end)]
    assert not OutboxMessage.objects.exists()  # a draft tells nobody


def test_blank_rows_are_skipped_and_a_pi_may_be_named_later(client, cas_official, joint_post):
    blank = rows("team", [{"user": "", "role": "researcher"}] * 3)
    data = joint_post | blank | {"pi_sipo": "", "milestones-1-owner": cas_official.pk}
    client.force_login(cas_official)
    assert client.post(CREATE, once(data)).status_code == 302
    project = ResearchProject.objects.get()
    assert list(project.team.values_list("user__username", "role")) == [("cas_official", "pi")]
    assert project.milestones.count() == 3


def test_the_new_form_offers_a_pi_search_per_party_and_rows_to_add(client, cas_official, cas, sipo):
    client.force_login(cas_official)
    page = client.get(CREATE).text
    assert "Principal investigator (CAS)" in page and "Principal investigator (CNIPA)" in page
    assert f'hx-get="/people/pick/?field=pi_cas&amp;party={cas.pk}"' in page
    assert f'hx-get="/people/pick/?field=pi_sipo&amp;party={sipo.pk}"' in page
    assert 'hx-get="/people/pick/?field=team-0-user"' in page
    assert 'hx-get="/people/pick/?field=milestones-0-owner"' in page
    assert 'hx-get="/documents/pick/?field=documents"' in page
    for name, count in (("team", 3), ("milestones", 3), ("deliverables", 2)):
        assert f'name="{name}-TOTAL_FORMS" value="{count}"' in page
    for name in ("id_title", "id_start_date", "id_end_date", "id_pi_cas", "id_team-0-role", "id_milestones-0-title"):
        assert f'for="{name}"' in page, name
    assert 'name="once_token"' in page


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        ({"end_date": "start-1"}, "end_date", "The end cannot be before the start."),
        ({"title": ""}, "title", "Give the project a title."),
        ({"ipc_classes": "G06N quantum"}, "ipc_classes", "Not an IPC class: quantum."),
        ({"pi_sipo": "cas_coordinator"}, "team", "Chen Jing cannot be the principal investigator for CNIPA"),
        ({"milestones-2-due_date": "end+1"}, "milestones", "“Draft report” is due on"),
        ({"milestones-1-owner": "sipo_coordinator"}, "milestones",
         "The owner of “Data set complete” must be on the team."),
        ({"team-0-user": "cas_official"}, "team", "Each person is on the team once, with one role."),
        ({"internal": "on"}, "team", "An internal project is invisible to the other party"),
    ],
    ids=["end-before-start", "no-title", "ipc", "pi-of-the-other-party", "milestone-outside", "owner-off-team",
         "twice-on-the-team", "internal-with-the-other-party"],
)  # fmt: skip
def test_bad_input_is_reported_on_the_page_and_nothing_is_stored(
    client, personas, cas_official, joint_post, change, where, message
):
    start, end = dates()
    relative = {"start-1": start - timedelta(days=1), "end+1": end + timedelta(days=1)}
    for name, value in change.items():
        value = personas[value].pk if value in personas else value
        joint_post[name] = relative[value].isoformat() if value in relative else value
    client.force_login(cas_official)
    response = client.post(CREATE, once(joint_post))
    assert response.status_code == 200
    if where in ("team", "milestones"):
        shown = " ".join(response.context["plan"].__getattribute__(where).non_form_errors())
    else:
        shown = " ".join(response.context["form"].errors[where])
    assert message in shown
    assert message in response.text.replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert "nothing has been saved yet" in response.text
    assert nothing_stored()


def test_a_field_error_and_the_plans_rules_show_on_one_submit(client, cas_official, joint_post):
    _, end = dates()
    data = joint_post | {"title": "", "milestones-2-due_date": (end + timedelta(days=1)).isoformat()}
    client.force_login(cas_official)
    response = client.post(CREATE, once(data))
    assert response.context["form"].errors["title"] == ["Give the project a title."]
    assert "is due on" in " ".join(response.context["plan"].milestones.non_form_errors())
    assert nothing_stored()


def test_a_milestone_row_without_a_title_is_refused_on_its_row(client, cas_official, joint_post):
    client.force_login(cas_official)
    response = client.post(CREATE, once(joint_post | {"milestones-1-title": ""}))
    assert response.context["plan"].milestones.errors[1] == {
        "title": ["Give the milestone a title (or tick “Remove”)."]
    }
    assert nothing_stored()


def test_a_second_identical_post_leads_to_the_same_project(client, cas_official, joint_post):
    client.force_login(cas_official)
    data = once(joint_post)
    first = client.post(CREATE, data)
    second = client.post(CREATE, data)
    project = ResearchProject.objects.get()
    assert first["Location"] == second["Location"] == project.get_absolute_url()
    assert "This form was already submitted; here is what it created." in messages_of(second)
    assert project.milestones.count() == 3 and project.team.count() == 4


def test_library_documents_are_linked_from_the_form_the_other_partys_internal_ones_refused(
    client, cas_official, joint_post, make_document, sipo_docadmin
):
    shared = make_document(title="专利导航指南", confidentiality=Confidentiality.SHARED)
    hidden = make_document(by=sipo_docadmin, title="国知局内部资料", confidentiality=Confidentiality.INTERNAL)
    client.force_login(cas_official)
    response = client.post(CREATE, once(joint_post | {"documents": [shared.pk, hidden.pk]}))
    assert response.status_code == 200 and "documents" in response.context["form"].errors
    assert nothing_stored()
    response = client.post(CREATE, once(joint_post | {"documents": [shared.pk]}))
    assert response.status_code == 302
    assert list(ResearchProject.objects.get().documents.all()) == [shared]


# Who may edit


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("cas_official", 200),
        ("cas_coordinator", 200),
        ("cas_docadmin", 403),
        ("sipo_official", 404),
        ("sipo_coordinator", 404),
        ("sipo_docadmin", 404),
        ("outsider", 404),
    ],
)
def test_who_may_edit_a_draft(client, personas, draft_project, username, status):
    client.force_login(personas[username])
    assert client.get(edit_url(draft_project)).status_code == status


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("cas_official", 200),
        ("sipo_official", 200),  # a PI runs the project with the other, whichever party leads
        ("cas_coordinator", 200),
        ("cas_docadmin", 403),
        ("sipo_coordinator", 403),
        ("sipo_docadmin", 403),
        ("outsider", 404),
    ],
)
def test_who_may_edit_a_proposed_plan_sent_back_for_changes(client, personas, changes_requested, username, status):
    client.force_login(personas[username])
    assert client.get(edit_url(changes_requested)).status_code == status


@pytest.mark.parametrize("username", ["sipo_docadmin", "sipo_coordinator"])
def test_the_other_party_cannot_change_the_plan_by_posting(client, personas, changes_requested, username):
    client.force_login(personas[username])
    response = client.post(edit_url(changes_requested), edit_data(changes_requested, title="Changed"))
    assert response.status_code == 403
    assert ResearchProject.objects.get().title == TITLE


def test_the_other_partys_pi_adds_a_milestone(client, sipo_official, changes_requested):
    start, _ = dates()
    stored = list(changes_requested.milestones.order_by("due_date", "pk"))
    milestones = [
        {"id": m.pk, "title": m.title, "due_date": m.due_date.isoformat(), "owner": m.owner_id} for m in stored
    ]
    new = {
        "title": "Data set checked",
        "due_date": (start + timedelta(days=160)).isoformat(),
        "owner": sipo_official.pk,
    }
    client.force_login(sipo_official)
    response = client.post(edit_url(changes_requested), edit_data(changes_requested, milestones=[*milestones, new]))
    assert response.status_code == 302 and messages_of(response) == ["Changes saved."]
    project = ResearchProject.objects.get()
    assert list(project.milestones.values_list("pk", "title")) == [
        *((m.pk, m.title) for m in stored[:2]),
        (project.milestones.get(title="Data set checked").pk, "Data set checked"),
        (stored[2].pk, stored[2].title),
    ]


def test_a_milestone_removed_from_the_page_goes_the_others_keep_their_ids(client, cas_official, draft_project):
    stored = list(draft_project.milestones.order_by("due_date", "pk"))
    milestones = [
        {"id": m.pk, "title": m.title, "due_date": m.due_date.isoformat(), "owner": m.owner_id} for m in stored
    ]
    milestones[0]["DELETE"] = "on"
    milestones[2]["title"] = "Draft report, reviewed"
    client.force_login(cas_official)
    response = client.post(edit_url(draft_project), edit_data(draft_project, milestones=milestones))
    assert response.status_code == 302
    assert list(draft_project.milestones.values_list("pk", "title")) == [
        (stored[1].pk, stored[1].title),
        (stored[2].pk, "Draft report, reviewed"),
    ]


def test_editing_while_the_plan_is_in_review_is_refused(client, cas_official, proposed_project):
    client.force_login(cas_official)
    assert client.get(edit_url(proposed_project)).status_code == 403
    response = client.post(edit_url(proposed_project), edit_data(proposed_project, title="Changed in review"))
    assert response.status_code == 403
    assert ResearchProject.objects.get().title == TITLE


def test_the_edit_page_shows_the_stored_plan(client, cas_official, sipo_official, changes_requested):
    client.force_login(cas_official)
    response = client.get(edit_url(changes_requested))
    page = response.text
    assert f'value="{sipo_official.pk}" id="pi_sipo-person-{sipo_official.pk}" checked' in page
    for milestone in changes_requested.milestones.all():
        assert f'name="milestones-{_index(changes_requested, milestone)}-id" value="{milestone.pk}"' in page
    assert 'name="milestones-TOTAL_FORMS" value="6"' in page  # three stored, three to add
    assert "The plan was approved by both parties" not in page  # no baseline yet


def _index(project, milestone) -> int:
    return list(project.milestones.order_by("due_date", "pk")).index(milestone)


def test_a_failed_edit_changes_nothing_and_keeps_the_stored_title_in_the_heading(client, cas_official, draft_project):
    client.force_login(cas_official)
    start, _ = dates()
    data = edit_data(draft_project, title="A new title", end_date=(start - timedelta(days=1)).isoformat())
    response = client.post(edit_url(draft_project), data)
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == ["The end cannot be before the start."]
    assert f"Edit “{TITLE}”" in response.text
    assert ResearchProject.objects.get().title == TITLE


# After approval: amendments


def test_the_edit_page_of_an_approved_plan_says_what_an_amendment_is(client, cas_official, approved_project):
    client.force_login(cas_official)
    page = client.get(edit_url(approved_project)).text
    assert (
        "The plan was approved by both parties. Changing dates, team, milestones or deliverables makes an "
        "amendment that both parties approve again; the approved baseline stays in force meanwhile."
    ) in page


def test_moving_a_milestone_after_approval_starts_an_amendment_and_keeps_the_rows(
    client, cas_official, approved_project
):
    baseline = approved_project.baseline_id
    before = list(approved_project.milestones.order_by("due_date", "pk").values_list("pk", flat=True))
    data = edit_data(approved_project)
    data["milestones-1-due_date"] = (approved_project.start_date + timedelta(days=200)).isoformat()
    client.force_login(cas_official)
    response = client.post(edit_url(approved_project), data)
    assert response.status_code == 302
    assert messages_of(response) == [
        "Changes saved. They amend the plan both parties approved: propose the amendment for their approval; "
        "the approved baseline stays in force meanwhile."
    ]
    project = ResearchProject.objects.get()
    assert (project.status, project.plan_state, project.baseline_id) == (ProjectStatus.APPROVED, PlanState.EDITING,
                                                                         baseline)  # fmt: skip
    assert project.amendment_under_way
    assert list(project.milestones.order_by("pk").values_list("pk", flat=True)) == sorted(before)
    assert project.milestones.get(pk=before[1]).due_date == approved_project.start_date + timedelta(days=200)


def test_changing_only_the_description_after_approval_amends_nothing(client, cas_official, approved_project):
    client.force_login(cas_official)
    response = client.post(edit_url(approved_project), edit_data(approved_project, topic="量子通信"))
    assert response.status_code == 302
    assert messages_of(response) == [
        "Changes saved. The plan is still the one both parties approved: no amendment is under way."
    ]
    project = ResearchProject.objects.get()
    assert (project.topic, project.plan_state) == ("量子通信", PlanState.AGREED)


def test_the_form_names_each_partys_pi_in_the_readers_language(client, cas_official, sipo):
    cas_official.preferred_language = Language.CHINESE
    cas_official.save()
    client.force_login(cas_official)
    response = client.get(CREATE)
    assert response.status_code == 200 and '<html lang="zh-hans">' in response.text
    labels = [response.context["form"].fields[name].label for name in ("pi_cas", "pi_sipo")]
    assert "中科院" in labels[0] and "国知局" in labels[1]
    assert "中科院" in response.text and "Principal investigator (CAS)" not in response.text
