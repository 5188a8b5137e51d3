"""Who may open and post every page of contributions, figures and exports: personas by URL → status. A POST
that is refused changes nothing."""

import pytest
from django.urls import reverse

from cooperation.projects.models import Contribution
from tests.permission_tables import answers, table

PARTY = ["cas_official", "sipo_official", "cas_docadmin", "sipo_docadmin", "cas_coordinator", "sipo_coordinator"]


def everyone(code=200):
    return table(**dict.fromkeys(PARTY, code))


# (URL name, which record it names) → each persona's answer to a GET. The project is SIPO's, published; the
# contribution is cas_official's (its participant), waiting for SIPO's coordinator; the call is reviewed by
# sipo_official (and sipo_reviewer).
GETS = {
    ("contributions", "project"): everyone(),
    ("contribution_create", "project"): table(cas_official=200),
    ("contribution_edit", "contribution"): table(cas_official=200),
    ("contribution_confirm", "contribution"): table(sipo_coordinator=200),
    ("to_confirm", None): table(cas_coordinator=200, sipo_coordinator=200),
    ("figures", None): everyone(),
    ("applications_xlsx", "call"): table(sipo_coordinator=200, sipo_official=200),
    ("contributions_csv", "project"): everyone(),
    ("contributions_xlsx", "project"): everyone(),
}

# Each persona's answer to a POST of an empty form: 200 where the form comes back with its errors; the
# downloads are GET only.
POSTS = {
    ("contribution_create", "project"): table(cas_official=200),
    ("contribution_edit", "contribution"): table(cas_official=200),
    ("contribution_confirm", "contribution"): table(sipo_coordinator=200),
    ("applications_xlsx", "call"): table(405, outsider=405),
    ("contributions_csv", "project"): table(405, outsider=405),
    ("contributions_xlsx", "project"): table(405, outsider=405),
}


def _path(name, target, records):
    return reverse(f"projects:{name}", args=[records[target].pk] if target else [])


@pytest.fixture
def records(project, call, contribution):
    return {"project": project, "call": call, "contribution": contribution}


@pytest.mark.parametrize(("name", "target"), list(GETS))
def test_who_may_open_each_page(client, personas, records, name, target):
    assert answers(client, personas, "get", _path(name, target, records)) == GETS[(name, target)]


@pytest.mark.parametrize(("name", "target"), list(POSTS))
def test_who_may_post_each_page_and_a_refused_post_changes_nothing(client, personas, records, name, target):
    before = list(Contribution.objects.values_list("pk", "status", "updated_at"))
    assert answers(client, personas, "post", _path(name, target, records)) == POSTS[(name, target)]
    assert list(Contribution.objects.values_list("pk", "status", "updated_at")) == before


def test_every_url_of_this_helper_is_in_the_tables():
    names = {name for name, _target in GETS}
    assert names == {
        "contributions",
        "contribution_create",
        "contribution_edit",
        "contribution_confirm",
        "to_confirm",
        "figures",
        "applications_xlsx",
        "contributions_csv",
        "contributions_xlsx",
    }


def test_the_other_partys_draft_project_is_not_found(client, draft_project, cas_official, cas_coordinator):
    for name in ("contributions", "contribution_create", "contributions_csv", "contributions_xlsx"):
        for person in (cas_official, cas_coordinator):
            client.force_login(person)
            assert client.get(reverse(f"projects:{name}", args=[draft_project.pk])).status_code == 404, name


def test_a_contribution_comes_with_its_project_participant_and_party_and_only_to_who_may_see_the_project(
    contribution, personas, django_assert_num_queries
):
    """contributions_visible_to, behind these pages (make mutation: what it joins, whose it is)."""
    from cooperation.projects import selectors

    with django_assert_num_queries(1):
        (row,) = selectors.contributions_visible_to(personas["sipo_docadmin"])
        assert (row.pk, row.project.organising_party.code, row.party.code) == (contribution.pk, "SIPO", "CAS")
        assert (row.participant.user.username, row.participant.user.party.code) == ("cas_official", "CAS")
    assert selectors.contribution_visible_to(personas["cas_docadmin"], contribution.pk) == contribution
    assert not selectors.contributions_visible_to(personas["outsider"]).exists()
    with pytest.raises(Contribution.DoesNotExist):
        selectors.contribution_visible_to(personas["outsider"], contribution.pk)
