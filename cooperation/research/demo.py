"""Demo research projects for `make run`."""


def seed_research(*, personas: dict) -> int:
    return 0
