"""seed_scale's project support at a tiny scale: the rules the services keep hold in the seeded rows, and
`--only projects` replaces the area alone."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, F, Q

from bench.management.commands.seed_scale import Command
from cooperation.projects import selectors
from cooperation.projects.models import (
    Application,
    ApplicationStatus,
    Call,
    Contribution,
    Participant,
    Project,
    Review,
    Score,
)
from protocol.parties.models import User

pytestmark = pytest.mark.django_db


def _seed(monkeypatch, **options):
    monkeypatch.setitem(connection.settings_dict, "NAME", "test_portal_scale")
    call_command(Command(), processes=1, **options)


def test_projects_keep_the_rules_the_services_keep(monkeypatch):
    _seed(monkeypatch, scale=0.0001)  # every size at its floor of 20 rows

    assert Project.objects.count() == 20
    assert set(Project.objects.values_list("organising_party__code", flat=True)) == {"CAS", "SIPO"}
    assert Application.objects.count() >= 20 and Review.objects.exists() and Score.objects.exists()
    # Applicants are the other party's staff; no call has more accepted than places.
    assert not Application.objects.filter(party=F("call__project__organising_party")).exists()
    overfull = Call.objects.annotate(
        accepted=Count("applications", filter=Q(applications__status=ApplicationStatus.ACCEPTED))
    ).filter(accepted__gt=F("places"))
    assert not overfull.exists()
    assert Participant.objects.count() == Application.objects.filter(status=ApplicationStatus.ACCEPTED).count()
    assert not Contribution.objects.exclude(party=F("participant__party")).exists()
    # Each review's scores name the criteria of its own call.
    assert not Score.objects.exclude(criterion__call=F("review__application__call")).exists()
    official = User.objects.get(username="scale_sipo_official")
    assert selectors.projects_listed(official).exists()
    assert selectors.matching(selectors.projects_listed(official), "专利导航").exists()


def test_projects_alone_are_replaced_on_a_seeded_database(monkeypatch):
    _seed(monkeypatch, scale=0.0001)
    users = User.objects.count()
    _seed(monkeypatch, scale=0.0001, only="projects")
    assert Project.objects.count() == 20 and User.objects.count() == users


def test_the_projects_pages_name_the_busiest_call_and_resolve(monkeypatch):
    from django.urls import resolve

    from bench.management.commands.bench_pages import projects_pages

    _seed(monkeypatch, scale=0.0001)
    views = sorted(resolve(page.path.split("?")[0]).view_name for page in projects_pages())
    names = ["list", "calls", "applications", "to_review", "to_decide", "call", "project", "contributions"]
    assert views == sorted(f"projects:{name}" for name in names)
