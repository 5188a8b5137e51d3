"""Try many mutants in one pytest session: `-p tests.mutation_sweep` (see MUTATION.md, "Sweeps").

mutmut forks a fresh test session per mutant; on two shared cores a session costs seconds before its first
test. Its trampoline reads MUTANT_UNDER_TEST at every call, so one session can run each selected test once
unmutated (recording, in mutmut's "stats" mode, which mutated functions it reaches) and then once under each
listed mutant of those functions not yet killed. Run from mutants/ (after `make mutation` has made it):

    cd mutants && SWEEP_MUTANTS=names.txt SWEEP_OUT=results.json MUTATION_TEST_DB=sweep.sqlite3 \\
        ../.venv/bin/python -m pytest -p tests.mutation --reuse-db -p no:randomly -p tests.mutation_sweep tests/...

SWEEP_MUTANTS: a file of mutmut names, one a line; SWEEP_OUT: JSON {name: "killed" | "survived"}, kept and
added to between sessions (a name absent was reached by none of the tests run). A kill here is a kill under
mutmut too, the tests being among those it runs; a survivor may still be killed by a test not selected.
"""

import json
import os
from pathlib import Path

import pytest
from _pytest.runner import runtestprotocol

NAMES = [line.strip() for line in Path(os.environ.get("SWEEP_MUTANTS", os.devnull)).read_text().splitlines() if line]
OUT = Path(os.environ.get("SWEEP_OUT", "sweep.json"))
results: dict[str, str] = json.loads(OUT.read_text()) if OUT.exists() else {}
items_run: list = []


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    items_run[:] = items


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    from mutmut.state import state

    # Tear down only what the next test does not share (never the session's database).
    other = nextitem or next((i for i in items_run if i is not item), None)
    item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    state()._stats.clear()
    os.environ["MUTANT_UNDER_TEST"] = "stats"
    reports = runtestprotocol(item, nextitem=other, log=False)
    reached = set(state()._stats)
    for report in reports:
        item.ihook.pytest_runtest_logreport(report=report)
    item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    if any(report.failed for report in reports):
        return True  # failing unmutated, it says nothing of the mutants
    for name in NAMES:
        if results.get(name) == "killed" or name.partition("__mutmut_")[0] not in reached:
            continue
        os.environ["MUTANT_UNDER_TEST"] = name
        try:
            failed = any(report.failed for report in runtestprotocol(item, nextitem=other, log=False))
        except Exception:
            failed = True
        results[name] = "killed" if failed else "survived"
        OUT.write_text(json.dumps(results, indent=0, sort_keys=True))
    os.environ["MUTANT_UNDER_TEST"] = ""
    return True
