"""The project pages (views.py): who may open and post each of them, the project form (bad input, indicator rows
kept, one-time create), the list (filters, search in both languages, empty states, what it costs), the
project's page (progress of its indicators), publishing, moving on and reporting an indicator's value."""

from datetime import date, timedelta
from decimal import Decimal

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cooperation.projects import services
from cooperation.projects.models import Indicator, IndicatorValue, Project, ProjectStatus, ProjectType
from cooperation.projects.services import IndicatorRow
from tests.once import once
from tests.pages import assert_stacks_on_a_phone, list_tables, messages_of
from tests.permission_tables import PERSONAS, answers, table
from tests.projects.pages import last_message, text_of

pytestmark = pytest.mark.usefixtures("english")

LIST = reverse("projects:list")
CREATE = reverse("projects:create")


def url(name: str, project, *args) -> str:
    return reverse(f"projects:{name}", args=[project.pk, *args])


def form_data(*, indicators=(), contact=None, **overrides) -> dict:
    """The project form as its page posts it: the fields, then the indicator rows and three blank ones."""
    today = timezone.localdate()
    data = {
        "title": "专利导航：新能源汽车",
        "title_other": "Patent navigation: new-energy vehicles",
        "project_type": ProjectType.PATENT_NAVIGATION,
        "description": "A patent navigation of the new-energy vehicle industry.",
        "starts_on": (today - timedelta(days=30)).isoformat(),
        "ends_on": (today + timedelta(days=300)).isoformat(),
        "contact": contact.pk if contact else "",
    }
    rows = list(indicators)
    initial = sum(1 for row in rows if row.get("id"))
    data |= {
        "indicators-TOTAL_FORMS": str(len(rows) + 3),
        "indicators-INITIAL_FORMS": str(initial),
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "30",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"indicators-{index}-{key}"] = value
    return data | overrides


def row(name="Patent families analysed", *, baseline="0", target="5000", unit="families", **more) -> dict:
    return {"name": name, "unit": unit, "baseline": baseline, "target": target, **more}


def rows_of(project) -> list[dict]:
    """The project's indicators as its edit page posts them back."""
    return [row(i.name, baseline=str(i.baseline), target=str(i.target), unit=i.unit, id=str(i.pk))
            for i in project.indicators.all()]  # fmt: skip


def indicator_of(project, name="Patent families analysed") -> Indicator:
    return project.indicators.get(name=name)


# Who may open and post each page: 200 / 302 (done) / 403 (sees the project, may not act) / 404 (sees nothing).

EVERYONE = {name: 200 for name in PERSONAS if name != "outsider"}
ORGANISERS = {"cas_official": 200, "sipo_official": 200, "cas_coordinator": 200, "sipo_coordinator": 200}
SIPO_ORGANISERS = {"sipo_official": 200, "sipo_coordinator": 200}
SIPO_COORDINATOR = {"sipo_coordinator": 200}
# An unpublished SIPO project: CAS sees nothing of it.
CAS_NOTHING = {"cas_official": 404, "cas_docadmin": 404, "cas_coordinator": 404}


def done(statuses: dict[str, int]) -> dict[str, int]:
    return dict.fromkeys(statuses, 302)


PAGES = [
    (None, "list", [], table(**EVERYONE, outsider=200)),
    (None, "create", [], table(**ORGANISERS, outsider=403)),
    ("project", "project", [], table(**EVERYONE)),
    ("project", "edit", [], table(**SIPO_ORGANISERS)),
    ("draft_project", "edit", [], table(**SIPO_ORGANISERS, **CAS_NOTHING)),
    ("draft_project", "publish", [], table(**SIPO_COORDINATOR, **CAS_NOTHING)),
    ("project", "advance", [], table(**SIPO_COORDINATOR)),
    ("project", "indicator_report", ["indicator"], table(**SIPO_ORGANISERS)),
    ("draft_project", "indicator_report", ["indicator"], table(**SIPO_ORGANISERS, **CAS_NOTHING)),
]


def _path(request, fixture, name, args) -> str:
    if fixture is None:
        return reverse(f"projects:{name}")
    project = request.getfixturevalue(fixture)
    return url(name, project, *[indicator_of(project).pk for _arg in args])


@pytest.mark.parametrize(("fixture", "name", "args", "expected"), PAGES, ids=[f"{p[1]}-{p[0]}" for p in PAGES])
def test_who_may_open_each_page(request, client, personas, fixture, name, args, expected):
    assert answers(client, personas, "get", _path(request, fixture, name, args)) == expected


ACTIONS = [
    (None, "create", [], {}, table(**ORGANISERS, outsider=403)),  # the form comes back with its errors
    (None, "create", [], "valid", table(**done(ORGANISERS), outsider=403)),
    ("project", "edit", [], "edit", table(**done(SIPO_ORGANISERS))),
    ("draft_project", "publish", [], {}, table(**done(SIPO_COORDINATOR), **CAS_NOTHING)),
    ("project", "advance", [], {"to": "running"}, table(**done(SIPO_COORDINATOR))),
    ("project", "indicator_report", ["indicator"], "value", table(**done(SIPO_ORGANISERS))),
]


@pytest.mark.parametrize(("fixture", "name", "args", "data", "expected"), ACTIONS,
                         ids=["create-empty", "create", "edit", "publish", "advance", "indicator_report"])  # fmt: skip
def test_who_may_post_each_page(request, client, personas, fixture, name, args, data, expected):
    if data == "edit":
        data = form_data(indicators=rows_of(request.getfixturevalue(fixture)))
    elif data == "valid":
        data = once(form_data(indicators=[row()]))
    elif data == "value":
        data = {"period_end": timezone.localdate().isoformat(), "value": "100", "note": ""}
    assert answers(client, personas, "post", _path(request, fixture, name, args), data) == expected


def test_a_refused_post_changes_nothing(client, personas, project):
    indicator = indicator_of(project)
    before = list(Project.objects.values_list("pk", "title", "status", "published_at"))
    for name in ("cas_official", "cas_coordinator", "sipo_docadmin", "outsider"):
        client.force_login(personas[name])
        client.post(url("edit", project), form_data(title="Changed", indicators=rows_of(project)))
        client.post(url("advance", project), {"to": "running"})
        client.post(url("indicator_report", project, indicator.pk), {"period_end": timezone.localdate(), "value": 9})
        if name in ("sipo_docadmin", "outsider"):
            client.post(CREATE, once(form_data(indicators=[row()])))
    after = list(Project.objects.values_list("pk", "title", "status", "published_at"))
    assert after == before
    assert not IndicatorValue.objects.exists()


ALL_URLS = ["project", "edit", "publish", "advance", "indicator_report"]


@pytest.mark.parametrize("username", ["cas_official", "cas_docadmin", "cas_coordinator", "outsider"])
def test_an_unpublished_project_is_404_on_every_url_for_the_other_party(client, personas, draft_project, username):
    client.force_login(personas[username])
    indicator = indicator_of(draft_project)
    for name in ALL_URLS:
        path = url(name, draft_project, *([indicator.pk] if name == "indicator_report" else []))
        assert client.get(path).status_code == 404, (name, "get")
        data = {"to": "open", "period_end": timezone.localdate().isoformat(), "value": "1"}
        assert client.post(path, data).status_code == 404, (name, "post")
    # Nor is it listed, or found by a search.
    assert draft_project.title not in client.get(LIST).text
    assert client.get(LIST, {"q": "专利导航"}).context["page"].object_list == []


def test_an_indicator_of_another_project_is_404(client, sipo_coordinator, project, project_fields):
    other = services.project_create(by=sipo_coordinator, fields=project_fields(title="Other"))
    client.force_login(sipo_coordinator)
    assert client.get(url("indicator_report", project, indicator_of(other).pk)).status_code == 404


@pytest.mark.parametrize("name", ["list", "create", *ALL_URLS])
def test_anonymous_is_sent_to_sign_in(client, project, name):
    if name in ("list", "create"):
        path = reverse(f"projects:{name}")
    else:
        path = url(name, project, *([indicator_of(project).pk] if name == "indicator_report" else []))
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# The project form


def test_create_stores_the_project_and_its_indicators_internal_to_the_party(client, sipo_official, sipo_coordinator):
    client.force_login(sipo_official)
    assert "internal to your party until it is published" in text_of(client.get(CREATE))
    data = once(form_data(contact=sipo_coordinator, indicators=[row(), row("Reports delivered", target="2", unit="")]))
    response = client.post(CREATE, data)
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert (project.organising_party.code, project.contact, project.published_at) == ("SIPO", sipo_coordinator, None)
    assert [(i.name, i.unit, i.baseline, i.target) for i in project.indicators.all()] == [
        ("Patent families analysed", "families", Decimal(0), Decimal(5000)),
        ("Reports delivered", "", Decimal(0), Decimal(2)),
    ]
    assert "It is internal to your party until it is published." in " ".join(messages_of(response))


def test_a_double_submit_makes_one_project(client, sipo_official):
    client.force_login(sipo_official)
    data = once(form_data(indicators=[row()]))
    first = client.post(CREATE, data)
    second = client.post(CREATE, data)
    assert Project.objects.count() == 1 and Indicator.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert "already submitted" in " ".join(messages_of(second))


def _refused(client, data, message) -> None:
    response = client.post(CREATE, once(data))
    assert response.status_code == 200
    assert message in text_of(response)
    assert "nothing has been saved yet" in text_of(response) or response.context["form"].errors
    assert not Project.objects.exists() and not Indicator.objects.exists()


def test_an_end_before_the_start_is_refused_and_nothing_stored(client, sipo_official):
    client.force_login(sipo_official)
    today = timezone.localdate()
    data = form_data(indicators=[row()], starts_on=today.isoformat(), ends_on=(today - timedelta(days=1)).isoformat())
    _refused(client, data, "The project must end on or after its start.")


def test_an_indicator_whose_target_is_its_baseline_is_refused(client, sipo_official):
    client.force_login(sipo_official)
    _refused(client, form_data(indicators=[row(baseline="5", target="5")]),
             "“Patent families analysed”: the target must differ from the baseline.")  # fmt: skip


def test_a_contact_of_the_other_party_is_refused(client, sipo_official, cas_official):
    client.force_login(sipo_official)
    _refused(client, form_data(contact=cas_official, indicators=[row()]),
             "The contact is one of the organising party's staff.")  # fmt: skip


def test_a_row_missing_its_target_is_refused_with_every_other_problem_on_one_submit(client, sipo_official):
    client.force_login(sipo_official)
    today = timezone.localdate()
    data = form_data(indicators=[row(target="")], ends_on=(today - timedelta(days=400)).isoformat())
    response = client.post(CREATE, once(data))
    text = text_of(response)
    assert "Give the target." in text and "The project must end on or after its start." in text
    assert not Project.objects.exists()


def test_blank_extra_rows_are_skipped(client, sipo_official):
    client.force_login(sipo_official)
    assert client.post(CREATE, once(form_data())).status_code == 302
    assert not Indicator.objects.exists()


def test_editing_keeps_an_indicators_id_and_its_reported_values(client, sipo_official, project):
    kept = indicator_of(project)
    dropped = indicator_of(project, "Reports delivered")
    services.indicator_report(indicator=kept, by=sipo_official, period_end=timezone.localdate(), value=Decimal(10))
    client.force_login(sipo_official)
    form = client.get(url("edit", project)).context["form"]
    assert [f.initial["id"] for f in form.indicators.initial_forms] == [kept.pk, dropped.pk]
    rows = [row(target="6000", id=str(kept.pk)), row("Reports delivered", target="2", id=str(dropped.pk), DELETE="on"),
            row("Workshops held", target="3", unit="")]  # fmt: skip
    response = client.post(url("edit", project), form_data(title="新标题", indicators=rows))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "新标题"
    assert [(i.pk, i.name, i.target) for i in project.indicators.all()] == [
        (kept.pk, "Patent families analysed", Decimal(6000)),
        (project.indicators.get(name="Workshops held").pk, "Workshops held", Decimal(3)),
    ]
    assert list(kept.values.values_list("value", flat=True)) == [Decimal(10)]
    assert not Indicator.objects.filter(pk=dropped.pk).exists()


def test_an_edit_refused_by_the_rules_stores_nothing(client, sipo_official, project):
    client.force_login(sipo_official)
    indicator = indicator_of(project)
    data = form_data(title="Changed", indicators=[row(baseline="7", target="7", id=str(indicator.pk)),
                                                  *rows_of(project)[1:]])  # fmt: skip
    response = client.post(url("edit", project), data)
    assert response.status_code == 200
    assert "the target must differ from the baseline" in text_of(response)
    project.refresh_from_db()
    assert project.title != "Changed" and indicator_of(project).target == Decimal(5000)


def test_a_closed_project_can_no_longer_be_edited(client, sipo_coordinator, project):
    for to in (ProjectStatus.RUNNING, ProjectStatus.CLOSED):
        project = services.project_advance(project=project, by=sipo_coordinator, to=to)
    client.force_login(sipo_coordinator)
    for path in (url("edit", project), url("indicator_report", project, indicator_of(project).pk)):
        response = client.get(path)
        assert response.status_code == 303 and response["Location"] == project.get_absolute_url()
        assert last_message(response) == "This project can no longer be changed."
    assert url("edit", project) not in client.get(project.get_absolute_url()).text


# The list


def listed(client, **params) -> list:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_the_list_shows_each_column_and_the_internal_badge_for_own_unpublished(
    client, sipo_official, draft_project, cas_coordinator, project_fields
):
    cas_project = services.project_create(
        by=cas_coordinator,
        fields=project_fields(
            title="Standard drafting", title_other="标准起草", project_type=ProjectType.STANDARD_DRAFTING
        ),
    )
    services.project_publish(project=cas_project, by=cas_coordinator)
    client.force_login(sipo_official)
    response = client.get(LIST)
    (table_,) = list_tables(response)
    assert_stacks_on_a_phone(table_)
    rows = [" ".join(tr.text_content().split()) for tr in table_.xpath("./tbody/tr")]
    assert len(rows) == 2
    sipo_row = next(r for r in rows if "Patent navigation: new-energy vehicles" in r)
    cas_row = next(r for r in rows if "Standard drafting" in r)
    # English readers see the English title first.
    first, second = table_.xpath("./tbody/tr/td[1]")[0 if "Patent" in rows[0] else 1].xpath(".//a | .//div")
    assert (first.text, second.text) == ("Patent navigation: new-energy vehicles", "专利导航：新能源汽车")
    assert "CNIPA" in sipo_row and "Planned" in sipo_row and "internal" in sipo_row
    assert "CAS" in cas_row and "internal" not in cas_row
    assert timezone.localdate().strftime("%Y") in cas_row


def test_the_list_offers_a_new_project_to_organisers_and_the_coordinators_their_lists(client, personas):
    client.force_login(personas["sipo_docadmin"])
    page = client.get(LIST).text
    assert CREATE not in page and reverse("projects:to_decide") not in page
    assert reverse("projects:calls") in page and reverse("projects:applications") in page
    assert reverse("projects:to_review") in page
    client.force_login(personas["sipo_official"])
    assert CREATE in client.get(LIST).text
    client.force_login(personas["sipo_coordinator"])
    page = client.get(LIST).text
    assert reverse("projects:to_decide") in page and reverse("projects:to_confirm") in page


def test_empty_states_say_nothing_yet_or_nothing_matches(client, sipo_official, project):
    client.force_login(sipo_official)
    assert "No project matches these filters." in text_of(client.get(LIST, {"q": "量子计算"}))
    Project.objects.all().delete()
    assert "No IP projects yet." in text_of(client.get(LIST))


@pytest.mark.parametrize("query", ["专利导航", "新能源", "navigation", "vehicle industry"])
def test_a_search_in_chinese_or_english_finds_the_project(client, cas_official, project, sipo_coordinator,
                                                          project_fields, query):  # fmt: skip
    other = services.project_create(
        by=sipo_coordinator, fields=project_fields(title="政策研究", title_other="Policy research", description="Law.")
    )
    services.project_publish(project=other, by=sipo_coordinator)
    client.force_login(cas_official)
    assert listed(client, q=query) == [project]
    assert "most relevant first" in text_of(client.get(LIST, {"q": query}))


def test_the_filters(client, sipo_coordinator, cas_coordinator, project, project_fields):
    today = timezone.localdate()
    # Two years back: the fixture's project started a month ago, this year or last.
    long_ago = date(today.year - 2, 3, 1)
    cas_project = services.project_create(
        by=cas_coordinator,
        fields=project_fields(project_type=ProjectType.POLICY_RESEARCH, starts_on=long_ago,
                              ends_on=long_ago + timedelta(days=100)),
    )  # fmt: skip
    services.project_publish(project=cas_project, by=cas_coordinator)
    client.force_login(sipo_coordinator)
    assert listed(client, party=project.organising_party_id) == [project]
    assert listed(client, party=cas_project.organising_party_id) == [cas_project]
    assert listed(client, status=ProjectStatus.OPEN) == [project]
    assert listed(client, status=ProjectStatus.PLANNED) == [cas_project]
    assert listed(client, project_type=ProjectType.POLICY_RESEARCH) == [cas_project]
    assert listed(client, year=long_ago.year) == [cas_project]
    assert listed(client, year=project.starts_on.year) == [project]
    assert listed(client, year=project.starts_on.year, party=cas_project.organising_party_id) == []
    assert listed(client, status=ProjectStatus.CLOSED) == []


def _queries(client, params) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, params)
    assert response.status_code == 200
    return len(queries), len(response.context["page"].object_list)


def _projects(count, *, by, project_fields):
    for n in range(count):
        services.project_create(by=by, fields=project_fields(title=f"专利导航项目 {n}", indicators=[]))


@pytest.mark.parametrize("params", [{}, {"q": "专利导航"}, {"status": "planned", "year": "started"}],
                         ids=["all", "search", "filtered"])  # fmt: skip
def test_the_list_costs_the_same_for_1_and_50_projects(client, sipo_coordinator, project_fields, params):
    client.force_login(sipo_coordinator)
    if "year" in params:  # the year the fixture's projects start in, a month ago
        params = params | {"year": str(project_fields().starts_on.year)}
    _projects(1, by=sipo_coordinator, project_fields=project_fields)
    one, shown_one = _queries(client, params)
    _projects(49, by=sipo_coordinator, project_fields=project_fields)
    fifty, shown_fifty = _queries(client, params)
    assert one == fifty
    assert (shown_one, shown_fifty) == (1, 25)


# The project's page


def test_the_page_shows_each_indicators_progress_and_the_values_reported(client, cas_official, sipo_official, project):
    indicator = indicator_of(project)
    today = timezone.localdate()
    services.indicator_report(indicator=indicator, by=sipo_official, period_end=today - timedelta(days=10),
                              value=Decimal(1000), note="First quarter")  # fmt: skip
    services.indicator_report(indicator=indicator, by=sipo_official, period_end=today, value=Decimal(2500))
    client.force_login(cas_official)
    response = client.get(project.get_absolute_url())
    text = text_of(response)
    assert "50% of the way to the target" in text and "0% of the way to the target" in text
    html = lxml.html.fromstring(response.content.decode())
    bars = html.xpath("//progress")
    assert [(bar.get("value"), bar.get("max")) for bar in bars] == [("50", "100"), ("0", "100")]
    assert not html.xpath("//*[@style]")
    values = [
        " ".join(tr.text_content().split())
        for tr in html.xpath("//table[contains(@class, 'indicator-values')]/tbody/tr")
    ]
    assert len(values) == 2 and "1,000" in values[0] and "First quarter" in values[0] and "2,500" in values[1]
    # CAS reads but does not report.
    assert url("indicator_report", project, indicator.pk) not in response.text


def test_the_page_shows_the_details_calls_participants_and_documents(
    client, cas_official, sipo_coordinator, project, call, participant, cas_shared, cas_internal
):
    services.project_update(project=project, by=sipo_coordinator, fields=services.ProjectFields(
        title=project.title, title_other=project.title_other, project_type=project.project_type,
        description=project.description, starts_on=project.starts_on, ends_on=project.ends_on,
        contact=sipo_coordinator, documents=[cas_shared], indicators=[
            IndicatorRow(id=i.pk, name=i.name, baseline=i.baseline, target=i.target) for i in project.indicators.all()
        ],
    ))  # fmt: skip
    client.force_login(cas_official)
    response = client.get(project.get_absolute_url())
    text = text_of(response)
    for expected in ("Patent navigation", "Open for participation", "Zhao Lei", "Li Ming", call.title, "2 places",
                     cas_shared.title, "Overview", "Contributions"):  # fmt: skip
        assert expected in text, expected
    assert reverse("projects:call", args=[call.pk]) in response.text
    assert reverse("projects:contributions", args=[project.pk]) in response.text
    assert cas_internal.title not in text
    # Nothing of the organiser's buttons.
    for name in ("edit", "publish", "advance", "call_create"):
        assert url(name, project) not in response.text


def test_the_buttons_follow_the_permissions(client, sipo_official, sipo_coordinator, draft_project):
    client.force_login(sipo_coordinator)
    page = client.get(draft_project.get_absolute_url())
    assert url("publish", draft_project) in page.text and url("edit", draft_project) in page.text
    assert url("advance", draft_project) not in page.text  # published first
    assert "(CNIPA) until it is published: the other party does not see this project." in text_of(page)
    client.force_login(sipo_official)
    page = client.get(draft_project.get_absolute_url())
    assert url("publish", draft_project) not in page.text and url("edit", draft_project) in page.text
    assert url("call_create", draft_project) in page.text
    project = services.project_publish(project=draft_project, by=sipo_coordinator)
    client.force_login(sipo_coordinator)
    page = client.get(project.get_absolute_url())
    assert url("publish", project) not in page.text
    assert "Move on to “Open for participation”" in text_of(page)


# Publishing and moving on


def test_publishing_shows_the_other_party_the_project(client, cas_official, sipo_coordinator, draft_project):
    client.force_login(sipo_coordinator)
    page = text_of(client.get(url("publish", draft_project)))
    assert "becomes visible to the other party" in page and "cannot be undone" in page
    response = client.post(url("publish", draft_project))
    assert response.status_code == 302 and response["Location"] == draft_project.get_absolute_url()
    assert Project.objects.get().published_at is not None
    # Published twice (another tab): the service's message on the project's page.
    again = client.post(url("publish", draft_project))
    assert again.status_code == 303 and last_message(again) == "This project is already published."
    assert client.get(url("publish", draft_project)).status_code == 303
    client.force_login(cas_official)
    assert client.get(draft_project.get_absolute_url()).status_code == 200


def test_moving_on_names_the_next_status_and_a_stale_page_is_refused(client, sipo_coordinator, project):
    client.force_login(sipo_coordinator)
    page = client.get(url("advance", project))
    assert "Move the project on to “Running”?" in text_of(page)
    assert 'name="to" value="running"' in page.text
    response = client.post(url("advance", project), {"to": "running"})
    assert response.status_code == 302
    assert Project.objects.get().status == ProjectStatus.RUNNING
    assert messages_of(response) == ["The project is now “Running”."]
    # The same page sent again: the project has moved on.
    stale = client.post(url("advance", project), {"to": "running"})
    assert stale.status_code == 303 and stale["Location"] == project.get_absolute_url()
    assert last_message(stale) == "This project has moved on; see where it stands now."
    assert Project.objects.get().status == ProjectStatus.RUNNING
    client.post(url("advance", project), {"to": "closed"})
    closed = client.get(url("advance", project))
    assert closed.status_code == 303 and Project.objects.get().status == ProjectStatus.CLOSED


def test_an_unpublished_project_is_published_before_it_moves_on(client, sipo_coordinator, draft_project):
    client.force_login(sipo_coordinator)
    for response in (
        client.get(url("advance", draft_project)),
        client.post(url("advance", draft_project), {"to": "open"}),
    ):
        assert response.status_code == 303 and last_message(response) == "Publish the project before moving it on."
    assert Project.objects.get().status == ProjectStatus.PLANNED


# Reporting an indicator's value


def test_reporting_a_value_stores_it_and_again_corrects_it(client, sipo_official, project):
    indicator = indicator_of(project)
    path = url("indicator_report", project, indicator.pk)
    client.force_login(sipo_official)
    assert "Report “Patent families analysed”" in text_of(client.get(path))
    today = timezone.localdate().isoformat()
    response = client.post(path, {"period_end": today, "value": "1200", "note": "Batteries done"})
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert messages_of(response) == ["Value reported for “Patent families analysed”."]
    client.post(path, {"period_end": today, "value": "1300", "note": ""})
    assert list(indicator.values.values_list("value", "note")) == [(Decimal(1300), "")]
    assert "1,300" in text_of(client.get(path))


def test_a_period_outside_the_project_is_refused_and_nothing_stored(client, sipo_official, project):
    path = url("indicator_report", project, indicator_of(project).pk)
    client.force_login(sipo_official)
    late = (project.ends_on + timedelta(days=1)).isoformat()
    response = client.post(path, {"period_end": late, "value": "10"})
    assert response.status_code == 200
    assert "Give a date within the project's period" in text_of(response)
    missing = client.post(path, {"period_end": "", "value": ""})
    assert "Give the last day of the period." in text_of(missing) and "Give the value reached." in text_of(missing)
    assert not IndicatorValue.objects.exists()
