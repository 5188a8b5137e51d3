"""What the projects' demo seeding says it made, on an empty database (tests/projects/test_demo.py reads the
demo seeded once for its module, tests/demo.py)."""

from cooperation.projects import demo
from tests.demo import NOW


def test_the_seed_says_how_many_rows_it_made(db, personas, time_machine):
    time_machine.move_to(NOW, tick=False)
    made = demo.seed_projects(personas=personas)
    # 2 projects, 3 indicators, 3 values, 2 calls, 3 criteria, 4 applications, 3 reviews, 4 scores,
    # 2 participants, 3 contributions.
    assert made == 29
    assert demo.seed_projects(personas=personas) == 0
