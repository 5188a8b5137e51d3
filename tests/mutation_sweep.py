"""Try many mutants in one pytest session: `-p tests.mutation_sweep`, what `make mutation` runs (MUTATION.md).

mutmut forks a fresh test session per mutant (~19 s each on the shared cores: eleven hours for the scope).
Its trampoline reads MUTANT_UNDER_TEST at every call, so one session can run each selected test once
unmutated (recording, in mutmut's "stats" mode, which mutated functions it reaches, and its time), then, the
quickest tests first, each test again under each listed mutant of those functions not yet killed.
`python -m tests.mutation_run` (`make mutation`) starts it from mutants/ and writes the verdicts into mutmut's
meta files; by hand:

    cd mutants && SWEEP_MUTANTS=names.txt SWEEP_OUT=results.json MUTATION_TEST_DB=sweep.sqlite3 \\
        ../.venv/bin/python -m pytest -p tests.mutation --reuse-db -p no:randomly -p tests.mutation_sweep tests/...

SWEEP_MUTANTS: a file of mutmut names, one a line. SWEEP_OUT: JSON {name: "killed" | "timeout" | "survived"},
kept and added to between sessions (a name absent was reached by none of the tests run). SWEEP_REACH (optional):
JSON of which functions each test reached unmutated, read to leave out the tests known to reach none of the
listed mutants' functions (a test whose file changed since is run again) and written back at the end.
A kill here is a kill under mutmut too, the tests being among those it runs; a survivor may still be killed
by a selected test the sweep did not run for it.
"""

import hashlib
import json
import os
import signal
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest
from _pytest.runner import runtestprotocol

NAMES = [line.strip() for line in Path(os.environ.get("SWEEP_MUTANTS", os.devnull)).read_text().splitlines() if line]
OUT = Path(os.environ.get("SWEEP_OUT", "sweep.json"))
REACH = Path(os.environ["SWEEP_REACH"]) if os.environ.get("SWEEP_REACH") else None
# A mutant may turn a loop endless: its run is stopped after this many seconds more than the unmutated run
# took, ten times over (wall time: the cores are shared), and counted a timeout, as mutmut counts one (caught).
TIMEOUT_SECONDS, TIMEOUT_FACTOR = 30, 10
# Progress on stderr every so many tests, for whoever watches the log of an hour-long run.
PROGRESS_EVERY = 25

results: dict[str, str] = json.loads(OUT.read_text()) if OUT.exists() else {}
# The listed mutants by the function they mutate, as the trampoline names it when reached.
mutants_of: dict[str, list[str]] = defaultdict(list)
for _name in NAMES:
    mutants_of[_name.partition("__mutmut_")[0]].append(_name)
items_run: list = []
reach: dict[str, list[str]] = {}
durations: dict[str, float] = {}
file_hashes: dict[str, str] = {}
failing_unmutated: list[str] = []


class SweepTimeout(BaseException):
    """Raised into a mutant's run by the alarm; a BaseException, so that no `except Exception` swallows it."""


def _file_hash(path: str) -> str:
    if path not in file_hashes:
        file_hashes[path] = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    return file_hashes[path]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    if REACH is not None and REACH.exists():
        known = json.loads(REACH.read_text())
        # A test known (its file unchanged) to reach none of the listed functions would only run unmutated.
        skipped = [
            item
            for item in items
            if item.nodeid in known["reach"]
            and known["files"].get(item.location[0]) == _file_hash(item.location[0])
            and not mutants_of.keys() & set(known["reach"][item.nodeid])
        ]
        if skipped:
            config.hook.pytest_deselected(items=skipped)
            dropped = {id(item) for item in skipped}
            items[:] = [item for item in items if id(item) not in dropped]
        reach.update(known["reach"])
        file_hashes.update({path: sha for path, sha in known["files"].items() if path not in file_hashes})
    items_run[:] = items


def _alarm(signum, frame):
    raise SweepTimeout


def _run_under(item, nextitem, name: str, seconds: float) -> str:
    os.environ["MUTANT_UNDER_TEST"] = name
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        reports = runtestprotocol(item, nextitem=nextitem, log=False)
    except SweepTimeout:
        return "timeout"
    except Exception:
        return "killed"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if any(report.failed for report in reports):
        # The alarm caught by pytest's own call wrapper shows in the report, not as an exception.
        timed_out = any(report.longrepr and "SweepTimeout" in str(report.longrepr) for report in reports)
        return "timeout" if timed_out else "killed"
    return "survived"


def _progress(phase: str, done: int, total: int) -> None:
    verdicts, now = list(results.values()), time.strftime("%H:%M:%S", time.gmtime())
    print(
        f"\n[sweep {now}] {phase} {done}/{total} tests; {len(verdicts)} of {len(NAMES)} mutants reached:"
        f" {verdicts.count('killed')} killed, {verdicts.count('timeout')} timeout,"
        f" {verdicts.count('survived')} survived",
        file=sys.stderr,
        flush=True,
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    """The first pass: each test once unmutated, reported as usual, recording what it reaches and its time."""
    from mutmut.state import state

    item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    state()._stats.clear()
    os.environ["MUTANT_UNDER_TEST"] = "stats"
    started = time.monotonic()
    # The last test keeps the session's fixtures (its database) for the second pass: torn down to its parent only.
    reports = runtestprotocol(item, nextitem=nextitem or item.parent, log=False)
    durations[item.nodeid] = time.monotonic() - started
    os.environ["MUTANT_UNDER_TEST"] = ""
    reach[item.nodeid] = sorted(state()._stats)
    _file_hash(item.location[0])
    for report in reports:
        item.ihook.pytest_runtest_logreport(report=report)
    item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    if any(report.failed for report in reports):
        failing_unmutated.append(item.nodeid)  # failing unmutated, it says nothing of the mutants
    done = items_run.index(item) + 1
    if done % (4 * PROGRESS_EVERY) == 0 or nextitem is None:
        _progress("unmutated", done, len(items_run))
    return True


@pytest.hookimpl(wrapper=True)
def pytest_runtestloop(session):
    """The second pass, after the first: each test under every mutant of what it reached, not killed yet."""
    result = yield
    if session.config.option.collectonly:
        return result
    failing = set(failing_unmutated)
    # The quickest tests first: mostly the rules' own tests, which kill most mutants before the slow page tests
    # would run under them (a mutant is tried under a test only while no earlier test has killed it).
    order = sorted((item for item in items_run if item.nodeid not in failing), key=lambda item: durations[item.nodeid])
    for done, item in enumerate(order, start=1):
        pending = [
            name
            for function in sorted(set(reach[item.nodeid]) & mutants_of.keys())
            for name in mutants_of[function]
            if results.get(name) not in ("killed", "timeout")
        ]
        if pending:
            # Down to what this test shares with the previous one; each run then tears down to its parent only
            # (its function's fixtures, the database's transaction with them), keeping the module's and session's.
            session._setupstate.teardown_exact(item)
            seconds = TIMEOUT_SECONDS + TIMEOUT_FACTOR * durations[item.nodeid]
            for name in pending:
                results[name] = _run_under(item, item.parent, name, seconds)
            # Written as it goes: an interrupted run keeps what it found (`python -m tests.mutation_run --record`).
            OUT.write_text(json.dumps(results, indent=0, sort_keys=True))
        if done % PROGRESS_EVERY == 0 or done == len(order):
            _progress("mutated", done, len(order))
    os.environ["MUTANT_UNDER_TEST"] = ""
    return result


def pytest_sessionfinish(session, exitstatus):
    OUT.write_text(json.dumps(results, indent=0, sort_keys=True))
    if REACH is not None:
        REACH.write_text(json.dumps({"files": file_hashes, "reach": reach}, indent=0, sort_keys=True))
    if failing_unmutated:
        print("\n[sweep] failing unmutated, no mutant tried under:", *failing_unmutated, sep="\n  ", file=sys.stderr)
