"""bench_pages' research pages and queries, on a tiny seed: the pages it would load, and the selectors' queries
it times, run (the timing itself is PostgreSQL's EXPLAIN ANALYZE, run by `make bench-pages`)."""

import pytest
from django.db.models import Count, Min
from django.urls import resolve

from bench.management.commands.bench_pages import COORDINATOR, OFFICIAL, research_pages, research_queries
from cooperation.research import selectors as research
from cooperation.research.models import ProjectStatus, ResearchProject
from protocol.parties.models import User
from tests.bench.test_seed_scale import _seed

pytestmark = pytest.mark.django_db


def test_the_research_pages_name_a_running_joint_project_with_the_most_milestones(monkeypatch):
    _seed(monkeypatch, scale=0.0001)
    # Twenty projects at this scale: whatever today's date made of them, let two be running joint ones.
    for project in ResearchProject.objects.filter(internal=False).order_by("pk")[:2]:
        ResearchProject.objects.filter(pk=project.pk).update(status=ProjectStatus.ACTIVE)

    pages = research_pages()

    views = {page.name: resolve(page.path.split("?")[0]).view_name for page in pages}
    assert sorted(views.values()) == sorted(["research:list"] * 4 + ["research:detail", "research:milestones_csv"])
    assert {page.username for page in pages} == {OFFICIAL, COORDINATOR}
    detail = next(page for page in pages if views[page.name] == "research:detail")
    project = ResearchProject.objects.annotate(count=Count("milestones")).get(pk=resolve(detail.path).kwargs["pk"])
    running = ResearchProject.objects.filter(status=ProjectStatus.ACTIVE, internal=False)
    assert project in running
    assert project.count == max(running.annotate(count=Count("milestones")).values_list("count", flat=True))
    assert f"({project.count} milestones)" in detail.name


def test_the_research_queries_run(monkeypatch):
    _seed(monkeypatch, scale=0.0001)
    official, coordinator = (User.objects.get(username=name) for name in (OFFICIAL, COORDINATOR))

    queries = research_queries(official, coordinator)

    first = list(queries["list, first page"])
    assert first and first == sorted(first, key=lambda p: (p.start_date, p.pk), reverse=True)
    oldest = list(queries["list, oldest page"])
    assert oldest[0].start_date == research.projects_listed(official).aggregate(first=Min("start_date"))["first"]
    for queryset in queries.values():
        list(queryset)  # each is valid SQL for the selectors as they stand
    assert all(p.status == ProjectStatus.ACTIVE for p in queries["list, filtered (active, last year)"])


def test_the_training_pages_and_queries_run(monkeypatch):
    from bench.management.commands.bench_pages import training_pages, training_queries
    from cooperation.training.models import TrainingSession

    _seed(monkeypatch, scale=0.002)
    official, coordinator = (User.objects.get(username=name) for name in (OFFICIAL, COORDINATOR))

    pages = training_pages()
    views = sorted(resolve(page.path.split("?")[0]).view_name for page in pages)
    assert views == ["training:list", "training:list", "training:session"]
    session = TrainingSession.objects.get(pk=resolve(pages[-1].path).kwargs["pk"])
    assert not session.course.internal and f"({session.enrolments.count()} enrolments)" in pages[-1].name
    queries = training_queries(official, coordinator)
    for queryset in queries.values():
        list(queryset)  # each is valid SQL for the selectors as they stand
    assert list(queries["upcoming, first page"]) and list(queries["past, first page"])
    assert all(s.course.organising_party.code == "CAS" for s in queries["past, filtered (CAS, last year)"])
