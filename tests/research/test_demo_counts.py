"""What the research demo seeding says it made, on an empty database (tests/research/test_demo.py reads the
demo seeded once for its module, tests/demo.py)."""

from cooperation.research import demo
from cooperation.research.demo import seed_research


def test_returns_how_many_projects_it_made(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert seed_research(personas=personas) == len(demo.TITLES)
    assert seed_research(personas=personas) == 0
